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

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..index.tokenize import term_spans
from ..text import strip_diacritics
from .excerpts import sentence_spans

__all__ = ["LineMatch", "normalize_words", "normalize_with_map", "match_line", "coverage", "sentence_coverage"]

_KEEP = re.compile(r"[^\W_]", re.UNICODE)


_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def normalize_words(text: str) -> tuple[str, list[tuple[int, int]], list[int]]:
    """Matching form of a text — lower-case words without accents or apostrophes,
    one space apart ("doesn't" == "doesnt") — with each word's (start, end) in
    ``text`` and its start in the normalised string."""
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    starts: list[int] = []
    position = 0
    for match in _WORDS.finditer(text):
        word = match.group()
        if not word.isascii():
            word = strip_diacritics(word)
        word = word.lower().replace("'", "").replace("’", "")
        if not word:
            continue
        words.append(word)
        spans.append((match.start(), match.end()))
        starts.append(position)
        position += len(word) + 1
    return " ".join(words), spans, starts


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its words, the word's start in ``text``."""
    norm, spans, _ = normalize_words(text)
    return norm, [s for s, _ in spans]


@dataclass(frozen=True)
class LineMatch:
    """How well a remembered line matches a passage, and where."""

    score: float  # 0-100
    start: int  # character range in the passage's text
    end: int


def match_line(line_norm: str, text: str) -> LineMatch:
    """Best approximate occurrence of a normalised line in a passage's text.

    The range returned covers whole words of the original text.
    """
    if not line_norm:
        return LineMatch(0.0, 0, 0)
    norm, spans, starts = normalize_words(text)
    if not norm:
        return LineMatch(0.0, 0, 0)
    found = norm.find(line_norm)
    if found >= 0:
        score, first, last = 100.0, found, found + len(line_norm) - 1
    elif len(line_norm) > len(norm):
        return LineMatch(float(fuzz.ratio(line_norm, norm)), 0, len(text))
    else:
        aligned = fuzz.partial_ratio_alignment(line_norm, norm)
        if aligned is None or aligned.dest_end <= aligned.dest_start:
            return LineMatch(0.0, 0, 0)
        score, first, last = float(aligned.score), aligned.dest_start, aligned.dest_end - 1
    word_first = max(0, bisect.bisect_right(starts, first) - 1)
    word_last = max(0, bisect.bisect_right(starts, last) - 1)
    return LineMatch(score, spans[word_first][0], spans[word_last][1])


def coverage(terms: Mapping[str, float], present: set[str]) -> float:
    """Share of the question's weight (idf per distinct term) found in a passage."""
    total = sum(terms.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in terms.items() if t in present) / total


def sentence_terms(text: str) -> list[set[str]]:
    """The set of terms of each sentence of a passage."""
    sentences = sentence_spans(text)
    per_sentence: list[set[str]] = [set() for _ in sentences]
    index = 0
    for term, start, _end in term_spans(text):
        while index + 1 < len(sentences) and start >= sentences[index][1]:
            index += 1
        if term is not None:
            per_sentence[index].add(term)
    return per_sentence


def window_coverage(
    terms: Mapping[str, float],
    per_sentence: list[set[str]],
    window: int = 2,
    alias: Mapping[str, str] | None = None,
) -> float:
    """``sentence_coverage`` over precomputed sentence term sets."""
    total = sum(terms.values())
    if total <= 0:
        return 0.0
    mapped = []
    for found in per_sentence:
        if alias:
            found = found | {alias[t] for t in found if t in alias}
        mapped.append({t for t in found if t in terms})
    best = 0.0
    for i in range(len(mapped)):
        union: set[str] = set()
        for j in range(i, min(i + window, len(mapped))):
            union |= mapped[j]
        best = max(best, sum(terms[t] for t in union))
    return best / total


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
