"""Skipping the postings that cannot change a query's top k (MaxScore).

A document's BM25 score is a sum of non-negative per-term weights, and each
term's weights have a largest value, its *bound*. When a query mixes words
whose posting lists are much longer than the others' (a word found in most
passages, such as an event title's "world"), read the short lists first:
their sums give a floor that k documents reach. If the bounds of the long
lists together stay below that floor, a document none of the short lists
holds cannot place, and a document of theirs whose sum so far plus those
bounds stays below the floor cannot either. The long lists are then only
searched for the few documents left (Turtle and Flood's MaxScore, "Query
evaluation: strategies and optimizations", 1995), instead of adding up
every one of their postings.

The sums made here are lower bounds, not scores: the caller scores the
documents left exactly (in query-term order, the same floats as a full
pass) and ranks them. Every comparison leaves a relative :data:`MARGIN` on
the side of keeping a document, so float rounding never drops one.
"""

from __future__ import annotations

import numpy as np

from .topk import distinct, floor_of

__all__ = ["MARGIN", "MIN_SKIPPED", "SKIP_RATIO", "long_lists", "survivors"]

MARGIN = 1e-9
"""Relative slack of every pruning comparison.

A sum here and the exact score add the same non-negative floats in another
order, which moves a total by a few units in the last place (~1e-16
relative per addition); 1e-9 is far wider than that.
"""

SKIP_RATIO = 4
"""A list is worth skipping when it is at least this many times longer than all shorter ones.

Below that, searching the remaining documents in it (a binary search each)
costs about as much as adding its postings (measured at 100k and 1M
passages: bench/RESULTS.md).
"""


MIN_SKIPPED = 1 << 16
"""Fewer postings than this in the lists to skip are added up, not skipped.

Skipping has a fixed cost (bounds, a second buffer pass, binary searches
and exact scoring of the documents left: ~0.03 ms) that only pays back
over tens of thousands of postings at ~2 ns each: at 100k passages the
rare-word query set went from 0.062 to 0.088 ms p50 when every skewed
query skipped (bench/RESULTS.md).
"""


def long_lists(sizes: list[int]) -> list[int]:
    """The positions of the lists worth skipping (the longest ones), or [] for none.

    The split is the last one, going from the longest list down, where the
    shortest skipped list is still ``SKIP_RATIO`` times longer than all the
    lists kept together, and only if the skipped lists hold ``MIN_SKIPPED``
    postings.
    """
    if max(sizes) < MIN_SKIPPED // len(sizes):
        return []
    order = sorted(range(len(sizes)), key=lambda i: -sizes[i])
    kept = sum(sizes)
    split = 0
    for j, i in enumerate(order[:-1], start=1):
        kept -= sizes[i]
        if sizes[i] >= SKIP_RATIO * kept:
            split = j
    if sum(sizes[i] for i in order[:split]) < MIN_SKIPPED:
        return []
    return order[:split]


def survivors(
    ids: np.ndarray, sums: np.ndarray, sizes: list[int], rest: float, k: int
) -> np.ndarray | None:
    """Sorted distinct documents that hold every member of the top k, or None.

    ``ids`` joins the short lists' postings (lengths ``sizes``), ``sums``
    gives each posting's document its sum over those lists, and ``rest`` is
    the sum of the skipped lists' bounds. None when the short lists cannot
    prove that the skipped ones are beaten: no list of k documents, or a
    floor not above ``rest``.
    """
    long_enough = [(size, i) for i, size in enumerate(sizes) if size >= k]
    if not long_enough:
        return None
    size, shortest = min(long_enough)
    start = sum(sizes[:shortest])
    # One list's documents are distinct, so its sums give a floor of the k-th best.
    floor = floor_of(sums[start : start + size], k)
    if not floor * (1 - MARGIN) > rest * (1 + MARGIN):
        return None
    return distinct(ids[sums + rest * (1 + MARGIN) >= floor * (1 - MARGIN)])
