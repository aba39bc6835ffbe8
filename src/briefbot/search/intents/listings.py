"""Listings over every visible briefing: people, organizations, an organization's events, order.

"Who are the moderators?", "Which organizations hosted events?", "How
many events did the Harbor Council host?", "What was the most recent
briefing?", and "What did X say at the Y event?" (a person's remarks at one
event, through topical search with no topic words).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np

from ...index.tokenize import tokenize
from ...models import Answer, Briefing, Role, Speaker
from ...text import date_words, fold
from ..corpus import Scope, SearchCorpus
from ..query import Query
from ..results import person_label
from ..results import suggestions as suggestions_of
from .facts import (
    GENERIC_EVENT_WORDS,
    event_details,
    event_fact,
    events_of,
    find_persons,
    no_event,
    not_found_person,
    pick_event,
    sentence,
)
from .topical import search

__all__ = ["LISTINGS"]


def _visible(corpus: SearchCorpus, scope: Scope) -> list[int]:
    return [int(b) for b in np.flatnonzero(scope.briefings)]


def _org_words(words: str) -> frozenset[str]:
    return frozenset(tokenize(words)) - GENERIC_EVENT_WORDS


def _names_org(words: str, organization: str | None) -> bool:
    """Whether words name an organization ('Harbor Council', 'harbor', 'the Atlas Forum')."""
    if not organization:
        return False
    if fold(words) in fold(organization):
        return True
    wanted = _org_words(words)
    return bool(wanted) and wanted <= frozenset(tokenize(organization))


def _short_event(briefing: Briefing) -> str:
    when = f", {date_words(briefing.date)}" if briefing.date else ""
    return f"“{briefing.title}”{when}"


def _people(corpus: SearchCorpus, query: Query, scope: Scope) -> Answer:
    """Moderators or speakers across the visible briefings, with their events."""
    ask = query.metadata
    assert ask is not None
    moderators = ask.moderated
    found: dict[str, list[tuple[int, Speaker]]] = {}
    for b in _visible(corpus, scope):
        for speaker in corpus.briefings[b].speakers:
            if speaker.role == Role.ORGANIZATION or (speaker.role == Role.MODERATOR) != moderators:
                continue
            if ask.org and not _names_org(ask.org, speaker.affiliation):
                continue
            found.setdefault(speaker.name, []).append((b, speaker))
    what = "moderators" if moderators else "speakers"
    whose = f" from {ask.org}" if ask.org else ""
    if not found:
        return Answer(
            question=query.raw,
            intent="metadata",
            no_match=True,
            answer=f"No {what}{whose} appear in the briefings you can see.",
            suggestions=tuple(suggestions_of(corpus, {}, scope)),
        )
    ranked = sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    lines = []
    for name, apps in ranked:
        apps.sort(key=lambda a: corpus.briefings[a[0]].date or dt.date.min)
        label = person_label(apps[-1][1], with_affiliation=False)
        events = "; ".join(
            _short_event(corpus.briefings[b])
            + (f" ({s.affiliation})" if s.affiliation else "")
            for b, s in apps
        )
        lines.append(f"{label} — {len(apps)} event{'s' if len(apps) != 1 else ''}: {events}")
    if ask.most:
        top = len(ranked[0][1])
        leaders = [name for name, apps in ranked if len(apps) == top]
        verb = "moderated" if moderators else "spoke at"
        each = " each" if len(leaders) > 1 else ""
        names = leaders[0] if len(leaders) == 1 else ", ".join(leaders[:-1]) + " and " + leaders[-1]
        answer = sentence(f"{names} {verb} the most events you can see: {top}{each}")
        return Answer(question=query.raw, intent="metadata", answer=answer, details=tuple(lines))
    head = f"{len(ranked)} {what}{whose} in the briefings you can see:"
    return Answer(
        question=query.raw,
        intent="metadata",
        answer=head + "\n" + "\n".join(f"• {x}" for x in lines),
    )


def _orgs(corpus: SearchCorpus, query: Query, scope: Scope) -> Answer:
    """The organizations that hosted the visible briefings, with counts."""
    hosted: dict[str, list[int]] = {}
    unnamed = 0
    for b in _visible(corpus, scope):
        organization = corpus.briefings[b].organization
        if organization:
            hosted.setdefault(organization, []).append(b)
        else:
            unnamed += 1
    if not hosted:
        return Answer(
            question=query.raw,
            intent="metadata",
            no_match=True,
            answer="None of the briefings you can see names the organization that hosted it.",
        )
    lines = [
        f"{org} — {len(bs)} event{'s' if len(bs) != 1 else ''}"
        for org, bs in sorted(hosted.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    notes = (f"{unnamed} briefing(s) do not name a host.",) if unnamed else ()
    return Answer(
        question=query.raw,
        intent="metadata",
        answer=f"{len(hosted)} organizations hosted the briefings you can see:\n"
        + "\n".join(f"• {x}" for x in lines),
        notes=notes,
    )


def _org_briefings(corpus: SearchCorpus, words: str, scope: Scope) -> tuple[list[str], list[int]]:
    orgs: dict[str, None] = {}
    chosen = []
    for b in _visible(corpus, scope):
        organization = corpus.briefings[b].organization
        if _names_org(words, organization):
            orgs.setdefault(organization or "", None)
            chosen.append(b)
    return list(orgs), chosen


def _no_org(corpus: SearchCorpus, query: Query, words: str, scope: Scope) -> Answer:
    known = sorted({corpus.briefings[b].organization or "" for b in _visible(corpus, scope)} - {""})
    return Answer(
        question=query.raw,
        intent="metadata",
        no_match=True,
        answer=f"No briefing you can see was hosted by an organization called “{words}”.",
        suggestions=tuple(f"Organization: {o}" for o in known),
    )


def _org_events(corpus: SearchCorpus, query: Query, scope: Scope) -> Answer:
    """How many (and which) visible events an organization hosted."""
    ask = query.metadata
    assert ask is not None and ask.org
    orgs, chosen = _org_briefings(corpus, ask.org, scope)
    if not chosen:
        # "How many events did Varga host?" names a person: events they moderated.
        persons = find_persons(corpus, ask.org, scope)
        if persons:
            return events_of(corpus, query, persons, scope, [], moderated=True)
        return _no_org(corpus, query, ask.org, scope)
    chosen.sort(key=lambda b: corpus.briefings[b].date or dt.date.min)
    lines = []
    for org in orgs:
        mine = [b for b in chosen if corpus.briefings[b].organization == org]
        listed = "; ".join(_short_event(corpus.briefings[b]) for b in mine)
        lines.append(f"{org} hosted {len(mine)} event{'s' if len(mine) != 1 else ''} you can see: {listed}.")
    notes = (f"“{ask.org}” fits {len(orgs)} organizations; each is counted separately.",) if len(orgs) > 1 else ()
    return Answer(question=query.raw, intent="metadata", answer="\n".join(lines), notes=notes)


def _order(corpus: SearchCorpus, query: Query, scope: Scope) -> Answer:
    """The most recent or the earliest visible event (of one organization, if named)."""
    ask = query.metadata
    assert ask is not None
    chosen = _visible(corpus, scope)
    if ask.org:
        _, chosen = _org_briefings(corpus, ask.org, scope)
        if not chosen:
            return _no_org(corpus, query, ask.org, scope)
    dated = [b for b in chosen if corpus.briefings[b].date is not None]
    if not dated:
        return no_event(corpus, query, "None of the briefings you can see gives its date.", scope)
    pick = max if ask.latest else min
    edge = pick(corpus.briefings[b].date for b in dated)
    best = [b for b in dated if corpus.briefings[b].date == edge]
    which = "most recent" if ask.latest else "earliest"
    lines = [f"{event_fact(corpus.briefings[b], 'when')}" for b in best]
    answer = f"The {which} briefing you can see: " + " ".join(lines)
    undated = len(chosen) - len(dated)
    notes = (f"{undated} briefing(s) give no date and could not be placed.",) if undated else ()
    return Answer(
        question=query.raw,
        intent="metadata",
        answer=answer,
        details=tuple(event_details(corpus.briefings[b]) for b in best),
        notes=notes,
    )


def _said_at(corpus: SearchCorpus, query: Query, scope: Scope) -> Answer:
    """'What did Varga ask at the dredging event?': that person's remarks at that event."""
    ask = query.metadata
    assert ask is not None and ask.person and ask.event
    persons = find_persons(corpus, ask.person, scope)
    if not persons:
        return not_found_person(corpus, query, ask.person, scope)
    events, problem = pick_event(corpus, ask.event, scope)
    if not events:
        return no_event(corpus, query, problem or "I could not tell which event you mean.", scope)
    there = [p for p in persons if any(a.briefing_index in events for a in p.visible(scope.briefings))]
    if not there:
        names = " or ".join(p.name for p in persons)
        titles = " or ".join(f"“{corpus.briefings[b].title}”" for b in events)
        return Answer(
            question=query.raw,
            intent="metadata",
            no_match=True,
            answer=f"{names} did not take part in {titles}.",
            suggestions=tuple(event_fact(corpus.briefings[b], "speakers") for b in events),
        )
    # Everything the person said there, in order: the person and event
    # restriction of an ordinary search, with no topic words.
    restricted = replace(
        query,
        intent="search",
        metadata=None,
        text="",
        speakers=tuple(p.name for p in there),
        events=tuple(corpus.briefings[b].id for b in events),
    )
    answer = search(corpus, restricted, scope, k=corpus.settings.answer.top_k)
    notes = (problem,) if problem else ()
    return answer.model_copy(update={"question": query.raw, "notes": (*notes, *answer.notes)})


LISTINGS = {
    "people": _people,
    "orgs": _orgs,
    "org_events": _org_events,
    "order": _order,
    "said_at": _said_at,
}


