"""Verbatim transcripts (plain text): a header, participant lists, then labelled turns.

Layout (see FORMATS.md §2)::

    <Organization>                       first line ("EVENT TRANSCRIPT" lines skipped)
    <Title>
    <date>  [location]                   any common date style; location on the
    [location]                           same line or the next
    PARTICIPANTS: / SPEAKERS: / PANELISTS: / MODERATOR: / KEYNOTE:
      <Full Name>, <Role>, <Organization>      or "Name — Role, Org", "Name (Moderator)"
    <LABEL>: <words of the turn>         "MR. HOLLIS:", "DR. KANG:", "ØSTERGAARD:",
    <continuation paragraphs>            "NAVID SARRAFZADEH:", "Q:", "QUESTION:"
    Keynote: <Name> / Remarks by <Name>  a monologue by that person follows

Each turn label is resolved against the participant list with
``names.match_label``. An ambiguous label ("KANG" with two Kangs) or a label
naming nobody on the list becomes a Problem and an unattributed passage — a
turn is never handed to a guessed panelist. Audience turns are role AUDIENCE
with the name the asker gives, if any. Page furniture, vendor lines,
timestamps and stage directions never reach passage text; a paragraph broken
by a page footer is joined back together.
"""

from __future__ import annotations

import re

from ..errors import FormatError
from ..models import Role
from ..names import Ambiguous, looks_like_person, parse_person, split_name_and_role
from ..text import fold
from .budget import check_budget
from .dates import find_date, first_dateline, is_dateline
from .draft import Draft
from .filing import has_caption
from .passages import (
    Block,
    SourceText,
    add_paragraph,
    clean_line_ranges,
    is_boilerplate_line,
    is_repeated,
    repeated_lines,
)
from .plain import parse_plain
from .roster import Entry, Roster
from .speaking import (
    LIST_HEADING,
    ROLE_WORDS,
    TURN_PATTERN,
    ambiguous_reason,
    classify_generic,
    questioner_from_text,
    start_turn,
    turn_label,
)
from .turns import first_turn, read_turns, scan_labels

__all__ = [
    "parse_transcript",
    "questioner_from_text",
    "turn_label",
    "start_turn",
    "classify_generic",
    "TURN_PATTERN",
]

# A header (organization, title, date, place) is a few lines; text before a later first
# turn is the document's own (a filing's caption and narrative), read as plain text.
_MAX_HEADER_LINES = 15
_MAX_DATE_LINE = 200
_MONOLOGUE = re.compile(
    r"^\s*(?P<prefix>keynote(?:\s+(?:address|remarks|speech))?|(?:opening\s+|closing\s+|"
    r"welcome\s+|introductory\s+)?remarks|presentation|address)\s*(?:by|from|of)?\s*[:\-–—]?\s+"
    r"(?P<name>.+?)\s*$",
    re.IGNORECASE,
)
_TRANSCRIPT_LABEL = re.compile(
    r"^\s*(?:event\s+|edited\s+|rush\s+|uncorrected\s+|verbatim\s+|full\s+|official\s+)?"
    r"transcript(?:\s+of\s+proceedings)?\s*$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^\s*[*#=_~\-–—•·.\s]{3,}$")
_DAYNAME = re.compile(r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*", re.IGNORECASE)
_TIME = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)(?:\s*[-–—]\s*\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)?"
    r"(?:\s*[A-Z]{2,4}\b)?",
    re.IGNORECASE,
)
_ORG_WORDS = re.compile(
    r"\b(?:council|institute|center|centre|foundation|forum|society|association|"
    r"university|school|college|program|programme|endowment|trust|academy|commission|"
    r"committee|office|department|ministry|bureau|group|initiative|project)\b",
    re.IGNORECASE,
)
_SMALL_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "in",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
    "de",
    "la",
    "du",
    "van",
    "von",
}


