"""PDF briefings -> the plain text a person reads on the pages, and which page is which.

The text then goes to the same format detection and parsers as any ``.txt``
briefing (one pipeline); this module only has to make the text clean.
It reads each character and its box with pypdfium2 (chosen for text quality
and speed, see ``bench/RESULTS.md``) and rebuilds the page as a reader sees it:

* **Reading order.** Characters are grouped into words and runs (pieces of a
  line separated by a wide gap), runs into lines top to bottom. A page set in
  two columns (a clear gutter with full-width text on both sides) is read
  column by column; a full-width line (a title) separates column bands.
* **Margin debris.** Short runs standing alone left or right of the page's
  text block (OCR specks such as "fo:", line numbers of court transcripts)
  are dropped.
* **Running headers and footers.** Lines at the top or bottom of a page that
  repeat across pages once digits are ignored ("Indictments and Pleas 385",
  "VerDate ...", a running title, a document code) and lines that are only a
  page number ("- 19 -", "Page 3 of 9", "iii") are removed.
* **Page labels.** Each page is labelled with the number printed on it: the
  number of its running head where there is one (the publication's page), else
  a page-number line, else its index in the PDF (1-based). Among several
  printed numbers, the one that counts up with the neighbouring pages wins.
* **Words.** Ligatures (ﬁ ﬂ ﬀ ﬃ ﬄ) are spelled out, spaced ligature breaks
  ("f loor", "signi ficant") re-joined, words hyphenated across lines re-joined
  ("re-" + "alleged" -> "realleged"; a hyphen the document uses elsewhere, as
  in "shoot-down", is kept).
* **Layout marks kept for the parsers.** A paragraph gap becomes a blank line;
  an indented line starts with four spaces; a wide gap inside a line (table
  cells, a two-column roster) is four spaces. A page whose lines are all
  indented (a filing quoting testimony for a whole page) is measured from its
  running head, where the document's other pages show the head starting at
  the text's margin — so the parsers see where the quotation ends.

Honest failures, each a ``FormatError`` naming the file: encrypted, corrupt or
truncated, no text layer at all ("no text layer, OCR needed"), or slower than
the per-file budget. A page without text among pages with text is a warning.
"""

from __future__ import annotations

import ctypes
import logging
import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import FormatError
from ..models import Problem, Severity
from .budget import check_budget, parse_budget
from .pages import DocumentText, PageMap

__all__ = ["pdf_text"]

log = logging.getLogger(__name__)

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_SOFT_HYPHEN = "\u00ad"
# PDFium reports a hyphen it judged to be end-of-line hyphenation as U+0002.
_PDFIUM_HYPHEN = 0x02
_SPACES = frozenset(" \t\r\n\u00a0\u2002\u2003\u2009\u200a\u202f\u3000")
# Page furniture: how much of the page's top and bottom is looked at, and how many lines.
_ZONE_SHARE = 0.2
_ZONE_LINES = 3
_PAGE_NUMBER = re.compile(
    r"^[\W_]{0,4}(?:page\s+)?(\d{1,4}|[ivxlc]{1,7})(?:\s+of\s+\d{1,4})?[\W_]{0,4}$", re.I
)
_NUMBER = re.compile(r"(?<![\w-])(\d{1,4})(?![\w-])")
_ROMAN = re.compile(r"^[ivxlc]{1,7}$")
_LETTERS = re.compile(r"[^\W\d_]{3,}")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_LIGATURE_ENDS = ("ffi", "ffl", "fi", "fl")
_LIGATURE_STARTS = ("ffi", "ffl", "ff", "fi", "fl")
# First halves that keep their hyphen at a line end ("self-" + "defense").
_COMPOUND_FIRST = frozenset({"self", "ex", "well", "so", "all", "half", "non"})
_LONE_LIGATURE = frozenset({"f", "ff", "fi", "fl", "ffi", "ffl"})
_INDENT = "    "
# Between two runs of one line (table cells, a roster's two columns): a gap
# that still reads as one, as in a plain-text layout.
_COLUMN_GAP = "    "


