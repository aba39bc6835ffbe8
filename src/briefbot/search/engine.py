"""The answer engine: one question in, one attributed ``Answer`` out.

Every interface (console, ``briefbot ask``, Slack) calls ``Engine.ask``.
The steps, in order:

1. ``query.parse`` understands the question (intent, text, filters);
2. access: the asker's visible briefings are fixed first, and every later
   step only ever sees passages and people from those (``access.py``) —
   and only their words: the vocabulary (known words, variants, acronyms,
   "never mention" notes) and the BM25 statistics (N, df, avgdl, so idf
   and scores) are those of the visible briefings (``Scope.stats``), so a
   public answer is the same whether or not restricted briefings exist;
3. filters and named people become a set of candidate passages, handed to
   the BM25 index so nothing else is scored;
4. candidates are re-ranked by how much of the question's distinctive
   vocabulary they cover (``scoring.py``); a who-said line is matched
   approximately (``whosaid.py``);
5. the confidence rule decides whether anything answers; when nothing does
   the answer says so and suggests what the corpus does cover;
6. excerpts are cut and highlighted (``excerpts.py``).

Metadata, speaker and event questions are answered from the structured
briefing data (``metadata.py``).

Passages are scored *in their turn's context*. Ingestion cuts a speaker's
paragraph into passages of a few sentences, so the words of a question and
the sentence that answers it can land on either side of a cut. Consecutive
passages with the same briefing, speaker, role and section form a turn
(``prev_in_turn`` / ``next_in_turn``, computed once); a passage's score adds
``NEIGHBOUR_BM25`` of its best neighbour's BM25, its coverage counts a word
found only in a neighbour at ``NEIGHBOUR_CREDIT``, and its two-sentence
windows may take the neighbour's adjoining sentence. When the best window
(or a remembered line) runs across the cut, the result shows both passages
joined (``shown_passage``), so the answer is never half a quote.

The asker's words are widened by ``lexicon.py`` (names of the same actor:
"Washington" for "the US"; near-synonyms: "leverage" for "clout"; the
derivational fold: "western" for "west") and by acronyms learned from the
corpus ("UAE" -> "United Arab Emirates", ``acronyms.py``). An expansion
counts at its credit (below 1) in coverage and at ``EXPANSION_BM25`` in
BM25, so a passage in the asker's own words still wins.

The confidence rule decides whether the best passage answers at all:

- each distinct content word of the question weighs its idf (a word the
  corpus never uses gets the highest idf, so an unknown subject dominates
  the question); a passage *covers* a word when it holds it, a variant
  (full credit), an expansion (its credit) or, in a turn neighbour, any of
  those at ``NEIGHBOUR_CREDIT``;
- a question ("What was said about X?") is answered when the best passage
  covers at least ``MIN_COVERAGE`` of the weight and two consecutive
  sentences (possibly across the turn's cut) ``MIN_SENTENCE_COVERAGE``;
- and when that one passage, with its turn neighbours, holds most of the
  question's *distinctive* words: all of two, two of three or four, then
  half (``distinctive_needed``). Words that frame a question ("role",
  "play", "status", "policy", "much", "new": ``_GENERIC_WORDS``) and small
  numbers are not distinctive. Coverage alone lets the rarer of two words
  carry a question: "the capital of France" matched a passage naming France
  and another saying "capitals" — two words in two unrelated passages are
  not an answer. Likewise at least half the capitalised names the question
  mentions ("Canada", "NATO") must be in that passage's context. A question
  restricted to a person it names needs one word and one name fewer, since
  the person carries part of what it asks;
- a remembered line (a statement of six words or more) is matched more
  loosely — people misremember wording — at ``LINE_MIN_COVERAGE`` with at
  least two content words in common, and the answer says the match is
  approximate;
- either way, a capitalised name in the question that the corpus never
  uses in any form ("Venezuela", "Haiti") means the briefings do not
  discuss it. "In any form" is what keeps answerable questions: a word is
  used when the index holds it, a longer word starting with it, a variant,
  a lexicon equivalent or, for an acronym, the phrase it abbreviates; a
  compound ("India-China") is judged by its parts, not by the joined form
  nobody writes.

A question about a subject the corpus never discusses shares only generic
words with it ("Russia", "sanctions", "shipping"), so its subject word
weighs most and is covered nowhere; it fails the rule, and the answer says
so and suggests what the corpus does cover (nearest events and speakers
for the words it did match, and the visible briefings' topics — all from
the asker's scope, so a restricted briefing is never suggested). Small
talk ("thanks!", ``Query.chat``) gets the help text and ``no_match``; a
metadata question about an event named with a word no briefing uses
("the panel on Venezuelan elections") says no such event is visible
instead of answering for the nearest real one. Expansions never reach an
unknown subject: they link known words to known words. Further results must
come close to the best one (``FOLLOWER_RATIO``).
"""

from __future__ import annotations

import bisect
import contextvars
import logging
import math
import os
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from ..config import Settings
from ..index.bm25 import ScopeStats
from ..index.tokenize import term_spans, tokenize
from ..models import Answer, Briefing, Corpus, Hit, Passage, Role, Viewer
from ..text import fold
from . import metadata as _metadata
from . import whosaid as _whosaid
from .access import visible_mask
from .excerpts import make_excerpt, near_duplicate, sentence_spans
from .people import _HONORIFICS, Mention, People, Person, honorific_key, name_words
from . import acronyms as _acronyms
from .lexicon import ACTOR_CREDIT, LEXICON, find_phrases, fold as _derivational_fold, fold_groups
from .lens import TermLens
from .query import Query, parse
from .scoring import (
    Alias,
    normalized_text,
    best_window,
    coverage,
    credits,
    line_score,
    merge_credits,
    normalize_words,
    sentence_terms,
)

__all__ = ["Engine", "Scope", "MIN_COVERAGE", "MIN_SENTENCE_COVERAGE"]

log = logging.getLogger(__name__)

# "What did the reporter from Reuters ask?": show the questions themselves.
_ASKING = re.compile(r"\bask(?:s|ed)?\b|\bquestions?\b", re.IGNORECASE)

MIN_COVERAGE = 0.4
"""Share of the question's content weight the best passage must contain."""
MIN_SENTENCE_COVERAGE = 0.3
"""Share of it that must meet within two consecutive sentences."""
LINE_MIN_COVERAGE = 0.2
"""For a remembered line: share of its content weight the best passage must contain."""
FOLLOWER_RATIO = 0.6
"""A further result must reach this share of the best result's coverage."""
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

