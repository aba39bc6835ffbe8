"""The searchable corpus: records, postings, people and turn neighbours, in one object.

``SearchCorpus`` wraps an indexed corpus once and is what every search
module takes (never the ``Engine``): the briefings and passages, which
briefing owns each passage, each speaker's passages, the people, each
passage's previous and next passage of the same turn, the BM25 postings and
statistics, and the per-passage forms (sentence ranges, section terms,
line-matching text) kept between questions. Its caches are its own state;
the functions of ``terms``, ``ranking``, ``confidence``, ``filters`` and
``results`` are pure over it.

Visibility (``scope.Scope``) is fixed per question by ``Engine.ask`` and
read through ``scope.current_scope``: the vocabulary and the BM25 statistics a
question sees are those of the asker's visible briefings only.

Turns. Ingestion cuts a speaker's paragraph into passages of a few
sentences, so the words of a question and the sentence that answers it can
land on either side of a cut. Consecutive passages with the same briefing,
speaker, role and section form a turn (``prev_in_turn`` / ``next_in_turn``,
computed once).
"""

from __future__ import annotations

import functools
import math
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence

import numpy as np

from ..config import Settings
from ..index.bm25 import ScopeStats
from ..index.briefing_tables import MetaTerms, briefing_terms
from ..index.sentences import SentenceSpans
from ..index.tokenize import tokenize
from ..models import Briefing, Corpus, Passage, Role, Viewer
from . import acronyms as _acronyms
from .access import visible_mask
from .lens import TermLens
from .lexicon import fold_groups
from .people import People, Person
from .scope import _CURRENT, Scope
from .scoring import Alias, normalized_text, sentence_terms

__all__ = ["MetaTerms", "SearchCorpus", "Scope", "TERM_CACHE", "briefing_terms"]

_MASK_CACHE = 256
_STATS_CACHE = 32  # visibility scopes whose df vectors are kept
TERM_CACHE = 50_000
"""Passages whose sentence terms (and other per-passage forms) are kept between questions."""


