"""Ranking: BM25 candidates re-scored by coverage in their turn's context.

Candidates are BM25's best passages for the asker's words (and forms the
stemmer leaves apart), joined by the best for the lexicon and acronym
expansions, and by the same-turn neighbours of the leaders — a paragraph
split in two puts the answer beside the passage that holds the question's
words. Each is scored *in its turn's context*: a passage's score adds
``NEIGHBOUR_BM25`` of its best neighbour's BM25, its coverage counts a word
found only in a neighbour at ``NEIGHBOUR_CREDIT``, and its two-sentence
windows may take the neighbour's adjoining sentence. A remembered line is
matched approximately (``scoring.match_line``), also across the cut.

``final_score`` is the one formula that orders candidates, for every intent.

In a question-and-answer transcript a reporter's or counsel's question often
restates the topic in the asker's own words, so it can outrank the answer it
got; a person asking "what was said about X" wants what was said in answer.
``answers_first`` lists the passages of people who only ask (role
``questioner``) after everyone else's, each group in score order — unless
the asker wants the questions ("what did the reporter ask").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..models import Role
from .corpus import SearchCorpus
from .scoring import (
    EXACT,
    Alias,
    best_window,
    coverage,
    credits,
    line_score,
    match_line,
    merge_credits,
    normalize_words,
)
from .terms import aliases, lens

__all__ = [
    "Ranked",
    "final_score",
    "answers_first",
    "turns_first",
    "rank",
    "rescored",
    "context_coverage",
    "line_in_turn",
    "POOL",
    "NEIGHBOUR_CREDIT",
    "NEIGHBOUR_BM25",
    "EXPANSION_BM25",
    "LINE_CONTEXT_MARGIN",
]

NEIGHBOUR_CREDIT = 0.5
"""Credit of a question word found only in the next or previous passage of the same turn."""
NEIGHBOUR_BM25 = 0.3
"""Share of the best same-turn neighbour's BM25 score added to a passage's own."""
LINE_CONTEXT_MARGIN = 5.0
"""A remembered line found this much better (0-100) in a turn neighbour's sentence counts there."""
EXPANSION_BM25 = 0.5
"""Weight of lexicon and acronym expansions in the BM25 score, against 1 for the asker's words."""
POOL = 60
"""BM25 candidates re-ranked per question (more for later pages)."""


@dataclass
class Ranked:
    """One candidate passage and why it ranks where it does."""

    index: int
    bm25: float
    coverage: float = 0.0
    sentence: float = 0.0
    line: float = 0.0  # who-said match, 0-100
    line_span: tuple[int, int] | None = None
    final: float = 0.0
    reach: int = 0  # -1 / 1: the best sentences run into the previous / next passage of the turn


def final_score(bm25_share: float, coverage: float, sentence: float, line: float = 0.0) -> float:
    """The one score candidates are ordered by.

    ``bm25_share``: the passage's BM25 (with its neighbour's share) over the
    best candidate's; ``coverage`` and ``sentence``: the question weight the
    passage and its best two-sentence window hold; ``line``: a remembered
    line's match (0-100), which counts only above 60.
    """
    return (
        0.35 * bm25_share + 0.25 * coverage + 0.4 * sentence
        + 0.5 * max(0.0, line - 60.0) / 40.0
    )


