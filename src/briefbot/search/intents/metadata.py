"""Questions about events and people, answered from the structured briefing data.

Who moderated an event, when it was, where, who hosted it, who spoke at
it; a person's affiliation (at one event, or at each), which events a
person spoke at or moderated, and who else took part with them. Listings
over every visible briefing are in ``listings.py``. Only briefings the
asker may see are ever considered.
"""

from __future__ import annotations

import datetime as dt

from ...models import Answer, Role
from ..corpus import Scope, SearchCorpus
from ..people import Appearance, Person
from ..query import Query
from ..results import event_line, person_label
from .facts import (
    event_details,
    event_fact,
    events_of,
    find_persons,
    no_event,
    not_found_person,
    pick_event,
    sentence,
)
from .listings import LISTINGS

__all__ = ["answer_metadata"]


def answer_metadata(corpus: SearchCorpus, query: Query, scope: Scope) -> Answer | None:
    """A direct answer to a metadata question, or None to treat it as a search."""
    ask = query.metadata
    if ask is None:
        return None
    if ask.kind in ("moderator", "when", "where", "host", "speakers"):
        events, problem = pick_event(corpus, ask.event, scope)
        if not events:
            return no_event(corpus, query, problem or "I could not tell which event you mean.", scope)
        lines = [event_fact(corpus.briefings[b], ask.kind) for b in events]
        notes = (problem,) if problem else ()
        return Answer(
            question=query.raw,
            intent="metadata",
            answer=" ".join(lines) if len(lines) == 1 else "\n".join(f"• {x}" for x in lines),
            details=tuple(event_details(corpus.briefings[b]) for b in events),
            notes=notes,
        )
    if ask.kind in LISTINGS:
        return LISTINGS[ask.kind](corpus, query, scope)
    name = ask.person or ""
    persons = find_persons(corpus, name, scope)
    if not persons:
        return not_found_person(corpus, query, name, scope)
    notes: list[str] = []
    if len(persons) > 1:
        notes.append(
            f"“{name}” fits {len(persons)} people: "
            + "; ".join(p.name for p in persons)
            + ". Each is answered separately."
        )
    if ask.kind == "affiliation":
        return _affiliation(corpus, query, persons, scope, notes)
    if ask.kind == "with":
        return _copanelists(corpus, query, persons, scope, notes)
    return events_of(corpus, query, persons, scope, notes, moderated=ask.moderated)


def _affiliation(
    corpus: SearchCorpus, query: Query, persons: tuple[Person, ...], scope: Scope, notes: list[str]
) -> Answer:
    ask = query.metadata
    events: list[int] = []
    if ask is not None and ask.event:
        events, problem = pick_event(corpus, ask.event, scope)
        if problem and not events:
            notes.append(problem + " Showing every event instead.")
    lines: list[str] = []
    for person in persons:
        apps = person.visible(scope.briefings)
        chosen = [a for a in apps if a.briefing_index in events] if events else list(apps)
        if events and not chosen:
            notes.append(f"{person.name} did not take part in that event; showing every event.")
            chosen = list(apps)
        for app in chosen:
            lines.append(_affiliation_line(corpus, app))
    answer = lines[0] if len(lines) == 1 else "\n".join(f"• {x}" for x in lines)
    return Answer(question=query.raw, intent="metadata", answer=answer, notes=tuple(notes))


def _affiliation_line(corpus: SearchCorpus, app: Appearance) -> str:
    speaker = app.speaker
    briefing = corpus.briefings[app.briefing_index]
    role = " (moderator)" if speaker.role == Role.MODERATOR else ""
    affiliation = speaker.affiliation or "no affiliation stated"
    name = person_label(speaker, with_affiliation=False)
    return sentence(f"{name}: {affiliation}{role} — at {event_line(briefing)}")


def _copanelists(
    corpus: SearchCorpus, query: Query, persons: tuple[Person, ...], scope: Scope, notes: list[str]
) -> Answer:
    """Who else took part in each visible event a person took part in, labelled by event."""
    lines: list[str] = []
    for person in persons:
        apps = sorted(
            person.visible(scope.briefings),
            key=lambda a: corpus.briefings[a.briefing_index].date or dt.date.min,
        )
        for app in apps:
            briefing = corpus.briefings[app.briefing_index]
            others = [
                s for s in briefing.speakers
                if s.id != app.speaker.id and s.name != app.speaker.name and s.role != Role.ORGANIZATION
            ]
            listed = "; ".join(
                person_label(s) + (" — moderator" if s.role == Role.MODERATOR else "") for s in others
            ) or "no one else is named"
            lines.append(f"With {person.name} at {event_line(briefing)}: {listed}.")
    answer = lines[0] if len(lines) == 1 else "\n".join(f"• {x}" for x in lines)
    return Answer(question=query.raw, intent="metadata", answer=answer, notes=tuple(notes))