class SearchCorpus:
    """One indexed corpus, ready to search: records, postings, people, turns and kept forms."""

    def __init__(self, indexed, settings: Settings):
        self.indexed = indexed
        self.settings = settings
        records: Corpus = indexed.corpus
        self.records = records
        self.briefings: tuple[Briefing, ...] = records.briefings
        self.passages: tuple[Passage, ...] = records.passages
        self.briefing_pos = {b.id: i for i, b in enumerate(self.briefings)}
        pb = getattr(indexed, "passage_briefing", None)
        if pb is None:
            pb = [self.briefing_pos.get(p.briefing_id, 0) for p in self.passages]
        self.passage_briefing = np.asarray(pb, dtype=np.int64)
        self.people = People(self.briefings)
        columnar = hasattr(indexed, "speaker_passages")  # IndexedCorpus: numpy, no records built
        by_speaker: dict[tuple[int, str], list[int]] = {}
        by_briefing: list[list[int]] = [[] for _ in self.briefings]
        for i, passage in enumerate(() if columnar else self.passages):
            b = int(self.passage_briefing[i])
            by_briefing[b].append(i)
            if passage.speaker_id is not None:
                by_speaker.setdefault((b, passage.speaker_id), []).append(i)
        self.speaker_passages = indexed.speaker_passages() if columnar else {
            k: np.asarray(v, dtype=np.int64) for k, v in by_speaker.items()}
        self.briefing_passages = indexed.briefing_passages() if columnar else [
            np.asarray(v, dtype=np.int64) for v in by_briefing]
        self._meta_terms: MetaTerms | None = None
        self._lazy_lock = threading.Lock()
        self.bm25 = getattr(indexed, "bm25", None)
        self._all_max_idf = max_idf_of(len(self.passages))
        self._scope_stats: OrderedDict[bytes, ScopeStats | None] = OrderedDict()
        vocabulary = getattr(self.bm25, "vocabulary", None)
        self.sorted_vocabulary: list[str] = sorted(vocabulary) if vocabulary else []
        self.vocabulary = frozenset(self.sorted_vocabulary)
        # Derivational fold of every indexed term, computed once: 'western' and
        # 'west' share the key 'west'.
        self.folded = fold_groups(self.sorted_vocabulary, self.vocabulary)
        self.prev_in_turn, self.next_in_turn = turn_neighbours(
            self.passages, self.passage_briefing,
            indexed.same_turn_as_previous() if columnar else None)
        columns = getattr(indexed, "columns", None) if columnar else None
        self.columns = columns
        # Passage text straight from the index's columns: no record is built.
        # No callable here may hold ``self``: a cycle through the corpus would keep a
        # replaced engine alive until a full collection (seconds at 1M passages).
        self.text_of = (columns.text_of if columns is not None
                        else functools.partial(_text_of, self.passages))
        # Sentence ranges and term ids computed when the index was built.
        self.stored_sentences = (getattr(indexed, "sentences", None)
                                 if hasattr(self.bm25, "term_ids") else None)
        self.sentence_spans = SentenceSpans(self.stored_sentences, self.text_of, TERM_CACHE)
        # Acronyms are looked up one at a time, reading only the texts that can
        # define each (``LazyAcronyms``): learning them all costs seconds at 100k.
        self.acronyms = _acronyms.LazyAcronyms(
            functools.partial(metadata_texts, records),
            blob=columns.text if columns is not None else None,
            offsets=columns.text_offsets if columns is not None else None,
            text_of=columns.text_of if columns is not None else None,
            texts=functools.partial(_texts, self.passages),
        )
        # Per-question caches of ``terms`` (kept here: the corpus owns the state).
        self.lenses: dict[tuple[str, ...], TermLens] = {}
        self.variants: dict[tuple[bytes, str], list[str]] = {}
        self.alias_cache: dict[tuple[object, ...], Alias] = {}
        self._sentence_terms: dict[int, list[set[str]]] = {}
        self._section_cache: dict[str | None, frozenset[str]] = {}
        self._line_forms: dict[int, tuple[str, str, str]] = {}
        self._masks: OrderedDict[tuple[str | None, str | None] | bytes, Scope] = OrderedDict()
        # ``ask`` runs on several threads (the Slack server); the scope cache
        # is an LRU that reorders on reads, so it is guarded. The other caches
        # are plain dicts whose single get/set are atomic and whose values are
        # recomputed identically on a race.
        self._masks_lock = threading.Lock()
        self.overviews: dict[int, tuple[np.ndarray, str]] = {}
        # Sentence vectors of passages, when the optional semantic reranker is installed.
        self.embeddings: dict[int, np.ndarray] = {}

    @property
    def meta_terms(self) -> MetaTerms:
        """Per briefing, the terms of its title, series, host, place, categories and year
        (each made when first read: a question reads a few briefings' terms, and the
        postings over all of them come with the index, ``tables.meta_postings``)."""
        found = self._meta_terms
        if found is None:
            with self._lazy_lock:
                if self._meta_terms is None:
                    self._meta_terms = MetaTerms(self.indexed.tables())
                found = self._meta_terms
        return found

    # -- access ---------------------------------------------------------------

    def scope(self, viewer: Viewer | None) -> Scope:
        """The asker's visibility masks, cached per (channel, user)."""
        who = (viewer.channel, viewer.user) if viewer is not None else (None, None)
        with self._masks_lock:
            found = self._masks.get(who)
            if found is not None:
                self._masks.move_to_end(who)
                return found
        briefings = visible_mask(self.briefings, viewer, self.settings.access)
        passages = (
            briefings[self.passage_briefing] if len(self.passages) else np.zeros(0, dtype=bool)
        )
        key = np.packbits(briefings).tobytes() + len(briefings).to_bytes(8, "little")
        scope = Scope(viewer, briefings, passages, self._stats_for(key, passages), key)
        with self._masks_lock:
            # Kept under the asker (what the lookup above reads): a loop over every
            # briefing and a mask over every passage are not redone per question.
            self._masks[who] = scope
            self._masks.move_to_end(who)
            while len(self._masks) > _MASK_CACHE:
                self._masks.popitem(last=False)
        return scope

    def _stats_for(self, key: bytes, passages: np.ndarray) -> ScopeStats | None:
        """The BM25 statistics of a visibility scope (kept per scope; None: the whole index)."""
        with self._masks_lock:
            if key in self._scope_stats:
                self._scope_stats.move_to_end(key)
                return self._scope_stats[key]
        bm25 = self.bm25
        stats = None
        if not passages.all() and hasattr(bm25, "scope_stats"):
            stats = bm25.scope_stats(passages)
        with self._masks_lock:
            self._scope_stats[key] = stats
            while len(self._scope_stats) > _STATS_CACHE:
                self._scope_stats.popitem(last=False)
        return stats

    @property
    def max_idf(self) -> float:
        """The idf of a word no visible passage holds: the highest possible."""
        scope = _CURRENT.get()
        if scope is None or scope.stats is None:
            return self._all_max_idf
        return max_idf_of(scope.stats.n_docs)

    def stats(self) -> ScopeStats | None:
        """The BM25 statistics of the current question's scope (None: the whole index)."""
        scope = _CURRENT.get()
        return None if scope is None else scope.stats

    def scope_key(self) -> bytes:
        """A key that tells visibility scopes apart in per-question caches."""
        scope = _CURRENT.get()
        return b"" if scope is None or scope.stats is None else scope.key

    # -- postings ---------------------------------------------------------------

    def in_vocabulary(self, term: str) -> bool:
        """Whether a passage the asker may see holds the term."""
        term_ids = getattr(self.bm25, "term_ids", None)
        if term_ids is None:
            return term in self.vocabulary
        tid = term_ids.get(term)
        if tid is None:
            return False
        stats = self.stats()
        return stats is None or stats.knows(tid)

    def idf(self, term: str) -> float:
        """The index's idf of a term; the highest possible for one it never saw."""
        bm25 = self.bm25
        if bm25 is None:
            return self.max_idf
        term_ids = getattr(bm25, "term_ids", None)
        idf = getattr(bm25, "idf", None)
        if term_ids is not None and idf is not None:
            tid = term_ids.get(term)
            if tid is None:
                return self.max_idf
            stats = self.stats()
            if stats is not None:
                return float(stats.idf[tid]) if stats.knows(tid) else self.max_idf
            return float(idf[tid])
        if isinstance(idf, dict):
            return float(idf.get(term, self.max_idf))
        return self.max_idf

    def passages_with(self, term: str, scope: Scope) -> np.ndarray:
        """Indices of visible passages containing a term."""
        bm25 = self.bm25
        term_ids = getattr(bm25, "term_ids", None)
        if term_ids is not None and hasattr(bm25, "indptr"):
            tid = term_ids.get(term)
            if tid is None:
                return np.zeros(0, dtype=np.int64)
            ids = np.asarray(bm25.doc_ids[bm25.indptr[tid] : bm25.indptr[tid + 1]], dtype=np.int64)
            return ids[scope.passages[ids]]
        hits = self.indexed.search([term], len(self.passages), scope.passages)
        return np.asarray([i for i, _ in hits], dtype=np.int64)

    def acronym(self, term: str) -> tuple[tuple[str, ...], ...]:
        """Phrases an acronym stands for, learned from the visible briefings only."""
        scope = _CURRENT.get()
        if scope is None or scope.stats is None:
            return self.acronyms.expand(term)
        return self.acronyms.expand(
            term, key=scope.key, briefings=scope.briefings, passages=scope.passages
        )

    # -- people -----------------------------------------------------------------

    def person_mask(self, person: Person, scope: Scope) -> np.ndarray:
        """Visible passages spoken by a person, at any of their events."""
        mask = np.zeros(len(self.passages), dtype=bool)
        for app in person.visible(scope.briefings):
            ids = self.speaker_passages.get((app.briefing_index, app.speaker.id))
            if ids is not None:
                mask[ids] = True
        return mask

    def person_topics(self, person: Person, scope: Scope) -> list[str]:
        """Section headings of a person's visible remarks, in order."""
        topics: dict[str, None] = {}
        for app in person.visible(scope.briefings):
            for i in self.speaker_passages.get((app.briefing_index, app.speaker.id), ()):
                section = self.passages[int(i)].section
                if section:
                    topics.setdefault(section, None)
        return list(topics)

    # -- per-passage forms, kept ------------------------------------------------

    def sentence_terms(self, index: int) -> list[set[str]]:
        """Terms of each sentence of a passage, computed once and kept (bounded)."""
        found = self._sentence_terms.get(index)
        if found is None:
            found = sentence_terms(self.passages[index].text)
            if len(self._sentence_terms) > TERM_CACHE:
                self._sentence_terms.clear()
            self._sentence_terms[index] = found
        return found


    def role_of(self, index: int) -> Role:
        """The role of a passage's speaker, from the index's column when it has one."""
        columns = self.columns
        return columns.role_of(index) if columns is not None else self.passages[index].role

    def section_terms(self, index: int) -> frozenset[str]:
        """Terms of a passage's section heading."""
        columns = self.columns
        if columns is not None:  # the heading straight from its column: no record built
            code = int(columns.section[index])
            section = columns.sections[code] if code >= 0 else None
        else:
            section = self.passages[index].section
        found = self._section_cache.get(section)
        if found is None:
            found = frozenset(tokenize(section)) if section else frozenset()
            if len(self._section_cache) > TERM_CACHE:
                self._section_cache.clear()
            self._section_cache[section] = found
        return found

    def line_form(self, index: int) -> tuple[str, str, str]:
        """A passage in line-matching form, with its first and last sentence so normalised (kept)."""
        found = self._line_forms.get(index)
        if found is None:
            text = self.text_of(index)
            spans = self.sentence_spans(index)
            found = (
                normalized_text(text),
                normalized_text(text[spans[0][0] : spans[0][1]]),
                normalized_text(text[spans[-1][0] : spans[-1][1]]),
            )
            if len(self._line_forms) > TERM_CACHE:
                self._line_forms.clear()
            self._line_forms[index] = found
        return found


