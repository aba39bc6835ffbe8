"""A new index from the previous one plus the briefings that changed, exact to a full build.

When one briefing of thousands is added, edited or removed, reading,
parsing and tokenizing every file again costs tens of CPU-seconds; the
previous index already holds every unchanged briefing's postings, term
frequencies, lengths, sentences and passage columns. :func:`splice`
builds the next index from those arrays and the few new passages:

* passages keep the order a full build gives (briefings in path order,
  each briefing's passages in order), so every passage index, tie-break
  and page of results is the full build's;
* the unchanged postings are renumbered (one array lookup) and stay sorted,
  the new ones are merged in by binary search, terms no document holds any
  more are dropped;
* N, every df, avgdl, idf and every posting's weight are recomputed from
  the term frequencies with the same functions and the same order of
  operations as :meth:`BM25Index.build`, so each score is bit for bit the
  full build's (a test compares them);
* string tables of the passage columns are put back in first-seen order,
  so the columns equal the full build's too.

Term ids are not the full build's (unchanged terms keep theirs, new ones
come after); nothing outside the index reads them. The ``okapi`` variant
averages idf over the vocabulary *in first-occurrence order* for its
epsilon floor, so it, the rank-bm25 reference engine and passages with
irregular ids are left to a full build (:func:`splice` returns None).
The work is a few vectorised passes over the postings: ~O(postings), with
no Python loop over unchanged passages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from ..config import Settings
from ..models import Briefing, Passage
from .bm25 import BM25Index, ReferenceBM25, lucene_idf, posting_weights
from .columns import PassageColumns
from .documents import document_terms
from .sentences import SentenceIndex, tokenize_sentences

__all__ = ["Spliced", "splice"]

Source = tuple[Passage, ...] | int  # new passages, or the previous index's briefing holding them


@dataclasses.dataclass(frozen=True)
class Spliced:
    """The arrays of the new index."""

    bm25: BM25Index
    columns: PassageColumns
    sentences: SentenceIndex
    passage_briefing: np.ndarray


@dataclasses.dataclass(frozen=True)
class _Old:
    start: int  # passage range in the previous index
    end: int


@dataclasses.dataclass(frozen=True)
class _New:
    passages: tuple[Passage, ...]
    briefing: int  # position in the new corpus


def splice(
    bm25: BM25Index | ReferenceBM25,
    columns: PassageColumns | None,
    sentences: SentenceIndex | None,
    passage_briefing: np.ndarray,
    n_briefings: int,
    briefings: Sequence[Briefing],
    sources: Sequence[Source],
    settings: Settings,
) -> Spliced | None:
    """The next index's arrays, or None when only a full build gives the exact index."""
    options = settings.index
    if (not isinstance(bm25, BM25Index) or columns is None or sentences is None
            or columns.ids is not None or options.engine == "rank_bm25"
            or options.variant != "lucene" or bm25.variant != "lucene"
            or (bm25.k1, bm25.b) != (options.k1, options.b)):
        return None
    owner = np.asarray(passage_briefing, dtype=np.int64)
    if owner.size and bool(np.any(owner[1:] < owner[:-1])):
        return None
    bounds = np.searchsorted(owner, np.arange(n_briefings + 1)).tolist()
    parts: list[_Old | _New] = []
    counts: list[int] = []
    for at, source in enumerate(sources):
        if isinstance(source, int):
            start, end = bounds[source], bounds[source + 1]
            last = parts[-1] if parts else None
            if isinstance(last, _Old) and last.end == start:
                parts[-1] = _Old(last.start, end)
            else:
                parts.append(_Old(start, end))
            counts.append(end - start)
            continue
        briefing_id = briefings[at].id
        if any(p.briefing_id != briefing_id or p.id != f"{briefing_id}#{p.order}"
               for p in source):
            return None
        parts.append(_New(tuple(source), at))
        counts.append(len(source))
    return _Splicer(bm25, columns, sentences, parts, briefings, counts).run()