def parse_transcript(text: str, path: str) -> Draft:
    """Read a verbatim transcript into a ``Draft`` (see the module docstring)."""
    source = SourceText(text)
    lines = source.lines()
    draft = Draft(path=path, fmt="transcript")
    if not any(line.strip() for _, _, line in lines):
        raise FormatError("empty file: no text to parse", file=path, line=1)
    repeated = repeated_lines((line for _, _, line in lines), exclude=TURN_PATTERN)

    def furniture(line: str) -> bool:
        stripped = line.strip()
        return is_boilerplate_line(stripped) or is_repeated(stripped, repeated)

    # 1. Find where the lists start and where the turns start.
    list_start = None
    date_index = None
    for idx, (_no, _s, line) in enumerate(lines):
        if not line.strip() or furniture(line):
            continue
        if _is_list_heading(line):
            list_start = idx
            break
        # The event's date stands in the opening lines; past them a date is what someone said.
        if date_index is None and idx < _MAX_DATE_LINE and len(line.strip()) < 120 and find_date(line):
            date_index = idx
        if date_index is not None and turn_label(line) is not None and idx > date_index:
            break
    body_start = _find_body_start(lines, list_start, date_index, furniture)
    header_end = list_start if list_start is not None else body_start
    if list_start is None:
        # No participant list (real transcripts, filings, text of unknown layout): turns are
        # read from the shape of their labels and resolved from the document's own words.
        labels = scan_labels(lines)
        first = first_turn(labels)
        draft.warn("no participant list: speakers read from the turn labels and the text", 1)
        if (first is not None and first <= _MAX_HEADER_LINES and not has_caption(lines)
                and first_dateline(lines[:first]) is not None):
            # A title block over a dateline, then the turns. Without one ('COUNT ONE', then
            # narrative), the opening lines are no header: plain reading keeps them as text.
            _parse_header(lines[:first], draft, text, furniture, datelines_only=True)
            read_turns(draft, text, lines, start=first, labels=labels, title=draft.title or "")
        else:
            parse_plain(draft, text, labels=labels)
        return draft

    # 2. Header: organization, title, date, location.
    _parse_header(lines[:header_end], draft, text, furniture)

    # 3. Participant lists.
    roster = draft.roster
    if list_start is not None:
        _parse_lists(lines[list_start:body_start], roster)
        # With the names known, a mixed-case first turn ("Roe: ...") is recognised too.
        earlier = _find_body_start(lines, list_start, date_index, furniture, roster)
        if earlier < body_start:
            body_start = earlier
            draft.roster = roster = Roster()
            _parse_lists(lines[list_start:body_start], roster)
    labels = []
    for idx in range(body_start, len(lines)):
        check_budget()
        if (label := turn_label(lines[idx][2], roster)) is not None:
            labels.append((idx, label))
    if not labels:
        raise FormatError(
            "no speaker turns found: expected lines such as 'MR. SMITH: ...'",
            file=path,
            line=lines[min(body_start, len(lines) - 1)][0],
        )
    if len(roster) == 0:
        draft.warn("no participant list: participants taken from full-name turn labels", 1)
        for idx, label in labels:
            full_name = len(parse_person(label).full.split()) >= 2
            if classify_generic(label) is None and full_name and not ROLE_WORDS.search(label):
                roster.add(label, line=lines[idx][0])

    # 4. Turns.
    block = Block(role=Role.ORGANIZATION)
    draft.blocks.append(block)
    paragraph: list[tuple[int, int]] = []

    def flush() -> None:
        if paragraph:
            add_paragraph(block, text, list(paragraph))
            paragraph.clear()

    section: str | None = None
    for idx in range(body_start, len(lines)):
        check_budget()
        no, start, line = lines[idx]
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if furniture(line):
            continue  # page furniture does not end a paragraph: the text may run on
        if not clean_line_ranges(line):
            flush()
            continue  # a stage direction or timestamp on its own line
        label = turn_label(line, roster)
        if label is not None:
            flush()
            block = start_turn(label, line, no, draft, section)
            draft.blocks.append(block)
            m = TURN_PATTERN.match(line)
            rest_start = m.start("rest") if m and m.group("rest") else None
            if rest_start is not None:
                paragraph.append((start + rest_start, start + len(line)))
                if block.role == Role.AUDIENCE and block.speaker_label is None:
                    block.speaker_label = questioner_from_text(m.group("rest"))
            continue
        mono = _MONOLOGUE.match(stripped)
        if mono and looks_like_person(split_name_and_role(mono.group("name"))[0]):
            flush()
            name, affiliation = split_name_and_role(mono.group("name"))
            role = Role.KEYNOTE if "keynote" in mono.group("prefix").lower() else None
            found = roster.find(name)
            if isinstance(found, Ambiguous):
                draft.warn(ambiguous_reason(stripped, no, found), no)
                block = Block(role=Role.AUDIENCE, speaker_label=name, section=section)
            else:
                entry = (
                    found
                    if isinstance(found, Entry)
                    else roster.add(name, affiliation=affiliation, role=role, line=no)
                )
                if entry is None:
                    block = Block(role=Role.ORGANIZATION, section=section)
                else:
                    if role is not None and entry.role == Role.PANELIST:
                        entry.role = role
                    block = Block(role=entry.role, section=section)
                    draft.attributions.append((block, entry))
            draft.blocks.append(block)
            continue
        if _is_section_heading(stripped, lines, idx):
            flush()
            section = stripped if not stripped.isupper() else _smart_title(stripped)
            block = Block(role=Role.ORGANIZATION, section=section)
            draft.blocks.append(block)
            continue
        paragraph.append((start, start + len(line)))
    flush()
    return draft