def max_idf_of(n_docs: int) -> float:
    """Lucene's idf of a term no document holds, for ``n_docs`` documents (at least 1)."""
    n = max(n_docs, 1)
    return math.log(1 + (n + 0.5) / 0.5)


def turn_neighbours(
    passages: Sequence[Passage], owner: np.ndarray, same: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """For each passage, the previous and next passage of the same turn (-1 when none).

    Consecutive passages belong to one turn when they share briefing,
    speaker (or non-participant label), role and section. ``same`` is that
    test already done by the index (``IndexedCorpus.same_turn_as_previous``).
    """
    n = len(passages)
    prev = np.full(n, -1, dtype=np.int64)
    nxt = np.full(n, -1, dtype=np.int64)
    if same is not None:
        joined = np.flatnonzero(same)
        prev[joined] = joined - 1
        nxt[joined - 1] = joined
        return prev, nxt
    for i in range(1, n):
        a, b = passages[i - 1], passages[i]
        if (
            owner[i - 1] == owner[i]
            and a.speaker_id == b.speaker_id
            and a.speaker_label == b.speaker_label
            and a.role == b.role
            and a.section == b.section
        ):
            prev[i] = i - 1
            nxt[i - 1] = i
    return prev, nxt


def _text_of(passages: Sequence[Passage], index: int) -> str:
    return passages[index].text


def _texts(passages: Sequence[Passage]) -> Iterator[str]:
    return (p.text for p in passages)


def metadata_texts(corpus: Corpus):
    """(briefing index, text) acronyms are learned from besides the remarks: titles, hosts, affiliations."""
    for position, briefing in enumerate(corpus.briefings):
        yield position, briefing.title
        if briefing.organization:
            yield position, briefing.organization
        for speaker in briefing.speakers:
            if speaker.affiliation:
                yield position, speaker.affiliation
