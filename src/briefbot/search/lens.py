"""Which of one question's terms each candidate passage holds, sentence by sentence.

Coverage, sentence windows and the confidence rule (``scoring.py``) only
ever look at a passage's terms *through* the question: ``credits`` keeps
the terms that can earn credit (``Alias.relevant``: the question's terms,
their variants, expansions and phrase parts) and drops the rest. So the
engine never needs every term of a candidate, only which relevant terms
each of its sentences holds. Tokenizing whole passages for that costs
about half a millisecond each on a cold cache, and a question looks at a
hundred or more (candidates and their turn neighbours).

A :class:`TermLens` answers it with little tokenizing:

1. the BM25 postings say which relevant terms a passage's *document* holds
   (its text plus speaker name, section and title: a superset of its
   text's terms), for all candidates at once; a passage holding none of
   them gets one empty sentence, which every window and union treats
   exactly like its real, equally empty, sentences;
2. otherwise only the words that can produce one of those terms are
   tokenized. A plain ASCII word (letters and digits, inner apostrophes)
   is a single token, and its term, if any, starts with the word's first
   letter in lower case: the Snowball stemmer only rewrites endings. Any
   other word (non-ASCII, hyphenated, dotted, numbers with separators) is
   tokenized whatever it starts with.

The result equals ``[set(tokenize(s)) & relevant for s in sentences]`` for a
passage that holds a relevant term, and is equivalent (see 1.) otherwise.

With a persisted index, step 2 needs no text at all: the index keeps each
sentence's term ids (``briefbot.index.sentences``), and the lens only keeps
those of its relevant terms.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from ..index.tokenize import tokenize

__all__ = ["TermLens", "could_hold"]

_EDGE = string.punctuation.replace("_", "")  # '_' is a word character to the tokenizer
_EMPTY: frozenset[str] = frozenset()
_CACHE = 4096  # passages per lens


def could_hold(piece: str, firsts: frozenset[str] | set[str]) -> bool:
    """Whether a whitespace-free piece of text may yield a term starting with one of ``firsts``.

    False only for a plain ASCII word (punctuation around it aside) whose
    first letter, lower-cased, is not in ``firsts``.
    """
    core = piece.strip(_EDGE)
    if not core:
        return False  # ASCII punctuation only: no word at all
    if not core.isascii() or core[0].lower() in firsts:
        return True
    if core.isalnum():
        return False
    # "China's" is one word; "a''b", "U.S", "1,000", "x-ray" are not plain.
    return not ("'" in core and "''" not in core and core.replace("'", "").isalnum())


class TermLens:
    """One question's relevant terms, looked up per passage and per sentence (see module docs)."""

    def __init__(
        self,
        relevant: Iterable[str],
        *,
        postings: Callable[[str], np.ndarray] | None,
        text_of: Callable[[int], str],
        spans_of: Callable[[int], list[tuple[int, int]]],
        stored: Any = None,
        term_ids: Mapping[str, int] | None = None,
    ):
        """``stored`` (a ``SentenceIndex``) with the ``term_ids`` its ids refer to
        replaces tokenizing: each sentence's terms are read from the index."""
        self.relevant = frozenset(relevant)
        self._stored = stored if term_ids is not None else None
        self._wanted: dict[int, str] = (
            {term_ids[t]: t for t in self.relevant if t in term_ids} if term_ids is not None else {})
        self._postings = postings
        self._text_of = text_of
        self._spans_of = spans_of
        self._held: dict[int, frozenset[str]] = {}
        self._sentences: dict[int, list[set[str]]] = {}
        # Each relevant term's posting list (ascending document ids), None for no index.
        self._lists: list[tuple[str, np.ndarray]] | None = None

    def _term_lists(self) -> list[tuple[str, np.ndarray]] | None:
        if self._postings is None:
            return None
        if self._lists is None:
            lists = []
            for term in sorted(self.relevant):
                found = self._postings(term)
                if found.size:
                    lists.append((term, found))
            self._lists = lists
        return self._lists

    def prefetch(self, ids: np.ndarray) -> None:
        """Look up which relevant terms each of these passages holds, all at once."""
        lists = self._term_lists()
        if lists is None:
            return
        ids = np.asarray(ids, dtype=np.int64)
        ids = ids[[int(i) not in self._held for i in ids.tolist()]] if self._held else ids
        if not ids.size:
            return
        holds = np.zeros((len(lists), ids.size), dtype=bool)
        for row, (_term, docs) in enumerate(lists):
            at = np.searchsorted(docs, ids)
            inside = at < docs.size
            holds[row, inside] = docs[at[inside]] == ids[inside]
        terms = [t for t, _ in lists]
        for column, index in enumerate(ids.tolist()):
            rows = np.flatnonzero(holds[:, column])
            self._held[index] = frozenset(terms[r] for r in rows.tolist()) if rows.size else _EMPTY

    def held(self, index: int) -> frozenset[str]:
        """The relevant terms passage ``index``'s document holds (all of them without an index)."""
        found = self._held.get(index)
        if found is None:
            if self._term_lists() is None:
                return self.relevant
            self.prefetch(np.asarray([index], dtype=np.int64))
            found = self._held[index]
        return found

    def sentences(self, index: int) -> list[set[str]]:
        """The relevant terms of each sentence of a passage (one empty set when it holds none)."""
        found = self._sentences.get(index)
        if found is not None:
            return found
        held = self.held(index)
        if not held:
            found = [set()]
        elif self._stored is not None:
            # Every relevant term a sentence holds is one its document holds.
            found = self._stored.sentence_terms(index, self._wanted)
        else:
            text = self._text_of(index)
            hot = {c for t in held for c in (t[0], t[0].upper())}
            found = []
            for start, end in self._spans_of(index):
                # ``could_hold``, inlined: a plain ASCII word (letters and
                # digits only) yields at most one term, which starts with its
                # first letter; anything else (punctuation, apostrophes,
                # non-ASCII) is tokenized whatever it starts with.
                kept = [
                    p for p in text[start:end].split()
                    if p[0] in hot or not (p.isascii() and p.isalnum())
                ]
                found.append(held.intersection(tokenize(" ".join(kept))) if kept else set())
        if len(self._sentences) > _CACHE:
            self._sentences.clear()
        self._sentences[index] = found
        return found
