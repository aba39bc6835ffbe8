"""The answer engine: one question in, one attributed ``Answer`` out.

Every interface (console, ``briefbot ask``, Slack) calls ``Engine.ask``.
The engine opens the corpus (``corpus.SearchCorpus``) and dispatches; the
work is done below it, each step in its own module:

1. ``query.parse`` understands the question (intent, text, filters);
2. access: the asker's visible briefings are fixed first (``Scope``), and
   every later step only ever sees passages and people from those — and
   only their words: the vocabulary and the BM25 statistics are those of
   the visible briefings, so a public answer is the same whether or not
   restricted briefings exist;
3. ``filters`` turn filters and named people into candidate passages;
4. ``terms`` weigh the question's words and widen them (variants, lexicon,
   acronyms); ``ranking`` scores BM25's candidates in their turn's context
   with one final-score formula;
5. ``confidence`` decides whether anything answers; ``results`` cuts the
   excerpts, or says what the corpus does cover when nothing answers.

Each kind of question has its own module in ``intents/``: topical search,
who said, speaker profiles, event listings, metadata and listings.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from .. import clock
from ..config import Settings
from ..heap import collection_paused
from ..index.tokenize import term_spans
from ..models import Answer, Briefing, Corpus, Viewer
from .corpus import SearchCorpus
from .intents.events import list_events
from .intents.metadata import answer_metadata
from .intents.profile import speaker_profile
from .intents.sources import answer_source, read_source_ask
from .intents.tally import read_tally, tally
from .intents.topical import search
from .intents.whosaid import who_said
from .people import honorific_key, name_words
from .places import is_country
from .query import Query, parse
from .results import suggestions
from .scope import Scope, answering_as
from .tables import tables
from .terms import NAME_LIKE, TITLES, term_in_use
from .wording import reword

__all__ = ["Engine", "Scope"]

log = logging.getLogger(__name__)


class Engine:
    """Answers questions over one indexed corpus. Build once; ``ask`` is cheap."""

    @collection_paused()  # millions of lasting objects, no garbage: see briefbot.heap
    def __init__(self, indexed, settings: Settings):
        self.core = SearchCorpus(indexed, settings)
        self.indexed = indexed
        self.settings = settings
        self.briefings = self.core.briefings
        self.passages = self.core.passages
        self.people = self.core.people
        self.passage_briefing = self.core.passage_briefing
        self.speaker_passages = self.core.speaker_passages
        self.briefing_passages = self.core.briefing_passages

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

    @collection_paused()
    def warm(self) -> Engine:
        """Build now what questions would otherwise build on first use (the corpus tables,
        the public scope and its hosts' acronyms), so the first asker of each kind waits
        no longer than the next. Interfaces that serve many questions call it once an
        engine is loaded — before ``gunicorn`` forks, so workers share what it built.
        (A saved index brings most tables with it: ``index.briefing_tables``.)"""
        table = tables(self.core)
        table.warm()
        self.core.meta_terms  # noqa: B018 - made on first read (from the index's tables)
        table.host_acronyms(self.core.scope(None))
        return self

    @property
    def corpus(self) -> Corpus:
        """Everything ingestion produced, restricted briefings included (handle with care)."""
        return self.core.records

    @property
    def meta_terms(self) -> Sequence[frozenset[str]]:
        """Per briefing, the terms of its title, series, host, place, categories and year."""
        return self.core.meta_terms

    # -- access ---------------------------------------------------------------

    def visible(self, briefing: Briefing, viewer: Viewer | None) -> bool:
        """Whether this asker may see this briefing (the same rule ``ask`` applies)."""
        position = self.core.briefing_pos.get(briefing.id)
        if position is None:
            return False
        return bool(self.scope(viewer).briefings[position])

    def scope(self, viewer: Viewer | None) -> Scope:
        """The asker's visibility masks, cached per (channel, user)."""
        return self.core.scope(viewer)

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
        with answering_as(scope):
            # Staff wording first: contractions, possessives without an
            # apostrophe, acronyms, role words and dates in words (wording.py).
            reworded = reword(self.core, asked, scope, today=clock.today()).text
            answer = self._asked_in_words(reworded, asked, scope)
            respelt: tuple[str, ...] = ()
            if answer is None:
                question, respelt = self.respell_names(reworded, scope)
                answer = self._dispatch(parse(question), scope, k=k, offset=offset)
        if respelt or answer.question != asked:
            answer = answer.model_copy(update={"question": asked, "notes": (*respelt, *answer.notes)})
        return answer

    def _asked_in_words(self, question: str, asked: str, scope: Scope) -> Answer | None:
        """'who talks about X most' (a table) and 'source for <event>', else None."""
        wanted = read_tally(question)
        if wanted is not None:
            return tally(self.core, wanted, scope)
        event = read_source_ask(question)
        if event is not None:
            return answer_source(self.core, event, scope, asked)
        return None

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
        # People the question already names: another word is never "did you
        # mean" one of them ("What did Berman say about Iran?" is not Ilan for Iran).
        named_already = {
            p.key for m in self.people.mentions(question, scope.briefings) for p in m.persons
        }
        for match in NAME_LIKE.finditer(question):
            word = match.group()
            if not (all_lower or word[:1].isupper()) or honorific_key(word) in TITLES:
                continue
            if is_country(word) or question[match.end():match.end() + 1] == ":":
                continue  # a country, or a filter's key ("org:")
            terms = [t for t, _s, _e in term_spans(word) if t is not None]
            if not terms:
                continue
            # The cheap test first: most words are close to no visible name; whether the
            # briefings use the word (perhaps as an acronym, a scan of their text) is asked
            # only of the words that are.
            options, sure = self.people.respell(word, scope.briefings)
            if not options or any(term_in_use(self.core, t) for t in terms):
                continue
            named = [self.people.persons_named(o, scope.briefings) for o in options]
            if all(p.key in named_already for group in named for p in group):
                continue
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

    def _dispatch(self, query: Query, scope: Scope, *, k: int | None, offset: int) -> Answer:
        """Answer a parsed question with the intent it asks for."""
        core = self.core
        k = max(1, min(int(k or self.settings.answer.top_k), 50))
        offset = max(0, int(offset))
        if query.intent == "help":
            if query.chat:  # small talk: say what can be asked, and that nothing was answered
                return Answer(
                    question=query.raw,
                    intent="help",
                    no_match=True,
                    notes=(*query.notes, "That is not a question about the briefings."),
                    suggestions=tuple(suggestions(core, {}, scope)),
                )
            return Answer(question=query.raw, intent="help", notes=query.notes)
        if query.intent == "speaker":
            return speaker_profile(core, query, scope)
        if query.intent == "events":
            return list_events(core, query, scope, k=k, offset=offset)
        if query.intent == "metadata":
            answer = answer_metadata(core, query, scope)
            if answer is not None:
                return answer
            query = replace(query, intent="search", metadata=None)
        if query.intent == "who_said":
            return who_said(core, query, scope, k=k, offset=offset)
        return search(core, query, scope, k=k, offset=offset)