class _Splicer:
    """One splice's working state (see the module docstring)."""

    def __init__(self, bm25: BM25Index, columns: PassageColumns, sentences: SentenceIndex,
                 parts: list[_Old | _New], briefings: Sequence[Briefing], counts: list[int]):
        self.bm25, self.columns, self.sentences = bm25, columns, sentences
        self.parts, self.briefings = parts, briefings
        self.owner = np.repeat(np.arange(len(counts), dtype=np.int32),
                               np.asarray(counts, dtype=np.int64))
        self.n_docs = int(self.owner.shape[0])
        sizes = [p.end - p.start if isinstance(p, _Old) else len(p.passages) for p in parts]
        self.starts = np.r_[0, np.cumsum(sizes, dtype=np.int64)][:-1].tolist()
        self.term_ids = dict(bm25.term_ids)  # a copy: the served index keeps its own
        self.vocabulary = list(bm25.vocabulary)
        # Per new part: its documents' terms and sentence shapes, tokenized once.
        self.tokenized: dict[int, list[tuple[list[tuple[int, int]], list[str], list[int]]]] = {}

    def run(self) -> Spliced:
        doc_len = self._tokenize_new()
        docs, tf, df = self._merged() or self._sorted()
        # Terms no document holds any more go (they have no postings left);
        # ids stay ascending, so the sentences' term lists stay sorted.
        alive = df > 0
        renumber = None if alive.all() else np.cumsum(alive, dtype=np.int64) - 1
        vocabulary = [t for t, keep in zip(self.vocabulary, alive.tolist(), strict=True) if keep]
        df = df[alive]
        indptr = np.zeros(len(vocabulary) + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        # The same arithmetic as BM25Index.build, so every float is the same.
        total = int(doc_len.sum())
        avgdl = total / self.n_docs if self.n_docs else 0.0
        idf = lucene_idf(self.n_docs, df.tolist())
        bm25 = self.bm25
        # A block at a time, as the full build does: no posting-sized temporaries.
        weights = posting_weights(idf, indptr, docs, tf, doc_len, avgdl, bm25.k1, bm25.b)
        index = BM25Index(
            vocabulary=vocabulary, indptr=indptr, doc_ids=docs.astype(np.int32, copy=False),
            weights=weights, tf=tf.astype(np.int32, copy=False), idf=idf,
            doc_len=doc_len.astype(np.int32), variant=bm25.variant, k1=bm25.k1, b=bm25.b,
            epsilon=bm25.epsilon, avgdl=avgdl,
        )
        return Spliced(bm25=index, columns=self._columns(),
                       sentences=self._sentences(renumber), passage_briefing=self.owner)

    # -- postings -------------------------------------------------------------

    def _tokenize_new(self) -> np.ndarray:
        """Every passage's length in terms; new passages are tokenized here, once."""
        lengths: list[np.ndarray] = []
        setdefault = self.term_ids.setdefault
        for i, part in enumerate(self.parts):
            if isinstance(part, _Old):
                lengths.append(np.asarray(self.bm25.doc_len[part.start:part.end], dtype=np.int64))
                continue
            briefing = self.briefings[part.briefing]
            shapes = []
            for passage in part.passages:
                spans, text_terms, cuts = tokenize_sentences(passage.text)
                doc = document_terms(passage, briefing, text_terms)
                for term in doc:
                    if setdefault(term, len(self.term_ids)) == len(self.vocabulary):
                        self.vocabulary.append(term)
                shapes.append((spans, doc, cuts))
            self.tokenized[i] = shapes
            lengths.append(np.fromiter((len(doc) for _, doc, _ in shapes), dtype=np.int64,
                                       count=len(shapes)))
        return np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int64)

    def _fresh(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Old document -> new one (-1: gone), and the new passages' posting keys and tf.

        A key is ``term * n_docs + document``: sorted keys are postings by term, then document.
        """
        bm25, n = self.bm25, max(self.n_docs, 1)
        renumber = np.full(bm25.n_docs, -1, dtype=np.int32)  # passage numbers fit int32
        fresh_keys: list[np.ndarray] = []
        fresh_tf: list[np.ndarray] = []
        for i, part in enumerate(self.parts):
            first = self.starts[i]
            if isinstance(part, _Old):
                renumber[part.start:part.end] = np.arange(first, first + part.end - part.start)
                continue
            docs = self.tokenized[i]
            get = self.term_ids.__getitem__
            ids = np.fromiter((get(t) for _, doc, _ in docs for t in doc), dtype=np.int64)
            owner = np.repeat(np.arange(first, first + len(docs), dtype=np.int64),
                              [len(doc) for _, doc, _ in docs])
            keys, tf = np.unique(ids * n + owner, return_counts=True)
            fresh_keys.append(keys)
            fresh_tf.append(tf)
        keys = np.concatenate(fresh_keys) if fresh_keys else np.zeros(0, dtype=np.int64)
        tf = np.concatenate(fresh_tf) if fresh_tf else np.zeros(0, dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        return renumber, keys[order], tf[order]

    def _merged(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """(document, tf) of every posting by term then document, and df per term.

        The unchanged postings keep their order when the unchanged briefings
        keep theirs (always, in path order): only the new postings are placed,
        term by term, by binary search. None when they moved (see ``_sorted``).
        """
        starts = [p.start for p in self.parts if isinstance(p, _Old)]
        if any(b < a for a, b in zip(starts, starts[1:], strict=False)):
            return None
        bm25, n = self.bm25, max(self.n_docs, 1)
        n_terms = len(self.vocabulary)
        renumber, keys, fresh_tf = self._fresh()
        docs = renumber[bm25.doc_ids]  # int32, as the index stores them
        kept = docs >= 0
        old_df = np.diff(bm25.indptr)
        tf = np.asarray(bm25.tf, dtype=np.int32)
        if kept.all():
            kept_df = old_df
        else:
            docs, tf = docs[kept], tf[kept]
            running = np.zeros(kept.size + 1, dtype=np.int64)
            np.cumsum(kept, out=running[1:])
            kept_df = running[bm25.indptr[1:]] - running[bm25.indptr[:-1]]
        df = np.zeros(n_terms, dtype=np.int64)
        df[:kept_df.size] = kept_df
        if keys.size:
            terms, fresh_docs = keys // n, keys % n
            starts_at = np.zeros(n_terms + 1, dtype=np.int64)
            np.cumsum(df, out=starts_at[1:])
            at = np.empty(keys.size, dtype=np.int64)
            bounds = np.flatnonzero(np.r_[True, terms[1:] != terms[:-1], True])
            for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
                t = int(terms[a])
                lo, hi = int(starts_at[t]), int(starts_at[t + 1])
                at[a:b] = lo + np.searchsorted(docs[lo:hi], fresh_docs[a:b])
            docs = np.insert(docs, at, fresh_docs)
            tf = np.insert(tf, at, fresh_tf)
            df += np.bincount(terms, minlength=n_terms)
        return docs, tf, df

    def _sorted(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """What ``_merged`` gives, by sorting every posting (unchanged briefings reordered)."""
        terms, docs, tf = self._postings()
        return docs, tf, np.bincount(terms, minlength=len(self.vocabulary))

    def _postings(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(term, document, tf) of every posting, sorted by term then document."""
        bm25, n = self.bm25, max(self.n_docs, 1)
        renumber, new_keys, new_tf = self._fresh()
        old_terms = np.repeat(np.arange(len(bm25.indptr) - 1, dtype=np.int64),
                              np.diff(bm25.indptr))
        old_docs = renumber[bm25.doc_ids]
        kept = old_docs >= 0
        keys = np.concatenate([old_terms[kept] * n + old_docs[kept], new_keys])
        tf = np.concatenate([np.asarray(bm25.tf, dtype=np.int64)[kept], new_tf])
        order = np.argsort(keys, kind="stable")
        keys, tf = keys[order], tf[order]
        terms = keys // n
        return terms, keys - terms * n, tf

    # -- sentences and columns --------------------------------------------------

    def _sentences(self, renumber: np.ndarray | None) -> SentenceIndex:
        """The sentence index of the new passages; ``renumber`` maps old term ids (None: same)."""
        old = self.sentences
        per_passage: list[np.ndarray] = []
        bounds: list[np.ndarray] = []
        per_sentence: list[np.ndarray] = []
        terms: list[np.ndarray] = []
        for i, part in enumerate(self.parts):
            if isinstance(part, _Old):
                first, last = int(old.ptr[part.start]), int(old.ptr[part.end])
                lo, hi = int(old.term_ptr[first]), int(old.term_ptr[last])
                source = (old.ptr[part.start:part.end + 1], old.bounds[first:last],
                          old.term_ptr[first:last + 1], old.terms[lo:hi])
            else:
                new = SentenceIndex.from_tokenized(self.tokenized[i], self.term_ids)
                source = (new.ptr, new.bounds, new.term_ptr, new.terms)
            ptr, rows, term_ptr, ids = source
            per_passage.append(np.diff(ptr))
            bounds.append(np.asarray(rows, dtype=np.int32))
            per_sentence.append(np.diff(term_ptr))
            terms.append(np.asarray(ids, dtype=np.int32))
        ptr = np.zeros(self.n_docs + 1, dtype=np.int64)
        if per_passage:
            np.cumsum(np.concatenate(per_passage), out=ptr[1:])
        sizes = np.concatenate(per_sentence) if per_sentence else np.zeros(0, dtype=np.int64)
        term_ptr = np.zeros(sizes.size + 1, dtype=np.int64)
        np.cumsum(sizes, out=term_ptr[1:])
        flat = np.concatenate(terms) if terms else np.zeros(0, dtype=np.int32)
        rows = np.concatenate(bounds) if bounds else np.zeros((0, 2), np.int32)
        return SentenceIndex(
            ptr=ptr,
            bounds=rows.reshape(-1, 2),
            term_ptr=term_ptr,
            terms=flat if renumber is None else renumber[flat].astype(np.int32),
        )

    def _columns(self) -> PassageColumns:
        old = self.columns
        briefing_ids = [b.id for b in self.briefings]
        pieces: dict[str, list[np.ndarray]] = {f: [] for f in ("order", "span", "role", "kind")}
        coded = {"speaker": "speakers", "label": "labels", "section": "sections",
                 "pages": "page_labels"}
        tables = {f: _Table(getattr(old, t)) for f, t in coded.items()}
        codes: dict[str, list[np.ndarray]] = {f: [] for f in coded}
        texts: list[bytes | memoryview] = []  # joined once: the text is copied once
        lengths: list[np.ndarray] = []
        for part in self.parts:
            if isinstance(part, _Old):
                source, rows = old, slice(part.start, part.end)
                offsets = old.text_offsets[part.start:part.end + 1]
                texts.append(memoryview(old.text)[int(offsets[0]):int(offsets[-1])])
                maps = {f: None for f in coded}
            else:
                owner = np.full(len(part.passages), part.briefing, dtype=np.int32)
                source = PassageColumns.from_passages(part.passages, briefing_ids, owner)
                rows, offsets = slice(None), source.text_offsets
                texts.append(bytes(source.text))
                maps = {f: tables[f].add(getattr(source, t)) for f, t in coded.items()}
            lengths.append(np.diff(offsets))
            for field, out in pieces.items():
                out.append(np.asarray(getattr(source, field)[rows]))
            for field, mapping in maps.items():
                values = np.asarray(getattr(source, field)[rows], dtype=np.int64)
                if mapping is not None and mapping.size:
                    values = np.where(values >= 0, mapping[np.maximum(values, 0)], -1)
                codes[field].append(values)
        n = self.n_docs
        text_offsets = np.zeros(n + 1, dtype=np.int64)
        if lengths:
            np.cumsum(np.concatenate(lengths), out=text_offsets[1:])
        joined = {f: _join(v, _WIDTH.get(f), _DTYPES[f]) for f, v in pieces.items()}
        ordered = {f: _first_seen(_join(v, _WIDTH.get(f), np.int64), tables[f].values)
                   for f, v in codes.items()}
        return PassageColumns(
            briefing_ids=briefing_ids, passage_briefing=self.owner, text=b"".join(texts),
            text_offsets=text_offsets, order=joined["order"], span=joined["span"],
            role=joined["role"], kind=joined["kind"],
            speaker=ordered["speaker"][0], speakers=ordered["speaker"][1],
            label=ordered["label"][0], labels=ordered["label"][1],
            section=ordered["section"][0], sections=ordered["section"][1],
            pages=ordered["pages"][0], page_labels=ordered["pages"][1],
        )


_WIDTH = {"span": 4, "pages": 2}
_DTYPES = {"order": np.int64, "span": np.int64, "role": np.int8, "kind": np.int8}


def _join(arrays: list[np.ndarray], width: int | None, dtype: type) -> np.ndarray:
    shape = (0, width) if width else (0,)
    if not arrays:
        return np.zeros(shape, dtype=dtype)
    return np.concatenate([np.asarray(a, dtype=dtype).reshape((-1, *shape[1:])) for a in arrays])


class _Table:
    """A string table grown by the new passages' tables (codes of old ones unchanged)."""

    def __init__(self, values: Sequence[str]):
        self.values = list(values)
        self.codes = {v: i for i, v in enumerate(self.values)}

    def add(self, values: Sequence[str]) -> np.ndarray:
        """Codes in this table of another table's strings (added when new)."""
        out = np.empty(len(values), dtype=np.int64)
        for i, value in enumerate(values):
            code = self.codes.get(value)
            if code is None:
                code = self.codes[value] = len(self.values)
                self.values.append(value)
            out[i] = code
        return out


def _first_seen(codes: np.ndarray, table: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """Codes renumbered so the table lists the strings in use in first-seen order."""
    flat = codes.ravel()
    used = flat >= 0
    if not used.any():
        return np.full(codes.shape, -1, dtype=np.int32), []
    values, first = np.unique(flat[used], return_index=True)
    order = values[np.argsort(first, kind="stable")]
    new_code = np.full(len(table), -1, dtype=np.int64)
    new_code[order] = np.arange(order.size)
    out = np.full(flat.shape, -1, dtype=np.int64)
    out[used] = new_code[flat[used]]
    return out.reshape(codes.shape).astype(np.int32), [table[i] for i in order.tolist()]
