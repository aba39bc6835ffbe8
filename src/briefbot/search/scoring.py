"""Relevance beyond BM25: term coverage, sentence windows and remembered lines.

BM25 finds candidate passages; these pure functions decide how well each
one *answers*: how much of the question's distinctive vocabulary (weighted
by idf) it contains, whether those words meet in one or two sentences, and
for a remembered line, how closely some stretch of the passage matches it
(rapidfuzz's partial alignment over punctuation- and case-folded text, so
"the harbour is not a fleet it is a promise" finds "The harbour is not a
fleet; it is a promise").
"""

from __future__ import annotations

import bisect
import re
from itertools import islice
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..index.tokenize import tokenize
from ..text import strip_diacritics
from .excerpts import sentence_spans

__all__ = [
    "EXACT",
    "normalized_line",
    "Alias",
    "LineMatch",
    "normalize_words",
    "normalize_with_map",
    "normalized_text",
    "match_line",
    "line_score",
    "Normalized",
    "credits",
    "merge_credits",
    "coverage",
    "sentence_terms",
    "window_coverage",
    "best_window",
    "sentence_coverage",
]

EXACT = 88.0
"""Line-match score (0-100) from which a passage is taken to contain a remembered line."""

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


def normalized_line(text: str) -> str:
    """A remembered line in matching form: lower case, letters and digits only."""
    return normalize_words(text)[0]


def normalized_text(text: str) -> str:
    """``normalize_words(text)[0]`` alone, without a Python step per word for ASCII text."""
    if not text.isascii():
        return normalize_words(text)[0]
    # ASCII: lower-casing changes no word boundary, and an apostrophe left in
    # the joined words is always one inside a word.
    return " ".join(_WORDS.findall(text.lower())).replace("'", "")


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


Normalized = tuple[str, list[tuple[int, int]], list[int]]
"""What ``normalize_words`` returns; the engine keeps it per passage."""


def match_line(
    line_norm: str, text: str, normalized: Normalized | None = None, *, norm: str | None = None
) -> LineMatch:
    """Best approximate occurrence of a normalised line in a passage's text.

    The range returned covers whole words of the original text.
    ``normalized`` is ``normalize_words(text)`` when already known; ``norm``
    its first part alone (``normalized_text``), for text where each word of
    ``norm`` is one of ``_WORDS`` in ``text`` (ASCII text), so that only the
    two words at the ends of the match are ever located.
    """
    if not line_norm:
        return LineMatch(0.0, 0, 0)
    if normalized is None and norm is not None and text.isascii():
        return _match_words(line_norm, text, norm)
    norm, spans, starts = normalized if normalized is not None else normalize_words(text)
    aligned = _align(line_norm, norm, len(text))
    if isinstance(aligned, LineMatch):
        return aligned
    score, first, last = aligned
    word_first = max(0, bisect.bisect_right(starts, first) - 1)
    word_last = max(0, bisect.bisect_right(starts, last) - 1)
    return LineMatch(score, spans[word_first][0], spans[word_last][1])


def _align(line_norm: str, norm: str, text_len: int) -> tuple[float, int, int] | LineMatch:
    """Where the remembered line sits in a normalised text: (score, first, last char).

    A final ``LineMatch`` instead when there is nothing to locate word by word
    (empty text, no alignment, or a line longer than the whole text).
    """
    if not norm:
        return LineMatch(0.0, 0, 0)
    found = norm.find(line_norm)
    if found >= 0:
        return 100.0, found, found + len(line_norm) - 1
    if len(line_norm) > len(norm):
        return LineMatch(float(fuzz.ratio(line_norm, norm)), 0, text_len)
    aligned = fuzz.partial_ratio_alignment(line_norm, norm)
    if aligned is None or aligned.dest_end <= aligned.dest_start:
        return LineMatch(0.0, 0, 0)
    return float(aligned.score), aligned.dest_start, aligned.dest_end - 1


def _match_words(line_norm: str, text: str, norm: str) -> LineMatch:
    """``match_line`` over ASCII text given its normalised form only."""
    aligned = _align(line_norm, norm, len(text))
    if isinstance(aligned, LineMatch):
        return aligned
    score, first, last = aligned
    # The word holding a position is the one after as many spaces as precede it.
    word_first, word_last = norm.count(" ", 0, first), norm.count(" ", 0, last)
    words = _WORDS.finditer(text)
    head = next(islice(words, word_first, None))
    tail = head if word_last == word_first else next(islice(words, word_last - word_first - 1, None))
    return LineMatch(score, head.start(), tail.end())


Links = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Alias:
    """Other forms of a question's terms, and which question term each stands for.

    ``terms``: a passage term -> (question term, credit) pairs. ``phrases``: a
    phrase's terms (all in one sentence to match) -> the same pairs.
    """

    terms: Mapping[str, Links] = field(default_factory=dict)
    phrases: tuple[tuple[frozenset[str], Links], ...] = ()
    relevant: frozenset[str] = frozenset()  # every term that can earn credit (empty: not known)

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)


