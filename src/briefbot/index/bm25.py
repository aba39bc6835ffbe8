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
postings, adds them per document with ``np.bincount`` and picks the top k
with ``np.argpartition`` over the touched postings, never over the whole
corpus. Filters restrict the *candidates* (postings are masked, or for few
candidates looked up by binary search) before anything is ranked.

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
from .scratch import ScratchPool

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

    @property
    def n_docs(self) -> int:
        """Number of documents indexed."""
        return int(self.doc_len.shape[0])

    def __len__(self) -> int:
        return self.n_docs

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

        ``flat`` (int64) holds every document's term ids in turn, ``lengths``
        (int64) each document's number of terms; ids index ``vocabulary``,
        numbered by first occurrence.
        """
        if variant not in ("lucene", "okapi"):
            raise ValueError(f"unknown BM25 variant {variant!r}: expected 'lucene' or 'okapi'")
        n_docs = int(lengths.shape[0])
        total = int(lengths.sum())
        n_terms = len(vocabulary)
        owner = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
        # One key per (term, doc) pair; sorting groups postings by term, docs ascending.
        keys, tf = np.unique(flat * max(n_docs, 1) + owner, return_counts=True)
        del flat, owner
        posting_term = keys // max(n_docs, 1)
        posting_doc = (keys - posting_term * max(n_docs, 1)).astype(np.int32)
        df = np.bincount(posting_term, minlength=n_terms)
        indptr = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        avgdl = total / n_docs if n_docs else 0.0
        if variant == "okapi":
            idf, _ = okapi_idf(n_docs, df.tolist(), epsilon)
        else:
            idf = lucene_idf(n_docs, df.tolist())
        weights = (
            term_weights(idf[posting_term], tf, lengths[posting_doc], avgdl, k1, b)
            if keys.size
            else np.zeros(0, dtype=np.float64)
        )
        log.debug("built BM25 index: %d docs, %d terms, %d postings", n_docs, n_terms, keys.size)
        return cls(
            vocabulary=vocabulary,
            indptr=indptr,
            doc_ids=posting_doc,
            weights=weights.astype(np.float64, copy=False),
            tf=tf.astype(np.int32),
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
                return _rank(allowed[matched], scores[matched], k)
        lists = [self.doc_ids[s:e] for s, e in bounds]
        weights = [
            self._weights(t, slice(s, e), stats) for t, (s, e) in zip(tids, bounds, strict=True)
        ]
        if mask is not None:
            keep = [mask[ids] for ids in lists]
            lists = [ids[kept] for ids, kept in zip(lists, keep, strict=True)]
            weights = [w[kept] for w, kept in zip(weights, keep, strict=True)]
        if len(lists) == 1:
            return _top_entries(lists[0], weights[0], k, 1, None)
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
                return _top_of_totals(ids, totals, k, sizes, dense=False)
        totals = np.bincount(ids, weights=weights)
        return _top_of_totals(ids, totals, k, sizes, dense=True)

    def _restriction(
        self, candidates: np.ndarray, few: int
    ) -> tuple[np.ndarray | None, np.ndarray | None]:
        """(mask, None) for the documents ``candidates`` allows; (None, their ids) if <= ``few``."""
        allowed = np.asarray(candidates)
        if allowed.dtype == bool:
            if allowed.shape != (self.n_docs,):
                raise ValueError("a boolean candidate mask must cover every document")
            # A mask is used as it is: listing its documents costs a pass over the corpus.
            if np.count_nonzero(allowed) > few:
                return allowed, None
            return None, np.flatnonzero(allowed)
        allowed = allowed.astype(np.int64, copy=False).ravel()
        if allowed.size and (allowed.min() < 0 or allowed.max() >= self.n_docs):
            raise ValueError("candidate doc index out of range")
        allowed = _distinct(allowed)
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


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (np.unique without its lazy import of numpy.ma)."""
    ordered = np.sort(values)
    if ordered.size < 2:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _rank(ids: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """Sort a small set of distinct documents: score descending, then doc index."""
    order = np.lexsort((ids, -scores))[:k]
    return [(int(ids[i]), float(scores[i])) for i in order]


def _top_of_totals(
    ids: np.ndarray, totals: np.ndarray, k: int, sizes: list[int], dense: bool
) -> list[tuple[int, float]]:
    """Top k of the documents ``ids`` touched, whose sums ``totals`` holds (by document).

    ``ids`` joins posting lists of lengths ``sizes``; ``dense`` says every
    slot of ``totals`` not touched is 0, so that one pass over it may
    replace a look-up per posting.
    """
    found = _top_by_floor(ids, totals, sizes, k, dense)
    if found is not None:
        return found
    return _top_entries(ids, totals[ids], k, len(sizes), totals)


def _top_by_floor(
    ids: np.ndarray, totals: np.ndarray, sizes: list[int], k: int, dense: bool
) -> list[tuple[int, float]] | None:
    """Top k documents by total, found from a floor instead of ranking every posting.

    ``ids`` holds each term's postings one after the other (``sizes``). The
    documents of one list are distinct real candidates, so a lower bound of
    the k-th best total among those of the shortest list holding at least k
    (:func:`_floor`) is at most the k-th best overall: every document at or
    above it is kept (ties included) by one comparison over ``totals``, and
    only those are ranked. With common words this skips ranking hundreds of
    thousands of postings. None (use :func:`_top_entries`) when no list has
    k documents or the floor is not positive (a document whose terms add to
    0 or less would then be indistinguishable from one the query never
    touched).
    """
    long_enough = [(size, i) for i, size in enumerate(sizes) if size >= k]
    if not long_enough:
        return None
    size, shortest = min(long_enough)
    start = sum(sizes[:shortest])
    floor = _floor(totals[ids[start : start + size]], k)
    if not floor > 0:
        return None
    chosen = np.flatnonzero(totals >= floor) if dense else _distinct(ids[totals[ids] >= floor])
    if chosen.size > 64 * k:  # a low floor: narrow it over the chosen ones first
        values = totals[chosen]
        chosen = chosen[values >= _kth_largest(values, k)]
    return _rank(chosen, totals[chosen], k)


_RUNS_PER_PLACE = 4
"""How many runs :func:`_floor` cuts its values into, per place of the top k."""


def _floor(values: np.ndarray, k: int) -> float:
    """A lower bound of the k-th largest of ``values`` (distinct documents' scores, >= k of them).

    Cut the values into 4k equal runs and take each run's maximum: k of
    those maxima are at or above their own k-th largest, and each belongs
    to another document, so that k-th largest is a floor of the k-th best.
    One pass and a partition of 4k numbers, instead of a partition of every
    value: the floor is a little lower than the exact one, which only lets
    a few more documents into the ranking.
    """
    runs = _RUNS_PER_PLACE * k
    if values.size < 8 * runs:  # too few to be worth cutting: the exact k-th largest
        return _kth_largest(values, k)
    return _kth_largest(values[: values.size // runs * runs].reshape(runs, -1).max(axis=1), k)


def _kth_largest(values: np.ndarray, k: int) -> float:
    """The k-th largest of ``values`` (which holds at least k)."""
    return float(np.partition(values, values.size - k)[values.size - k])


def _top_entries(
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
            positions = np.flatnonzero(entry_scores >= _floor(entry_scores, k))
            if positions.size > 64 * k:  # a low floor: narrow it over those kept first
                values = entry_scores[positions]
                positions = positions[values >= _kth_largest(values, k)]
        else:
            positions = np.arange(size)
        return _rank(ids[positions].astype(np.int64), entry_scores[positions], k)
    assert totals is not None
    want = k * per_doc
    if want < size:
        best = np.argpartition(entry_scores, size - want)[size - want :]
        pool_scores = totals[_distinct(ids[best])]
        floor = np.partition(pool_scores, pool_scores.size - k)[pool_scores.size - k]
        chosen = _distinct(ids[entry_scores >= floor])
    else:
        chosen = _distinct(ids)
    return _rank(chosen.astype(np.int64), totals[chosen], k)


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
        return _rank(ids, scores[ids], k)
