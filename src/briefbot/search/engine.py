"""The answer engine: one question in, one attributed ``Answer`` out.

Every interface (console, ``briefbot ask``, Slack) calls ``Engine.ask``.
The steps, in order:

1. ``query.parse`` understands the question (intent, text, filters);
2. access: the asker's visible briefings are fixed first, and every later
   step only ever sees passages and people from those (``access.py``);
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

The confidence rule decides whether the best passage answers at all:

- a question ("What was said about X?") is answered when the best passage
  holds at least ``MIN_COVERAGE`` of the question's content-word weight
  (each distinct term weighted by its idf; a word the corpus never uses
  gets the highest idf) and ``MIN_SENTENCE_COVERAGE`` within two
  consecutive sentences;
- a remembered line (a statement of six words or more) is matched more
  loosely — people misremember wording — at ``LINE_MIN_COVERAGE`` with at
  least two content words in common, and the answer says the match is
  approximate;
- either way, a capitalised name in the question that the corpus never
  uses ("Venezuela", "Haiti") means the briefings do not discuss it.

A question about a subject the corpus never discusses shares only generic
words with it ("Russia", "sanctions", "policy") and fails the rule; the
answer then says so and suggests what the corpus does cover. Further
results must come close to the best one (``FOLLOWER_RATIO``).
"""

from __future__ import annotations

import bisect
import logging
import math
import re
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from ..config import Settings
from ..index.tokenize import tokenize
from ..models import Answer, Briefing, Corpus, Hit, Passage, Role, Viewer
from ..text import fold
from . import metadata as _metadata
from . import whosaid as _whosaid
from .access import visible_mask
from .excerpts import make_excerpt, near_duplicate
from .people import _HONORIFICS, Mention, People, Person, honorific_key
from .query import Query, parse
from .scoring import coverage, sentence_terms, window_coverage

__all__ = ["Engine", "Scope", "MIN_COVERAGE", "MIN_SENTENCE_COVERAGE"]

log = logging.getLogger(__name__)

MIN_COVERAGE = 0.4
"""Share of the question's content weight the best passage must contain."""
MIN_SENTENCE_COVERAGE = 0.3
"""Share of it that must meet within two consecutive sentences."""
LINE_MIN_COVERAGE = 0.2
"""For a remembered line: share of its content weight the best passage must contain."""
FOLLOWER_RATIO = 0.6
"""A further result must reach this share of the best result's coverage."""
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
_MASK_CACHE = 256
_TERM_CACHE = 50_000  # passages whose sentence terms are kept between questions
_TITLES = frozenset(_HONORIFICS.values())
_NAME_LIKE = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


