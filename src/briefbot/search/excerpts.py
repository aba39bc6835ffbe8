"""Excerpts: the whole sentences of a passage that best answer a query.

An excerpt is made of whole sentences around the best match, so it can be
quoted as it stands: "…" appears only where a single sentence longer than
the configured length had to be cut, never at a sentence boundary. A thin
answer (one short sentence) takes its neighbours as context while it fits.
Greetings, thanks and self-introductions ("Good afternoon, everyone.",
"Thanks, Kelly.", "I'm Josh with the AP.") are never the excerpt unless the
passage holds nothing else, and when the asker wants a question ("what did
X ask") the excerpt centres on a sentence that asks one.

Highlights are the character ranges of the words the query matched (found
with the index's own ``term_spans``, so "sanctioned" highlights for the
query "sanctions"); neighbouring matched words form one span per phrase
("secondary sanctions", not two). A who-said excerpt instead centres on the
matched line and highlights it whole.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz

from ..index.sentences import sentence_spans
from ..index.tokenize import term_spans
from ..models import Highlight
from ..text import fold

__all__ = ["sentence_spans", "make_excerpt", "near_duplicate", "is_filler", "ELLIPSIS"]

ELLIPSIS = "…"

# A sentence that only greets, thanks or introduces the speaker. "Thanks to
# sanctions, ..." is not one; a sentence ending in "?" never is (a reporter's
# "Hi, Josh with the AP — will the President ...?" is the question itself).
_FILLER = re.compile(
    r"""^\W*(?:
        (?:good\s+(?:morning|afternoon|evening|day)|hi|hello|hey|greetings|welcome)\b
      | thanks?(?!\s+to\b)\b | thank\s+you\b | many\s+thanks\b
      | i\s+(?:really\s+|truly\s+|very\s+much\s+)?appreciate\b
      | my\s+name\s+is\b
      | it\s*['’]?s\s+(?:a\s+|an\s+)?(?:great\s+|real\s+)?(?:pleasure|honou?r)\b
      | (?:great|okay|ok|all\s+right|alright|sure)\W*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# "I'm Josh Boak with the AP", "This is Kelly from NBC": capitalised words only,
# so "I'm worried about the costs of ..." is not an introduction.
_INTRODUCTION = re.compile(
    r"^\W*(?:[Ii]\s*['’]?\s*m|I\s+am|[Tt]his\s+is)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
    r"\s*,?\s+(?:with|from|of)\b"
)
# Words between two matched words that still make one phrase: "sanctions on banks".
_PHRASE_GAP = re.compile(r"^(?:[\s\-‐‑–—/]|\b(?:of|the|and|on|in|a|an|to|for)\b)*$", re.I)
# An excerpt shorter than _THIN of the budget ("The Red Sea showed us the worst
# case.") takes neighbouring sentences as context, up to _CONTEXT of the budget:
# enough to stand alone, short enough for three results on a phone screen.
_THIN = 0.4
_CONTEXT = 0.75


def is_filler(sentence: str) -> bool:
    """Whether a sentence only greets, thanks or introduces the speaker."""
    sentence = sentence.strip()
    if not sentence or sentence.endswith("?"):
        return False
    return bool(_FILLER.match(sentence) or _INTRODUCTION.match(sentence))


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


def _centre(
    sentences: list[tuple[int, int]],
    gains: list[float],
    filler: list[bool],
    text: str,
    focus: tuple[int, int] | None,
    questions: bool,
) -> int:
    if focus is not None:
        return next((i for i, (s, e) in enumerate(sentences) if s <= focus[0] < e), 0)
    candidates = [i for i in range(len(sentences)) if not filler[i]] or list(range(len(sentences)))
    if questions:
        asking = [i for i in candidates if text[sentences[i][0] : sentences[i][1]].rstrip(
            "\"'”’) ").endswith("?")]
        candidates = asking or candidates
    return max(candidates, key=lambda i: (gains[i], -i))


def make_excerpt(
    text: str,
    weights: Mapping[str, float],
    max_chars: int,
    focus: tuple[int, int] | None = None,
    *,
    questions: bool = False,
) -> tuple[str, tuple[Highlight, ...]]:
    """The best whole sentences of ``text`` for query terms weighted by ``weights``.

    ``focus`` is a character range that must be shown (a who-said match); it
    is then highlighted whole instead of single words. ``questions`` centres
    the excerpt on a sentence that asks something ("what did X ask").
    """
    if not text:
        return "", ()
    budget = max(40, max_chars)
    sentences = sentence_spans(text)
    words = term_spans(text)
    sentence_terms: list[set[str]] = [set() for _ in sentences]
    sentence_of = 0
    for term, start, _end in words:
        while sentence_of + 1 < len(sentences) and start >= sentences[sentence_of][1]:
            sentence_of += 1
        if term is not None and term in weights:
            sentence_terms[sentence_of].add(term)
    filler = [is_filler(text[s:e]) for s, e in sentences]
    gains = [0.0 if filler[i] else sum(weights[t] for t in terms)
             for i, terms in enumerate(sentence_terms)]
    centre = _centre(sentences, gains, filler, text, focus, questions)
    first, last = centre, centre
    covered = set(sentence_terms[centre])

    def fits(new_first: int, new_last: int) -> bool:
        return sentences[new_last][1] - sentences[new_first][0] <= budget

    # Grow to neighbours that add new matched words while the excerpt fits ...
    while True:
        options = []
        if first > 0 and not filler[first - 1]:
            options.append((sum(weights[t] for t in sentence_terms[first - 1] - covered), -1))
        if last + 1 < len(sentences) and not filler[last + 1]:
            options.append((sum(weights[t] for t in sentence_terms[last + 1] - covered), 1))
        options = [o for o in options if o[0] > 0]
        if not options:
            break
        _, side = max(options)
        new_first, new_last = (first - 1, last) if side < 0 else (first, last + 1)
        if not fits(new_first, new_last):
            break
        first, last = new_first, new_last
        covered |= sentence_terms[first] | sentence_terms[last]
    # ... then, while it is thin, to the sentences around it as context
    # (what follows first: it usually finishes the thought).
    def fits_context(new_first: int, new_last: int) -> bool:
        return sentences[new_last][1] - sentences[new_first][0] <= budget * _CONTEXT

    while sentences[last][1] - sentences[first][0] < budget * _THIN:
        if last + 1 < len(sentences) and not filler[last + 1] and fits_context(first, last + 1):
            last += 1
        elif (
            not questions  # a question is shown from its start, without the asker's preamble
            and first > 0
            and not filler[first - 1]
            and fits_context(first - 1, last)
        ):
            first -= 1
        else:
            break
    start, end = sentences[first][0], sentences[last][1]
    if focus is not None:
        anchor = focus[0]
    else:
        anchor = next(
            (s for term, s, _e in words if start <= s < end and term in covered), start
        )
    cut_start, cut_end = _trim_to_words(text, start, end, budget - 2, anchor)
    body = text[cut_start:cut_end].strip()
    cut_start += len(text[cut_start:cut_end]) - len(text[cut_start:cut_end].lstrip())
    cut_end = cut_start + len(body)
    # "…" only where a sentence was cut, never at a sentence boundary.
    prefix = ELLIPSIS if cut_start > start else ""
    suffix = ELLIPSIS if cut_end < end else ""
    excerpt = prefix + body + suffix
    shift = len(prefix) - cut_start
    if focus is not None:
        s, e = max(focus[0], cut_start), min(focus[1], cut_end)
        spans = [(s, e)] if e > s else []
    else:
        spans = [
            (s, e) for term, s, e in words
            if term is not None and term in weights and cut_start <= s and e <= cut_end
        ]
    return excerpt, tuple(
        Highlight(start=s + shift, end=e + shift) for s, e in _phrases(text, spans)
    )


def _phrases(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join matched words that follow each other into one span per phrase."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and (s <= merged[-1][1] or _PHRASE_GAP.match(text[merged[-1][1] : s])):
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


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
