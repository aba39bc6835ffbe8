"""Picking the k best documents from summed postings: floors instead of full sorts.

A query's postings give each document it touches a total. Sorting every
touched document to keep ten is the slow way; the functions here first find
a *floor* — a score that at least k distinct documents reach, so the k-th
best is at or above it — keep every document at or above it in one pass
(ties included) and rank only those: score descending, then document index,
the order every engine of this package returns.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "RUNS_PER_PLACE",
    "distinct",
    "floor_of",
    "kth_largest",
    "rank",
    "top_by_floor",
    "top_entries",
    "top_of_totals",
]


def distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (np.unique without its lazy import of numpy.ma)."""
    ordered = np.sort(values)
    if ordered.size < 2:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def rank(ids: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """Sort a small set of distinct documents: score descending, then doc index."""
    order = np.lexsort((ids, -scores))[:k]
    return [(int(ids[i]), float(scores[i])) for i in order]


def top_of_totals(
    ids: np.ndarray, totals: np.ndarray, k: int, sizes: list[int], dense: bool
) -> list[tuple[int, float]]:
    """Top k of the documents ``ids`` touched, whose sums ``totals`` holds (by document).

    ``ids`` joins posting lists of lengths ``sizes``; ``dense`` says every
    slot of ``totals`` not touched is 0, so that one pass over it may
    replace a look-up per posting.
    """
    found = top_by_floor(ids, totals, sizes, k, dense)
    if found is not None:
        return found
    return top_entries(ids, totals[ids], k, len(sizes), totals)


def top_by_floor(
    ids: np.ndarray, totals: np.ndarray, sizes: list[int], k: int, dense: bool
) -> list[tuple[int, float]] | None:
    """Top k documents by total, found from a floor instead of ranking every posting.

    ``ids`` holds each term's postings one after the other (``sizes``). The
    documents of one list are distinct real candidates, so a lower bound of
    the k-th best total among those of the shortest list holding at least k
    (:func:`floor_of`) is at most the k-th best overall: every document at or
    above it is kept (ties included) by one comparison over ``totals``, and
    only those are ranked. With common words this skips ranking hundreds of
    thousands of postings. None (use :func:`top_entries`) when no list has
    k documents or the floor is not positive (a document whose terms add to
    0 or less would then be indistinguishable from one the query never
    touched).
    """
    long_enough = [(size, i) for i, size in enumerate(sizes) if size >= k]
    if not long_enough:
        return None
    size, shortest = min(long_enough)
    start = sum(sizes[:shortest])
    floor = floor_of(totals[ids[start : start + size]], k)
    if not floor > 0:
        return None
    chosen = np.flatnonzero(totals >= floor) if dense else distinct(ids[totals[ids] >= floor])
    if chosen.size > 64 * k:  # a low floor: narrow it over the chosen ones first
        values = totals[chosen]
        chosen = chosen[values >= kth_largest(values, k)]
    return rank(chosen, totals[chosen], k)


RUNS_PER_PLACE = 4
"""How many runs :func:`floor_of` cuts its values into, per place of the top k."""


def floor_of(values: np.ndarray, k: int) -> float:
    """A lower bound of the k-th largest of ``values`` (distinct documents' scores, >= k of them).

    Cut the values into 4k equal runs and take each run's maximum: k of
    those maxima are at or above their own k-th largest, and each belongs
    to another document, so that k-th largest is a floor of the k-th best.
    One pass and a partition of 4k numbers, instead of a partition of every
    value: the floor is a little lower than the exact one, which only lets
    a few more documents into the ranking.
    """
    runs = RUNS_PER_PLACE * k
    if values.size < 8 * runs:  # too few to be worth cutting: the exact k-th largest
        return kth_largest(values, k)
    return kth_largest(values[: values.size // runs * runs].reshape(runs, -1).max(axis=1), k)


def kth_largest(values: np.ndarray, k: int) -> float:
    """The k-th largest of ``values`` (which holds at least k)."""
    return float(np.partition(values, values.size - k)[values.size - k])


def top_entries(
    ids: np.ndarray, entry_scores: np.ndarray, k: int, per_doc: int, totals: np.ndarray | None
) -> list[tuple[int, float]]:
    """Top k documents from posting entries, each document appearing <= per_doc times.

    ``entry_scores[i]`` is the total score of document ``ids[i]``, and
    ``totals[doc]`` looks a total up by document (needed when per_doc > 1).
    The k * per_doc best entries hold at least k distinct documents, so the
    k-th best of those is a safe floor: every entry at or above it is kept
    (ties included) and only that short list is sorted.
    """
    size = ids.shape[0]
    if size == 0:
        return []
    if per_doc == 1:
        if k < size:  # each document once: a floor keeps every one that can place
            positions = np.flatnonzero(entry_scores >= floor_of(entry_scores, k))
            if positions.size > 64 * k:  # a low floor: narrow it over those kept first
                values = entry_scores[positions]
                positions = positions[values >= kth_largest(values, k)]
        else:
            positions = np.arange(size)
        return rank(ids[positions].astype(np.int64), entry_scores[positions], k)
    assert totals is not None
    want = k * per_doc
    if want < size:
        best = np.argpartition(entry_scores, size - want)[size - want :]
        pool_scores = totals[distinct(ids[best])]
        floor = np.partition(pool_scores, pool_scores.size - k)[pool_scores.size - k]
        chosen = distinct(ids[entry_scores >= floor])
    else:
        chosen = distinct(ids)
    return rank(chosen.astype(np.int64), totals[chosen], k)
