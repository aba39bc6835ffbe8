"""Filters: a query's restrictions as masks over passages and briefings, and in words.

``candidates`` turns ``speaker:``, ``org:``, ``event:``, ``category:``,
dates and ``-excluded`` words into the set of passages BM25 may score, and
says what it restricted ("speaker Craig Singleton · since 2023") so the
answer can tell the asker what was searched. An unknown speaker yields an
empty mask and a note naming visible people only.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..index.tokenize import tokenize
from .corpus import Scope, SearchCorpus
from .query import Query
from .tables import tables

__all__ = ["candidates", "briefing_filter", "searched", "shared_name_note", "without_spans"]


def candidates(corpus: SearchCorpus, query: Query, scope: Scope) -> tuple[np.ndarray, list[str], list[str]]:
    """The passage mask a query's filters allow, what they mean in words, and notes.

    Raises nothing: an unknown speaker or event yields an empty mask and a
    note that says so, with visible names only.
    """
    allowed = scope.passages.copy()
    words: list[str] = []
    notes: list[str] = []
    brief_mask = scope.briefings.copy()
    columns = tables(corpus)  # per-corpus columns: no loop over briefings or passages here
    for value in query.orgs:
        # ``org:`` is the organization that hosted the event, never a
        # speaker's affiliation: "events org:harbor" lists Harbor's events,
        # not every panel a Harbor fellow sat on (ask "speaker <name>" or
        # "who is affiliated with" for people).
        brief_mask &= columns.organization_mask(value)
    for value in query.events:
        brief_mask &= _event_filter(corpus, value)
    for value in query.categories:
        brief_mask &= columns.category_mask(value)
    if query.roles and len(corpus.passages):
        allowed &= columns.role_mask(query.roles)
    if query.after or query.before:
        low = query.after.start if query.after else None
        high = query.before.start if query.before else None
        brief_mask &= columns.date_mask(low, high)
    if len(corpus.passages):
        allowed &= brief_mask[corpus.passage_briefing]
    if query.speakers:
        speaker_mask = np.zeros(len(corpus.passages), dtype=bool)
        for value in query.speakers:
            persons = corpus.people.resolve(value, scope.briefings)
            if not persons:
                close = corpus.people.suggest(value, scope.briefings)
                hint = f" Did you mean {', '.join(close)}?" if close else ""
                notes.append(f"No speaker matches “{value}”.{hint}")
                continue
            if len(persons) > 1:
                notes.append(shared_name_note(value, persons, scope))
            for person in persons:
                speaker_mask |= corpus.person_mask(person, scope)
            words.append("speaker " + " or ".join(p.name for p in persons))
        allowed &= speaker_mask
    for term in {t for value in query.excluded for t in tokenize(value)}:
        allowed[corpus.passages_with(term, scope)] = False
    return allowed, words, notes


def _event_filter(corpus: SearchCorpus, value: str) -> np.ndarray:
    """Briefings whose meta terms hold every word of ``value``, or whose id or title holds it."""
    columns = tables(corpus)
    return columns.with_all_meta_terms(tokenize(value)) | columns.id_or_title_mask(value)


def briefing_filter(corpus: SearchCorpus, query: Query) -> np.ndarray:
    """Briefing-level filters only (org, event, category, dates)."""
    bare = replace(query, speakers=(), excluded=(), phrases=())
    everything = Scope(None, np.ones(len(corpus.briefings), dtype=bool), np.ones(len(corpus.passages), dtype=bool))
    mask, _, _ = candidates(corpus, bare, everything)
    out = np.zeros(len(corpus.briefings), dtype=bool)
    if mask.any():
        out[np.unique(corpus.passage_briefing[mask])] = True
    return out


def searched(words: list[str], query: Query) -> str | None:
    """What was searched, in words: resolved people first, then the other filters."""
    rest = query.describe(speakers=False)
    return " · ".join([*words, rest] if rest else words) or None


def without_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the given character ranges taken out (a named person's name, say)."""
    out, last = [], 0
    for start, end in sorted(spans):
        out.append(text[last:start])
        last = max(last, end)
    out.append(text[last:])
    return " ".join(out)


def shared_name_note(name, persons, scope, answering=None, corpus: SearchCorpus | None = None) -> str:
    """Say plainly that a name fits several people, and whose words are shown."""
    labels = []
    for person in persons:
        apps = person.visible(scope.briefings)
        first = apps[0].speaker if apps else None
        honorific = f"{first.honorific} " if first is not None and first.honorific else ""
        affiliation = f" ({first.affiliation})" if first is not None and first.affiliation else ""
        labels.append(f"{honorific}{person.name}{affiliation}")
    note = f"“{name}” fits {len(persons)} people: " + "; ".join(labels) + "."
    if answering and corpus is not None:
        shown = {
            corpus.people.person_of(int(corpus.passage_briefing[r.index]), corpus.passages[r.index].speaker_id)
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