def _find_body_start(lines, list_start, date_index, furniture, roster=None) -> int:
    """Index of the first turn line after the header and lists."""
    begin = list_start if list_start is not None else (date_index or 0)
    in_list = list_start is not None
    for idx in range(begin, len(lines)):
        check_budget()
        line = lines[idx][2]
        if not line.strip() or furniture(line):
            continue
        if in_list and _is_list_heading(line):
            continue
        label = turn_label(line, roster)
        if label is None:
            continue
        if in_list and not _looks_like_turn_after_list(lines, idx):
            continue
        return idx
    return len(lines)


def _is_list_heading(line: str) -> bool:
    """'MODERATOR:' or 'MODERATOR: Jane Roe, Director' — but not 'MODERATOR: Welcome, all.'"""
    m = LIST_HEADING.match(line)
    if not m:
        return False
    rest = m.group("rest").strip()
    if not rest:
        return True
    name = split_name_and_role(_ROLE_MARK.sub("", rest))[0]
    return looks_like_person(name) or looks_like_person(name + ".")


def _looks_like_turn_after_list(lines, idx: int) -> bool:
    """Inside the lists region, an indented label line right under an entry is an entry."""
    line = lines[idx][2]
    return not line[:1].isspace() or idx == 0 or not lines[idx - 1][2].strip()


def _is_section_heading(stripped: str, lines, idx: int) -> bool:
    """A short ALL-CAPS line standing alone between blank lines ("QUESTIONS AND ANSWERS")."""
    if not stripped.isupper() or len(stripped.split()) > 8 or stripped.endswith((".", ",")):
        return False
    before = lines[idx - 1][2].strip() if idx > 0 else ""
    after = lines[idx + 1][2].strip() if idx + 1 < len(lines) else ""
    return not before and not after


