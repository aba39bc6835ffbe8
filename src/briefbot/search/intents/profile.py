"""``speaker <name>``: a person's affiliations by event, their events and topics."""

from __future__ import annotations

import datetime as dt

from ...models import Answer
from ..corpus import Scope, SearchCorpus
from ..query import Query
from ..results import event_line, person_label
from ..tables import tables
from .facts import find_persons, not_found_person, role_words

__all__ = ["speaker_profile"]


def speaker_profile(corpus: SearchCorpus, query: Query, scope: Scope) -> Answer:
    """``speaker <name>``: affiliations by event, events, topics."""
    name = query.subject or query.text
    persons = find_persons(corpus, name, scope)
    if not persons:
        answer = not_found_person(corpus, query, name, scope)
        return answer.model_copy(update={"intent": "speaker"})
    details: list[str] = []
    summary: list[str] = []
    for person in persons:
        apps = sorted(
            person.visible(scope.briefings),
            key=lambda a: corpus.briefings[a.briefing_index].date or dt.date.min,
        )
        summary.append(
            f"{person.name}: {len(apps)} event{'s' if len(apps) != 1 else ''} in the briefings."
        )
        if len(persons) > 1:  # one heading per person; a single profile needs none
            details.append(person.name)
        topics: dict[str, None] = {}
        for app in apps:
            briefing = corpus.briefings[app.briefing_index]
            affiliation = app.speaker.affiliation or "no affiliation stated"
            details.append(
                f"  {event_line(briefing)} — {person_label(app.speaker, with_affiliation=False)},"
                f" {affiliation} ({role_words(app.speaker.role)})"
            )
            ids = corpus.speaker_passages.get((app.briefing_index, app.speaker.id))
            # Read from the passage columns: no record is built per passage.
            sections = set(tables(corpus).sections(ids if ids is not None else ()))
            for section in sorted(s for s in sections if s):
                topics.setdefault(section, None)
            for category in briefing.categories:
                topics.setdefault(category, None)
        if topics:
            details.append("  Topics: " + "; ".join(list(topics)[:10]))
    notes = ()
    if len(persons) > 1:
        notes = (f"“{name}” fits {len(persons)} people; each is profiled separately.",)
    return Answer(
        question=query.raw,
        intent="speaker",
        answer=" ".join(summary),
        details=tuple(details),
        notes=notes,
    )


