"""From cleaned remarks to retrievable passages, with spans back into the source.

The format parsers collect *blocks* — one speaker's turn, or the event's own
words under one section — as ranges of the source text. This module owns the
parts that are the same for every format:

* ``SourceText``: line numbers and offsets of the decoded file;
* ``TextBuilder``: joins kept ranges of the source (wrapped lines re-joined,
  stage directions cut out) while remembering where each character came from;
* ``clean_line_ranges``: what to cut from one line — timestamps ("[00:14:32]"),
  stage directions ("(Laughter.)", "[inaudible]", "[END OF TRANSCRIPT]");
* ``is_boilerplate_line`` / ``repeated_lines``: page headers and footers
  ("Page 3 of 9", running headers), vendor lines, © lines, separators;
* ``build_passages``: sentences (``briefbot.sentences``, the one splitter) grouped into
  passages of a few sentences that never cross a block (a speaker turn or a section); a
  passage's sentences are handed on to the splitter, so the index build, which splits
  each passage's text again, finds them there.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..models import Passage, Role, Span
from ..sentences import HARD_SENTENCE_CHARS, remember_sentences, split_sentences, trimmed_span
from ..text import TRANSCRIPT_MARKS, fold, squash_space
from .budget import check_budget

__all__ = [
    "SourceText",
    "TextBuilder",
    "Block",
    "clean_line_ranges",
    "is_boilerplate_line",
    "repeated_lines",
    "build_passages",
    "add_paragraph",
    "is_repeated",
    "MAX_PASSAGE_CHARS",
    "MAX_PASSAGE_SENTENCES",
]

MAX_PASSAGE_CHARS = 700
MAX_PASSAGE_SENTENCES = 5
# A paragraph group this short is carried over into the next paragraph of the
# same turn rather than standing alone as a one-line passage.
_SHORT_GROUP_CHARS = 250


class SourceText:
    """The decoded file: 1-based line numbers for 0-based character offsets.

    ``line_numbers`` gives, for a rendering of the file (HTML turned into text,
    where a ``<br>`` inside a line of the file becomes a line of its own), the
    file's line number of each line of ``text``; without it a line of ``text``
    is a line of the file.
    """

    def __init__(self, text: str, line_numbers: Sequence[int] | None = None):
        self.text = text
        self.starts = [0]
        pos = text.find("\n")
        while pos != -1:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        if line_numbers is not None and len(line_numbers) != len(self.starts):
            raise ValueError(f"{len(line_numbers)} line numbers for {len(self.starts)} lines")
        self.line_numbers = line_numbers

    def line_of(self, offset: int) -> int:
        """1-based line (of the file) containing ``offset``."""
        index = bisect.bisect_right(self.starts, max(0, offset)) - 1
        return self.line_numbers[index] if self.line_numbers is not None else index + 1

    def lines(self) -> list[tuple[int, int, str]]:
        """(line number in the file, start offset, line text) for every line."""
        out = []
        n = len(self.starts)
        numbers = self.line_numbers
        for i, start in enumerate(self.starts):
            end = self.starts[i + 1] - 1 if i + 1 < n else len(self.text)
            out.append((numbers[i] if numbers is not None else i + 1, start,
                        self.text[start:end]))
        return out


@dataclass
class TextBuilder:
    """Clean text assembled from source ranges, remembering each range's origin."""

    parts: list[str] = field(default_factory=list)
    # (clean offset, source offset, length) for every copied range, in order.
    runs: list[tuple[int, int, int]] = field(default_factory=list)
    run_starts: list[int] = field(default_factory=list)
    length: int = 0
    last_char: str = ""

    def add(self, source: str, start: int, end: int) -> None:
        """Append ``source[start:end]``."""
        if end <= start:
            return
        self.runs.append((self.length, start, end - start))
        self.run_starts.append(self.length)
        self.parts.append(source[start:end])
        self.length += end - start
        self.last_char = source[end - 1]

    def add_literal(self, text: str) -> None:
        """Append text that is not in the source (a joining space, a paragraph break)."""
        if text:
            self.parts.append(text)
            self.length += len(text)
            self.last_char = text[-1]

    @property
    def text(self) -> str:
        """The assembled clean text."""
        if len(self.parts) > 1:
            self.parts = ["".join(self.parts)]
        return self.parts[0] if self.parts else ""

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets [s, e) covering clean offsets [start, end)."""
        if not self.runs:
            return 0, 0
        keys = self.run_starts
        i = max(0, bisect.bisect_right(keys, start) - 1)
        c0, s0, n0 = self.runs[i]
        src_start = s0 + min(max(start - c0, 0), n0)
        j = max(0, bisect.bisect_right(keys, max(start, end - 1)) - 1)
        c1, s1, n1 = self.runs[j]
        src_end = s1 + min(max(end - c1, 0), n1)
        return src_start, max(src_start, src_end)


@dataclass
class Block:
    """Consecutive paragraphs with one attribution: a turn, or the event's own text."""

    role: Role
    speaker_id: str | None = None
    speaker_label: str | None = None
    section: str | None = None
    builder: TextBuilder = field(default_factory=TextBuilder)
    # Clean-text (start, end) of each paragraph.
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    _open: int | None = None
    # Fixed spans for formats whose clean text is not a copy of the source (HTML).
    fixed_spans: list[tuple[int, int, int, int]] | None = None

    def start_paragraph(self) -> None:
        """Close the current paragraph (if any) so the next text starts a new one."""
        if self._open is not None:
            if self.builder.length > self._open:
                self.paragraphs.append((self._open, self.builder.length))
                self._closed_tail = self.builder.last_char
                self.builder.add_literal(self._BREAK)
            self._open = None

    _BREAK = "\n\n"
    _closed_tail: str = ""

    def add_range(self, source: str, start: int, end: int) -> None:
        """Add a source range to the open paragraph, joined to what precedes by a space."""
        if end <= start:
            return
        if self._open is None:
            self._open = self.builder.length
        elif self.builder.length > self._open and not _glued(self.builder.last_char, source[start]):
            self.builder.add_literal(" ")
        self.builder.add(source, start, end)

    def continue_paragraph(self) -> None:
        """Re-open the last paragraph: a page break interrupted a sentence."""
        parts = self.builder.parts
        if self._open is None and self.paragraphs and parts and parts[-1] == self._BREAK:
            start, _end = self.paragraphs.pop()
            parts.pop()
            self.builder.length -= len(self._BREAK)
            self.builder.last_char = self._closed_tail
            self._open = start

    def ends_mid_sentence(self) -> bool:
        """Whether the open or last paragraph stops without closing punctuation."""
        if self._open is not None and self.builder.length > self._open:
            tail = self.builder.last_char
        elif self.paragraphs:
            tail = self._closed_tail
        else:
            return False
        return bool(tail) and tail not in _TERMINAL_CHARS

    def finish(self) -> None:
        """Close the open paragraph."""
        if self._open is not None and self.builder.length > self._open:
            self.paragraphs.append((self._open, self.builder.length))
        self._open = None


