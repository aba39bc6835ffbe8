"""What the event and people intents share: the event or person a question names, and event facts.

The event a question means is found from its words against each visible
briefing's title, series, categories, organization and year, with the
passages' text as a tie-breaker ("the river dredging event"). Only
briefings the asker may see are ever considered. Event facts (who
moderated, when, where, who hosted, who spoke) are stated in one sentence
each, the same for every intent that gives them.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from ...index.tokenize import tokenize
from ...models import Answer, Briefing, Role
from ...text import date_words
from ..corpus import Scope, SearchCorpus
from ..people import Person
from ..query import Query
from ..results import event_line, person_label
from ..results import suggestions as suggestions_of
from ..tables import tables
from ..terms import unknown_names
from ..terms import weights as weights_of

__all__ = [
    "GENERIC_EVENT_WORDS",
    "sentence",
    "resolve_event",
    "pick_event",
    "find_persons",
    "not_found_person",
    "no_event",
    "event_fact",
    "event_details",
    "events_of",
    "role_words",
]

# Words for an event and for taking place, which name no particular event:
# the event nouns of the question grammar (``asks.py``) and their verbs.
GENERIC_EVENT_WORDS = frozenset(
    t
    for w in """event events briefing briefings discussion discussions panel panels session
    sessions meeting meetings talk talks held take took place happen happened one conversation""".split()
    for t in tokenize(w)
)
_CLEAR_LEAD = 0.15  # the best event must lead the next by this much to be taken alone


def sentence(text: str) -> str:
    """End with one full stop: 'held in Washington, D.C.' gets no second one."""
    return text if text.endswith((".", "!", "?")) else text + "."


def date_both(date: dt.date | None) -> str:
    return date_words(date) if date else "an unknown date"


def on_date(date: dt.date | None) -> str:
    return f" on {date_words(date)}" if date else ""


def resolve_event(corpus: SearchCorpus, words: str, scope: Scope) -> list[tuple[int, float]]:
    """Visible briefings a phrase may name, best first, with a score in [0, ~1.3]."""
    weights = {
        t: w for t, w in weights_of(corpus, words, drop_filler=False).items()
        if t not in GENERIC_EVENT_WORDS
    }
    visible = np.flatnonzero(scope.briefings)
    if not weights or visible.size == 0:
        return []
    total = sum(weights.values())
    by_text: dict[int, float] = {}
    found = corpus.indexed.search(list(weights), 200, scope.passages)
    top = max((s for _, s in found), default=0.0) or 1.0
    for index, score in found:
        b = int(corpus.passage_briefing[index])
        by_text[b] = max(by_text.get(b, 0.0), score / top)
    # Only briefings whose metadata or passages hold a word can score: read the
    # meta postings of the words (``tables``) instead of testing every briefing.
    held, sums = tables(corpus).meta_cover(weights)
    # Column-wise over every briefing a word touches (a title word may be in
    # all of them): the same float operations as a loop, none per briefing in Python.
    text_held = np.fromiter(by_text, dtype=np.int64, count=len(by_text))
    briefings = np.union1d(held, text_held)
    cover = np.zeros(briefings.size)
    cover[np.searchsorted(briefings, held)] = sums
    text = np.zeros(briefings.size)
    text[np.searchsorted(briefings, text_held)] = np.fromiter(
        by_text.values(), dtype=np.float64, count=len(by_text)
    )
    scores = cover / total + 0.3 * text
    keep = scope.briefings[briefings] & (scores > 0)
    briefings, scores = briefings[keep], scores[keep]
    order = np.lexsort((briefings, -scores))
    return list(zip(briefings[order].tolist(), scores[order].tolist(), strict=True))


def pick_event(corpus: SearchCorpus, words: str | None, scope: Scope) -> tuple[list[int], str | None]:
    """The event(s) a phrase names: one when clear, several when it cannot tell."""
    if not words:
        return [], None
    unknown = unknown_names(corpus, words, first=True)
    if unknown:
        # A name no briefing uses in any form: that event is not in the corpus.
        return [], (
            f"No event you can see is about “{words}”: the briefings never mention "
            + ", ".join(f"“{w}”" for w in unknown[:3]) + "."
        )
    scored = resolve_event(corpus, words, scope)
    if not scored or scored[0][1] < 0.4:
        return [], f"I could not tell which event “{words}” means."
    if len(scored) > 1 and scored[0][1] - scored[1][1] < _CLEAR_LEAD:
        close = [b for b, s in scored if scored[0][1] - s < _CLEAR_LEAD][:4]
        return close, f"“{words}” could mean {len(close)} events; each is listed."
    return [scored[0][0]], None


def find_persons(corpus: SearchCorpus, name: str, scope: Scope) -> tuple[Person, ...]:
    persons = corpus.people.resolve(name, scope.briefings)
    if not persons:
        mentions = corpus.people.mentions(name, scope.briefings)
        persons = tuple(p for m in mentions for p in m.persons)
    return persons


def not_found_person(corpus: SearchCorpus, query: Query, name: str, scope: Scope) -> Answer:
    close = corpus.people.suggest(name, scope.briefings)
    suggestions = (f"Did you mean {', '.join(close)}?",) if close else ()
    return Answer(
        question=query.raw,
        intent="metadata",
        no_match=True,
        answer=f"No speaker named “{name}” appears in the briefings you can see.",
        suggestions=suggestions + tuple(suggestions_of(corpus, {}, scope)),
    )


def no_event(corpus: SearchCorpus, query: Query, message: str, scope: Scope) -> Answer:
    visible = [corpus.briefings[i] for i in np.flatnonzero(scope.briefings)]
    visible.sort(key=lambda b: b.date or dt.date.min, reverse=True)
    return Answer(
        question=query.raw,
        intent="metadata",
        no_match=True,
        answer=message,
        suggestions=tuple(f"Event: {event_line(b)}" for b in visible[:6]),
    )


def event_fact(briefing: Briefing, kind: str) -> str:
    title = f"“{briefing.title}”"
    if kind == "moderator":
        moderator = next((s for s in briefing.speakers if s.role == Role.MODERATOR), None)
        if moderator is None and briefing.moderator:
            return sentence(f"{briefing.moderator} moderated {title}{on_date(briefing.date)}")
        if moderator is None:
            return f"{title} does not name a moderator."
        return sentence(f"{person_label(moderator)} moderated {title}{on_date(briefing.date)}")
    if kind == "where":
        when = on_date(briefing.date)
        org = f", hosted by {briefing.organization}," if briefing.organization else ""
        if not briefing.location:
            return sentence(f"{title}{org} does not say where it was held{when and ' (it took place' + when + ')'}")
        return sentence(f"{title}{org} was held in {briefing.location}{when}")
    if kind == "host":
        if not briefing.organization:
            return f"{title} does not name the organization that hosted it."
        series = f" as part of its {briefing.series}" if briefing.series else ""
        return sentence(f"{briefing.organization} hosted {title}{series}{on_date(briefing.date)}")
    if kind == "when":
        where = f" in {briefing.location}" if briefing.location else ""
        org = f", hosted by {briefing.organization}," if briefing.organization else ""
        if briefing.date is None:
            return f"{title}{org} does not give its date."
        return sentence(f"{title}{org} took place on {date_both(briefing.date)}{where}")
    speakers = [s for s in briefing.speakers if s.role != Role.MODERATOR]
    moderator = next((s for s in briefing.speakers if s.role == Role.MODERATOR), None)
    text = f"Speakers at {title} ({date_words(briefing.date) or 'date unknown'}): " + "; ".join(
        person_label(s) for s in speakers
    )
    if moderator is not None:
        text += f". Moderator: {person_label(moderator)}"
    return text + "."


def event_details(briefing: Briefing) -> str:
    bits = [event_line(briefing)]
    if briefing.series:
        bits.append(f"series {briefing.series}")
    if briefing.location:
        bits.append(briefing.location)
    return " · ".join(bits)


def events_of(
    corpus: SearchCorpus,
    query: Query,
    persons: tuple[Person, ...],
    scope: Scope,
    notes: list[str],
    *,
    moderated: bool,
) -> Answer:
    lines: list[str] = []
    for person in persons:
        apps = [
            a for a in person.visible(scope.briefings)
            if not moderated or a.speaker.role == Role.MODERATOR
        ]
        apps.sort(key=lambda a: corpus.briefings[a.briefing_index].date or dt.date.min)
        verb = "moderated" if moderated else "took part in"
        if not apps:
            lines.append(f"{person.name} {verb} none of the briefings you can see.")
            continue
        listed = "; ".join(
            f"{event_line(corpus.briefings[a.briefing_index])}"
            + ("" if moderated else f" as {role_words(a.speaker.role)}")
            for a in apps
        )
        count = f"{len(apps)} event{'s' if len(apps) > 1 else ''}"
        lines.append(f"{person.name} {verb} {count}: {listed}.")
    return Answer(
        question=query.raw,
        intent="metadata",
        answer="\n".join(lines),
        notes=tuple(notes),
    )


def role_words(role: Role) -> str:
    return {
        Role.MODERATOR: "moderator",
        Role.KEYNOTE: "keynote speaker",
        Role.AUDIENCE: "audience member",
        Role.QUESTIONER: "questioner",
    }.get(role, "panelist")


