"""BM25 over tokenized documents: an exact, query-time-cheap index.

Scoring
-------
For a query q and a document d of length |d| (in terms), with N documents,
average length avgdl and a term t occurring tf times in d::

    score(q, d) = sum over t in q of  idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * |d| / avgdl))

A term repeated in the query counts once per repetition, as in rank-bm25.
Two IDFs are offered (``variant``):

``"lucene"`` (the default)
    ``idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))`` where df is the number
    of documents containing t. It is always positive, so a word found in
    most passages still adds a little instead of pushing a passage down.

``"okapi"``
    rank-bm25's ``BM25Okapi``: ``idf(t) = ln(N - df + 0.5) - ln(df + 0.5)``,
    and every negative idf replaced by ``epsilon * mean(idf)`` over the
    vocabulary. Scores equal ``BM25Okapi.get_scores`` for the same tokens
    and parameters (the arithmetic is done in the same order, in float64).

Visibility scopes
-----------------
An asker who may see only some documents must get the scores a corpus of
just those documents would give: N, df and avgdl counted over the visible
documents only (otherwise a public score would move when restricted
documents are added — a side channel). :meth:`BM25Index.scope_stats`
counts them for a boolean mask (one df vector per scope in use, no copy of
the index), and ``search``/``score`` given those ``stats`` compute each
touched posting's weight from its stored term frequency with the same
formula, in the same order of operations, as the build did — so the scores
are bit for bit those of an index built over the visible documents alone
(for ``okapi``, whose epsilon floor averages idf over the vocabulary, up to
the order of that average). Without ``stats`` the precomputed weights are
read.

Serving
-------
Because idf and the length normalisation are fixed once the corpus is, each
(term, document) pair's contribution is precomputed at build time and kept
as compressed-sparse postings: ``indptr[t]:indptr[t+1]`` slices
``doc_ids`` (ascending) and ``weights``. A query reads only its terms'
postings and adds them per document in query-term order (``np.bincount``,
or ``np.add.at`` into a reused buffer when the postings are few for the
corpus: :mod:`.scratch`), so every score is the same float rank-bm25
computes. The top k is then found from a floor (:mod:`.topk`) instead of
ranking every touched document. When some of the query's lists are far
longer than the rest (a word in most passages), they are skipped whenever
the other lists prove they cannot change the top k, and only searched for
the few documents left (MaxScore, :mod:`.maxscore`). Filters restrict the
*candidates* (postings are masked, or for few candidates looked up by
binary search) before anything is ranked.

:class:`ReferenceBM25` wraps rank-bm25 behind the same ``search``/``score``
API as a slow reference engine (``[index] engine = "rank_bm25"``).
"""

from __future__ import annotations

import json
import logging
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from ..errors import IndexError_
from .maxscore import MARGIN, long_lists, survivors
from .scratch import ScratchPool
from .topk import distinct, rank, top_entries, top_of_totals

_distinct = distinct  # sentences.py's name for it

__all__ = ["BM25Index", "ReferenceBM25", "ScopeStats", "Variant", "FORMAT_VERSION"]

log = logging.getLogger(__name__)

Variant = Literal["lucene", "okapi"]
FORMAT_VERSION = 2
_DENSE_SHARE = 8
"""Sum a query's postings in a lent buffer when they number under 1/8 of the documents.

Below that share, zeroing a fresh per-document array costs more than
zeroing again the slots the postings wrote; above it, one pass over a
dense array beats a look-up per posting (measured at 100k passages: rare
words 0.078 -> 0.064 ms p50, common words unchanged; bench/RESULTS.md).
"""
_META = "bm25.json"
_VOCAB = "vocab.json"
_ARRAYS = {
    "indptr": np.int64,
    "doc_ids": np.int32,
    "weights": np.float64,
    "tf": np.int32,
    "idf": np.float64,
    "doc_len": np.int32,
}


def okapi_idf(n_docs: int, df: Sequence[int], epsilon: float) -> tuple[np.ndarray, float]:
    """rank-bm25's BM25Okapi idf per term (in vocabulary order) and the mean idf.

    The sum runs in the given order with Python floats so that the mean,
    and so the epsilon floor, is bit-for-bit rank-bm25's.
    """
    raw = [math.log(n_docs - f + 0.5) - math.log(f + 0.5) for f in df]
    total = 0.0
    for value in raw:
        total += value
    average = total / len(raw) if raw else 0.0
    floor = epsilon * average
    return np.array([v if v >= 0 else floor for v in raw], dtype=np.float64), average