@dataclass(frozen=True)
class Scope:
    """What one asker may see: masks over briefings and passages."""

    viewer: Viewer | None
    briefings: np.ndarray  # bool per briefing
    passages: np.ndarray  # bool per passage


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
        by_speaker: dict[tuple[int, str], list[int]] = {}
        by_briefing: list[list[int]] = [[] for _ in self.briefings]
        for i, passage in enumerate(self.passages):
            b = int(self.passage_briefing[i])
            by_briefing[b].append(i)
            if passage.speaker_id is not None:
                by_speaker.setdefault((b, passage.speaker_id), []).append(i)
        self.speaker_passages = {k: np.asarray(v, dtype=np.int64) for k, v in by_speaker.items()}
        self.briefing_passages = [np.asarray(v, dtype=np.int64) for v in by_briefing]
        self.meta_terms: list[frozenset[str]] = [_briefing_terms(b) for b in self.briefings]
        self._bm25 = getattr(indexed, "bm25", None)
        n = max(len(self.passages), 1)
        self.max_idf = math.log(1 + (n + 0.5) / 0.5)
        vocabulary = getattr(self._bm25, "vocabulary", None)
        self._sorted_vocabulary: list[str] = sorted(vocabulary) if vocabulary else []
        self._variants: dict[str, list[str]] = {}
        self._sentence_terms: dict[int, list[set[str]]] = {}
        self._masks: OrderedDict[tuple[str | None, str | None], Scope] = OrderedDict()

    # -- construction -------------------------------------------------------

    @classmethod
    def open(cls, knowledge: Path, settings: Settings, *, rebuild: bool = False) -> Engine:
        """Load (or build) the index of a knowledge folder and wrap it."""
        from ..index.store import open_index  # the store module imports ingest lazily

        return cls(open_index(Path(knowledge), settings, rebuild=rebuild), settings)

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
        found = self._masks.get(key)
        if found is not None:
            self._masks.move_to_end(key)
            return found
        briefings = visible_mask(self.briefings, viewer, self.settings.access)
        passages = (
            briefings[self.passage_briefing] if len(self.passages) else np.zeros(0, dtype=bool)
        )
        scope = Scope(viewer, briefings, passages)
        self._masks[key] = scope
        if len(self._masks) > _MASK_CACHE:
            self._masks.popitem(last=False)
        return scope

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
        query = parse(question if isinstance(question, str) else str(question))
        k = max(1, min(int(k or self.settings.answer.top_k), 50))
        offset = max(0, int(offset))
        scope = self.scope(viewer)
        if query.intent == "help":
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
            return self.max_idf if tid is None else float(idf[tid])
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
        terms = tokenize(text)
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
            wanted = fold(value)
            brief_mask &= np.array(
                [
                    wanted in fold(b.organization or "")
                    or any(wanted in fold(s.affiliation or "") for s in b.speakers)
                    for b in self.briefings
                ],
                dtype=bool,
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
        """BM25 candidates among ``allowed``, re-ranked by coverage (and line match)."""
        if not weights or not allowed.any():
            return []
        alias = self.aliases(weights)
        found = self.indexed.search([*weights, *alias], pool, allowed)
        if not found:
            return []
        top = max(score for _, score in found) or 1.0
        ranked: list[Ranked] = []
        for index, score in found:
            text = self.passages[index].text
            present = self._present_terms(int(index), alias)
            item = Ranked(int(index), float(score))
            item.coverage = coverage(weights, present)
            item.sentence = window_coverage(weights, self.sentence_terms(int(index)), alias=alias)
            if line:
                match = _whosaid.line_match(line, text)
                item.line = match.score
                item.line_span = (match.start, match.end)
            item.final = 0.35 * (score / top) + 0.25 * item.coverage + 0.4 * item.sentence
            if line:
                item.final += 0.5 * max(0.0, item.line - 60.0) / 40.0
            ranked.append(item)
        ranked.sort(key=lambda r: (-r.final, r.index))
        return ranked

    def confident(self, best: Ranked, weights: dict[str, float], *, line: bool) -> bool:
        """The confidence rule for the best candidate (see the module docstring)."""
        if line:
            present = self._present_terms(best.index, self.aliases(weights))
            matched = sum(1 for t in weights if t in present)
            return best.coverage >= LINE_MIN_COVERAGE and matched >= min(2, len(weights))
        return best.coverage >= MIN_COVERAGE and best.sentence >= MIN_SENTENCE_COVERAGE

    def unknown_names(self, question: str) -> list[str]:
        """Capitalised words of a question (not its first) that no briefing ever uses."""
        words = _NAME_LIKE.findall(question)
        out = []
        for position, word in enumerate(words):
            if position == 0 or not word[:1].isupper() or honorific_key(word) in _TITLES:
                continue
            for term in tokenize(word):
                if not self.known_term(term):
                    out.append(word)
        return out

    def known_term(self, term: str) -> bool:
        """Whether the index knows a term, or a longer word starting with it ('west' ~ 'western')."""
        if self.idf(term) < self.max_idf - 1e-9:
            return True
        vocabulary = self._sorted_vocabulary
        if len(term) < 4 or not vocabulary:
            return False
        at = bisect.bisect_left(vocabulary, term)
        return at < len(vocabulary) and vocabulary[at].startswith(term)

    def sentence_terms(self, index: int) -> list[set[str]]:
        """Terms of each sentence of a passage, computed once and kept (bounded)."""
        found = self._sentence_terms.get(index)
        if found is None:
            found = sentence_terms(self.passages[index].text)
            if len(self._sentence_terms) > _TERM_CACHE:
                self._sentence_terms.clear()
            self._sentence_terms[index] = found
        return found

    def _present_terms(self, index: int, alias: dict[str, str] | None = None) -> set[str]:
        """A passage's terms (heading included), variants mapped to the question's terms."""
        passage = self.passages[index]
        present: set[str] = set().union(*self.sentence_terms(index))
        if passage.section:
            present.update(tokenize(passage.section))
        if alias:
            present.update(alias[t] for t in list(present) if t in alias)
        return present

    def variants(self, term: str) -> list[str]:
        """Indexed words that are forms of the same word the stemmer left apart.

        'militarily' / 'military' and 'defend' / 'defense' stem differently;
        two terms of five letters or more count as one word when they share
        all but their last two or three letters.
        """
        found = self._variants.get(term)
        if found is not None:
            return found
        out: list[str] = []
        vocabulary = self._sorted_vocabulary
        if len(term) >= 5 and vocabulary:
            prefix = term[: max(5, len(term) - 2)]
            at = bisect.bisect_left(vocabulary, prefix)
            while at < len(vocabulary) and vocabulary[at].startswith(prefix) and len(out) < 8:
                other = vocabulary[at]
                if other != term and abs(len(other) - len(term)) <= 3:
                    out.append(other)
                at += 1
        if len(self._variants) > 50_000:
            self._variants.clear()
        self._variants[term] = out
        return out

    def aliases(self, weights: dict[str, float]) -> dict[str, str]:
        """Variant term -> the question's term, for every content term."""
        alias: dict[str, str] = {}
        for term in weights:
            for other in self.variants(term):
                if other not in weights:
                    alias.setdefault(other, term)
        return alias

    def answering(
        self, ranked: list[Ranked], weights: dict[str, float] | None = None, *, line: bool = False
    ) -> list[Ranked]:
        """The candidates that answer: the best if confident, and those close to it."""
        if not ranked or not self.confident(ranked[0], weights or {}, line=line):
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
        self, item: Ranked, weights: dict[str, float], *, focus: tuple[int, int] | None = None
    ) -> Hit:
        """An attributed result with its excerpt."""
        passage = self.passages[item.index]
        briefing = self.briefings[int(self.passage_briefing[item.index])]
        shown = dict(weights)
        for variant, term in self.aliases(weights).items():
            shown.setdefault(variant, weights[term])
        excerpt, highlights = make_excerpt(
            passage.text, shown, self.settings.answer.excerpt_chars, focus=focus
        )
        return Hit(
            passage=passage,
            briefing=briefing,
            speaker=briefing.speaker(passage.speaker_id),
            score=round(float(item.final), 4),
            excerpt=excerpt,
            highlights=highlights,
        )

    def hits(
        self,
        ranked: Sequence[Ranked],
        weights: dict[str, float],
        *,
        k: int,
        offset: int,
        use_line: bool = False,
    ) -> tuple[tuple[Hit, ...], bool]:
        """Page ``offset:offset+k`` of distinct hits, and whether more follow."""
        shown: list[str] = []
        out: list[Hit] = []
        for item in ranked:
            focus = item.line_span if use_line and item.line_span and item.line >= 80 else None
            hit = self.hit(item, weights, focus=focus)
            if near_duplicate(hit.excerpt, shown):
                continue
            shown.append(hit.excerpt)
            out.append(hit)
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
        answering = [] if unknown else self.answering(ranked, weights, line=statement)
        if unknown:
            notes.append(
                "The briefings never mention " + ", ".join(f"“{w}”" for w in unknown[:3]) + "."
            )
        elif statement and answering and not query.phrases:
            notes.append("No passage says this in these words; these are the closest.")
        if not weights and allowed.any() and (mentions or query.has_filters):
            # "What did Singleton say?" — everything the person said, in order.
            order = np.flatnonzero(allowed)[: pool]
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
        hits, more = self.hits(answering, weights, k=k, offset=offset)
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
            out.append(f"Nearest events: {events}")
        if speakers and matched:
            out.append("Speakers who touched on related words: " + ", ".join(
                name for name, _ in speakers.most_common(4)
            ))
        topics: Counter[str] = Counter()
        for i in np.flatnonzero(scope.briefings):
            for category in self.briefings[i].categories:
                topics[category] += 1
        if topics:
            out.append("Topics the briefings cover: " + ", ".join(t for t, _ in topics.most_common(8)))
        elif scope.briefings.any():
            titles = [self.briefings[i] for i in np.flatnonzero(scope.briefings)[:5]]
            out.append("Events you can ask about: " + "; ".join(_event_label(b) for b in titles))
        else:
            out.append("No briefings are available to you here.")
        return out


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