def credits(terms: Mapping[str, float], found: set[str], alias: Alias | None = None) -> dict[str, float]:
    """For each question term a passage's terms stand for, the best credit (1 for the term itself)."""
    if alias is not None and alias.relevant:
        found = found & alias.relevant  # most of a sentence's words earn nothing
        if not found:
            return {}
    out: dict[str, float] = {t: 1.0 for t in terms if t in found}
    if not alias:
        return out
    links: list[Links] = []
    get = alias.terms.get
    for term in found:
        found_links = get(term)
        if found_links:
            links.append(found_links)
    for parts, phrase_links in alias.phrases:
        if parts <= found:
            links.append(phrase_links)
    for group in links:
        for wanted, credit in group:
            if out.get(wanted, 0.0) < credit:
                out[wanted] = credit
    return out


def merge_credits(*parts: Mapping[str, float], scale: Sequence[float] | None = None) -> dict[str, float]:
    """The best credit per term over several sources, each optionally scaled."""
    out: dict[str, float] = {}
    for n, part in enumerate(parts):
        factor = 1.0 if scale is None else scale[n]
        for term, credit in part.items():
            value = credit * factor
            if out.get(term, 0.0) < value:
                out[term] = value
    return out


def coverage(terms: Mapping[str, float], credit: Mapping[str, float]) -> float:
    """Share of the question's weight (idf per distinct term) a passage holds, by credit."""
    total = sum(terms.values())
    if total <= 0:
        return 0.0
    return sum(w * credit.get(t, 0.0) for t, w in terms.items()) / total


def sentence_terms(text: str) -> list[set[str]]:
    """The set of terms of each sentence of a passage (compounds give parts and joined term, as in the index)."""
    return [set(tokenize(text[start:end])) for start, end in sentence_spans(text)]


def window_coverage(
    terms: Mapping[str, float],
    per_sentence: Sequence[set[str]],
    window: int = 2,
    alias: Alias | None = None,
    *,
    before: Sequence[set[str]] = (),
    after: Sequence[set[str]] = (),
) -> float:
    """The best coverage reached by ``window`` consecutive sentences (see ``best_window``)."""
    return best_window(terms, per_sentence, window, alias, before=before, after=after)[0]


def best_window(
    terms: Mapping[str, float],
    per_sentence: Sequence[set[str]],
    window: int = 2,
    alias: Alias | None = None,
    *,
    before: Sequence[set[str]] = (),
    after: Sequence[set[str]] = (),
) -> tuple[float, int]:
    """The best coverage of ``window`` consecutive sentences, and where it reaches.

    Words that answer a question meet in one or two sentences; the same
    words scattered across a long passage usually do not answer it.
    ``before`` and ``after`` are the neighbouring sentences of the same
    speaker's turn in the passages around this one: a window may reach into
    them (a passage boundary can fall mid-paragraph), but must hold at least
    one sentence of this passage. The second value is -1 or 1 when the best
    window needs the previous or next passage to beat every window inside
    this one, else 0.
    """
    total = sum(terms.values())
    if total <= 0:
        return 0.0, 0
    sentences = [*before, *per_sentence, *after]
    first, stop = len(before), len(before) + len(per_sentence)
    scored = [credits(terms, found, alias) for found in sentences]

    def value(start: int, end: int) -> float:
        merged = merge_credits(*scored[start:end])
        return sum(terms[t] * c for t, c in merged.items())

    inside = max((value(i, min(i + window, stop)) for i in range(first, stop)), default=0.0)
    outside, side = 0.0, 0
    for i in range(max(0, first - window + 1), stop):
        last = min(i + window, len(sentences))
        if i >= first and last <= stop:
            continue
        found = value(i, last)
        if found > outside:
            outside, side = found, (-1 if i < first else 1)
    if outside > inside + 1e-9:
        return outside / total, side
    return inside / total, 0


def sentence_coverage(
    terms: Mapping[str, float],
    text: str,
    window: int = 2,
    alias: Alias | None = None,
) -> float:
    """``window_coverage`` of a passage given as text."""
    return window_coverage(terms, sentence_terms(text), window, alias)


def line_score(line_norm: str, norm: str) -> tuple[float, int, int]:
    """(score 0-100, start, end) of a normalised line's best occurrence in a normalised text."""
    if not line_norm or not norm:
        return 0.0, 0, 0
    found = norm.find(line_norm)
    if found >= 0:
        return 100.0, found, found + len(line_norm)
    if len(line_norm) > len(norm):
        return float(fuzz.ratio(line_norm, norm)), 0, len(norm)
    aligned = fuzz.partial_ratio_alignment(line_norm, norm)
    if aligned is None:
        return 0.0, 0, 0
    return float(aligned.score), aligned.dest_start, aligned.dest_end