# Words that say how a question is asked, not what it is about.
_FILLER_WORDS = """say said says saying talk talked talking discuss discussed discusses
discussing discussion discussions mention mentioned mentions speak spoke spoken speaking
speaker speakers panel panels panelist panelists anyone anybody everyone someone somebody
think thought view views comment comments commented remark remarks argue argued tell told
event events briefing briefings question questions explain explained describe described
happen happened happening address addressed bring brought raise raised opinion opinions
please show find give know anything something there any was were""".split()
_FILLER: frozenset[str] = frozenset(t for w in _FILLER_WORDS for t in tokenize(w))
_SMALL_NUMBER = re.compile(r"\d{1,2}")  # "2%", "the 3 ..." name nothing in particular
# Words that frame a question ("what role does X play", "the current status
# of Y", "how much Z") rather than name its subject. They stay searchable and
# weigh in coverage, but are not *distinctive* (see ``Engine.confident``): a
# passage that matches only them and one subject word answers nothing.
_GENERIC_WORDS = """role roles play plays playing played status situation issue issues
matter matters mattered impact impacts effect effects importance important significance
position stance approach current currently latest recent recently new real really actually
still much many lot lots get gets getting got go goes going gone make makes making made use
uses using used way ways thing things kind sort overall general generally main mainly key
policy policies regard regarding respect whether should would could meet meets""".split()
_GENERIC: frozenset[str] = frozenset(
    t for w in _GENERIC_WORDS for t in tokenize(w) if t not in _FILLER
)

_MASK_CACHE = 256
_STATS_CACHE = 32  # visibility scopes whose df vectors are kept
_TERM_CACHE = 50_000  # passages whose sentence terms are kept between questions
_TITLES = frozenset(_HONORIFICS.values())
_NAME_LIKE = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_JOINED = re.compile("[-\u2010\u2011\u2013]")
_ALIAS_CACHE = 2048
_LENS_CACHE = 256


@dataclass(frozen=True)
class Scope:
    """What one asker may see: masks over briefings and passages, and their statistics."""

    viewer: Viewer | None
    briefings: np.ndarray  # bool per briefing
    passages: np.ndarray  # bool per passage
    # BM25 statistics of the visible passages; None when every passage is visible.
    stats: ScopeStats | None = None
    key: bytes = b""  # the same for every asker who sees the same briefings


# The scope of the question being answered on this thread (set by ``Engine.ask``):
# the vocabulary and the BM25 statistics are read through it.
_CURRENT: contextvars.ContextVar[Scope | None] = contextvars.ContextVar(
    "briefbot_scope", default=None
)


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


