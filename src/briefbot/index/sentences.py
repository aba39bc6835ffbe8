"""Sentences of every passage, and the terms each holds, computed at index time.

The answer engine scores a candidate passage sentence by sentence (windows
of two sentences, the sentence next to a turn's cut). Finding sentence
boundaries and tokenizing each sentence costs tens of microseconds per
passage, and a question looks at a hundred or more, so the index does it
once for every passage and keeps the result as compressed-row arrays:

``sentence_ptr.npy`` (int64, passages + 1)
    passage i's sentences are rows ``ptr[i] .. ptr[i + 1]``;
``sentence_bounds.npy`` (int32, sentences x 2)
    each sentence's [start, end) in the passage text, in characters;
``sentence_term_ptr.npy`` (int64, sentences + 1) + ``sentence_terms.npy`` (int32)
    the distinct BM25 term ids each sentence holds, ascending.

A sentence's terms are exactly ``tokenize`` of its text: the tokenizer cuts
text into chunks that never hold white space, and a sentence boundary always
falls on white space, so no chunk straddles two sentences. The sentences'
terms joined in order are therefore the passage's terms, and the index build
tokenizes each passage once (:func:`tokenize_sentences`) for both BM25 and
this index.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import IndexError_
from ..sentences import split_sentences
from .tokenize import tokenize
from .topk import distinct

__all__ = ["SentenceIndex", "SentenceSpans", "TokenizedText", "sentence_spans",
           "tokenize_sentences", "SENTENCE_FILES"]

_PTR, _BOUNDS = "sentence_ptr.npy", "sentence_bounds.npy"
_TERM_PTR, _TERMS = "sentence_term_ptr.npy", "sentence_terms.npy"
SENTENCE_FILES = (_PTR, _BOUNDS, _TERM_PTR, _TERMS)
"""Files every persisted index holds for its sentences."""
_BLOCK = 1 << 20
"""Terms :meth:`SentenceIndex.from_ids` sorts at once (~8 MB per temporary; all at once
they took ~1.5 GB at 1.4M passages: bench/RESULTS.md, "Build memory at 1M")."""


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of a passage (``briefbot.sentences``), space trimmed."""
    return split_sentences(text) or [(0, len(text))]


TokenizedText = tuple[list[tuple[int, int]], list[str], list[int]]
"""(sentence spans, the text's terms, per sentence the end of its terms in that list)."""


def tokenize_sentences(text: str) -> TokenizedText:
    """A passage cut into sentences and tokenized once, sentence by sentence.

    The terms are exactly ``tokenize(text)`` (see the module docstring), so
    the index build uses them as the passage's text terms and tokenizes
    nothing twice; sentence k's terms are ``terms[cuts[k - 1]:cuts[k]]``
    (from 0 for the first).
    """
    spans = sentence_spans(text)
    terms: list[str] = []
    cuts: list[int] = []
    for start, end in spans:
        terms += tokenize(text, start, end)
        cuts.append(len(terms))
    return spans, terms, cuts


