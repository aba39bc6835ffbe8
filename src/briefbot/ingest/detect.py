"""Which of the four briefing formats a text is, judged from its content.

Rules, in order (the first that fits wins; only the start of the text is
looked at, so detection is cheap on large files):

1. ``markdown`` — the text opens with a ``---`` front-matter fence (even an
   unclosed one, so the Markdown parser can report it as malformed).
2. ``html`` — it opens with ``<!doctype html``, ``<html`` or an XML
   declaration, has an ``<html``/``<head``/``<body`` tag near the start, or
   is dense with common HTML tags. A ``.txt`` holding a web page is HTML.
3. ``transcript`` — a participants header (``PARTICIPANTS:``,
   ``SPEAKERS:``, ``PANELISTS:``, ``MODERATOR:`` ...) followed by at least
   two turn labels (``HOLLIS:``, ``DR. KANG:``, ``Dana Whitfield:``, ``Q:``),
   or, without a header, many ALL-CAPS turn labels by several people.
4. ``summary`` — a ``Related Categories:`` line near the top, or a title
   line followed closely by a date line.
5. ``markdown`` — ``## headings`` with ``Speaker:`` lines, or a ``.md`` /
   ``.markdown`` file that fits nothing else: a Markdown briefing without
   front matter is still handed to the Markdown parser, which reports what
   is missing rather than having the file silently ignored.
6. Otherwise the extension breaks the tie: ``.html``/``.htm`` -> html; the
   text of a PDF or Word file (``.pdf``, ``.docx``) -> transcript, whose
   parser reads labelled turns wherever they are and reports what is missing
   (a court filing quoting testimony has no participants header). A ``.txt``
   that fits nothing is read as a transcript too: its parser serves the text
   as the document's own words and warns. Extension-less text that fits
   nothing (a LICENSE) raises ``FormatError`` naming the accepted formats.
"""

from __future__ import annotations

import re

from ..errors import FormatError
from ..models import BriefingFormat

__all__ = ["detect_format", "ACCEPTED_FORMATS"]

ACCEPTED_FORMATS = (
    "accepted formats: an event summary (title line, date line, 'Related Categories:', "
    "speaker sections), a transcript (a PARTICIPANTS:/SPEAKERS:/MODERATOR: list, then "
    "'NAME: words' turns), Markdown opening with '---' YAML front matter, or an HTML "
    "event page"
)

_HEAD_CHARS = 20_000
_HEAD_LINES = 400

_FRONT_MATTER = re.compile(r"\A(?:[ \t]*\n)*---[ \t]*\n")
_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_HTML_SKELETON = re.compile(r"<(?:html|head|body)\b[^>]*>", re.I)
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|a|h[1-6]|ul|ol|li|table|tr|td|br|section|article|header|footer|nav|"
    r"main|time|strong|em|b|i|meta|script|style|link|title|img)\b[^>]*>",
    re.I,
)
_PARTICIPANTS_HEADER = re.compile(
    r"^[ \t]*(?:PARTICIPANTS|SPEAKERS|PANELISTS|PANEL|PANELLISTS|FEATURED SPEAKERS|"
    r"MODERATORS?|KEYNOTE SPEAKERS?|PRESENTERS?)\s*:",
    re.I | re.M,
)
_TIMESTAMP = r"(?:\[?\(?\d{1,2}:\d{2}(?::\d{2})?\]?\)?[ \t]*)?"
# A turn label: a short ALL-CAPS label, or a capitalised name of 2-4 words,
# then a colon and words. Header words are excluded when counting.
_CAPS_TURN = re.compile(
    rf"^[ \t]*{_TIMESTAMP}([A-Z][A-Z.'’\-]*(?:[ \t]+[A-Z(][A-Z.'’\-()]*){{0,5}})[ \t]*:[ \t]+\S",
    re.M,
)
_NAME_TURN = re.compile(
    rf"^[ \t]*{_TIMESTAMP}((?:[A-Z][\w.'’\-]*[ \t]+){{1,3}}[A-Z][\w'’\-]+)[ \t]*:[ \t]+\S",
    re.M,
)
_HEADER_WORDS = {
    "PARTICIPANTS",
    "SPEAKERS",
    "PANELISTS",
    "PANELLISTS",
    "PANEL",
    "MODERATOR",
    "MODERATORS",
    "KEYNOTE",
    "KEYNOTE SPEAKER",
    "KEYNOTE SPEAKERS",
    "FEATURED SPEAKERS",
    "PRESENTER",
    "PRESENTERS",
    "DATE",
    "TIME",
    "LOCATION",
    "PLACE",
    "VENUE",
    "TITLE",
    "SUBJECT",
    "EVENT",
    "RELATED CATEGORIES",
    "RELATED EXPERT",
    "SPEAKER",
    "NOTE",
    "SOURCE",
    "URL",
    "HOST",
    "HOSTS",
}
_CATEGORIES = re.compile(r"^[ \t]*Related Categories\s*:", re.I | re.M)
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE_LINE = re.compile(
    rf"^[ \t]*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?[ \t]+)?"
    rf"(?:{_MONTHS}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?[ \t]+{_MONTHS},?[ \t]+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})\b",
    re.I,
)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.M)
_MD_SPEAKER = re.compile(r"^[ \t]*\**Speakers?\**[ \t]*:", re.I | re.M)

