"""Excerpts: the one to three sentences of a passage that best answer a query.

An excerpt never cuts a word, marks every cut with "…", stays within the
configured length, and carries the character ranges of the words the query
matched (found with the index's own ``term_spans``, so "sanctioned"
highlights for the query "sanctions"). A who-said excerpt instead centres
on the matched line and highlights it whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz

from ..index.sentences import sentence_spans
from ..index.tokenize import term_spans
from ..models import Highlight
from ..text import fold

__all__ = ["sentence_spans", "make_excerpt", "near_duplicate", "ELLIPSIS"]

ELLIPSIS = "…"


def _trim_to_words(text: str, start: int, end: int, max_chars: int, focus: int) -> tuple[int, int]:
    """Shrink [start, end) to at most max_chars around ``focus``, at word boundaries."""
    if end - start <= max_chars:
        return start, end
    half = max_chars // 3
    new_start = max(start, min(focus - half, end - max_chars))
    new_end = min(end, new_start + max_chars)
    # Move inward to the nearest space so no word is cut.
    if new_start > start:
        space = text.find(" ", new_start)
        new_start = space + 1 if 0 <= space < new_end else new_start
    if new_end < end:
        space = text.rfind(" ", new_start, new_end)
        new_end = space if space > new_start else new_end
    return new_start, new_end


def make_excerpt(
    text: str,
    weights: Mapping[str, float],
    max_chars: int,
    focus: tuple[int, int] | None = None,
) -> tuple[str, tuple[Highlight, ...]]:
    """The best 1-3 sentences of ``text`` for query terms weighted by ``weights``.

    ``focus`` is a character range that must be shown (a who-said match); it
    is then highlighted whole instead of single words.
    """
    if not text:
        return "", ()
    budget = max(40, max_chars - 2)  # room for the ellipses
    sentences = sentence_spans(text)
    words = term_spans(text)
    sentence_terms: list[set[str]] = [set() for _ in sentences]
    sentence_of = 0
    for term, start, _end in words:
        while sentence_of + 1 < len(sentences) and start >= sentences[sentence_of][1]:
            sentence_of += 1
        if term is not None and term in weights:
            sentence_terms[sentence_of].add(term)

    def gain(terms: set[str]) -> float:
        return sum(weights[t] for t in terms)

    if focus is not None:
        centre = next(
            (i for i, (s, e) in enumerate(sentences) if s <= focus[0] < e), 0
        )
    else:
        centre = max(
            range(len(sentences)), key=lambda i: (gain(sentence_terms[i]), -i)
        )
    first, last = centre, centre
    covered = set(sentence_terms[centre])
    # Grow to neighbours that add new matched words (or, for a quote, context)
    # while the excerpt fits.
    while last - first < 2:
        options = []
        if first > 0:
            options.append((gain(sentence_terms[first - 1] - covered), -1))
        if last + 1 < len(sentences):
            options.append((gain(sentence_terms[last + 1] - covered), 1))
        options = [o for o in options if o[0] > 0]
        if not options:
            break
        _, side = max(options)
        new_first, new_last = (first - 1, last) if side < 0 else (first, last + 1)
        if sentences[new_last][1] - sentences[new_first][0] > budget:
            break
        first, last = new_first, new_last
        covered |= sentence_terms[first] | sentence_terms[last]
    start, end = sentences[first][0], sentences[last][1]
    if focus is not None:
        anchor = focus[0]
    else:
        anchor = next(
            (s for term, s, _e in words if start <= s < end and term in covered), start
        )
    start, end = _trim_to_words(text, start, end, budget, anchor)
    body = text[start:end].strip()
    lead = len(text[start:end]) - len(text[start:end].lstrip())
    start += lead
    end = start + len(body)
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text.rstrip()) else ""
    if suffix and body and body[-1] in ".!?":
        suffix = " " + ELLIPSIS
    excerpt = prefix + body + suffix
    shift = len(prefix) - start
    highlights: list[Highlight] = []
    if focus is not None:
        s, e = max(focus[0], start), min(focus[1], end)
        if e > s:
            highlights.append(Highlight(start=s + shift, end=e + shift))
    else:
        for term, s, e in words:
            if term is not None and term in weights and start <= s and e <= end:
                highlights.append(Highlight(start=s + shift, end=e + shift))
    return excerpt, tuple(highlights)


def near_duplicate(excerpt: str, shown: Sequence[str], threshold: float = 90.0) -> bool:
    """Whether an excerpt says nearly the same as one already in the answer."""
    folded = fold(excerpt.replace(ELLIPSIS, " "))
    for other in shown:
        other_folded = fold(other.replace(ELLIPSIS, " "))
        if fuzz.ratio(folded, other_folded) >= threshold:
            return True
        shorter, longer = sorted((folded, other_folded), key=len)
        if len(shorter) > 40 and fuzz.partial_ratio(shorter, longer) >= 97:
            return True
    return False
