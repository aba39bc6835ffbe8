"""Documents of no known layout: their own text, their turns where found, never dropped.

A hearing saved as ``<pre>`` text, an HTML fragment without ``<h1>`` or
schema.org data, a transcript with no participant list, a ``.txt`` that fits
no format: each is still served. The title comes from the page's ``<title>``,
a first heading or the file name; the date, organization and place from the
document's opening lines (a hearing's "met ... in room 2154, Rayburn House
Office Building"; "The joint hearings of the X will come to order"); turns from
``turns.read_turns``. Without turns the text is served as the document's own
words, with a warning saying so.

HTML is turned into text line for line (tags removed, entities decoded, line
breaks kept), and a ``<br>`` between words of one line of the file is a line
break too, as a browser shows it ("Yes, they were.<br/><br/> NIELDS. What
..." is two paragraphs, the second opening with its speaker's label); each
line of the rendering remembers the file's line it came from, so every passage
still cites the line of the saved file.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..models import Role
from .budget import check_budget
from .dates import first_dateline
from .filing import filing_facts
from .passages import Block, SourceText, add_paragraph, is_boilerplate_line
from .turns import first_turn, header_facts, publisher_of, read_turns, scan_labels

__all__ = ["RenderedHtml", "render_html_lines", "parse_plain"]

_DROP_BLOCKS = re.compile(r"<(script|style|head|noscript|template)\b.*?</\1\s*>", re.I | re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"<[^<>]*>", re.S)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)


def _blank_keeping_lines(m: re.Match[str]) -> str:
    return "\n" * m.group(0).count("\n")


# A line break: <br>, <br/>, <br clear="all">, and </br>, which HTML parsers read as <br>
# (WHATWG HTML, "parsing main inbody", an end tag whose tag name is "br").
_BREAK = re.compile(r"</?br\b[^<>]*>", re.I)
# Stands for a <br> until the lines are cut; a NUL in the file's text is replaced first, as
# an HTML parser replaces it (WHATWG HTML: U+0000 in text is a parse error, read as U+FFFD).
_BREAK_MARK = "\x00"
_BREAK_EDGE = _BREAK_MARK + " \t"


@dataclass(frozen=True)
class RenderedHtml:
    """An HTML file as text, and the file's line number of each line of that text."""

    text: str
    line_numbers: tuple[int, ...]


def render_html_lines(text: str) -> RenderedHtml:
    """HTML -> plain text line for line: tags dropped, entities decoded, and a ``<br>``
    between words of one line made a line break (each ``<br>`` one break, so
    ``<br/><br/>`` leaves a blank line, a paragraph's end). A ``<br>`` at a line's start or
    end adds nothing: the file's own line break stands for it, so a page written one
    paragraph a line renders as before."""
    out = text.replace(_BREAK_MARK, "\ufffd")
    out = _DROP_BLOCKS.sub(_blank_keeping_lines, out)
    out = _COMMENT.sub(_blank_keeping_lines, out)
    out = _BREAK.sub(lambda m: _BREAK_MARK + "\n" * m.group(0).count("\n"), out)
    out = _TAG.sub(lambda m: "\n" * m.group(0).count("\n"), out)
    lines: list[str] = []
    numbers: list[int] = []
    for number, line in enumerate(out.split("\n"), 1):
        for piece in _cut_at_breaks(line) if _BREAK_MARK in line else (line,):
            lines.append(html_lib.unescape(piece))
            numbers.append(number)
    return RenderedHtml(text="\n".join(lines), line_numbers=tuple(numbers))


def _cut_at_breaks(line: str) -> list[str]:
    """One line of the file, its tags gone, cut at the break marks between its words."""
    words_start = len(line) - len(line.lstrip(_BREAK_EDGE))
    words_end = len(line.rstrip(_BREAK_EDGE))
    if words_end <= words_start:
        return [line.replace(_BREAK_MARK, "")]
    pieces = line[words_start:words_end].split(_BREAK_MARK)
    pieces[0] = line[:words_start].replace(_BREAK_MARK, "") + pieces[0]
    pieces[-1] += line[words_end:].replace(_BREAK_MARK, "")
    return pieces


def page_title(text: str) -> str | None:
    """The text of an HTML ``<title>``, without a leading ' - ' or site suffix."""
    m = _TITLE.search(text[:20_000])
    if not m:
        return None
    title = " ".join(html_lib.unescape(_TAG.sub(" ", m.group(1))).split()).strip(" -|–—")
    return title or None