def lucene_idf(n_docs: int, df: Sequence[int]) -> np.ndarray:
    """Lucene's always-positive idf, ln(1 + (N - df + 0.5) / (df + 0.5)), per term."""
    return np.array(
        [math.log(1 + (n_docs - f + 0.5) / (f + 0.5)) for f in df], dtype=np.float64
    )


def term_weights(
    idf: np.ndarray, tf: np.ndarray, doc_len: np.ndarray, avgdl: float, k1: float, b: float
) -> np.ndarray:
    """Per-posting contributions, written in rank-bm25's order of operations."""
    return idf * (tf * (k1 + 1) / (tf + k1 * (1 - b + b * doc_len / avgdl)))


_BLOCK = 1 << 20
"""Entries each pass after the build's one sort takes at once: its temporaries are ~8 MB
each instead of a copy of every posting per step (~2 GB at 1.4M passages, where the 1M
build's memory peaked: bench/RESULTS.md, "Build memory at 1M")."""


def _postings(
    flat: np.ndarray, lengths: np.ndarray, n_terms: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(doc ids, tf, df): each (term, document) pair's posting, by term then document.

    One int64 key per term occurrence (term * documents + document) is sorted in
    place; every other step runs a block at a time and writes into the output, so
    the only whole-size temporary is that key array.
    """
    n_docs = int(lengths.shape[0])
    width = max(n_docs, 1)
    total = int(flat.shape[0])
    keys = flat.astype(np.int64)
    keys *= width
    ends = np.cumsum(lengths, dtype=np.int64)  # where each document's terms end
    first = start = 0
    while first < n_docs:  # documents a block of terms at a time (at least one)
        last = max(int(np.searchsorted(ends, start + _BLOCK, side="right")), first + 1)
        end = int(ends[last - 1])
        keys[start:end] += np.repeat(np.arange(first, last, dtype=np.int64), lengths[first:last])
        first, start = last, end
    del ends
    keys.sort()
    # Counted first, so the postings' arrays are made at their size, never copied.
    n_postings = sum(int(np.count_nonzero(_run_starts(keys, begin)))
                     for begin in range(0, total, _BLOCK))
    doc_ids = np.empty(n_postings, dtype=np.int32)
    tf = np.empty(n_postings, dtype=np.int32)
    df = np.zeros(n_terms, dtype=np.int64)
    made = 0  # postings written
    opened = -1  # where the last posting's run of equal keys began
    for begin in range(0, total, _BLOCK):
        runs = np.flatnonzero(_run_starts(keys, begin))
        if runs.size == 0:
            continue
        runs += begin
        if made:  # the run left open by the previous block ends here
            tf[made - 1] = runs[0] - opened
        tf[made : made + runs.size - 1] = np.diff(runs)
        distinct_keys = keys[runs]
        terms = distinct_keys // width
        doc_ids[made : made + runs.size] = distinct_keys - terms * width
        low = int(terms[0])
        df[low : int(terms[-1]) + 1] += np.bincount(terms - low)
        made += runs.size
        opened = int(runs[-1])
    if made:
        tf[made - 1] = total - opened
    return doc_ids, tf, df


def _run_starts(keys: np.ndarray, begin: int) -> np.ndarray:
    """Which of the sorted ``keys`` from ``begin`` (a block's worth) differ from the one before."""
    block = keys[begin : begin + _BLOCK]
    new = np.empty(block.shape[0], dtype=bool)
    new[0] = begin == 0 or block[0] != keys[begin - 1]
    np.not_equal(block[1:], block[:-1], out=new[1:])
    return new


def posting_weights(
    idf: np.ndarray, indptr: np.ndarray, doc_ids: np.ndarray, tf: np.ndarray,
    lengths: np.ndarray, avgdl: float, k1: float, b: float,
) -> np.ndarray:
    """:func:`term_weights` of every posting, a block of postings at a time."""
    weights = np.empty(tf.shape[0], dtype=np.float64)
    for begin in range(0, tf.shape[0], _BLOCK):
        end = min(begin + _BLOCK, tf.shape[0])
        # The terms whose postings the block holds, each repeated once per posting in it.
        low = int(np.searchsorted(indptr, begin, side="right")) - 1
        high = int(np.searchsorted(indptr, end, side="left"))
        spans = np.diff(np.clip(indptr[low : high + 1], begin, end))
        weights[begin:end] = term_weights(np.repeat(idf[low:high], spans), tf[begin:end],
                                          lengths[doc_ids[begin:end]], avgdl, k1, b)
    return weights


@dataclass(frozen=True, eq=False)
class ScopeStats:
    """Document statistics over the documents one visibility scope may see."""

    df: np.ndarray  # documents holding each term (index term ids), visible ones only
    idf: np.ndarray  # the scope's idf per term (0 where df is 0)
    n_docs: int
    avgdl: float

    def knows(self, term_id: int) -> bool:
        """Whether a visible document holds the term."""
        return bool(self.df[term_id] > 0)


class BM25Index:
    """Precomputed BM25 postings: build once, search many times, save and load."""

    def __init__(
        self,
        *,
        vocabulary: list[str],
        indptr: np.ndarray,
        doc_ids: np.ndarray,
        weights: np.ndarray,
        idf: np.ndarray,
        doc_len: np.ndarray,
        variant: Variant,
        tf: np.ndarray | None = None,
        k1: float,
        b: float,
        epsilon: float,
        avgdl: float,
    ):
        self.vocabulary = vocabulary
        self.term_ids = {term: i for i, term in enumerate(vocabulary)}
        # Plain views of mapped arrays: np.memmap's Python-level slicing costs
        # about a microsecond per posting list read, a tenth of a short query.
        self.indptr = _plain(indptr)
        self.doc_ids = _plain(doc_ids)
        self.weights = _plain(weights)
        # Term frequency per posting: what a visibility scope's weights are computed from.
        self.tf = _plain(tf) if tf is not None else np.zeros(weights.shape[0], dtype=np.int32)
        self.idf = _plain(idf)
        self.doc_len = _plain(doc_len)
        self.variant: Variant = variant
        self.k1 = k1
        self.b = b
        self.epsilon = epsilon
        self.avgdl = avgdl
        self._scratch = ScratchPool(self.n_docs)
        # Per term, found on first use: its largest stored weight, and its
        # largest tf and shortest document (a visibility scope's bound).
        self._max_weight: dict[int, float] = {}
        self._extremes: dict[int, tuple[int, int]] = {}

    @property
    def n_docs(self) -> int:
        """Number of documents indexed."""
        return int(self.doc_len.shape[0])

    def __len__(self) -> int:
        return self.n_docs

    def postings_of(self, term: str) -> np.ndarray:
        """Ascending ids of the documents whose terms include ``term``."""
        tid = self.term_ids.get(term)
        if tid is None:
            return np.zeros(0, dtype=np.int64)
        return np.asarray(self.doc_ids[self.indptr[tid] : self.indptr[tid + 1]])

    @property
    def mapped(self) -> bool:
        """Whether the postings are read from the index file's pages (shared, not copied)."""
        return isinstance(self.weights.base, np.memmap)

    # -- building ---------------------------------------------------------

    @classmethod
    def build(
        cls,
        docs: Sequence[Sequence[str]],
        *,
        variant: Variant = "lucene",
        k1: float = 1.2,
        b: float = 0.75,
        epsilon: float = 0.25,
    ) -> BM25Index:
        """Index tokenized documents; document i keeps index i."""
        n_docs = len(docs)
        lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=n_docs)
        total = int(lengths.sum())
        # Term ids follow first occurrence, the order rank-bm25 averages idf in.
        term_ids: dict[str, int] = {}
        setdefault = term_ids.setdefault
        flat = np.fromiter(
            (setdefault(t, len(term_ids)) for d in docs for t in d), dtype=np.int64, count=total
        )
        return cls.from_ids(list(term_ids), flat, lengths, variant=variant, k1=k1, b=b,
                            epsilon=epsilon)

    @classmethod
    def from_ids(
        cls,
        vocabulary: list[str],
        flat: np.ndarray,
        lengths: np.ndarray,
        *,
        variant: Variant = "lucene",
        k1: float = 1.2,
        b: float = 0.75,
        epsilon: float = 0.25,
    ) -> BM25Index:
        """Index documents given as term ids: what :meth:`build` makes of their terms.

        ``flat`` (any integer type: int32 holds any vocabulary) holds every
        document's term ids in turn, ``lengths`` (int64) each document's number
        of terms; ids index ``vocabulary``, numbered by first occurrence.
        """
        if variant not in ("lucene", "okapi"):
            raise ValueError(f"unknown BM25 variant {variant!r}: expected 'lucene' or 'okapi'")
        n_docs = int(lengths.shape[0])
        total = int(lengths.sum())
        n_terms = len(vocabulary)
        doc_ids, tf, df = _postings(flat, lengths, n_terms)
        indptr = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        avgdl = total / n_docs if n_docs else 0.0
        if variant == "okapi":
            idf, _ = okapi_idf(n_docs, df.tolist(), epsilon)
        else:
            idf = lucene_idf(n_docs, df.tolist())
        weights = posting_weights(idf, indptr, doc_ids, tf, lengths, avgdl, k1, b)
        log.debug("built BM25 index: %d docs, %d terms, %d postings", n_docs, n_terms, tf.size)
        return cls(
            vocabulary=vocabulary,
            indptr=indptr,
            doc_ids=doc_ids,
            weights=weights,
            tf=tf,
            idf=idf,
            doc_len=lengths.astype(np.int32),
            variant=variant,
            k1=k1,
            b=b,
            epsilon=epsilon,
            avgdl=avgdl,
        )

    # -- querying ---------------------------------------------------------

    def _query_ids(self, query_terms: Sequence[str]) -> list[int]:
        get = self.term_ids.get
        return [i for i in (get(t) for t in query_terms) if i is not None]

    def scope_stats(self, visible: np.ndarray) -> ScopeStats:
        """N, df, avgdl and idf over the documents ``visible`` (a boolean mask) lets through."""
        visible = np.asarray(visible, dtype=bool)
        n_terms = len(self.vocabulary)
        posting_term = np.repeat(np.arange(n_terms, dtype=np.int64), np.diff(self.indptr))
        df = np.bincount(posting_term[visible[self.doc_ids]], minlength=n_terms)
        del posting_term
        n_docs = int(np.count_nonzero(visible))
        total = int(self.doc_len[visible].sum(dtype=np.int64))
        # The same Python arithmetic as ``build``, so the floats are the same.
        avgdl = total / n_docs if n_docs else 0.0
        seen = np.flatnonzero(df)
        idf = np.zeros(n_terms, dtype=np.float64)
        if seen.size:
            counts = df[seen].tolist()
            if self.variant == "okapi":
                idf[seen], _ = okapi_idf(n_docs, counts, self.epsilon)
            else:
                idf[seen] = lucene_idf(n_docs, counts)
        return ScopeStats(df=df, idf=idf, n_docs=n_docs, avgdl=avgdl)

    def _weights(
        self, t: int, positions: slice | np.ndarray, stats: ScopeStats | None
    ) -> np.ndarray:
        """Posting weights of term ``t`` at ``positions``: stored, or a scope's (same formula)."""
        if stats is None:
            return self.weights[positions]
        tf = self.tf[positions]
        lengths = self.doc_len[self.doc_ids[positions]]
        return term_weights(stats.idf[t], tf, lengths, stats.avgdl, self.k1, self.b)

    def score(
        self,
        query_terms: Sequence[str],
        doc_ids: Sequence[int] | np.ndarray,
        stats: ScopeStats | None = None,
    ) -> np.ndarray:
        """Exact scores of the given documents (0 where no query term occurs)."""
        docs = np.asarray(doc_ids, dtype=np.int64)
        return self._score_docs(self._query_ids(query_terms), docs, stats)[0]

    def _score_docs(
        self, tids: list[int], docs: np.ndarray, stats: ScopeStats | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(scores, matched mask) of ``docs`` by binary search in each posting list."""
        out = np.zeros(docs.shape[0], dtype=np.float64)
        matched = np.zeros(docs.shape[0], dtype=bool)
        for t in tids:
            start, end = int(self.indptr[t]), int(self.indptr[t + 1])
            postings = self.doc_ids[start:end]
            pos = np.searchsorted(postings, docs)
            inside = pos < postings.shape[0]
            found = np.zeros_like(inside)
            found[inside] = postings[pos[inside]] == docs[inside]
            out[found] += self._weights(t, start + pos[found], stats)
            matched |= found
        return out, matched

    def search(
        self,
        query_terms: Sequence[str],
        k: int,
        candidates: np.ndarray | None = None,
        stats: ScopeStats | None = None,
    ) -> list[tuple[int, float]]:
        """The k best (doc index, score) pairs, best first, ties by doc index.

        Only documents sharing at least one term with the query are returned.
        ``candidates`` (doc indices, or a boolean mask over all documents)
        restricts the search to those documents; with ``stats`` (of a scope
        holding every candidate) documents are scored by that scope's statistics.
        """
        if k <= 0 or self.n_docs == 0:
            return []
        tids = self._query_ids(query_terms)
        if not tids:
            return []
        indptr = self.indptr
        bounds = [(int(indptr[t]), int(indptr[t + 1])) for t in tids]
        touched = sum(end - start for start, end in bounds)
        mask = None
        if candidates is not None:
            mask, allowed = self._restriction(candidates, touched // (len(tids) * 16))
            if allowed is not None:
                if allowed.size == 0:
                    return []
                # Few candidates: binary-search them in each posting list
                # instead of reading whole lists.
                scores, matched = self._score_docs(tids, allowed, stats)
                return rank(allowed[matched], scores[matched], k)
        skip = long_lists([e - s for s, e in bounds]) if len(bounds) > 1 else []
        if skip:
            found = self._search_skipping(tids, bounds, skip, k, mask, stats)
            if found is not None:
                return found
        lists = [self.doc_ids[s:e] for s, e in bounds]
        weights = [
            self._weights(t, slice(s, e), stats) for t, (s, e) in zip(tids, bounds, strict=True)
        ]
        if mask is not None:
            keep = [mask[ids] for ids in lists]
            lists = [ids[kept] for ids, kept in zip(lists, keep, strict=True)]
            weights = [w[kept] for w, kept in zip(weights, keep, strict=True)]
        if len(lists) == 1:
            return top_entries(lists[0], weights[0], k, 1, None)
        sizes = [ids.shape[0] for ids in lists]
        ids = np.concatenate(lists, dtype=np.intp)
        weights = np.concatenate(weights)
        if ids.size == 0:
            return []
        if ids.size * _DENSE_SHARE < self.n_docs:
            # Few postings for the corpus: sum them in a lent buffer instead
            # of allocating and zeroing one float per document.
            with self._scratch.borrow(ids) as totals:
                # add.at, like bincount, adds each document's contributions
                # in query-term order: the same floats as rank-bm25.
                np.add.at(totals, ids, weights)
                return top_of_totals(ids, totals, k, sizes, dense=False)
        totals = np.bincount(ids, weights=weights)
        return top_of_totals(ids, totals, k, sizes, dense=True)

    def _search_skipping(
        self,
        tids: list[int],
        bounds: list[tuple[int, int]],
        skip: list[int],
        k: int,
        mask: np.ndarray | None,
        stats: ScopeStats | None,
    ) -> list[tuple[int, float]] | None:
        """The top k read from the short lists, the long ones (``skip``) only searched.

        See :mod:`.maxscore`; None when the short lists cannot prove that the
        long ones are beaten (the caller then adds up every posting).
        """
        bounds_of = [self._bound(t, stats) for t in tids]
        if any(bound is None for bound in bounds_of):  # a weight may be negative
            return None
        skipped = set(skip)
        short = [i for i in range(len(tids)) if i not in skipped]
        rest = sum(bounds_of[i] for i in skip)
        # The floor cannot exceed what the short lists' words can add up to at most.
        if not sum(bounds_of[i] for i in short) * (1 - MARGIN) > rest * (1 + MARGIN):
            return None
        lists = [self.doc_ids[bounds[i][0] : bounds[i][1]] for i in short]
        weights = [self._weights(tids[i], slice(*bounds[i]), stats) for i in short]
        if mask is not None:
            keep = [mask[ids] for ids in lists]
            lists = [ids[kept] for ids, kept in zip(lists, keep, strict=True)]
            weights = [w[kept] for w, kept in zip(weights, keep, strict=True)]
        ids = np.concatenate(lists, dtype=np.intp)
        if ids.size == 0:
            return None
        with self._scratch.borrow(ids) as sums:
            np.add.at(sums, ids, np.concatenate(weights))
            alive = survivors(ids, sums[ids], [x.shape[0] for x in lists], rest, k)
        if alive is None:
            return None
        scores, matched = self._score_docs(tids, alive, stats)
        return rank(alive[matched], scores[matched], k)

    def _bound(self, t: int, stats: ScopeStats | None) -> float | None:
        """At least every weight of term ``t`` (by ``stats`` if given); None if any may be < 0."""
        if stats is None:
            if not self.idf[t] >= 0:
                return None
            bound = self._max_weight.get(t)
            if bound is None:
                start, end = int(self.indptr[t]), int(self.indptr[t + 1])
                bound = float(self.weights[start:end].max()) if end > start else 0.0
                self._max_weight[t] = bound
            return bound
        idf = float(stats.idf[t])
        if not (idf >= 0 and self.k1 >= 0 and 0 <= self.b <= 1 and stats.avgdl > 0):
            return None
        extremes = self._extremes.get(t)
        if extremes is None:
            start, end = int(self.indptr[t]), int(self.indptr[t + 1])
            if end == start:
                return 0.0
            lengths = self.doc_len[self.doc_ids[start:end]]
            extremes = (int(self.tf[start:end].max()), int(lengths.min()))
            self._extremes[t] = extremes
        # A weight grows with tf and shrinks as its document grows (0 <= b <= 1).
        most, shortest = extremes
        return float(term_weights(idf, most, shortest, stats.avgdl, self.k1, self.b))

    def _restriction(
        self, candidates: np.ndarray, few: int
    ) -> tuple[np.ndarray | None, np.ndarray | None]:
        """(mask, None) for the documents ``candidates`` allows; (None, their ids) if <= ``few``.

        (None, None) when they are every document: nothing to filter.
        """
        allowed = np.asarray(candidates)
        if allowed.dtype == bool:
            if allowed.shape != (self.n_docs,):
                raise ValueError("a boolean candidate mask must cover every document")
            # A mask is used as it is: listing its documents costs a pass over the corpus.
            count = np.count_nonzero(allowed)
            if count == self.n_docs:  # a scope that sees everything (the public one, often)
                return None, None
            if count > few:
                return allowed, None
            return None, np.flatnonzero(allowed)
        allowed = allowed.astype(np.int64, copy=False).ravel()
        if allowed.size and (allowed.min() < 0 or allowed.max() >= self.n_docs):
            raise ValueError("candidate doc index out of range")
        allowed = distinct(allowed)
        if allowed.size == self.n_docs:
            return None, None
        if allowed.size > few:
            mask = np.zeros(self.n_docs, dtype=bool)
            mask[allowed] = True
            return mask, None
        return None, allowed

    # -- persistence --------------------------------------------------------

    def save(self, directory: str | Path) -> None:
        """Write the index as .npy arrays plus JSON into ``directory`` (created)."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        for name, dtype in _ARRAYS.items():
            _save_array(directory / f"{name}.npy", np.asarray(getattr(self, name), dtype=dtype))
        _write_file(directory / _VOCAB, json.dumps(self.vocabulary, ensure_ascii=False))
        meta = {
            "format": FORMAT_VERSION,
            "variant": self.variant,
            "k1": self.k1,
            "b": self.b,
            "epsilon": self.epsilon,
            "avgdl": self.avgdl,
            "n_docs": self.n_docs,
            "n_terms": len(self.vocabulary),
            "n_postings": int(self.doc_ids.shape[0]),
        }
        _write_file(directory / _META, json.dumps(meta, indent=1))

    @classmethod
    def load(cls, directory: str | Path, mmap: bool = True) -> BM25Index:
        """Read an index written by :meth:`save`; raise IndexError_ if it is not sound."""
        directory = Path(directory)
        try:
            meta = json.loads((directory / _META).read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT_VERSION:
                raise IndexError_(
                    f"index in {directory} has format {meta.get('format')!r}, "
                    f"expected {FORMAT_VERSION}"
                )
            vocabulary = json.loads((directory / _VOCAB).read_text(encoding="utf-8"))
            arrays = {
                name: np.load(
                    directory / f"{name}.npy",
                    mmap_mode="r" if mmap else None,
                    allow_pickle=False,
                )
                for name in _ARRAYS
            }
        except IndexError_:
            raise
        except (OSError, ValueError, EOFError, TypeError) as exc:
            raise IndexError_(f"cannot read index in {directory}: {exc}") from None
        n_terms, n_docs, nnz = meta["n_terms"], meta["n_docs"], meta["n_postings"]
        expected = {
            "indptr": (n_terms + 1,),
            "doc_ids": (nnz,),
            "weights": (nnz,),
            "tf": (nnz,),
            "idf": (n_terms,),
            "doc_len": (n_docs,),
        }
        for name, shape in expected.items():
            array = arrays[name]
            if array.shape != shape or array.dtype != _ARRAYS[name]:
                raise IndexError_(
                    f"index array {name} in {directory} is {array.dtype}{array.shape}, "
                    f"expected {np.dtype(_ARRAYS[name])}{shape}"
                )
        if not isinstance(vocabulary, list) or len(vocabulary) != n_terms:
            raise IndexError_(f"index vocabulary in {directory} does not match its arrays")
        if n_terms and (arrays["indptr"][0] != 0 or arrays["indptr"][-1] != nnz):
            raise IndexError_(f"index postings in {directory} are inconsistent")
        return cls(
            vocabulary=vocabulary,
            variant=meta["variant"],
            k1=meta["k1"],
            b=meta["b"],
            epsilon=meta["epsilon"],
            avgdl=meta["avgdl"],
            **arrays,
        )


def _plain(array: np.ndarray) -> np.ndarray:
    """``array`` as a plain ndarray (a view of the same memory if it is mapped)."""
    return array.view(np.ndarray) if isinstance(array, np.memmap) else array


def _save_array(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as handle:
        np.save(handle, array, allow_pickle=False)
        handle.flush()
        os.fsync(handle.fileno())


def _write_file(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


class ReferenceBM25:
    """rank-bm25 behind :class:`BM25Index`'s search API: slow, for reference.

    ``variant="okapi"`` is ``BM25Okapi`` itself; ``"lucene"`` is BM25Okapi
    with its idf table replaced by the Lucene formula.
    """

    def __init__(
        self,
        docs: Sequence[Sequence[str]],
        *,
        variant: Variant = "lucene",
        k1: float = 1.2,
        b: float = 0.75,
        epsilon: float = 0.25,
    ):
        from rank_bm25 import BM25Okapi

        self.variant: Variant = variant
        self._docs = [list(d) for d in docs]
        self._n = len(self._docs)
        # rank-bm25 divides by the average length: an all-empty corpus has none.
        has_terms = any(self._docs)
        self._model = BM25Okapi(self._docs, k1=k1, b=b, epsilon=epsilon) if has_terms else None
        if self._model is not None and variant == "lucene":
            df: dict[str, int] = {}
            for freqs in self._model.doc_freqs:
                for term in freqs:
                    df[term] = df.get(term, 0) + 1
            idf = lucene_idf(self._n, list(df.values()))
            self._model.idf = dict(zip(df, idf.tolist(), strict=True))

    @property
    def n_docs(self) -> int:
        """Number of documents indexed."""
        return self._n

    def score(
        self,
        query_terms: Sequence[str],
        doc_ids: Sequence[int] | np.ndarray,
        stats: ScopeStats | None = None,
    ) -> np.ndarray:
        """rank-bm25's scores of the given documents (whole-corpus statistics: ``stats`` unused)."""
        if self._model is None:
            return np.zeros(len(doc_ids))
        return self._all_scores(query_terms)[np.asarray(doc_ids, dtype=np.int64)]

    def _all_scores(self, query_terms: Sequence[str]) -> np.ndarray:
        # With b = 1 rank-bm25 computes 0/0 for an empty document; it shares
        # no term with any query, so its score is 0.
        with np.errstate(invalid="ignore", divide="ignore"):
            scores = np.asarray(self._model.get_scores(list(query_terms)))
        return np.nan_to_num(scores, nan=0.0)

    def search(
        self,
        query_terms: Sequence[str],
        k: int,
        candidates: np.ndarray | None = None,
        stats: ScopeStats | None = None,
    ) -> list[tuple[int, float]]:
        """Same contract as :meth:`BM25Index.search`, by scoring every document.

        The reference keeps whole-corpus statistics (``stats`` is not used).
        """
        if self._model is None or k <= 0:
            return []
        scores = self._all_scores(query_terms)
        terms = set(query_terms)
        shares = np.fromiter(
            (not terms.isdisjoint(freqs) for freqs in self._model.doc_freqs),
            dtype=bool,
            count=self._n,
        )
        if candidates is not None:
            allowed = np.asarray(candidates)
            mask = np.zeros(self._n, dtype=bool)
            if allowed.dtype == bool:
                mask[:] = allowed
            else:
                mask[allowed.astype(np.int64)] = True
            shares &= mask
        ids = np.flatnonzero(shares)
        return rank(ids, scores[ids], k)