@dataclass
class _Run:
    """Words of one line piece: text and box (PDF points, y grows upwards)."""

    words: list[str]
    x0: float
    x1: float
    bottom: float
    top: float

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 1.0)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    bottom: float
    top: float
    gap_before: bool = False  # a paragraph gap above it
    indent: bool = False


@dataclass
class _Page:
    index: int
    height: float
    lines: list[_Line] = field(default_factory=list)
    label: str = ""
    columns: bool = False  # read as two columns


def pdf_text(data: bytes, *, name: str, seconds: float) -> DocumentText:
    """The text of a PDF's pages, its page map and the problems met (see the module docstring).

    Raises ``FormatError`` (file, reason) when no text can be had from the file.
    """
    with parse_budget(seconds, name):
        document = _open(data, name)
        try:
            pages, problems = _read_pages(document, name)
        finally:
            document.close()
        if not any(page.lines for page in pages):
            raise FormatError(
                f"no text layer, OCR needed: the {_plural(len(pages), 'page')} of this PDF "
                "are images only",
                file=name,
            )
        _drop_furniture(pages)
        return _assemble(pages, problems)


# --- opening -------------------------------------------------------------------


def _open(data: bytes, name: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            reason = "encrypted PDF: it needs a password to open; save an unprotected copy"
        elif code == pdfium_c.FPDF_ERR_SECURITY:
            reason = "PDF protected by an unsupported security handler; save an unprotected copy"
        else:
            reason = "corrupt or truncated PDF: it cannot be opened"
        raise FormatError(reason, file=name) from None


def _read_pages(document: pdfium.PdfDocument, name: str) -> tuple[list[_Page], list[Problem]]:
    pages: list[_Page] = []
    problems: list[Problem] = []
    empty: list[int] = []
    for index in range(len(document)):
        check_budget()
        try:
            page = document[index]
        except pdfium.PdfiumError:
            problems.append(_warning(name, f"page {index + 1} is damaged and could not be read"))
            continue
        try:
            runs = _runs(page)
            height = page.get_height()
        finally:
            page.close()
        lines, columns = _layout(runs, height)
        result = _Page(index=index, height=height, lines=lines, columns=columns)
        if not result.lines:
            empty.append(index + 1)
        pages.append(result)
    if empty and len(empty) < len(pages):
        shown = ", ".join(map(str, empty[:10])) + (" ..." if len(empty) > 10 else "")
        problems.append(
            _warning(name, f"no text layer on page(s) {shown} (scanned images?); OCR needed")
        )
    return pages, problems


# --- characters -> runs ----------------------------------------------------------


def _runs(page: pdfium.PdfPage) -> list[_Run]:
    """The page's text as runs: words on one baseline with no wide gap between them."""
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        count = pdfium_c.FPDFText_CountChars(handle)
        # Loose boxes span the font's ascent to descent: the same height for
        # "e", "d" and ".", so the characters of one line line up.
        box = pdfium_c.FS_RECTF()
        box_ref = ctypes.byref(box)
        get_unicode = pdfium_c.FPDFText_GetUnicode
        get_box = pdfium_c.FPDFText_GetLooseCharBox
        runs: list[_Run] = []
        run: _Run | None = None
        word: list[str] = []
        word_x1 = 0.0
        for i in range(count):
            code = get_unicode(handle, i)
            char = _SOFT_HYPHEN if code == _PDFIUM_HYPHEN else (chr(code) if code else "")
            if not char or char in _SPACES:
                if word and run is not None:
                    run.words.append("".join(word))
                    word = []
                if char in "\r\n" and run is not None:
                    runs.append(run)
                    run = None
                continue
            if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") or char in "\ufffe\uffff":
                continue
            char = _LIGATURES.get(char, char)
            get_box(handle, i, box_ref)
            x0, x1, y0, y1 = box.left, box.right, box.bottom, box.top
            if run is not None:
                size = run.height
                same_line = abs((y0 + y1) / 2 - run.middle) < 0.6 * size
                last_x1 = word_x1 if word else run.x1
                if not same_line or x0 < last_x1 - size or x0 - last_x1 > 1.2 * size:
                    if word:
                        run.words.append("".join(word))
                        word = []
                    runs.append(run)
                    run = None
            if run is None:
                run = _Run([], x0, x1, y0, y1)
            word.append(char)
            word_x1 = x1
            run.x1 = max(run.x1, x1)
            run.x0 = min(run.x0, x0)
            run.bottom = min(run.bottom, y0)
            run.top = max(run.top, y1)
        if run is not None:
            if word:
                run.words.append("".join(word))
            runs.append(run)
        return [r for r in runs if r.words]
    finally:
        textpage.close()


# --- runs -> lines in reading order ---------------------------------------------


def _layout(runs: list[_Run], height: float) -> tuple[list[_Line], bool]:
    """Lines of the page in reading order: margin debris dropped, columns one after another.

    The flag says whether the page was read as two columns.
    """
    if not runs:
        return [], False
    runs = _drop_margin_debris(runs, height)
    gutter = _gutter(runs)
    if gutter is None:
        return _lines(runs), False
    lines: list[_Line] = []
    band: list[_Run] = []
    for run in sorted(runs, key=lambda r: -r.top):
        if run.x0 < gutter < run.x1:  # full width: ends a band of columns
            lines.extend(_column_band(band, gutter))
            band = []
            lines.extend(_lines([run]))
        else:
            band.append(run)
    lines.extend(_column_band(band, gutter))
    return lines, True


def _column_band(runs: list[_Run], gutter: float) -> list[_Line]:
    left = [r for r in runs if r.x1 <= gutter]
    right = [r for r in runs if r.x0 >= gutter]
    return _lines(left) + _lines(right)


def _drop_margin_debris(runs: list[_Run], height: float) -> list[_Run]:
    """Short runs well outside the page's text block (OCR specks, line numbers).

    A number in the top or bottom margin is kept: it is the page number.
    """
    long_runs = [r for r in runs if len(r.text) >= 20]
    if len(long_runs) < 5:
        return runs
    starts = sorted(r.x0 for r in long_runs)
    ends = sorted(r.x1 for r in long_runs)
    body_left = starts[len(starts) // 5]
    body_right = ends[(4 * len(ends)) // 5]
    kept = []
    for run in runs:
        short = len(run.text.replace(" ", "")) <= 4
        outside = run.x1 < body_left - 0.5 * run.height or run.x0 > body_right + 0.5 * run.height
        page_number = run.text.isdigit() and (
            run.bottom > height * (1 - _ZONE_SHARE) or run.top < height * _ZONE_SHARE
        )
        if not (short and outside) or page_number:
            kept.append(run)
    return kept


def _gutter(runs: list[_Run]) -> float | None:
    """The x of the gap between two text columns, if the page has two."""
    if len(runs) < 12:
        return None
    left_edge = min(r.x0 for r in runs)
    right_edge = max(r.x1 for r in runs)
    width = right_edge - left_edge
    if width < 100:
        return None
    best: tuple[int, float] | None = None
    step = 2.0
    x = left_edge + 0.3 * width
    while x <= left_edge + 0.7 * width:
        crossing = sum(1 for r in runs if r.x0 < x < r.x1)
        if best is None or crossing < best[0]:
            best = (crossing, x)
        x += step
    if best is None or best[0] > max(2, len(runs) // 10):
        return None
    gutter = best[1]
    left = [r for r in runs if r.x1 <= gutter]
    right = [r for r in runs if r.x0 >= gutter]
    if len(left) < 5 or len(right) < 5:
        return None
    # Text columns are full of long lines; a table's cells are short.
    left_full = statistics.median(r.x1 - r.x0 for r in left) / max(gutter - left_edge, 1.0)
    right_full = statistics.median(r.x1 - r.x0 for r in right) / max(right_edge - gutter, 1.0)
    if left_full < 0.6 or right_full < 0.6:
        return None
    # Side by side, not one above the other.
    overlap = min(max(r.top for r in left), max(r.top for r in right)) - max(
        min(r.bottom for r in left), min(r.bottom for r in right)
    )
    return gutter if overlap > 0 else None


def _lines(runs: Sequence[_Run]) -> list[_Line]:
    """Runs grouped into lines (same middle height), top to bottom, runs left to right."""
    if not runs:
        return []
    ordered = sorted(runs, key=lambda r: -r.middle)
    groups: list[list[_Run]] = [[ordered[0]]]
    for run in ordered[1:]:
        last = groups[-1][-1]
        if abs(last.middle - run.middle) < 0.5 * min(last.height, run.height):
            groups[-1].append(run)
        else:
            groups.append([run])
    lines = []
    for group in groups:
        group.sort(key=lambda r: r.x0)
        lines.append(
            _Line(
                text=_COLUMN_GAP.join(r.text for r in group),
                x0=group[0].x0,
                x1=max(r.x1 for r in group),
                bottom=min(r.bottom for r in group),
                top=max(r.top for r in group),
            )
        )
    _mark_paragraphs(lines)
    return lines


def _mark_paragraphs(lines: list[_Line]) -> None:
    """Flag paragraph gaps and indented lines.

    A gap is a step down clearly taller than the line pitch around it, so a
    single-spaced quotation inside double-spaced text (a court filing quoting
    testimony) keeps its own paragraphs and ends with one.
    """
    steps = [a.bottom - b.bottom for a, b in zip(lines, lines[1:], strict=False)]
    normal = [
        step for step, a in zip(steps, lines, strict=False) if 0 < step < 3 * (a.top - a.bottom)
    ]
    usual = statistics.median(normal) if normal else 0.0
    margin = _margin(lines)
    for i, line in enumerate(lines):
        height = line.top - line.bottom
        line.indent = _indented(line, margin)
        if i == 0 or not usual:
            continue
        step = steps[i - 1]
        around = [s for s in (steps[i - 2] if i >= 2 else 0.0, steps[i] if i < len(steps) else 0.0)
                  if 0 < s < 3 * height]
        pitch = min([usual, *around])
        line.gap_before = step > 1.5 * pitch


def _margin(lines: Sequence[_Line]) -> float:
    """The left edge of the text: where most long lines start (a few indented ones aside)."""
    long_starts = sorted(line.x0 for line in lines if len(line.text) >= 20)
    return long_starts[len(long_starts) // 5] if long_starts else min(li.x0 for li in lines)


def _indented(line: _Line, margin: float) -> bool:
    return line.x0 - margin > _indent_step(line)


def _indent_step(line: _Line) -> float:
    """How far right of the margin a line must start to count as indented."""
    return max(0.8 * (line.top - line.bottom), 6.0)


# --- running headers, footers and page numbers -----------------------------------


def _zone(page: _Page) -> list[int]:
    """Indexes of the lines that may be page furniture: first and last few, near the edges."""
    n = len(page.lines)
    top_limit = page.height * (1 - _ZONE_SHARE)
    bottom_limit = page.height * _ZONE_SHARE
    found = []
    for i in range(min(_ZONE_LINES, n)):
        if page.lines[i].bottom >= top_limit:
            found.append(i)
    for i in range(max(0, n - _ZONE_LINES), n):
        if page.lines[i].top <= bottom_limit and i not in found:
            found.append(i)
    return found


def _furniture_key(text: str) -> str:
    """A line with its digits, punctuation and OCR crumbs (words under three letters) left out."""
    return " ".join(word.casefold() for word in _LETTERS.findall(text))


def _drop_furniture(pages: list[_Page]) -> None:
    """Remove running heads, footers and page-number lines; label every page."""
    zones = [_zone(page) for page in pages]
    keys = Counter(
        key
        for page, zone in zip(pages, zones, strict=True)
        for key in {_furniture_key(page.lines[i].text) for i in zone}
        if key
    )
    needed = 2 if len(pages) <= 10 else max(2, math.ceil(0.2 * len(pages)))
    running = {key for key, count in keys.items() if count >= needed}
    candidates: list[list[str]] = []
    heads: list[_Line | None] = []
    for page, zone in zip(pages, zones, strict=True):
        numbers: list[tuple[int, str]] = []  # (preference, label)
        drop = set()
        head: _Line | None = None
        for i in zone:
            text = page.lines[i].text.strip()
            top = page.lines[i].bottom >= page.height / 2
            key = _furniture_key(text)
            only_number = _PAGE_NUMBER.match(text)
            if only_number:
                drop.add(i)
                numbers.append((2 if top else 3, only_number.group(1)))
            elif key in running or text.startswith("VerDate"):
                drop.add(i)
                for label in _numbers_near_words(text):
                    numbers.append((0 if top else 1, label))
                if top and key in running and head is None:
                    head = page.lines[i]
            elif _is_print_code(text):
                drop.add(i)
        page.lines = [line for i, line in enumerate(page.lines) if i not in drop]
        candidates.append([label for _, label in sorted(numbers, key=lambda pair: pair[0])])
        heads.append(head)
    _label_pages(pages, candidates)
    _indent_from_running_heads(pages, heads)


def _indent_from_running_heads(pages: list[_Page], heads: list[_Line | None]) -> None:
    """Re-mark indents on pages whose every line is indented, measured from the running head.

    A page set entirely as a block quotation (a filing quoting testimony for a
    whole page) has no line at the text's margin, so its own lines would put
    the margin at the quotation's edge. A running head set across the type
    area starts at the margin: where the document's other pages show their
    head starting where their text starts, a head clearly left of a page's
    text says that page's lines are all indented.
    """
    aligned = misplaced = 0
    pending: list[tuple[_Page, float]] = []
    for page, head in zip(pages, heads, strict=True):
        if head is None or page.columns or not page.lines:
            continue
        margin = _margin(page.lines)
        if abs(head.x0 - margin) <= _indent_step(head):
            aligned += 1
        elif head.x0 < margin:
            pending.append((page, head.x0))
        else:
            misplaced += 1
    if aligned < 2 or aligned <= misplaced:
        return
    for page, margin in pending:
        for line in page.lines:
            line.indent = _indented(line, margin)


def _numbers_near_words(text: str) -> list[str]:
    """Numbers of a running line, the one closest to its words first."""
    words = [m.span() for m in _LETTERS.finditer(text)]
    if not words:
        return []
    found = []
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        distance = min(min(abs(start - e), abs(s - end)) for s, e in words)
        found.append((distance, match.group(1)))
    return [label for _, label in sorted(found)]


def _is_print_code(text: str) -> bool:
    """'151-793 0-94-11 VOL. 11': a printer's job line, digits with hardly any letters."""
    letters = sum(ch.isalpha() for ch in text)
    digits = sum(ch.isdigit() for ch in text)
    return digits >= 5 and letters <= 3


def _label_pages(pages: list[_Page], candidates: list[list[str]]) -> None:
    values = [[_number_value(label) for label in labels] for labels in candidates]
    for i, page in enumerate(pages):
        chosen = None
        for label, value in zip(candidates[i], values[i], strict=True):
            if value is None:
                continue
            before = values[i - 1] if i > 0 else []
            after = values[i + 1] if i + 1 < len(pages) else []
            if (value - 1) in before or (value + 1) in after:
                chosen = label
                break
        if chosen is None and candidates[i] and len(pages) == 1:
            chosen = candidates[i][0]
        page.label = chosen or str(page.index + 1)


def _number_value(label: str) -> int | None:
    if label.isdigit():
        return int(label)
    if _ROMAN.match(label) and label.islower():
        return _roman(label)
    return None


def _roman(text: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    for ch, nxt in zip(text, [*text[1:], ""], strict=True):
        value = values[ch]
        total += -value if nxt and values[nxt] > value else value
    return total


# --- words: hyphenation and ligatures ----------------------------------------------


def _assemble(pages: list[_Page], problems: list[Problem]) -> DocumentText:
    """One text for the whole document, words repaired, and where each page starts."""
    flat: list[tuple[int, _Line]] = [
        (page_no, line) for page_no, page in enumerate(pages) for line in page.lines
    ]
    vocabulary = Counter(
        word.casefold() for _, line in flat for word in _WORD.findall(line.text)
    )
    texts = [_repair_ligature_breaks(line.text, vocabulary) for _, line in flat]
    _join_hyphenated(texts, [line.gap_before for _, line in flat], vocabulary)
    out: list[str] = []
    starts: list[tuple[int, str]] = []
    offset = 0
    current = -1
    for (page_no, line), text in zip(flat, texts, strict=True):
        if not text.strip():
            continue
        if page_no != current:
            current = page_no
            starts.append((offset, pages[page_no].label))
        elif line.gap_before:
            out.append("")
            offset += 1
        text = (_INDENT if line.indent else "") + text.strip()
        out.append(text)
        offset += len(text) + 1
    text = "\n".join(out) + "\n"
    return DocumentText(text=text, pages=PageMap.from_pages(starts), problems=tuple(problems))


def _join_hyphenated(texts: list[str], breaks: list[bool], vocabulary: Counter[str]) -> None:
    """Re-join words split by a hyphen at the end of a line (in place).

    The hyphen is kept where the document writes the word with it elsewhere
    (or it follows "self", "well", "non" ...). A hyphen before a capital or
    a digit stays at the line end ("Inter-" + "American");
    a soft hyphen inside a line is invisible on the page and is dropped.
    """
    for i in range(len(texts) - 1):
        line = texts[i].rstrip()
        if not line or line[-1] not in "-\u00ad\u2010" or breaks[i + 1]:
            continue
        head, _, rest = texts[i + 1].lstrip().partition(" ")
        left_word = _WORD.findall(line[:-1])
        piece = re.match(r"[^\W\d_]+", head)
        if not left_word or not line[-2:-1].isalpha() or piece is None or not head[0].islower():
            continue
        left = left_word[-1]
        joined = (left + piece.group()).casefold()
        hyphenated = f"{left}-{piece.group()}".casefold()
        keep = vocabulary[hyphenated] > vocabulary[joined] or (
            not vocabulary[joined] and left.casefold() in _COMPOUND_FIRST
        )
        texts[i] = line[:-1] + ("-" if keep else "") + head
        texts[i + 1] = rest
    for i, text in enumerate(texts):
        if _SOFT_HYPHEN in text:
            text = text.rstrip()
            ends = text.endswith(_SOFT_HYPHEN)
            texts[i] = text.replace(_SOFT_HYPHEN, "") + ("-" if ends else "")


def _repair_ligature_breaks(text: str, vocabulary: Counter[str]) -> str:
    """'f loor' -> 'floor', 'signi ficant' -> 'significant' (see ``_ligature_break``)."""
    if " f" not in text and "f " not in text:
        return text
    words = text.split(" ")
    out = [words[0]]
    for word in words[1:]:
        if _ligature_break(out[-1], word, vocabulary):
            out[-1] += word
        else:
            out.append(word)
    return " ".join(out)


def _ligature_break(left: str, right: str, vocabulary: Counter[str]) -> bool:
    """Is 'left right' one word that a ligature glyph split in two?

    Only lower-case letter pieces are joined, and only where the ligature sits
    at the break: a lone 'f'/'fi'/'fl' piece is always joined; otherwise the
    joined word must be one the document uses elsewhere and the second piece
    not (or, for a piece ending in 'fi'/'fl', neither piece is a word of it).
    """
    a = left.lstrip("\"'“‘([")
    b = right.rstrip(".,;:!?\"'”’)]")
    if not (a.isalpha() and b.isalpha() and a.islower() and b.islower()):
        return False
    if a in _LONE_LIGATURE:
        return True
    joined = (a + b).casefold()
    known_a, known_b = vocabulary[a] >= 2, vocabulary[b] >= 2
    if a.endswith(_LIGATURE_ENDS) or a.endswith("f"):
        if vocabulary[joined] and not known_b:
            return True
        return a.endswith(_LIGATURE_ENDS) and not known_a and not known_b
    if b.startswith(_LIGATURE_STARTS):
        return not known_a and not known_b and bool(vocabulary[joined])
    return False


# --- helpers -----------------------------------------------------------------------


def _warning(name: str, reason: str) -> Problem:
    return Problem(file=name, severity=Severity.WARNING, reason=reason)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