_ORG_FORMULAS = (
    re.compile(
        r"\b(?:the\s+)?(?:joint\s+)?(?:hearings?|meeting|session)s?\s+of\s+the\s+"
        r"(?P<org>[A-Z][^.]{5,300}?)\s+will\s+(?:now\s+)?come\s+to\s+order",
        re.I,
    ),
    re.compile(r"\bThe\s+(?P<org>(?:\w+\s+){0,3}(?:Sub)?[Cc]ommittee\b[^.]{0,150}?)\s+will\s+"
               r"(?:now\s+)?come\s+to\s+order"),
    re.compile(
        r"(?m)^\s*(?:the\s+)?(?P<org>(?:Sub)?[Cc]ommittee\s+on\s+[A-Z][\w ,'’]{3,120}?)\s*$"
    ),
    re.compile(r"Printed for the use of the (?P<org>(?:Sub)?[Cc]ommittee on [A-Z][\w ,'’]{3,120})"),
)
_CHAMBER = re.compile(r"(?m)^\s*(HOUSE OF REPRESENTATIVES|UNITED STATES SENATE|SENATE)\s*$")
_ROOM = re.compile(
    r"\b(?:in|at)\s+(?P<place>[Rr]oom\s+[\w-]+,\s+[A-Z][\w ]{3,60}?(?:Building|Hall|Center))"
)


def parse_plain(draft, text: str, *, title_hint: str | None = None, labels=None,
                line_numbers: tuple[int, ...] | None = None) -> None:
    """Fill ``draft`` from ``text`` of no known layout (see the module docstring);
    ``line_numbers``: the file's line of each line of ``text``, when it is a rendering."""
    source = SourceText(text, line_numbers)
    lines = source.lines()
    head = "\n".join(line for _, _, line in lines[:400])
    filing = filing_facts(lines)
    if filing is not None:
        # A court filing: caption title, signer's office, date signed; the dates of its
        # narrative are what happened, never the filing's own date.
        draft.title = draft.title or filing.title
        draft.organization = draft.organization or filing.organization
        if draft.date is None and filing.date is not None:
            draft.date, draft.date_line = filing.date, filing.date_line
    # A title made from the file name is no headline: who it names says nothing of who
    # the event's principals are ("...-poindexter-liman-..." names the counsel too).
    headline = draft.title or ""
    if not draft.title:
        draft.title = title_hint or _first_heading(lines) or _title_from_path(draft.path)
        headline = title_hint or _first_heading(lines) or ""
        if not headline:
            draft.warn("no title found in the document: the file name is used", 1)
    labels = scan_labels(lines) if labels is None else labels
    first = first_turn(labels)
    header = lines[: first if first is not None else 200]
    if draft.date is None and filing is None:
        # Only the opening lines date the event: a date inside a turn is what someone said.
        found = first_dateline(header[:200], max_chars=80)
        if found:
            draft.date, draft.date_line = found
    if not draft.organization:
        draft.organization = _organization(head, text[:30_000])
    if not draft.location:
        m = _ROOM.search(text[:30_000])
        if m:
            draft.location = " ".join(m.group("place").split())
    draft.organization = draft.organization or publisher_of(draft.source)
    if read_turns(draft, text, lines, labels=labels, title=headline):
        if not draft.location:
            facts = header_facts([line for _, _, line in lines[:8]])
            draft.location = facts.get("location")
        return
    draft.warn("no speaker turns found: the text is served as the document's own words", 1)
    block = Block(role=Role.ORGANIZATION)
    draft.blocks.append(block)
    paragraph: list[tuple[int, int]] = []
    for _no, start, line in lines:
        check_budget()
        if not line.strip():
            if paragraph:
                add_paragraph(block, text, paragraph)
                paragraph = []
            continue
        if is_boilerplate_line(line.strip()):
            continue
        paragraph.append((start, start + len(line)))
    if paragraph:
        add_paragraph(block, text, paragraph)


def _name_like(org: str) -> bool:
    """'Committee on Government Reform and Oversight', not the wrapped prose line
    'Committee on Intelligence to determine what role, if any'."""
    words = re.findall(r"[A-Za-z][\w'’]*", org)
    # Function words stay lower case in a name (English headline style); any other
    # lower-case word means a sentence ran on.
    small = {"of", "on", "and", "the", "for", "in", "to", "with", "a", "an", "at", "by", "from"}
    return all(w[:1].isupper() or w in small for w in words)


def _organization(head: str, text: str) -> str | None:
    for pattern in _ORG_FORMULAS:
        for m in pattern.finditer(text):
            org = " ".join(m.group("org").split()).strip(" ,")
            if _name_like(org):
                break
        else:
            continue
        chamber = _CHAMBER.search(head)
        if chamber and org.lower().startswith("committee"):
            house = "house" in chamber.group(1).lower()
            org = ("House " if house else "Senate ") + org
        return org
    return None


def _first_heading(lines) -> str | None:
    for _no, _s, line in lines[:40]:
        stripped = line.strip()
        m = re.match(r"^#{1,2}\s+(.{4,200})$", stripped)
        if m:
            return m.group(1).strip()
    return None


def _title_from_path(path: str) -> str:
    stem = PurePosixPath(path).stem
    return " ".join(re.split(r"[-_]+", stem)).strip() or stem
