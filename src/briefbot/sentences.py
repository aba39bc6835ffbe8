"""The one sentence splitter: ingestion cuts passages with it, the index stores its sentences.

A full stop ends a sentence unless it closes an abbreviation a sentence
rarely ends with ("Dr.", "Gen.", "e.g."), a middle initial ("Mariya Y.
Omelicheva") or a dotted abbreviation ("U.S.", "p.m.", "Inc.") followed by a
word that does not open sentences. The abbreviations are the common English
and US-government ones (courtesy titles and military ranks, months, company
and reference abbreviations); the sentence openers are English function words
(articles, pronouns, conjunctions, prepositions). Both ingestion (passages of
a few sentences) and search (excerpts, sentence-level scoring, the stored
sentence index) use ``split_sentences``, so a passage's sentences are the
same at every stage. A boundary always falls on white space.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["split_sentences", "remember_sentences", "trimmed_span", "HARD_SENTENCE_CHARS"]

HARD_SENTENCE_CHARS = 4000
"""Unpunctuated text is cut at white space past this length so one "sentence" cannot
swallow a whole passage."""

# After these, a dotted abbreviation that may also end a sentence ("U.S.", "p.m.",
# "Inc.") is taken as the end of one.
_SENTENCE_STARTERS = {
    "the",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "we",
    "i",
    "he",
    "she",
    "they",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "in",
    "on",
    "at",
    "for",
    "if",
    "when",
    "while",
    "as",
    "a",
    "an",
    "there",
    "what",
    "why",
    "how",
    "our",
    "my",
    "his",
    "her",
    "their",
    "one",
    "after",
    "before",
    "since",
    "then",
    "now",
    "today",
    "still",
    "also",
    "however",
}
# Abbreviations that may also end a sentence: a word that opens sentences must follow them
# for the full stop to count ("... in the U.S. The next ...").
_AMBIGUOUS_ABBR = frozenset(
    """inc ltd co corp etc a.m p.m u.s u.k u.n e.u d.c jr sr no""".split()
)
# Words after which a full stop does not end a sentence: courtesy titles and military ranks,
# months, reference and company abbreviations, academic degrees (English usage guides).
_ABBREVIATIONS = frozenset(
    """ret mr mrs ms dr prof gen lt col adm sen rep gov amb hon rev st nos vol vs e.g i.e
    approx jan feb mar apr jun jul aug sep sept oct nov dec mt ft fig cf al capt cmdr maj
    sgt brig pres dept univ assn est min max mx messrs ph.d m.d b.a m.a""".split()
) | _AMBIGUOUS_ABBR
# Longer words (letters and dots; lower-casing never shortens a word) are never
# abbreviations: the longest listed, or a dotted word of up to 6 characters.
_LONGEST_ABBREVIATION = max(6, *map(len, _ABBREVIATIONS))
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9À-ÖØ-Þ])")


# Whole texts whose sentences are already known, each taken out by the next
# split_sentences(text) (see remember_sentences). Bounded: a text nobody splits again
# (a parse with no index built) must not keep a whole folder's passages alive.
_known: dict[str, tuple[tuple[int, int], ...]] = {}
_KNOWN_LIMIT = 20_000


def remember_sentences(text: str, spans: Sequence[tuple[int, int]]) -> None:
    """Record ``spans`` as ``split_sentences(text)``, for the next call on that whole text.

    Ingestion finds a passage's sentences while cutting the passages and the
    index build splits each passage's text again; a caller that knows the
    answer is exactly the one the splitter would give saves it that work.
    """
    if len(_known) >= _KNOWN_LIMIT:
        _known.clear()
    _known[text] = tuple(spans)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans [s, e) within ``text[start:end]``, white space trimmed; never splits
    inside a sentence."""
    if end is None:
        if not start and _known:
            found = _known.pop(text, None)
            if found is not None:
                return list(found)
        end = len(text)
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _BOUNDARY.finditer(text, start, end):
        if not _is_real_boundary(text, m.start(), m.end(), end):
            continue
        spans.append((pos, m.end()))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    out = []
    for s, e in spans:
        # Most sentences need neither trimming nor cutting: say so without the calls.
        if e - s <= HARD_SENTENCE_CHARS and not (text[s].isspace() or text[e - 1].isspace()):
            out.append((s, e))
            continue
        trimmed = trimmed_span(text, s, e)
        if trimmed is not None:
            out.extend(_cap_length(text, *trimmed))
    return out


def trimmed_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``text[start:end]`` without white space at either end, or None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _cap_length(text: str, s: int, e: int) -> list[tuple[int, int]]:
    if e - s <= HARD_SENTENCE_CHARS:
        return [(s, e)]
    pieces = []
    while e - s > HARD_SENTENCE_CHARS:
        cut = text.rfind(" ", s, s + HARD_SENTENCE_CHARS)
        if cut <= s:
            # No space in reach: cut at the next one, never inside a word (the index relies
            # on sentence boundaries falling on white space).
            cut = text.find(" ", s + HARD_SENTENCE_CHARS, e)
            if cut < 0:
                break
        pieces.append((s, cut))
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if e > s:
        pieces.append((s, e))
    return pieces


def _is_real_boundary(text: str, punct_start: int, punct_end: int, end: int) -> bool:
    if text[punct_start] != ".":
        return True
    # The word the period closes: letters and inner dots, e.g. "U.S" or "Dr". One longer
    # than any abbreviation is an ordinary word whatever its length, so the scan stops there.
    i = punct_start
    stop = max(0, punct_start - _LONGEST_ABBREVIATION - 1)
    while i > stop and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    if punct_start - i > _LONGEST_ABBREVIATION:
        return True
    word = text[i:punct_start].lower()
    if not word:
        return True  # "2023." ends a sentence; "3.5" never reaches here (no space).
    if len(word) == 1 and word.isalpha() and text[i].isupper():
        return False  # a middle initial: "Mariya Y. Omelicheva"
    if word in _ABBREVIATIONS or ("." in word and len(word) <= 6):
        if word not in _AMBIGUOUS_ABBR and "." not in word:
            return False
        nxt = re.match(r"\s+[\"'“‘(\[]?([A-Za-z]+)", text[punct_end : min(end, punct_end + 40)])
        return bool(nxt) and nxt.group(1).lower() in _SENTENCE_STARTERS
    return True