class Engine:
    """Answers questions over one indexed corpus. Build once; ``ask`` is cheap."""

    def __init__(self, indexed, settings: Settings):
        self.indexed = indexed
        self.settings = settings
        corpus: Corpus = indexed.corpus
        self._corpus = corpus
        self.briefings: tuple[Briefing, ...] = corpus.briefings
        self.passages: tuple[Passage, ...] = corpus.passages
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
        self._meta_terms: list[frozenset[str]] | None = None
        self._lazy_lock = threading.Lock()
        self._bm25 = getattr(indexed, "bm25", None)
        self._all_max_idf = _max_idf(len(self.passages))
        self._scope_stats: OrderedDict[bytes, ScopeStats | None] = OrderedDict()
        vocabulary = getattr(self._bm25, "vocabulary", None)
        self._sorted_vocabulary: list[str] = sorted(vocabulary) if vocabulary else []
        self._vocabulary = frozenset(self._sorted_vocabulary)
        # Derivational fold of every indexed term, computed once: 'western' and
        # 'west' share the key 'west'.
        self._folded = fold_groups(self._sorted_vocabulary, self._vocabulary)
        self.prev_in_turn, self.next_in_turn = _turn_neighbours(
            self.passages, self.passage_briefing,
            indexed.same_turn_as_previous() if columnar else None)
        columns = getattr(indexed, "columns", None) if columnar else None
        self._columns = columns
        # Passage text straight from the index's columns: no record is built.
        self._text_of = columns.text_of if columns is not None else (lambda i: self.passages[i].text)
        self._spans: dict[int, list[tuple[int, int]]] = {}
        # Sentence ranges and term ids computed when the index was built.
        self._stored_sentences = (getattr(indexed, "sentences", None)
                                  if hasattr(self._bm25, "term_ids") else None)
        # Acronyms are looked up one at a time, reading only the texts that can
        # define each (``LazyAcronyms``): learning them all costs seconds at 100k.
        self.acronyms = _acronyms.LazyAcronyms(
            lambda: _metadata_texts(self._corpus),
            blob=columns.text if columns is not None else None,
            offsets=columns.text_offsets if columns is not None else None,
            text_of=columns.text_of if columns is not None else None,
            texts=lambda: (p.text for p in self.passages),
        )
        self._lenses: dict[tuple[str, ...], TermLens] = {}
        self._variants: dict[str, list[str]] = {}
        self._sentence_terms: dict[int, list[set[str]]] = {}
        self._section_cache: dict[str | None, frozenset[str]] = {}
        self._line_forms: dict[int, tuple[str, str, str]] = {}
        self._alias_cache: dict[tuple[str, ...], Alias] = {}
        self._masks: OrderedDict[tuple[str | None, str | None], Scope] = OrderedDict()
        # ``ask`` runs on several threads (the Slack server); the scope cache
        # is an LRU that reorders on reads, so it is guarded. The other caches
        # are plain dicts whose single get/set are atomic and whose values are
        # recomputed identically on a race.
        self._masks_lock = threading.Lock()
        self._overviews: dict[int, tuple[np.ndarray, str]] = {}

    # -- construction -------------------------------------------------------

    @classmethod
    def open(
        cls, knowledge: Path, settings: Settings, *, rebuild: bool = False, verify: str = "now"
    ) -> Engine:
        """Load (or build) the index of a knowledge folder and wrap it.

        ``verify``: check the index's checksums before answering (``"now"``)
        or leave the check in ``engine.indexed.verification`` (``"later"``).
        """
        from ..index.store import open_index  # the store module imports ingest lazily

        indexed = open_index(Path(knowledge), settings, rebuild=rebuild, verify=verify)  # type: ignore[arg-type]
        return cls(indexed, settings)

    @property
    def meta_terms(self) -> list[frozenset[str]]:
        """Per briefing, the terms of its title, series, host, place, categories and year (built on first need)."""
        found = self._meta_terms
        if found is None:
            with self._lazy_lock:
                if self._meta_terms is None:
                    self._meta_terms = [_briefing_terms(b) for b in self.briefings]
                found = self._meta_terms
        return found

    @property
    def corpus(self) -> Corpus:
        """Everything ingestion produced, restricted briefings included (handle with care)."""
        return self._corpus

    # -- access ---------------------------------------------------------------

    def visible(self, briefing: Briefing, viewer: Viewer | None) -> bool:
        """Whether this asker may see this briefing (the same rule ``ask`` applies)."""
        position = self.briefing_pos.get(briefing.id)
        if position is None:
            return False
        return bool(self.scope(viewer).briefings[position])

    def scope(self, viewer: Viewer | None) -> Scope:
        """The asker's visibility masks, cached per (channel, user)."""
        key = (viewer.channel, viewer.user) if viewer is not None else (None, None)
        with self._masks_lock:
            found = self._masks.get(key)
            if found is not None:
                self._masks.move_to_end(key)
                return found
        briefings = visible_mask(self.briefings, viewer, self.settings.access)
        passages = (
            briefings[self.passage_briefing] if len(self.passages) else np.zeros(0, dtype=bool)
        )
        key = np.packbits(briefings).tobytes() + len(briefings).to_bytes(8, "little")
        scope = Scope(viewer, briefings, passages, self._stats_for(key, passages), key)
        with self._masks_lock:
            self._masks[key] = scope
            self._masks.move_to_end(key)
            while len(self._masks) > _MASK_CACHE:
                self._masks.popitem(last=False)
        return scope

    def _stats_for(self, key: bytes, passages: np.ndarray) -> ScopeStats | None:
        """The BM25 statistics of a visibility scope (kept per scope; None: the whole index)."""
        with self._masks_lock:
            if key in self._scope_stats:
                self._scope_stats.move_to_end(key)
                return self._scope_stats[key]
        bm25 = self._bm25
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
        return _max_idf(scope.stats.n_docs)

    def _stats(self) -> ScopeStats | None:
        scope = _CURRENT.get()
        return None if scope is None else scope.stats

    def _scope_key(self) -> bytes:
        scope = _CURRENT.get()
        return b"" if scope is None or scope.stats is None else scope.key

    def in_vocabulary(self, term: str) -> bool:
        """Whether a passage the asker may see holds the term."""
        term_ids = getattr(self._bm25, "term_ids", None)
        if term_ids is None:
            return term in self._vocabulary
        tid = term_ids.get(term)
        if tid is None:
            return False
        stats = self._stats()
        return stats is None or stats.knows(tid)

    # -- the one entry point --------------------------------------------------

    def ask(
        self,
        question: str,
        viewer: Viewer | None = None,
        *,
        k: int | None = None,
        offset: int = 0,
    ) -> Answer:
        """Answer one question for one asker. Raises only QueryError (bad filters)."""
        asked = question if isinstance(question, str) else str(question)
        scope = self.scope(viewer)
        token = _CURRENT.set(scope)
        try:
            question, respelt = self.respell_names(asked, scope)
            answer = self._ask(parse(question), scope, k=k, offset=offset)
        finally:
            _CURRENT.reset(token)
        if respelt:
            answer = answer.model_copy(update={"question": asked, "notes": (*respelt, *answer.notes)})
        return answer

    def respell_names(self, question: str, scope: Scope) -> tuple[str, tuple[str, ...]]:
        """Correct a misspelt name of a visible person, when the slip is unambiguous.

        A word counts when no briefing uses it in any form and it is
        capitalised (or the whole question is in lower case): "Singelton"
        becomes "Singleton" and the answer says how it was read. Two or more
        equally close names are not guessed: the note asks "did you mean" and
        the question goes on as typed (and so usually finds nothing).
        """
        all_lower = not any(ch.isupper() for ch in question)
        notes: list[str] = []
        changes: list[tuple[int, int, str]] = []
        for match in _NAME_LIKE.finditer(question):
            word = match.group()
            if not (all_lower or word[:1].isupper()) or honorific_key(word) in _TITLES:
                continue
            terms = [t for t, _s, _e in term_spans(word) if t is not None]
            if not terms or any(self._term_in_use(t) for t in terms):
                continue
            options, sure = self.people.respell(word, scope.briefings)
            if not options:
                continue
            named = [self.people.persons_named(o, scope.briefings) for o in options]
            if sure:
                correct = next(
                    (w for p in named[0] for w in p.name.split() if " ".join(name_words(w)) == options[0]),
                    options[0].title(),
                )
                # Keep a possessive: "Bermann's affiliation" -> "Berman's affiliation".
                tail = re.search(r"['’]s?$", word)
                end = match.end() - (len(tail.group()) if tail else 0)
                changes.append((match.start(), end, correct))
                who = " or ".join(p.name for p in named[0])
                notes.append(f"Read “{word}” as {who}.")
            else:
                names = [p.name for group in named for p in group]
                notes.append(f"Did you mean {' or '.join(names)} for “{word}”?")
        for start, end, correct in reversed(changes):
            question = question[:start] + correct + question[end:]
        return question, tuple(notes)

    def _ask(self, query: Query, scope: Scope, *, k: int | None, offset: int) -> Answer:
        """Answer a parsed question (``ask`` after names were respelt)."""
        k = max(1, min(int(k or self.settings.answer.top_k), 50))
        offset = max(0, int(offset))
        if query.intent == "help":
            if query.chat:  # small talk: say what can be asked, and that nothing was answered
                return Answer(
                    question=query.raw,
                    intent="help",
                    no_match=True,
                    notes=(*query.notes, "That is not a question about the briefings."),
                    suggestions=tuple(self.suggestions({}, scope)),
                )
            return Answer(question=query.raw, intent="help", notes=query.notes)
        if query.intent == "speaker":
            return _metadata.speaker_profile(self, query, scope)
        if query.intent == "events":
            return _metadata.list_events(self, query, scope, k=k, offset=offset)
        if query.intent == "metadata":
            answer = _metadata.answer_metadata(self, query, scope)
            if answer is not None:
                return answer
            query = replace(query, intent="search", metadata=None)
        if query.intent == "who_said":
            return _whosaid.who_said(self, query, scope, k=k, offset=offset)
        return self.search(query, scope, k=k, offset=offset)

    # -- term statistics -------------------------------------------------------

    def idf(self, term: str) -> float:
        """The index's idf of a term; the highest possible for one it never saw."""
        bm25 = self._bm25
        if bm25 is None:
            return self.max_idf
        term_ids = getattr(bm25, "term_ids", None)
        idf = getattr(bm25, "idf", None)
        if term_ids is not None and idf is not None:
            tid = term_ids.get(term)
            if tid is None:
                return self.max_idf
            stats = self._stats()
            if stats is not None:
                return float(stats.idf[tid]) if stats.knows(tid) else self.max_idf
            return float(idf[tid])
        if isinstance(idf, dict):
            return float(idf.get(term, self.max_idf))
        return self.max_idf

    def passages_with(self, term: str, scope: Scope) -> np.ndarray:
        """Indices of visible passages containing a term."""
        bm25 = self._bm25
        term_ids = getattr(bm25, "term_ids", None)
        if term_ids is not None and hasattr(bm25, "indptr"):
            tid = term_ids.get(term)
            if tid is None:
                return np.zeros(0, dtype=np.int64)
            ids = np.asarray(bm25.doc_ids[bm25.indptr[tid] : bm25.indptr[tid + 1]], dtype=np.int64)
            return ids[scope.passages[ids]]
        hits = self.indexed.search([term], len(self.passages), scope.passages)
        return np.asarray([i for i, _ in hits], dtype=np.int64)

    def weights(self, text: str, *, drop_filler: bool = True) -> dict[str, float]:
        """Content terms of a question, each weighted by its idf."""
        terms = self.question_terms(text)
        if drop_filler:
            kept = [t for t in terms if t not in _FILLER]
            terms = kept or []
        return {t: self.idf(t) for t in dict.fromkeys(terms)}

    # -- candidates -----------------------------------------------------------

    def candidates(self, query: Query, scope: Scope) -> tuple[np.ndarray, list[str], list[str]]:
        """The passage mask a query's filters allow, what they mean in words, and notes.

        Raises nothing: an unknown speaker or event yields an empty mask and a
        note that says so, with visible names only.
        """
        allowed = scope.passages.copy()
        words: list[str] = []
        notes: list[str] = []
        brief_mask = scope.briefings.copy()
        for value in query.orgs:
            # ``org:`` is the organization that hosted the event, never a
            # speaker's affiliation: "events org:harbor" lists Harbor's events,
            # not every panel a Harbor fellow sat on (ask "speaker <name>" or
            # "who is affiliated with" for people).
            wanted = fold(value)
            brief_mask &= np.array(
                [wanted in fold(b.organization or "") for b in self.briefings], dtype=bool
            )
        for value in query.events:
            brief_mask &= self._event_filter(value)
        for value in query.categories:
            wanted = fold(value)
            brief_mask &= np.array(
                [any(wanted in fold(c) for c in b.categories) for b in self.briefings], dtype=bool
            )
        if query.after or query.before:
            low = query.after.start if query.after else None
            high = query.before.start if query.before else None
            brief_mask &= np.array(
                [
                    b.date is not None
                    and (low is None or b.date >= low)
                    and (high is None or b.date < high)
                    for b in self.briefings
                ],
                dtype=bool,
            )
        if len(self.passages):
            allowed &= brief_mask[self.passage_briefing]
        if query.speakers:
            speaker_mask = np.zeros(len(self.passages), dtype=bool)
            for value in query.speakers:
                persons = self.people.resolve(value, scope.briefings)
                if not persons:
                    close = self.people.suggest(value, scope.briefings)
                    hint = f" Did you mean {', '.join(close)}?" if close else ""
                    notes.append(f"No speaker matches “{value}”.{hint}")
                    continue
                if len(persons) > 1:
                    notes.append(_shared_name_note(value, persons, scope))
                for person in persons:
                    speaker_mask |= self.person_mask(person, scope)
                words.append("speaker " + " or ".join(p.name for p in persons))
            allowed &= speaker_mask
        for term in {t for value in query.excluded for t in tokenize(value)}:
            allowed[self.passages_with(term, scope)] = False
        return allowed, words, notes

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

    def _event_filter(self, value: str) -> np.ndarray:
        wanted = set(tokenize(value))
        folded = fold(value)
        return np.array(
            [
                (bool(wanted) and wanted <= self.meta_terms[i])
                or folded in fold(b.id)
                or folded in fold(b.title)
                for i, b in enumerate(self.briefings)
            ],
            dtype=bool,
        )

    # -- ranking ----------------------------------------------------------------

    def rank(
        self,
        weights: dict[str, float],
        allowed: np.ndarray,
        *,
        pool: int = POOL,
        line: str | None = None,
    ) -> list[Ranked]:
        """BM25 candidates among ``allowed``, re-ranked by coverage in context (and line match).

        Candidates are BM25's best passages for the asker's words (and forms
        the stemmer leaves apart), joined by the best for the lexicon and
        acronym expansions, and by the same-turn neighbours of the leaders —
        a paragraph split in two puts the answer beside the passage that
        holds the question's words. Each is scored with its context: a
        neighbour's BM25 adds ``NEIGHBOUR_BM25`` of itself, its words count
        at ``NEIGHBOUR_CREDIT``, and sentence windows may reach across the
        passage boundary within the turn.
        """
        if not weights or not allowed.any():
            return []
        alias = self.aliases(weights)
        own, expanded = self._search_terms(weights, alias)
        stats = self._stats()
        found = self.indexed.search(own, pool, allowed, stats) if own else []
        extra = self.indexed.search(expanded, pool // 2, allowed, stats) if expanded else []
        if not found and not extra:
            return []
        ids: dict[int, None] = dict.fromkeys(int(i) for i, _ in found)
        ids.update(dict.fromkeys(int(i) for i, _ in extra))
        leaders = list(ids)[: max(10, pool // 3)]
        for i in leaders:
            for j in (int(self.prev_in_turn[i]), int(self.next_in_turn[i])):
                if j >= 0 and allowed[j]:
                    ids.setdefault(j, None)
        order = np.fromiter(ids, dtype=np.int64, count=len(ids))
        context = np.concatenate([order, self.prev_in_turn[order], self.next_in_turn[order]])
        context = np.unique(context[context >= 0])
        raw = self._bm25_scores(own, expanded, context)
        self.lens(weights, alias).prefetch(context)
        bm25 = {int(i): float(v) for i, v in zip(context, raw, strict=True)}
        ranked: list[Ranked] = []
        scored: list[tuple[int, float]] = []
        for index in ids:
            prev, nxt = int(self.prev_in_turn[index]), int(self.next_in_turn[index])
            neighbour = max(bm25.get(prev, 0.0) if prev >= 0 else 0.0, bm25.get(nxt, 0.0) if nxt >= 0 else 0.0)
            scored.append((index, bm25.get(index, 0.0) + NEIGHBOUR_BM25 * neighbour))
        top = max((score for _, score in scored), default=1.0) or 1.0
        for index, score in scored:
            item = Ranked(index, score)
            item.coverage, item.sentence, item.reach = self.context_coverage(index, weights, alias)
            if line:
                text = self._text_of(index)
                form = self.line_form(index)
                match = (_whosaid.line_match(line, text, norm=form[0]) if text.isascii()
                         else _whosaid.line_match(line, text, normalize_words(text)))
                item.line = match.score
                item.line_span = (match.start, match.end)
                if item.line < _whosaid.EXACT:
                    around, side = self.line_in_turn(line, index)
                    if side and item.line + LINE_CONTEXT_MARGIN < around < _whosaid.EXACT:
                        item.line = around
                        item.reach = item.reach or side
            item.final = 0.35 * (score / top) + 0.25 * item.coverage + 0.4 * item.sentence
            if line:
                item.final += 0.5 * max(0.0, item.line - 60.0) / 40.0
            ranked.append(item)
        ranked.sort(key=lambda r: (-r.final, r.index))
        return ranked

    def line_in_turn(self, line: str, index: int) -> tuple[float, int]:
        """A remembered line matched against a passage with its turn's neighbouring sentences.

        Returns the score and the side (-1 previous, 1 next) the match lies
        mostly in, or 0 when it lies in the passage itself.
        """
        prev, nxt = int(self.prev_in_turn[index]), int(self.next_in_turn[index])
        if prev < 0 and nxt < 0:
            return 0.0, 0
        own = self.line_form(index)[0]
        head = self.line_form(prev)[2] + " " if prev >= 0 else ""
        tail = " " + self.line_form(nxt)[1] if nxt >= 0 else ""
        score, start, end = line_score(line, head + own + tail)
        middle = (start + end) / 2
        if middle < len(head):
            return score, -1
        if middle > len(head) + len(own):
            return score, 1
        return score, 0

    def line_form(self, index: int) -> tuple[str, str, str]:
        """A passage in line-matching form, with its first and last sentence so normalised (kept)."""
        found = self._line_forms.get(index)
        if found is None:
            text = self._text_of(index)
            spans = self.sentence_spans(index)
            found = (
                normalized_text(text),
                normalized_text(text[spans[0][0] : spans[0][1]]),
                normalized_text(text[spans[-1][0] : spans[-1][1]]),
            )
            if len(self._line_forms) > _TERM_CACHE:
                self._line_forms.clear()
            self._line_forms[index] = found
        return found

    def _search_terms(self, weights: dict[str, float], alias: Alias) -> tuple[list[str], list[str]]:
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
            expanded.append(max(parts, key=self.idf))
        return own, list(dict.fromkeys(expanded))

    def _bm25_scores(self, own: list[str], expanded: list[str], ids: np.ndarray) -> np.ndarray:
        stats = self._stats()
        scores = (np.asarray(self.indexed.score(own, ids, stats), dtype=np.float64) if own
                  else np.zeros(ids.size))
        if expanded:
            scores = scores + EXPANSION_BM25 * np.asarray(
                self.indexed.score(expanded, ids, stats), dtype=np.float64)
        return scores

    def context_coverage(
        self, index: int, weights: dict[str, float], alias: Alias
    ) -> tuple[float, float, int]:
        """(passage coverage, best sentence-window coverage, where it reaches) in the turn's context."""
        lens = self.lens(weights, alias)
        sentences = lens.sentences(index)
        section = self._section_terms(index)
        own = credits(weights, set().union(*sentences, section), alias)
        prev, nxt = int(self.prev_in_turn[index]), int(self.next_in_turn[index])
        before: list[set[str]] = []
        after: list[set[str]] = []
        around: list[dict[str, float]] = []
        if prev >= 0:
            earlier = lens.sentences(prev)
            before = earlier[-1:]
            around.append(credits(weights, set().union(*earlier), alias))
        if nxt >= 0:
            later = lens.sentences(nxt)
            after = later[:1]
            around.append(credits(weights, set().union(*later), alias))
        merged = merge_credits(own, *around, scale=[1.0] + [NEIGHBOUR_CREDIT] * len(around))
        sentence, reach = best_window(weights, sentences, alias=alias, before=before, after=after)
        return coverage(weights, merged), sentence, reach

    def confident(
        self,
        best: Ranked,
        weights: dict[str, float],
        *,
        line: bool,
        named: bool = False,
        entities: Sequence[tuple[str, ...]] = (),
    ) -> bool:
        """The confidence rule for the best candidate (see the module docstring).

        ``named``: the question is restricted to a person it names, which
        carries part of what it asks, so one distinctive word (and one name)
        fewer is needed. ``entities``: the terms of each name the question
        mentions (``question_names``).
        """
        if line:
            alias = self.aliases(weights)
            lens = self.lens(weights, alias)
            found = set().union(*lens.sentences(best.index), self._section_terms(best.index))
            matched = len(credits(weights, found, alias))
            return best.coverage >= LINE_MIN_COVERAGE and matched >= min(2, len(weights))
        if best.coverage < MIN_COVERAGE or best.sentence < MIN_SENTENCE_COVERAGE:
            return False
        distinctive = [t for t in weights if t not in _GENERIC and not _SMALL_NUMBER.fullmatch(t)]
        wanted = [t for t in distinctive if weights[t] > 0]
        covered = self.distinctive_covered(best.index, wanted, weights)
        needed = distinctive_needed(len(wanted)) - (1 if named else 0)
        if needed > 1 and len(covered) < needed:
            return False
        # The names a question is about (countries, bodies, places): at least
        # half of them must be in this passage's context, not elsewhere.
        names = [e for e in entities if any(t in weights for t in e)]
        needed = math.ceil(len(names) / 2) - (1 if named else 0)
        if needed >= 1:
            found = sum(1 for e in names if any(t in covered for t in e))
            if found < needed:
                return False
        return True

    def distinctive_covered(
        self, index: int, distinctive: Sequence[str], weights: dict[str, float]
    ) -> set[str]:
        """The distinctive question terms a passage holds in its turn's context.

        A term counts when the passage, its section heading or a same-turn
        neighbour holds it, a variant or an expansion (credit at least
        ``NEIGHBOUR_CREDIT``): words matched in *other* passages never count.
        """
        alias = self.aliases(weights)
        lens = self.lens(weights, alias)
        found = set().union(*lens.sentences(index), self._section_terms(index))
        for other in (int(self.prev_in_turn[index]), int(self.next_in_turn[index])):
            if other >= 0:
                found |= set().union(*lens.sentences(other))
        got = credits(weights, found, alias)
        return {t for t in distinctive if got.get(t, 0.0) >= NEIGHBOUR_CREDIT}

    def unknown_names(self, question: str, *, first: bool = False) -> list[str]:
        """Capitalised words of a question (not its first, unless ``first``) that no briefing uses in any form.

        A word counts as used when the index knows it, a longer word starting
        with it, a variant, a lexicon equivalent or (for an acronym) the
        phrase it abbreviates. A compound ("India-China") is unknown only if
        one of its parts is.
        """
        words = _NAME_LIKE.findall(question)
        out = []
        for position, word in enumerate(words):
            if (position == 0 and not first) or not word[:1].isupper() or honorific_key(word) in _TITLES:
                continue
            parts = [t for t, _s, _e in term_spans(word) if t is not None]
            if any(not self._term_in_use(term) for term in parts):
                out.append(word)
        return out

    def question_names(self, question: str) -> list[tuple[str, ...]]:
        """The terms of each capitalised name in a question (not its first word, not a title).

        "Did anyone discuss Canada and NATO spending?" -> [("canada",), ("nato",)].
        People the question names are taken out by the caller beforehand.
        """
        out: list[tuple[str, ...]] = []
        for position, word in enumerate(_NAME_LIKE.findall(question)):
            if position == 0 or not word[:1].isupper() or honorific_key(word) in _TITLES:
                continue
            terms = tuple(t for t, _s, _e in term_spans(word) if t is not None)
            terms = tuple(t for t in terms if t not in _FILLER and t not in _GENERIC)
            if terms and terms not in out:
                out.append(terms)
        return out

    def _term_in_use(self, term: str) -> bool:
        if self.known_term(term):
            return True
        if any(
            all(self.known_term(t) for t in e.terms) for e in LEXICON.expand(term)
        ):
            return True
        return bool(self._acronym(term))

    def _acronym(self, term: str) -> tuple[tuple[str, ...], ...]:
        """Phrases an acronym stands for, learned from the visible briefings only."""
        scope = _CURRENT.get()
        if scope is None or scope.stats is None:
            return self.acronyms.expand(term)
        return self.acronyms.expand(
            term, key=scope.key, briefings=scope.briefings, passages=scope.passages
        )

    def known_term(self, term: str) -> bool:
        """Whether a visible passage holds a term, or a longer word starting with it.

        ('west' is known when a visible passage says 'western'.)
        """
        if self.in_vocabulary(term):
            return True
        if self._stats() is None and self.idf(term) < self.max_idf - 1e-9:
            return True  # the reference engine's table
        vocabulary = self._sorted_vocabulary
        if len(term) < 4 or not vocabulary:
            return False
        at = bisect.bisect_left(vocabulary, term)
        while at < len(vocabulary) and vocabulary[at].startswith(term):
            if self.in_vocabulary(vocabulary[at]):
                return True
            at += 1
        return False

    def question_terms(self, text: str) -> list[str]:
        """A question's terms, a compound counted once.

        A compound the corpus (or the lexicon) knows as one word ("Sino-Soviet",
        "low-key") keeps its joined term; otherwise ("India-China") its parts,
        which are what the passages hold.
        """
        out: list[str] = []
        for word in text.split():
            terms = tokenize(word)
            if len(terms) < 2 or not _JOINED.search(word):
                out.extend(terms)
                continue
            parts = [t for t, _s, _e in term_spans(word) if t is not None]
            joined = [t for t in terms if t not in parts]
            if joined and all(self.in_vocabulary(t) or LEXICON.expand(t) for t in joined):
                out.extend(joined)
            else:
                out.extend(parts)
        return out

    def sentence_terms(self, index: int) -> list[set[str]]:
        """Terms of each sentence of a passage, computed once and kept (bounded)."""
        found = self._sentence_terms.get(index)
        if found is None:
            found = sentence_terms(self.passages[index].text)
            if len(self._sentence_terms) > _TERM_CACHE:
                self._sentence_terms.clear()
            self._sentence_terms[index] = found
        return found

    def sentence_spans(self, index: int) -> list[tuple[int, int]]:
        """Sentence ranges of a passage, computed once and kept (bounded)."""
        if self._stored_sentences is not None:
            return self._stored_sentences.spans(index)
        found = self._spans.get(index)
        if found is None:
            found = sentence_spans(self._text_of(index))
            if len(self._spans) > _TERM_CACHE:
                self._spans.clear()
            self._spans[index] = found
        return found

    def lens(self, weights: dict[str, float], alias: Alias | None = None) -> TermLens:
        """The question's relevant terms per candidate passage and sentence (``lens.py``), kept per question."""
        key = (self._scope_key(), *weights)
        found = self._lenses.get(key)
        if found is None:
            alias = alias if alias is not None else self.aliases(weights)
            relevant = alias.relevant or frozenset(weights)
            postings = self._postings_of if hasattr(self._bm25, "indptr") else None
            stored = self._stored_sentences
            found = TermLens(relevant, postings=postings, text_of=self._text_of,
                             spans_of=self.sentence_spans, stored=stored,
                             term_ids=self._bm25.term_ids if stored is not None else None)
            if len(self._lenses) > _LENS_CACHE:
                self._lenses.clear()
            self._lenses[key] = found
        return found

    def _postings_of(self, term: str) -> np.ndarray:
        """Ascending ids of the passages whose indexed terms include ``term`` (a ``BM25Index``)."""
        bm25 = self._bm25
        tid = bm25.term_ids.get(term)
        if tid is None:
            return np.zeros(0, dtype=np.int64)
        return np.asarray(bm25.doc_ids[bm25.indptr[tid] : bm25.indptr[tid + 1]])

    def _section_terms(self, index: int) -> frozenset[str]:
        columns = self._columns
        if columns is not None:  # the heading straight from its column: no record built
            code = int(columns.section[index])
            section = columns.sections[code] if code >= 0 else None
        else:
            section = self.passages[index].section
        found = self._section_cache.get(section)
        if found is None:
            found = frozenset(tokenize(section)) if section else frozenset()
            if len(self._section_cache) > _TERM_CACHE:
                self._section_cache.clear()
            self._section_cache[section] = found
        return found

    def variants(self, term: str) -> list[str]:
        """Indexed words that are forms of the same word the stemmer left apart.

        'militarily' / 'military' and 'defend' / 'defense' stem differently;
        two terms count as one word when they share a stem of five letters
        or more that leaves at most one letter of the shorter and three of
        the longer ('control' and 'contract' stay apart). Terms with the same
        derivational fold ('west' / 'western', see ``lexicon.fold``) too.
        """
        cache_key = (self._scope_key(), term)
        found = self._variants.get(cache_key)
        if found is not None:
            return found
        out: list[str] = []
        vocabulary = self._sorted_vocabulary
        if len(term) >= 5 and vocabulary:
            prefix = term[: max(5, len(term) - 2)]
            at = bisect.bisect_left(vocabulary, prefix)
            while at < len(vocabulary) and vocabulary[at].startswith(prefix) and len(out) < 8:
                other = vocabulary[at]
                if other != term and _same_word(term, other) and self.in_vocabulary(other):
                    out.append(other)
                at += 1
        for other in self._folded.get(_derivational_fold(term), ()):
            if other != term and other not in out and self.in_vocabulary(other):
                out.append(other)
        if len(self._variants) > 50_000:
            self._variants.clear()
        self._variants[cache_key] = out
        return out

    def aliases(self, weights: dict[str, float]) -> Alias:
        """Other forms of a question's terms, each with the question term it stands for.

        Variants the stemmer left apart count fully; lexicon equivalents and
        near-synonyms, and the phrase an unknown acronym abbreviates, at
        their (lower) credit. Built once per distinct question.
        """
        key = (self._scope_key(), *weights)
        found = self._alias_cache.get(key)
        if found is not None:
            return found
        links: dict[str, dict[str, float]] = {}
        phrases: dict[tuple[str, ...], dict[str, float]] = {}

        def link(form: tuple[str, ...], wanted: str, credit: float) -> None:
            if len(form) == 1 and form[0] in weights:
                return
            target = links.setdefault(form[0], {}) if len(form) == 1 else phrases.setdefault(form, {})
            if target.get(wanted, 0.0) < credit:
                target[wanted] = credit

        terms = list(weights)
        for term in terms:
            for other in self.variants(term):
                link((other,), term, 1.0)
            for expansion in LEXICON.expand(term):
                for form in self._known_forms(expansion.terms):
                    link(form, term, expansion.credit)
            if not self.in_vocabulary(term):
                for phrase in self._acronym(term):
                    link(phrase, term, ACTOR_CREDIT)
        # A lexicon phrase in the question ("United States", "New Delhi").
        for phrase in find_phrases(terms, LEXICON.phrases):
            for expansion in LEXICON.expand(" ".join(phrase)):
                for form in self._known_forms(expansion.terms):
                    for part in phrase:
                        link(form, part, expansion.credit)
        relevant = set(weights) | set(links)
        for form in phrases:
            relevant.update(form)
        alias = Alias(
            terms={t: tuple(w.items()) for t, w in links.items()},
            phrases=tuple((frozenset(f), tuple(w.items())) for f, w in phrases.items()),
            relevant=frozenset(relevant),
        )
        if len(self._alias_cache) > _ALIAS_CACHE:
            self._alias_cache.clear()
        self._alias_cache[key] = alias
        return alias

    def _known_forms(self, terms: tuple[str, ...]) -> list[tuple[str, ...]]:
        """An expansion as the index holds it: itself and, for one word, its variants."""
        if len(terms) > 1:
            return [terms] if all(self.in_vocabulary(t) for t in terms) else []
        forms = [terms] if self.in_vocabulary(terms[0]) else []
        forms += [(v,) for v in self.variants(terms[0])]
        return forms

    def answering(
        self,
        ranked: list[Ranked],
        weights: dict[str, float] | None = None,
        *,
        line: bool = False,
        named: bool = False,
        entities: Sequence[tuple[str, ...]] = (),
    ) -> list[Ranked]:
        """The candidates that answer: the best if confident, and those close to it."""
        if not ranked or not self.confident(
            ranked[0], weights or {}, line=line, named=named, entities=entities
        ):
            return []
        best = ranked[0]
        if line:
            return [r for r in ranked[:10] if r.coverage >= FOLLOWER_RATIO * best.coverage]
        floor = max(MIN_SENTENCE_COVERAGE, FOLLOWER_RATIO * best.sentence)
        min_score = self.settings.answer.min_score
        return [
            r
            for r in ranked
            if r.sentence >= floor
            and r.coverage >= FOLLOWER_RATIO * best.coverage
            and r.bm25 >= min_score
        ]

    # -- hits -------------------------------------------------------------------

    def hit(
        self,
        item: Ranked,
        weights: dict[str, float],
        *,
        focus: tuple[int, int] | None = None,
        questions: bool = False,
    ) -> Hit:
        """An attributed result with its excerpt (centred on a question when ``questions``)."""
        passage = self.shown_passage(item)
        briefing = self.briefings[int(self.passage_briefing[item.index])]
        shown = dict(weights)
        for form, links in self.aliases(weights).terms.items():
            shown.setdefault(form, max(weights[t] * credit for t, credit in links))
        excerpt, highlights = make_excerpt(
            passage.text, shown, self.settings.answer.excerpt_chars, focus=focus,
            questions=questions,
        )
        return Hit(
            passage=passage,
            briefing=briefing,
            speaker=briefing.speaker(passage.speaker_id),
            score=round(float(item.final), 4),
            excerpt=excerpt,
            highlights=highlights,
        )

    def shown_passage(self, item: Ranked) -> Passage:
        """The passage a result shows: joined with its turn neighbour when the answer runs across.

        When the sentences that best answer straddle a passage boundary
        (``Ranked.reach``), the two passages of the same turn are shown as
        one contiguous stretch of the source, so the quote is never cut in
        half. The id is the ranked passage's.
        """
        passage = self.passages[item.index]
        other = (
            int(self.prev_in_turn[item.index]) if item.reach < 0
            else int(self.next_in_turn[item.index]) if item.reach > 0
            else -1
        )
        if other < 0:
            return passage
        first, last = (self.passages[other], passage) if other < item.index else (passage, self.passages[other])
        span = first.span.model_copy(
            update={"line_end": last.span.line_end, "char_end": last.span.char_end}
        )
        return passage.model_copy(update={"text": f"{first.text} {last.text}", "span": span})

    def hits(
        self,
        ranked: Sequence[Ranked],
        weights: dict[str, float],
        *,
        k: int,
        offset: int,
        use_line: bool = False,
        questions: bool = False,
    ) -> tuple[tuple[Hit, ...], bool]:
        """Page ``offset:offset+k`` of distinct hits, and whether more follow."""
        shown: list[str] = []
        out: list[Hit] = []
        covered: set[int] = set()  # passages already shown, alone or joined
        for item in ranked:
            if item.index in covered:
                continue
            focus = item.line_span if use_line and item.line_span and item.line >= 80 else None
            if item.reach and focus is not None:
                item = replace(item, reach=0)  # an exact line sits inside its own passage
            hit = self.hit(item, weights, focus=focus, questions=questions)
            if near_duplicate(hit.excerpt, shown):
                continue
            shown.append(hit.excerpt)
            out.append(hit)
            covered.add(item.index)
            if item.reach:
                covered.add(int((self.prev_in_turn if item.reach < 0 else self.next_in_turn)[item.index]))
            if len(out) > offset + k:
                break
        page = tuple(out[offset : offset + k])
        return page, len(out) > offset + k

    # -- topical search ---------------------------------------------------------

    def search(self, query: Query, scope: Scope, *, k: int, offset: int = 0) -> Answer:
        """What was said about a subject, optionally by a person or within filters."""
        allowed, words, notes = self.candidates(query, scope)
        notes = list(query.notes) + notes
        text = query.text
        mentions: list[Mention] = []
        if not query.speakers:
            mentions = self.people.mentions(text, scope.briefings)
        if mentions:
            person_mask = np.zeros(len(self.passages), dtype=bool)
            names: list[str] = []
            for mention in mentions:
                for person in mention.persons:
                    person_mask |= self.person_mask(person, scope)
                names.append(" or ".join(p.name for p in mention.persons))
            allowed &= person_mask
            words.append("speaker " + ", ".join(names))
            text = _without_spans(text, [(m.start, m.end) for m in mentions])
        weights = self.weights(text)
        for phrase in query.phrases:
            for term in tokenize(phrase):
                weights.setdefault(term, self.idf(term))
        searched = _searched(words, query)
        # A statement with no question in it may be a remembered line.
        line = _whosaid.normalized_line(query.text) if _whosaid.is_statement(query) else None
        pool = max(POOL, (offset + k) * 8)
        ranked = self.rank(weights, allowed, pool=pool, line=line)
        if query.phrases:
            ranked = [
                r for r in ranked
                if all(fold(p) in fold(self.passages[r.index].text) for p in query.phrases)
            ]
        if line and ranked:
            best_line = max(ranked, key=lambda r: r.line)
            if best_line.line >= _whosaid.EXACT:
                return _whosaid.said_by(
                    self, query, ranked, weights, k=k, offset=offset, searched=searched,
                    notes=notes,
                )
        statement = _whosaid.is_statement(query)
        unknown = self.unknown_names(text)
        answering = [] if unknown else self.answering(
            ranked, weights, line=statement, named=bool(mentions or query.speakers),
            entities=self.question_names(text),
        )
        if unknown:
            notes.append(
                "The briefings never mention " + ", ".join(f"“{w}”" for w in unknown[:3]) + "."
            )
        elif statement and answering and not query.phrases:
            notes.append("No passage says this in these words; these are the closest.")
        asking = bool(_ASKING.search(query.raw))
        if not weights and allowed.any() and (mentions or query.has_filters):
            # "What did Singleton say?" — everything the person said, in order
            # ("what did X ask": the turns that ask something first).
            order = np.flatnonzero(allowed)[: pool]
            if asking:
                order = sorted(order, key=lambda i: "?" not in self.passages[int(i)].text)
            answering = [Ranked(int(i), 0.0, final=0.0) for i in order]
        for mention in mentions:
            if len(mention.persons) > 1:
                notes.append(_shared_name_note(mention.text, mention.persons, scope, answering, self))
        if not answering:
            suggestions = self.suggestions(weights, scope, ranked)
            for mention in mentions:
                for person in mention.persons:
                    topics = self.person_topics(person, scope)
                    if topics:
                        suggestions.insert(0, f"{person.name} spoke about: {'; '.join(topics[:6])}")
            return Answer(
                question=query.raw,
                intent="search",
                no_match=True,
                notes=tuple(notes),
                suggestions=tuple(suggestions),
                searched=searched,
                offset=offset,
            )
        hits, more = self.hits(answering, weights, k=k, offset=offset, questions=asking)
        return Answer(
            question=query.raw,
            intent="search",
            hits=hits,
            notes=tuple(notes),
            searched=searched,
            offset=offset,
            has_more=more,
        )

    # -- when nothing answers -----------------------------------------------------

    def suggestions(
        self, weights: dict[str, float], scope: Scope, ranked: Sequence[Ranked] = ()
    ) -> list[str]:
        """What the visible corpus does cover, near the question where possible."""
        out: list[str] = []
        seen_events: list[int] = []
        speakers: Counter[str] = Counter()
        for item in ranked[:20]:
            b = int(self.passage_briefing[item.index])
            if b not in seen_events:
                seen_events.append(b)
            passage = self.passages[item.index]
            speaker = self.briefings[b].speaker(passage.speaker_id)
            if speaker is not None and passage.role != Role.ORGANIZATION:
                speakers[speaker.name] += 1
        matched = [t for t in weights if self.passages_with(t, scope).size]
        if seen_events and matched:
            events = "; ".join(_event_label(self.briefings[b]) for b in seen_events[:3])
            # Said as what it is: these use some of the words, they do not answer.
            out.append(f"Events that use some of your words: {events}")
        if speakers and matched:
            out.append("Speakers who used some of your words: " + ", ".join(
                name for name, _ in speakers.most_common(4)
            ))
        out.append(self._scope_overview(scope))
        return out

    def _scope_overview(self, scope: Scope) -> str:
        """The line saying what an asker's visible briefings cover (kept per scope)."""
        # Counting every visible briefing's categories is corpus-size work; a
        # scope's masks never change, so the line is computed once per scope.
        visible = scope.briefings
        kept = self._overviews.get(id(visible))
        if kept is not None and kept[0] is visible:
            return kept[1]
        topics: Counter[str] = Counter()
        for i in np.flatnonzero(visible):
            for category in self.briefings[i].categories:
                topics[category] += 1
        if topics:
            line = "Topics the briefings cover: " + ", ".join(t for t, _ in topics.most_common(8))
        elif visible.any():
            titles = [self.briefings[i] for i in np.flatnonzero(visible)[:5]]
            line = "Events you can ask about: " + "; ".join(_event_label(b) for b in titles)
        else:
            line = "No briefings are available to you here."
        if len(self._overviews) > _MASK_CACHE:
            self._overviews.clear()
        self._overviews[id(visible)] = (visible, line)  # the mask kept: its id stays its own
        return line


def _max_idf(n_docs: int) -> float:
    """Lucene's idf of a term no document holds, for ``n_docs`` documents (at least 1)."""
    n = max(n_docs, 1)
    return math.log(1 + (n + 0.5) / 0.5)


def distinctive_needed(count: int) -> int:
    """How many of a question's ``count`` distinctive terms one passage must hold.

    All of two, two of three or four, then half (rounded up): "the capital
    of France" needs both words in one passage, a long question most of its
    subject.
    """
    if count <= 1:
        return count
    return max(2, math.ceil(count / 2))


def _searched(words: list[str], query: Query) -> str | None:
    """What was searched, in words: resolved people first, then the other filters."""
    rest = query.describe(speakers=False)
    return " · ".join([*words, rest] if rest else words) or None


def _event_label(briefing: Briefing) -> str:
    date = _metadata.date_words(briefing.date)
    return f"{briefing.title} ({date})" if date else briefing.title


def _briefing_terms(briefing: Briefing) -> frozenset[str]:
    parts = [briefing.title, briefing.series or "", briefing.organization or "", briefing.location or ""]
    parts += list(briefing.categories)
    terms = set(tokenize(" ".join(parts)))
    if briefing.date is not None:
        terms.add(str(briefing.date.year))
    return frozenset(terms)


def _without_spans(text: str, spans: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in sorted(spans):
        out.append(text[last:start])
        last = max(last, end)
    out.append(text[last:])
    return " ".join(out)


def _shared_name_note(name, persons, scope, answering=None, engine=None) -> str:
    """Say plainly that a name fits several people, and whose words are shown."""
    labels = []
    for person in persons:
        apps = person.visible(scope.briefings)
        first = apps[0].speaker if apps else None
        honorific = f"{first.honorific} " if first is not None and first.honorific else ""
        affiliation = f" ({first.affiliation})" if first is not None and first.affiliation else ""
        labels.append(f"{honorific}{person.name}{affiliation}")
    note = f"“{name}” fits {len(persons)} people: " + "; ".join(labels) + "."
    if answering and engine is not None:
        shown = {
            engine.people.person_of(int(engine.passage_briefing[r.index]), engine.passages[r.index].speaker_id)
            for r in answering[:5]
        }
        shown_names = sorted({p.name for p in shown if p is not None})
        if len(shown_names) == 1:
            note += f" Only {shown_names[0]} spoke to this."
        else:
            note += " Results from each are labelled with their name."
    else:
        note += " Results from each are labelled with their name."
    return note + " Add a first name or title (Dr., Mr., Ms.) to choose one."


def _turn_neighbours(
    passages: Sequence[Passage], owner: np.ndarray, same: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """For each passage, the previous and next passage of the same turn (-1 when none).

    Consecutive passages belong to one turn when they share briefing,
    speaker (or non-participant label), role and section: ingestion cut one
    paragraph into passages of a few sentences, and the cut can fall between
    the question's words and the sentence that answers it. ``same`` is that
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


def _metadata_texts(corpus: Corpus):
    """(briefing index, text) acronyms are learned from besides the remarks: titles, hosts, affiliations."""
    for position, briefing in enumerate(corpus.briefings):
        yield position, briefing.title
        if briefing.organization:
            yield position, briefing.organization
        for speaker in briefing.speakers:
            if speaker.affiliation:
                yield position, speaker.affiliation


def _same_word(a: str, b: str) -> bool:
    """Whether two stems are forms of one word (see ``Engine.variants``)."""
    shared = len(os.path.commonprefix([a, b]))
    short, long = sorted((len(a), len(b)))
    return shared >= max(5, short - 1, long - 3)