@dataclasses.dataclass(eq=False)
class SentenceIndex:
    """Per passage its sentence ranges and, per sentence, the term ids it holds."""

    ptr: np.ndarray
    bounds: np.ndarray
    term_ptr: np.ndarray
    terms: np.ndarray

    def __len__(self) -> int:
        return int(self.ptr.shape[0]) - 1

    @classmethod
    def build(cls, texts: Iterable[str], term_ids: Mapping[str, int]) -> SentenceIndex:
        """Split and tokenize every text; terms the mapping lacks are left out."""
        return cls.from_tokenized(map(tokenize_sentences, texts), term_ids)

    @classmethod
    def from_tokenized(
        cls, passages: Iterable[TokenizedText], term_ids: Mapping[str, int]
    ) -> SentenceIndex:
        """The index of passages already split and tokenized by :func:`tokenize_sentences`.

        A passage's ``terms`` may run on past its last cut (the index build
        appends the speaker, section and title terms to them): only the
        terms up to the last cut belong to its sentences.
        """
        ptr = [0]
        bounds: list[int] = []
        sizes: list[int] = []  # terms per sentence
        words: list[str] = []  # every sentence's terms, one after the other
        for spans, text_terms, cuts in passages:
            start = 0
            for (first, last), cut in zip(spans, cuts, strict=True):
                bounds += (first, last)
                sizes.append(cut - start)
                start = cut
            words += text_terms[:start]
            ptr.append(ptr[-1] + len(spans))
        get = term_ids.get
        ids = np.fromiter((get(t, -1) for t in words), dtype=np.int64, count=len(words))
        del words
        return cls.from_ids(np.asarray(ptr, dtype=np.int64),
                            np.asarray(bounds, dtype=np.int32).reshape(-1, 2),
                            np.asarray(sizes, dtype=np.int64), ids)

    @classmethod
    def from_ids(
        cls, ptr: np.ndarray, bounds: np.ndarray, sizes: np.ndarray, ids: np.ndarray
    ) -> SentenceIndex:
        """The index from arrays: passage i's sentences are rows ``ptr[i] .. ptr[i + 1]``
        of ``bounds`` ([start, end) each); sentence k holds ``sizes[k]`` of ``ids``, every
        sentence's term ids in turn (any integer type; -1: a term the index lacks, left out).

        Sentences are taken a block at a time (about :data:`_BLOCK` terms), so the
        temporaries stay a few tens of MB whatever the corpus's size."""
        n_sentences = int(sizes.shape[0])
        ends = np.cumsum(sizes, dtype=np.int64)  # where each sentence's terms end
        counts = np.zeros(n_sentences, dtype=np.int64)
        parts: list[np.ndarray] = []
        first = start = 0
        while first < n_sentences:
            last = max(int(np.searchsorted(ends, start + _BLOCK, side="right")), first + 1)
            end = int(ends[last - 1])
            block = ids[start:end].astype(np.int64)
            owner = np.repeat(np.arange(last - first, dtype=np.int64), sizes[first:last])
            known = block >= 0
            block, owner = block[known], owner[known]
            # One sort of (sentence, term id) keys: each sentence's distinct ids, ascending.
            width = int(block.max()) + 1 if block.size else 1
            keys = distinct(owner * width + block)
            counts[first:last] = np.bincount(keys // width, minlength=last - first)
            parts.append((keys % width).astype(np.int32))
            first, start = last, end
        term_ptr = np.zeros(n_sentences + 1, dtype=np.int64)
        np.cumsum(counts, out=term_ptr[1:])
        return cls(
            ptr=ptr,
            bounds=bounds,
            term_ptr=term_ptr,
            terms=np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32),
        )

    def spans(self, i: int) -> list[tuple[int, int]]:
        """Sentence ranges of passage i, as ``sentence_spans`` of its text gives them."""
        first, last = self.ptr[i : i + 2].tolist()
        flat = self.bounds[first:last].ravel().tolist()
        return list(zip(flat[0::2], flat[1::2]))

    def sentence_terms(self, i: int, wanted: Mapping[int, str]) -> list[set[str]]:
        """For each sentence of passage i, the terms it holds among ``wanted`` (id -> term)."""
        first, last = self.ptr[i : i + 2].tolist()
        cuts = self.term_ptr[first : last + 1].tolist()
        ids = self.terms[cuts[0] : cuts[-1]].tolist()
        base = cuts[0]
        out = []
        for a, b in zip(cuts, cuts[1:]):
            out.append({wanted[t] for t in ids[a - base : b - base] if t in wanted})
        return out

    # -- persistence ----------------------------------------------------------

    def save(self, directory: Path, write_array: Any) -> None:
        """Write the four arrays with the store's fsyncing writer."""
        for name, array in zip(SENTENCE_FILES, (self.ptr, self.bounds, self.term_ptr, self.terms)):
            write_array(directory / name, array)

    @classmethod
    def load(cls, directory: Path, n_passages: int, n_terms: int, *, mmap_arrays: bool) -> SentenceIndex:
        """Read arrays written by :meth:`save`; IndexError_ if they do not fit the index."""
        mode = "r" if mmap_arrays else None
        try:
            ptr, bounds, term_ptr, terms = (
                np.load(directory / name, mmap_mode=mode, allow_pickle=False)
                for name in SENTENCE_FILES)
        except (OSError, ValueError, EOFError) as exc:
            raise IndexError_(f"corrupt sentence arrays in {directory}: {exc}") from None
        fits = (
            ptr.dtype == np.int64 and ptr.shape == (n_passages + 1,)
            and bounds.dtype == np.int32 and bounds.ndim == 2 and bounds.shape[1] == 2
            and term_ptr.dtype == np.int64 and term_ptr.shape == (bounds.shape[0] + 1,)
            and terms.dtype == np.int32 and terms.ndim == 1
        )
        if fits and n_passages:
            fits = (int(ptr[0]) == 0 and int(ptr[-1]) == bounds.shape[0]
                    and bool(np.all(ptr[1:] > ptr[:-1])))
        if fits and term_ptr.size:
            fits = (int(term_ptr[0]) == 0 and int(term_ptr[-1]) == terms.shape[0]
                    and bool(np.all(term_ptr[1:] >= term_ptr[:-1])))
        if fits and terms.size:
            fits = int(terms.min()) >= 0 and int(terms.max()) < n_terms
        if not fits:
            raise IndexError_(f"sentence arrays in {directory} do not match the index")
        # Plain views: np.memmap's per-access overhead dominates small reads.
        return cls(ptr=ptr.view(np.ndarray), bounds=bounds.view(np.ndarray),
                   term_ptr=term_ptr.view(np.ndarray), terms=terms.view(np.ndarray))


class SentenceSpans:
    """``spans(passage)``: its sentence ranges, as the index stored them, or computed once
    and kept (at most ``keep``). Holds no corpus, so a cache that keeps it (the search
    lenses) makes no reference cycle through the corpus."""

    def __init__(self, stored: SentenceIndex | None, text_of: Callable[[int], str], keep: int):
        self._stored = stored
        self._text_of = text_of
        self._keep = keep
        self._kept: dict[int, list[tuple[int, int]]] = {}

    def __call__(self, index: int) -> list[tuple[int, int]]:
        if self._stored is not None:
            return self._stored.spans(index)
        found = self._kept.get(index)
        if found is None:
            found = sentence_spans(self._text_of(index))
            if len(self._kept) > self._keep:
                self._kept.clear()
            self._kept[index] = found
        return found