_TERMINAL_CHARS = set(".!?…:\"'”’)]")


def _glued(before: str, after: str) -> bool:
    """No space between two kept pieces: closing punctuation, or a word broken by a hyphen."""
    return after in ".,;:!?)]”’" or before in "([“‘/"


# --- what to cut from a line -------------------------------------------------------

def clean_line_ranges(line: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Ranges of ``line[start:end]`` to keep once stage directions and timestamps are cut."""
    end = len(line) if end is None else end
    if "(" not in line and "[" not in line and not line.lstrip()[:1].isdigit():
        # Every mark opens with a bracket but a time stamp at the line's start: nothing to cut.
        trimmed = trimmed_span(line, start, end)
        return [trimmed] if trimmed is not None else []
    ranges: list[tuple[int, int]] = []
    pos = start
    for m in TRANSCRIPT_MARKS.finditer(line, start, end):
        if m.start() > pos:
            ranges.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        ranges.append((pos, end))
    # Trim white space at both ends of each range; drop empty ones.
    return [r for r in (trimmed_span(line, s, e) for s, e in ranges) if r is not None]


_BOILERPLATE = re.compile(
    r"^\s*(?:"
    r"page\s+\d+(?:\s+of\s+\d+)?"
    r"|-\s*\d+\s*-"
    r"|\d{1,4}"
    r"|[*#=_~\-–—•·.\s]{3,}"
    r"|(?:©|\(c\)\s*\d{4}|copyright\s+(?:©\s*|\(c\)\s*)?\d{4}).*"
    r"|.*\ball rights reserved\b.*"
    r"|(?:transcript|transcription)s?\s+(?:prepared|produced|provided|services|by)\b.*"
    r"|transcribed by\b.*"
    r"|.*\b(?:verbatim|court)\s+reporting\b.*"
    r"|(?:uncorrected|unedited|edited|rush|verbatim|official)\s+transcript\.?"
    r"|this (?:is an? )?(?:uncorrected |unedited |rush )?transcript\b.*"
    r")\s*$"
    r"|.*\bpage\s+\d+\s+of\s+\d+\s*$",
    re.IGNORECASE,
)


# What an ASCII line must hold for _BOILERPLATE to match it, read off the pattern: an
# opening (after white space) that one of its alternatives starts with (its non-ASCII ones
# aside), or one of the words its '.*' alternatives look for anywhere. Checking this first
# spares those alternatives' scans of every long line of speech.
_BOILERPLATE_OPENINGS = (
    *"-0123456789*#=_~.",
    "page", "(c)", "copyright", "transcri", "this",
    "uncorrected", "unedited", "edited", "rush", "verbatim", "official",
)
_BOILERPLATE_WORDS = ("rights reserved", "reporting", "page")


def is_boilerplate_line(line: str) -> bool:
    """A page header/footer, vendor line, © line or separator: never passage text."""
    stripped = line.lstrip()
    if not stripped:
        return False
    if line.isascii():
        lower = stripped.lower()
        if not lower.startswith(_BOILERPLATE_OPENINGS) and not any(
            word in lower for word in _BOILERPLATE_WORDS
        ):
            return False
    return bool(_BOILERPLATE.match(line))


_DIGITS = re.compile(r"\d+")
# Running headers and footers carry a number, a '|' or a spaced dash.
_FURNITURE_HINT = re.compile(r"\d|\||\s[—–-]\s")


def repeated_lines(lines: Iterable[str], *, exclude: re.Pattern[str] | None = None) -> set[str]:
    """Normalized forms of running headers/footers: short lines repeated >= 3 times.

    Numbers are ignored when comparing ("Page 1 of 6" = "Page 2 of 6"); only
    lines that look like furniture (a digit, '|' or a dash separator) count,
    so a speaker repeating "Thank you." three times is not removed.
    """
    counts: Counter[str] = Counter()
    for line in lines:
        stripped = line.strip()
        if not stripped or len(stripped) > 200:
            continue
        if exclude is not None and exclude.match(stripped):
            continue
        if not _FURNITURE_HINT.search(stripped):
            continue
        counts[_furniture_key(stripped)] += 1
    return {key for key, n in counts.items() if n >= 3}


def _furniture_key(line: str) -> str:
    return _DIGITS.sub("#", fold(line))


def is_repeated(line: str, repeated: set[str]) -> bool:
    """Whether ``line`` is one of the running headers found by ``repeated_lines``."""
    if not repeated:
        return False
    stripped = line.strip()
    # Only what ``repeated_lines`` counted can match: skip folding long prose lines.
    if len(stripped) > 200 or not _FURNITURE_HINT.search(stripped):
        return False
    return _furniture_key(stripped) in repeated


# --- passages ----------------------------------------------------------------------


def _group_sentences(
    sentences: Sequence[tuple[int, int, bool]], max_chars: int, max_sentences: int
) -> list[list[tuple[int, int]]]:
    """Greedy groups; ``bool`` marks a sentence that ends a paragraph."""
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for s, e, ends_paragraph in sentences:
        if current:
            size = e - current[0][0]
            if len(current) >= max_sentences or size > max_chars:
                groups.append(current)
                current = []
        current.append((s, e))
        if ends_paragraph:
            size = current[-1][1] - current[0][0]
            if len(current) >= 2 or size >= _SHORT_GROUP_CHARS:
                groups.append(current)
                current = []
    if current:
        groups.append(current)
    # A lone short sentence at the very end joins the group before it when that fits.
    if len(groups) >= 2 and len(groups[-1]) == 1:
        prev, last = groups[-2], groups[-1]
        if len(prev) <= max_sentences and last[0][1] - prev[0][0] <= max_chars:
            groups[-2] = prev + last
            groups.pop()
    return groups


def build_passages(
    blocks: Sequence[Block],
    source: SourceText,
    briefing_id: str,
    *,
    max_chars: int = MAX_PASSAGE_CHARS,
    max_sentences: int = MAX_PASSAGE_SENTENCES,
) -> list[Passage]:
    """Split every block into passages of a few sentences, in order, with spans."""
    passages: list[Passage] = []
    for block in blocks:
        check_budget()
        block.finish()
        text = block.builder.text
        sentences: list[tuple[int, int, bool]] = []
        for p_index, (ps, pe) in enumerate(block.paragraphs):
            spans = split_sentences(text, ps, pe)
            for k, (s, e) in enumerate(spans):
                sentences.append((s, e, k == len(spans) - 1))
            del p_index
        paragraph_starts = [p[0] for p in block.paragraphs]
        # No paragraph long enough to have a sentence cut for length: then a group whose
        # text squashing leaves unchanged (one paragraph's run: paragraphs are joined by a
        # blank line) splits into exactly its sentences again, boundaries falling on white
        # space; the index build, which splits each passage's text, is told so.
        uncut = all(pe - ps <= HARD_SENTENCE_CHARS for ps, pe in block.paragraphs)
        for group in _group_sentences(sentences, max_chars, max_sentences):
            check_budget()
            cs, ce = group[0][0], group[-1][1]
            raw = text[cs:ce]
            body = squash_space(raw)
            if not body or not any(ch.isalnum() for ch in body):
                continue
            if uncut and body == raw:
                remember_sentences(body, [(s - cs, e - cs) for s, e in group])
            if block.fixed_spans is not None:
                span = _fixed_span(block, paragraph_starts, cs, ce)
            else:
                ss, se = block.builder.source_range(cs, ce)
                span = Span(
                    line_start=source.line_of(ss),
                    line_end=source.line_of(max(ss, se - 1)),
                    char_start=ss,
                    char_end=se,
                )
            order = len(passages)
            passages.append(
                Passage(
                    id=f"{briefing_id}#{order}",
                    briefing_id=briefing_id,
                    speaker_id=block.speaker_id,
                    speaker_label=block.speaker_label,
                    role=block.role,
                    section=block.section,
                    text=body,
                    order=order,
                    span=span,
                )
            )
    return passages


def _fixed_span(block: Block, starts: list[int], cs: int, ce: int) -> Span:
    """Span for a block whose paragraphs carry their own source span (HTML)."""
    assert block.fixed_spans is not None
    first = max(0, bisect.bisect_right(starts, cs) - 1)
    last = max(first, bisect.bisect_left(starts, ce) - 1)
    last = min(last, len(block.fixed_spans) - 1)
    a, b = block.fixed_spans[first], block.fixed_spans[last]
    return Span(line_start=a[0], line_end=b[1], char_start=a[2], char_end=b[3])


def add_paragraph(
    block: Block,
    source: str,
    lines: Sequence[tuple[int, int]],
    *,
    clean: bool = True,
) -> None:
    """Add one paragraph, given as (start, end) source ranges of its lines.

    Wrapped lines are joined with a space. Stage directions and timestamps are
    cut when ``clean``. A paragraph that starts in lower case right after one
    that stopped mid-sentence continues it: the break came from a page footer.
    """
    pieces: list[tuple[int, int]] = []
    for start, end in lines:
        if clean:
            pieces.extend((start + s, start + e) for s, e in clean_line_ranges(source[start:end]))
        else:
            s, e = start, end
            while s < e and source[s].isspace():
                s += 1
            while e > s and source[e - 1].isspace():
                e -= 1
            if e > s:
                pieces.append((s, e))
    if not pieces:
        return
    first = source[pieces[0][0]]
    if first.islower() and block.ends_mid_sentence():
        block.continue_paragraph()
    else:
        block.start_paragraph()
    for s, e in pieces:
        block.add_range(source, s, e)