_MARKDOWN_SUFFIXES = {".md", ".markdown"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_DOCUMENT_SUFFIXES = {".pdf", ".docx"}


def detect_format(text: str, suffix: str = "") -> BriefingFormat:
    """The briefing format of ``text`` (decoded, ``\\n`` line breaks).

    ``suffix`` is the file's extension (``".txt"``), used only to break ties.
    Raises ``FormatError`` saying which formats are accepted.
    """
    suffix = suffix.lower()
    head = _head(text)
    if _FRONT_MATTER.match(head):
        return "markdown"
    if _is_html(head):
        return "html"
    if _is_transcript(head):
        return "transcript"
    if _is_summary(head):
        return "summary"
    if suffix in _MARKDOWN_SUFFIXES or (_MD_HEADING.search(head) and _MD_SPEAKER.search(head)):
        return "markdown"
    if suffix in _HTML_SUFFIXES:
        return "html"
    if not suffix:
        # An extension-less file (LICENSE, a script) is read only when it looks like one.
        raise FormatError(f"not a recognised briefing; {ACCEPTED_FORMATS}")
    # A PDF or Word file's text, or a .txt of no known layout: the transcript parser reads
    # turns wherever their labels are and otherwise serves the text as the document's own
    # words, with a warning (no file with usable text is dropped).
    return "transcript"


def _head(text: str) -> str:
    head = text[:_HEAD_CHARS]
    cut = -1
    for _ in range(_HEAD_LINES):
        cut = head.find("\n", cut + 1)
        if cut < 0:
            return head
    return head[:cut]


def _is_html(head: str) -> bool:
    if _HTML_START.match(head) or _HTML_SKELETON.search(head):
        return True
    tags = _HTML_TAG.findall(head)
    # Markdown may carry a stray <br> or <em>; a page is made of tags.
    return len(tags) >= 8 and sum(map(len, tags)) * 20 >= len(head.strip())


def _is_transcript(head: str) -> bool:
    caps = [label for label in _CAPS_TURN.findall(head) if _clean(label) not in _HEADER_WORDS]
    header = _PARTICIPANTS_HEADER.search(head)
    if header:
        after = head[header.end() :]
        turns = [label for label in _CAPS_TURN.findall(after) if _clean(label) not in _HEADER_WORDS]
        names = [
            label
            for label in _NAME_TURN.findall(after)
            if _clean(label) not in _HEADER_WORDS and not label.lower().startswith("related")
        ]
        if len(turns) + len(names) >= 2:
            return True
    # No header: a run of ALL-CAPS turns by at least two people.
    return len(caps) >= 4 and len({_clean(label) for label in caps}) >= 2


def _is_summary(head: str) -> bool:
    if _CATEGORIES.search(head):
        return True
    lines = [line for line in head.split("\n") if line.strip()][:4]
    return len(lines) >= 2 and any(_DATE_LINE.match(line) for line in lines[1:])


def _clean(label: str) -> str:
    return " ".join(label.replace(".", " ").upper().split())