def _parse_header(header_lines, draft: Draft, text: str, furniture, *,
                  datelines_only: bool = False) -> None:
    rows = [
        (no, line.strip())
        for no, _, line in header_lines
        if line.strip()
        and not furniture(line)
        and not _TRANSCRIPT_LABEL.match(line)
        and not _SEPARATOR.match(line)
    ]
    date_pos = None
    for k, (no, line) in enumerate(rows):
        found = find_date(line)
        if found and len(line) < 120 and (not datelines_only
                                          or is_dateline(line, found[1], found[2])):
            draft.date, draft.date_line = found[0], no
            date_pos = k
            leftover = line[: found[1]] + " " + line[found[2] :]
            leftover = _TIME.sub(" ", _DAYNAME.sub("", leftover.strip()))
            leftover = re.sub(r"\s{2,}", "  ", leftover).strip(" |,·—–-")
            if re.search(r"[A-Za-z]{3}", leftover):
                draft.location = leftover.strip(" |,·—–-")
            break
    if date_pos == 0 and len(rows) > 1:
        # The date comes first ("March 5, 2024 / Org / Title"): the two lines after it
        # are the organization and the title, as they would be above a date.
        before, after = rows[1:3], rows[3:]
    else:
        before = rows[:date_pos] if date_pos is not None else rows[:2]
        after = rows[date_pos + 1 :] if date_pos is not None else rows[2:]
    if date_pos is None:
        draft.date_line = rows[0][0] if rows else 1
    names = [line for _, line in before]
    if len(names) >= 2:
        org, title_lines = names[0], names[1:]
        if not _ORG_WORDS.search(org) and _ORG_WORDS.search(names[-1]) and len(names) == 2:
            org, title_lines = names[-1], names[:-1]
        draft.organization = _recase(org, text)
        draft.title = " ".join(title_lines)
    elif names:
        draft.title = names[0]
    for _no, line in after:
        m = re.match(r"(?i)^(?:location|venue|place|where)\s*:\s*(.+)$", line)
        if m:
            draft.location = m.group(1).strip()
            break
        if draft.location is None and not _TIME.fullmatch(line) and not find_date(line):
            draft.location = line
            break


def _recase(name: str, text: str) -> str:
    """An ALL-CAPS organization line in the case the text itself uses elsewhere."""
    if not name.isupper():
        return name
    for m in re.finditer(re.escape(name), text, flags=re.IGNORECASE):
        found = m.group(0)
        if not found.isupper():
            return found
    return _smart_title(name)


def _smart_title(text: str) -> str:
    words = text.lower().split()
    return " ".join(
        w if (i and w in _SMALL_WORDS) else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


def _parse_lists(list_lines, roster) -> None:
    """Participant lists: one person a line, the heading giving the role."""
    role = Role.PANELIST
    for no, _start, line in list_lines:
        stripped = line.strip()
        if not stripped or _SEPARATOR.match(stripped):
            continue
        m = LIST_HEADING.match(stripped)
        if m:
            kind = m.group("kind").lower()
            heading_role = (
                Role.MODERATOR
                if kind.startswith("moderat")
                else Role.KEYNOTE
                if kind.startswith("keynote")
                else Role.PANELIST
            )
            rest = m.group("rest").strip()
            if rest:
                # "Moderator: Jane Roe, Director" inside a PARTICIPANTS list labels that
                # one entry; the lines after it still belong to the enclosing list.
                for entry_text in _entries_on_line(rest):
                    _add_entry(entry_text, heading_role, no, roster)
            else:
                role = heading_role
            continue
        if is_boilerplate_line(stripped) or turn_label(line) is not None:
            continue
        if not clean_line_ranges(stripped):
            continue
        _add_entry(stripped, role, no, roster)


def _entries_on_line(rest: str) -> list[str]:
    # "MODERATOR: Jane Roe, Director, X" is one entry; "; " separates several.
    return [part.strip() for part in rest.split(";") if part.strip()]


_ROLE_MARK = re.compile(
    r"\s*(?:\((?P<p>moderator|moderating|chair|keynote(?:\s+speaker)?)\)"
    r"|[,—–-]\s*(?P<q>moderator|keynote\s+speaker|keynote)\s*$)",
    re.IGNORECASE,
)


def _add_entry(text: str, role: Role, no: int, roster) -> Entry | None:
    text = re.sub(r"^[-*•–·]\s+", "", text.strip())
    m = _ROLE_MARK.search(text)
    if m:
        mark = (m.group("p") or m.group("q")).lower()
        role = Role.KEYNOTE if mark.startswith("keynote") else Role.MODERATOR
        text = (text[: m.start()] + text[m.end() :]).strip(" ,")
    name, affiliation = split_name_and_role(text)
    if not looks_like_person(name) and not looks_like_person(name + "."):
        return None
    if fold(name) in {"tba", "tbd"}:
        return None
    return roster.add(name, affiliation=affiliation, role=role, line=no, listed=True)