def rank(
    corpus: SearchCorpus,
    weights: dict[str, float],
    allowed: np.ndarray,
    *,
    pool: int = POOL,
    line: str | None = None,
) -> list[Ranked]:
    """BM25 candidates among ``allowed``, re-ranked by coverage in context (and line match)."""
    if not weights or not allowed.any():
        return []
    alias = aliases(corpus, weights)
    own, expanded = _search_terms(corpus, weights, alias)
    stats = corpus.stats()
    found = corpus.indexed.search(own, pool, allowed, stats) if own else []
    extra = corpus.indexed.search(expanded, pool // 2, allowed, stats) if expanded else []
    if not found and not extra:
        return []
    prev_in_turn, next_in_turn = corpus.prev_in_turn, corpus.next_in_turn
    ids: dict[int, None] = dict.fromkeys(int(i) for i, _ in found)
    ids.update(dict.fromkeys(int(i) for i, _ in extra))
    leaders = list(ids)[: max(10, pool // 3)]
    for i in leaders:
        for j in (int(prev_in_turn[i]), int(next_in_turn[i])):
            if j >= 0 and allowed[j]:
                ids.setdefault(j, None)
    order = np.fromiter(ids, dtype=np.int64, count=len(ids))
    context = np.concatenate([order, prev_in_turn[order], next_in_turn[order]])
    context = np.unique(context[context >= 0])
    raw = _bm25_scores(corpus, own, expanded, context)
    lens(corpus, weights, alias).prefetch(context)
    bm25 = {int(i): float(v) for i, v in zip(context, raw, strict=True)}
    ranked: list[Ranked] = []
    scored: list[tuple[int, float]] = []
    for index in ids:
        prev, nxt = int(prev_in_turn[index]), int(next_in_turn[index])
        neighbour = max(bm25.get(prev, 0.0) if prev >= 0 else 0.0, bm25.get(nxt, 0.0) if nxt >= 0 else 0.0)
        scored.append((index, bm25.get(index, 0.0) + NEIGHBOUR_BM25 * neighbour))
    top = max((score for _, score in scored), default=1.0) or 1.0
    for index, score in scored:
        item = Ranked(index, score)
        item.coverage, item.sentence, item.reach = context_coverage(corpus, index, weights, alias)
        if line:
            text = corpus.text_of(index)
            form = corpus.line_form(index)
            match = (match_line(line, text, norm=form[0]) if text.isascii()
                     else match_line(line, text, normalize_words(text)))
            item.line = match.score
            item.line_span = (match.start, match.end)
            if item.line < EXACT:
                around, side = line_in_turn(corpus, line, index)
                if side and item.line + LINE_CONTEXT_MARGIN < around < EXACT:
                    item.line = around
                    item.reach = item.reach or side
        item.final = final_score(score / top, item.coverage, item.sentence, item.line if line else 0.0)
        ranked.append(item)
    ranked.sort(key=lambda r: (-r.final, r.index))
    return ranked


def answers_first(corpus: SearchCorpus, ranked: list[Ranked]) -> list[Ranked]:
    """The same results with questioners' passages after the others' (stable within each group)."""
    passages = corpus.passages
    return sorted(ranked, key=lambda r: passages[r.index].role == Role.QUESTIONER)


def turns_first(corpus: SearchCorpus, ranked: list[Ranked]) -> list[Ranked]:
    """The same results with each speaker turn's best passage before its other passages.

    One long answer cut into passages would otherwise fill a page by itself;
    its other passages follow every turn's best (stable within each group).
    """
    seen: set[int] = set()
    first: list[Ranked] = []
    later: list[Ranked] = []
    for item in ranked:
        turn = _turn_start(corpus, item.index)
        (later if turn in seen else first).append(item)
        seen.add(turn)
    return first + later


def _turn_start(corpus: SearchCorpus, index: int) -> int:
    prev = corpus.prev_in_turn
    while prev[index] >= 0:
        index = int(prev[index])
    return index


def rescored(corpus: SearchCorpus, ranked: list[Ranked], weights: dict[str, float]) -> list[Ranked]:
    """Re-rank line candidates by the line's content words only (function words say little there)."""
    out = []
    top = max((r.bm25 for r in ranked), default=1.0) or 1.0
    alias = aliases(corpus, weights)
    for r in ranked:
        item = Ranked(r.index, r.bm25, line=r.line, line_span=r.line_span)
        item.coverage, item.sentence, item.reach = context_coverage(corpus, r.index, weights, alias)
        item.final = final_score(r.bm25 / top, item.coverage, item.sentence, r.line)
        out.append(item)
    out.sort(key=lambda r: (-r.final, r.index))
    return out


def line_in_turn(corpus: SearchCorpus, line: str, index: int) -> tuple[float, int]:
    """A remembered line matched against a passage with its turn's neighbouring sentences.

    Returns the score and the side (-1 previous, 1 next) the match lies
    mostly in, or 0 when it lies in the passage itself.
    """
    prev, nxt = int(corpus.prev_in_turn[index]), int(corpus.next_in_turn[index])
    if prev < 0 and nxt < 0:
        return 0.0, 0
    own = corpus.line_form(index)[0]
    head = corpus.line_form(prev)[2] + " " if prev >= 0 else ""
    tail = " " + corpus.line_form(nxt)[1] if nxt >= 0 else ""
    score, start, end = line_score(line, head + own + tail)
    middle = (start + end) / 2
    if middle < len(head):
        return score, -1
    if middle > len(head) + len(own):
        return score, 1
    return score, 0


def _search_terms(
    corpus: SearchCorpus, weights: dict[str, float], alias: Alias
) -> tuple[list[str], list[str]]:
    """BM25 terms: the asker's words and full-credit variants; then the expansions."""
    own = [*weights]
    expanded: list[str] = []
    for term, links in alias.terms.items():
        if term in weights:
            continue
        if max(credit for _, credit in links) >= 1.0:
            own.append(term)
        else:
            expanded.append(term)
    for parts, _links in alias.phrases:
        # The rarest word of a phrase finds its passages.
        expanded.append(max(parts, key=corpus.idf))
    return own, list(dict.fromkeys(expanded))


def _bm25_scores(corpus: SearchCorpus, own: list[str], expanded: list[str], ids: np.ndarray) -> np.ndarray:
    stats = corpus.stats()
    scores = (np.asarray(corpus.indexed.score(own, ids, stats), dtype=np.float64) if own
              else np.zeros(ids.size))
    if expanded:
        scores = scores + EXPANSION_BM25 * np.asarray(
            corpus.indexed.score(expanded, ids, stats), dtype=np.float64)
    return scores


def context_coverage(
    corpus: SearchCorpus, index: int, weights: dict[str, float], alias: Alias
) -> tuple[float, float, int]:
    """(passage coverage, best sentence-window coverage, where it reaches) in the turn's context."""
    view = lens(corpus, weights, alias)
    sentences = view.sentences(index)
    section = corpus.section_terms(index)
    own = credits(weights, set().union(*sentences, section), alias)
    prev, nxt = int(corpus.prev_in_turn[index]), int(corpus.next_in_turn[index])
    before: list[set[str]] = []
    after: list[set[str]] = []
    around: list[dict[str, float]] = []
    if prev >= 0:
        earlier = view.sentences(prev)
        before = earlier[-1:]
        around.append(credits(weights, set().union(*earlier), alias))
    if nxt >= 0:
        later = view.sentences(nxt)
        after = later[:1]
        around.append(credits(weights, set().union(*later), alias))
    merged = merge_credits(own, *around, scale=[1.0] + [NEIGHBOUR_CREDIT] * len(around))
    sentence, reach = best_window(weights, sentences, alias=alias, before=before, after=after)
    return coverage(weights, merged), sentence, reach
