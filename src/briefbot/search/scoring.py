"""Relevance beyond BM25: term coverage, sentence windows and remembered lines.

BM25 finds candidate passages; these pure functions decide how well each
one *answers*: how much of the question's distinctive vocabulary (weighted
by idf) it contains, whether those words meet in one or two sentences, and
for a remembered line, how closely some stretch of the passage matches it
(rapidfuzz's partial alignment over punctuation- and case-folded text, so
"export controls buy time they do not buy permanence" finds "Export
controls buy time; they do not buy permanence").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..index.tokenize import term_spans
from ..text import strip_diacritics
from .excerpts import sentence_spans

__all__ = ["LineMatch", "normalize_with_map", "match_line", "coverage", "sentence_coverage"]

_KEEP = re.compile(r"[^\W_]", re.UNICODE)


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Lower-case letters and digits separated by single spaces, with each output
    character's offset in ``text`` (so a match can be shown in the original)."""
    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        base = strip_diacritics(ch).casefold() if ord(ch) > 127 else ch.lower()
        if len(base) != 1:
            base = unicodedata.normalize("NFKC", base)[:1] or " "
        if _KEEP.match(base):
            if pending_space and out:
                out.append(" ")
                offsets.append(i)
            pending_space = False
            out.append(base)
            offsets.append(i)
        elif ch == "'" or ch == "’":
            continue  # "doesn't" == "doesnt"
        else:
            pending_space = True
    return "".join(out), offsets


@dataclass(frozen=True)
class LineMatch:
    """How well a remembered line matches a passage, and where."""

    score: float  # 0-100
    start: int  # character range in the passage's text
    end: int


def match_line(line_norm: str, text: str) -> LineMatch:
    """Best approximate occurrence of a normalised line in a passage's text."""
    if not line_norm:
        return LineMatch(0.0, 0, 0)
    norm, offsets = normalize_with_map(text)
    if not norm:
        return LineMatch(0.0, 0, 0)
    found = norm.find(line_norm)
    if found >= 0:
        return LineMatch(100.0, offsets[found], offsets[found + len(line_norm) - 1] + 1)
    if len(line_norm) > len(norm):
        score = fuzz.ratio(line_norm, norm)
        return LineMatch(score, 0, len(text))
    aligned = fuzz.partial_ratio_alignment(line_norm, norm)
    if aligned is None or aligned.dest_end <= aligned.dest_start:
        return LineMatch(0.0, 0, 0)
    start = offsets[aligned.dest_start]
    end = offsets[min(aligned.dest_end, len(offsets)) - 1] + 1
    # Widen to whole words so the highlight never cuts one.
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return LineMatch(float(aligned.score), start, end)


def coverage(terms: Mapping[str, float], present: set[str]) -> float:
    """Share of the question's weight (idf per distinct term) found in a passage."""
    total = sum(terms.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in terms.items() if t in present) / total


def sentence_coverage(
    terms: Mapping[str, float],
    text: str,
    window: int = 2,
    alias: Mapping[str, str] | None = None,
) -> float:
    """The best coverage reached by ``window`` consecutive sentences of a passage.

    Words that answer a question meet in one or two sentences; the same
    words scattered across a long passage usually do not answer it.
    ``alias`` maps a variant found in the text to the question's term.
    """
    total = sum(terms.values())
    if total <= 0:
        return 0.0
    sentences = sentence_spans(text)
    per_sentence: list[set[str]] = [set() for _ in sentences]
    index = 0
    for term, start, _end in term_spans(text):
        while index + 1 < len(sentences) and start >= sentences[index][1]:
            index += 1
        if term is not None and alias:
            term = alias.get(term, term)
        if term is not None and term in terms:
            per_sentence[index].add(term)
    best = 0.0
    for i in range(len(sentences)):
        found: set[str] = set()
        for j in range(i, min(i + window, len(sentences))):
            found |= per_sentence[j]
        best = max(best, sum(terms[t] for t in found))
    return best / total
