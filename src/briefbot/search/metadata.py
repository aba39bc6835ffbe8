"""Questions about events and people, answered from the structured briefing data.

Who moderated an event, when it was, who spoke at it, a person's
affiliation (at one event, or at each), which events a person spoke at or
moderated; ``speaker <name>`` profiles and ``events [filter]`` lists. The
event a question means is found from its words against each visible
briefing's title, series, categories, organization and year, with the
passages' text as a tie-breaker ("the undersea cables event"). Only
briefings the asker may see are ever considered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from ..index.tokenize import tokenize
from ..models import Answer, Briefing, Role, Speaker
from ..text import date_words, fold
from .people import Appearance, Person
from .query import Query

if TYPE_CHECKING:
    from .engine import Engine, Scope

__all__ = [
    "date_words",
    "resolve_event",
    "answer_metadata",
    "speaker_profile",
    "list_events",
    "event_line",
    "person_label",
]

_GENERIC_EVENT_WORDS = frozenset(
    t
    for w in """event events briefing briefings discussion discussions panel panels session
    sessions meeting meetings talk talks held take took place happen happened one conversation""".split()
    for t in tokenize(w)
)
_CLEAR_LEAD = 0.15  # the best event must lead the next by this much to be taken alone


def _sentence(text: str) -> str:
    """End with one full stop: 'held in Washington, D.C.' gets no second one."""
    return text if text.endswith((".", "!", "?")) else text + "."


def _date_both(date: dt.date | None) -> str:
    return date_words(date) if date else "an unknown date"


def _on(date: dt.date | None) -> str:
    return f" on {date_words(date)}" if date else ""


def person_label(speaker: Speaker, *, with_affiliation: bool = True) -> str:
    """'Dr. Joanna Kang (Senior Fellow for Defense Strategy, Harbor Council on Strategy)'."""
    name = f"{speaker.honorific} {speaker.name}" if speaker.honorific else speaker.name
    if with_affiliation and speaker.affiliation:
        return f"{name} ({speaker.affiliation})"
    return name


def event_line(briefing: Briefing) -> str:
    """'“Title”, Organization, June 8, 2023'."""
    parts = [f"“{briefing.title}”"]
    if briefing.organization:
        parts.append(briefing.organization)
    if briefing.date:
        parts.append(date_words(briefing.date))
    return ", ".join(parts)


def resolve_event(engine: Engine, words: str, scope: Scope) -> list[tuple[int, float]]:
    """Visible briefings a phrase may name, best first, with a score in [0, ~1.3]."""
    weights = {
        t: w for t, w in engine.weights(words, drop_filler=False).items()
        if t not in _GENERIC_EVENT_WORDS
    }
    visible = np.flatnonzero(scope.briefings)
    if not weights or visible.size == 0:
        return []
    total = sum(weights.values())
    by_text: dict[int, float] = {}
    found = engine.indexed.search(list(weights), 200, scope.passages)
    top = max((s for _, s in found), default=0.0) or 1.0
    for index, score in found:
        b = int(engine.passage_briefing[index])
        by_text[b] = max(by_text.get(b, 0.0), score / top)
    scored = []
    for b in visible:
        meta = engine.meta_terms[int(b)]
        cover = sum(w for t, w in weights.items() if t in meta) / total
        score = cover + 0.3 * by_text.get(int(b), 0.0)
        if score > 0:
            scored.append((int(b), score))
    scored.sort(key=lambda x: (-x[1], x[0]))
    return scored


def _pick_event(engine: Engine, words: str | None, scope: Scope) -> tuple[list[int], str | None]:
    """The event(s) a phrase names: one when clear, several when it cannot tell."""
    if not words:
        return [], None
    unknown = engine.unknown_names(words, first=True)
    if unknown:
        # A name no briefing uses in any form: that event is not in the corpus.
        return [], (
            f"No event you can see is about “{words}”: the briefings never mention "
            + ", ".join(f"“{w}”" for w in unknown[:3]) + "."
        )
    scored = resolve_event(engine, words, scope)
    if not scored or scored[0][1] < 0.4:
        return [], f"I could not tell which event “{words}” means."
    if len(scored) > 1 and scored[0][1] - scored[1][1] < _CLEAR_LEAD:
        close = [b for b, s in scored if scored[0][1] - s < _CLEAR_LEAD][:4]
        return close, f"“{words}” could mean {len(close)} events; each is listed."
    return [scored[0][0]], None


def _persons(engine: Engine, name: str, scope: Scope) -> tuple[Person, ...]:
    persons = engine.people.resolve(name, scope.briefings)
    if not persons:
        mentions = engine.people.mentions(name, scope.briefings)
        persons = tuple(p for m in mentions for p in m.persons)
    return persons


def _not_found_person(engine: Engine, query: Query, name: str, scope: Scope) -> Answer:
    close = engine.people.suggest(name, scope.briefings)
    suggestions = (f"Did you mean {', '.join(close)}?",) if close else ()
    return Answer(
        question=query.raw,
        intent="metadata",
        no_match=True,
        answer=f"No speaker named “{name}” appears in the briefings you can see.",
        suggestions=suggestions + tuple(engine.suggestions({}, scope)),
    )


def _no_event(engine: Engine, query: Query, message: str, scope: Scope) -> Answer:
    visible = [engine.briefings[i] for i in np.flatnonzero(scope.briefings)]
    visible.sort(key=lambda b: b.date or dt.date.min, reverse=True)
    return Answer(
        question=query.raw,
        intent="metadata",
        no_match=True,
        answer=message,
        suggestions=tuple(f"Event: {event_line(b)}" for b in visible[:6]),
    )


def answer_metadata(engine: Engine, query: Query, scope: Scope) -> Answer | None:
    """A direct answer to a metadata question, or None to treat it as a search."""
    ask = query.metadata
    if ask is None:
        return None
    if ask.kind in ("moderator", "when", "where", "host", "speakers"):
        events, problem = _pick_event(engine, ask.event, scope)
        if not events:
            return _no_event(engine, query, problem or "I could not tell which event you mean.", scope)
        lines = [_event_fact(engine.briefings[b], ask.kind) for b in events]
        notes = (problem,) if problem else ()
        return Answer(
            question=query.raw,
            intent="metadata",
            answer=" ".join(lines) if len(lines) == 1 else "\n".join(f"• {x}" for x in lines),
            details=tuple(_event_details(engine.briefings[b]) for b in events),
            notes=notes,
        )
    if ask.kind in _LISTINGS:
        return _LISTINGS[ask.kind](engine, query, scope)
    name = ask.person or ""
    persons = _persons(engine, name, scope)
    if not persons:
        return _not_found_person(engine, query, name, scope)
    notes: list[str] = []
    if len(persons) > 1:
        notes.append(
            f"“{name}” fits {len(persons)} people: "
            + "; ".join(p.name for p in persons)
            + ". Each is answered separately."
        )
    if ask.kind == "affiliation":
        return _affiliation(engine, query, persons, scope, notes)
    if ask.kind == "with":
        return _copanelists(engine, query, persons, scope, notes)
    return _events_of(engine, query, persons, scope, notes, moderated=ask.moderated)


def _event_fact(briefing: Briefing, kind: str) -> str:
    title = f"“{briefing.title}”"
    if kind == "moderator":
        moderator = next((s for s in briefing.speakers if s.role == Role.MODERATOR), None)
        if moderator is None and briefing.moderator:
            return _sentence(f"{briefing.moderator} moderated {title}{_on(briefing.date)}")
        if moderator is None:
            return f"{title} does not name a moderator."
        return _sentence(f"{person_label(moderator)} moderated {title}{_on(briefing.date)}")
    if kind == "where":
        when = _on(briefing.date)
        org = f", hosted by {briefing.organization}," if briefing.organization else ""
        if not briefing.location:
            return _sentence(f"{title}{org} does not say where it was held{when and ' (it took place' + when + ')'}")
        return _sentence(f"{title}{org} was held in {briefing.location}{when}")
    if kind == "host":
        if not briefing.organization:
            return f"{title} does not name the organization that hosted it."
        series = f" as part of its {briefing.series}" if briefing.series else ""
        return _sentence(f"{briefing.organization} hosted {title}{series}{_on(briefing.date)}")
    if kind == "when":
        where = f" in {briefing.location}" if briefing.location else ""
        org = f", hosted by {briefing.organization}," if briefing.organization else ""
        if briefing.date is None:
            return f"{title}{org} does not give its date."
        return _sentence(f"{title}{org} took place on {_date_both(briefing.date)}{where}")
    speakers = [s for s in briefing.speakers if s.role != Role.MODERATOR]
    moderator = next((s for s in briefing.speakers if s.role == Role.MODERATOR), None)
    text = f"Speakers at {title} ({date_words(briefing.date) or 'date unknown'}): " + "; ".join(
        person_label(s) for s in speakers
    )
    if moderator is not None:
        text += f". Moderator: {person_label(moderator)}"
    return text + "."


def _event_details(briefing: Briefing) -> str:
    bits = [event_line(briefing)]
    if briefing.series:
        bits.append(f"series {briefing.series}")
    if briefing.location:
        bits.append(briefing.location)
    return " · ".join(bits)


def _affiliation(
    engine: Engine, query: Query, persons: tuple[Person, ...], scope: Scope, notes: list[str]
) -> Answer:
    ask = query.metadata
    events: list[int] = []
    if ask is not None and ask.event:
        events, problem = _pick_event(engine, ask.event, scope)
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
            lines.append(_affiliation_line(engine, app))
    answer = lines[0] if len(lines) == 1 else "\n".join(f"• {x}" for x in lines)
    return Answer(question=query.raw, intent="metadata", answer=answer, notes=tuple(notes))


def _affiliation_line(engine: Engine, app: Appearance) -> str:
    speaker = app.speaker
    briefing = engine.briefings[app.briefing_index]
    role = " (moderator)" if speaker.role == Role.MODERATOR else ""
    affiliation = speaker.affiliation or "no affiliation stated"
    name = person_label(speaker, with_affiliation=False)
    return _sentence(f"{name}: {affiliation}{role} — at {event_line(briefing)}")


def _events_of(
    engine: Engine,
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
        apps.sort(key=lambda a: engine.briefings[a.briefing_index].date or dt.date.min)
        verb = "moderated" if moderated else "took part in"
        if not apps:
            lines.append(f"{person.name} {verb} none of the briefings you can see.")
            continue
        listed = "; ".join(
            f"{event_line(engine.briefings[a.briefing_index])}"
            + ("" if moderated else f" as {_role_words(a.speaker.role)}")
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


def _role_words(role: Role) -> str:
    return {
        Role.MODERATOR: "moderator",
        Role.KEYNOTE: "keynote speaker",
        Role.AUDIENCE: "audience member",
        Role.QUESTIONER: "questioner",
    }.get(role, "panelist")


def speaker_profile(engine: Engine, query: Query, scope: Scope) -> Answer:
    """``speaker <name>``: affiliations by event, events, topics."""
    name = query.subject or query.text
    persons = _persons(engine, name, scope)
    if not persons:
        answer = _not_found_person(engine, query, name, scope)
        return answer.model_copy(update={"intent": "speaker"})
    details: list[str] = []
    summary: list[str] = []
    for person in persons:
        apps = sorted(
            person.visible(scope.briefings),
            key=lambda a: engine.briefings[a.briefing_index].date or dt.date.min,
        )
        summary.append(
            f"{person.name}: {len(apps)} event{'s' if len(apps) != 1 else ''} in the briefings."
        )
        if len(persons) > 1:  # one heading per person; a single profile needs none
            details.append(person.name)
        topics: dict[str, None] = {}
        for app in apps:
            briefing = engine.briefings[app.briefing_index]
            affiliation = app.speaker.affiliation or "no affiliation stated"
            details.append(
                f"  {event_line(briefing)} — {person_label(app.speaker, with_affiliation=False)},"
                f" {affiliation} ({_role_words(app.speaker.role)})"
            )
            ids = engine.speaker_passages.get((app.briefing_index, app.speaker.id))
            sections = {
                engine.passages[int(i)].section for i in (ids if ids is not None else [])
            }
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


def list_events(engine: Engine, query: Query, scope: Scope, *, k: int, offset: int) -> Answer:
    """``events [filter]``: title, organization, date, speakers and moderator of each."""
    allowed, words, notes = engine.candidates(query, scope)
    brief_mask = np.zeros(len(engine.briefings), dtype=bool)
    if allowed.size:
        brief_mask[np.unique(engine.passage_briefing[allowed])] = True
    # Briefings without passages still count when only briefing filters apply.
    if not query.speakers and not query.excluded:
        only = scope.briefings & _briefing_filter(engine, query)
        brief_mask |= only
    brief_mask &= scope.briefings
    chosen = [int(b) for b in np.flatnonzero(brief_mask)]
    text = query.text.strip()
    if text:
        scored = dict(resolve_event(engine, text, scope))
        chosen = [b for b in chosen if scored.get(b, 0.0) >= 0.4]
    chosen.sort(key=lambda b: engine.briefings[b].date or dt.date.min, reverse=True)
    searched = " · ".join(
        [*words, query.describe(), *([f"about “{text}”"] if text else [])]
    ).strip(" ·") or None
    if not chosen:
        return Answer(
            question=query.raw,
            intent="events",
            no_match=True,
            answer="No event you can see matches.",
            notes=tuple(notes),
            suggestions=tuple(engine.suggestions({}, scope)),
            searched=searched,
        )
    page = chosen[offset : offset + max(k, 10)]
    details = []
    for b in page:
        briefing = engine.briefings[b]
        speakers = [s for s in briefing.speakers if s.role != Role.MODERATOR]
        moderator = next((s for s in briefing.speakers if s.role == Role.MODERATOR), None)
        line = event_line(briefing)
        if speakers:
            line += " — speakers: " + ", ".join(person_label(s, with_affiliation=False) for s in speakers)
        if moderator is not None:
            line += f"; moderator: {person_label(moderator, with_affiliation=False)}"
        details.append(line)
    count = len(chosen)
    return Answer(
        question=query.raw,
        intent="events",
        answer=f"{count} event{'s' if count != 1 else ''}.",
        details=tuple(details),
        notes=tuple(notes),
        searched=searched,
        offset=offset,
        has_more=offset + len(page) < count,
    )


def _briefing_filter(engine: Engine, query: Query) -> np.ndarray:
    """Briefing-level filters only (org, event, category, dates)."""
    from dataclasses import replace

    bare = replace(query, speakers=(), excluded=(), phrases=())
    from .engine import Scope as _Scope

    everything = _Scope(None, np.ones(len(engine.briefings), dtype=bool), np.ones(len(engine.passages), dtype=bool))
    mask, _, _ = engine.candidates(bare, everything)
    out = np.zeros(len(engine.briefings), dtype=bool)
    if mask.any():
        out[np.unique(engine.passage_briefing[mask])] = True
    return out


# -- listings over every visible briefing -------------------------------------------


def _visible(engine: Engine, scope: Scope) -> list[int]:
    return [int(b) for b in np.flatnonzero(scope.briefings)]


def _org_words(words: str) -> frozenset[str]:
    return frozenset(tokenize(words)) - _GENERIC_EVENT_WORDS


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


def _people(engine: Engine, query: Query, scope: Scope) -> Answer:
    """Moderators or speakers across the visible briefings, with their events."""
    ask = query.metadata
    assert ask is not None
    moderators = ask.moderated
    found: dict[str, list[tuple[int, Speaker]]] = {}
    for b in _visible(engine, scope):
        for speaker in engine.briefings[b].speakers:
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
            suggestions=tuple(engine.suggestions({}, scope)),
        )
    ranked = sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    lines = []
    for name, apps in ranked:
        apps.sort(key=lambda a: engine.briefings[a[0]].date or dt.date.min)
        label = person_label(apps[-1][1], with_affiliation=False)
        events = "; ".join(
            _short_event(engine.briefings[b])
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
        answer = _sentence(f"{names} {verb} the most events you can see: {top}{each}")
        return Answer(question=query.raw, intent="metadata", answer=answer, details=tuple(lines))
    head = f"{len(ranked)} {what}{whose} in the briefings you can see:"
    return Answer(
        question=query.raw,
        intent="metadata",
        answer=head + "\n" + "\n".join(f"• {x}" for x in lines),
    )


def _orgs(engine: Engine, query: Query, scope: Scope) -> Answer:
    """The organizations that hosted the visible briefings, with counts."""
    hosted: dict[str, list[int]] = {}
    unnamed = 0
    for b in _visible(engine, scope):
        organization = engine.briefings[b].organization
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


def _org_briefings(engine: Engine, words: str, scope: Scope) -> tuple[list[str], list[int]]:
    orgs: dict[str, None] = {}
    chosen = []
    for b in _visible(engine, scope):
        organization = engine.briefings[b].organization
        if _names_org(words, organization):
            orgs.setdefault(organization or "", None)
            chosen.append(b)
    return list(orgs), chosen


def _no_org(engine: Engine, query: Query, words: str, scope: Scope) -> Answer:
    known = sorted({engine.briefings[b].organization or "" for b in _visible(engine, scope)} - {""})
    return Answer(
        question=query.raw,
        intent="metadata",
        no_match=True,
        answer=f"No briefing you can see was hosted by an organization called “{words}”.",
        suggestions=tuple(f"Organization: {o}" for o in known),
    )


def _org_events(engine: Engine, query: Query, scope: Scope) -> Answer:
    """How many (and which) visible events an organization hosted."""
    ask = query.metadata
    assert ask is not None and ask.org
    orgs, chosen = _org_briefings(engine, ask.org, scope)
    if not chosen:
        # "How many events did Hollis host?" names a person: events they moderated.
        persons = _persons(engine, ask.org, scope)
        if persons:
            return _events_of(engine, query, persons, scope, [], moderated=True)
        return _no_org(engine, query, ask.org, scope)
    chosen.sort(key=lambda b: engine.briefings[b].date or dt.date.min)
    lines = []
    for org in orgs:
        mine = [b for b in chosen if engine.briefings[b].organization == org]
        listed = "; ".join(_short_event(engine.briefings[b]) for b in mine)
        lines.append(f"{org} hosted {len(mine)} event{'s' if len(mine) != 1 else ''} you can see: {listed}.")
    notes = (f"“{ask.org}” fits {len(orgs)} organizations; each is counted separately.",) if len(orgs) > 1 else ()
    return Answer(question=query.raw, intent="metadata", answer="\n".join(lines), notes=notes)


def _order(engine: Engine, query: Query, scope: Scope) -> Answer:
    """The most recent or the earliest visible event (of one organization, if named)."""
    ask = query.metadata
    assert ask is not None
    chosen = _visible(engine, scope)
    if ask.org:
        _, chosen = _org_briefings(engine, ask.org, scope)
        if not chosen:
            return _no_org(engine, query, ask.org, scope)
    dated = [b for b in chosen if engine.briefings[b].date is not None]
    if not dated:
        return _no_event(engine, query, "None of the briefings you can see gives its date.", scope)
    pick = max if ask.latest else min
    edge = pick(engine.briefings[b].date for b in dated)
    best = [b for b in dated if engine.briefings[b].date == edge]
    which = "most recent" if ask.latest else "earliest"
    lines = [f"{_event_fact(engine.briefings[b], 'when')}" for b in best]
    answer = f"The {which} briefing you can see: " + " ".join(lines)
    undated = len(chosen) - len(dated)
    notes = (f"{undated} briefing(s) give no date and could not be placed.",) if undated else ()
    return Answer(
        question=query.raw,
        intent="metadata",
        answer=answer,
        details=tuple(_event_details(engine.briefings[b]) for b in best),
        notes=notes,
    )


def _said_at(engine: Engine, query: Query, scope: Scope) -> Answer:
    """'What did Hollis ask at the cables event?': that person's remarks at that event."""
    ask = query.metadata
    assert ask is not None and ask.person and ask.event
    persons = _persons(engine, ask.person, scope)
    if not persons:
        return _not_found_person(engine, query, ask.person, scope)
    events, problem = _pick_event(engine, ask.event, scope)
    if not events:
        return _no_event(engine, query, problem or "I could not tell which event you mean.", scope)
    there = [p for p in persons if any(a.briefing_index in events for a in p.visible(scope.briefings))]
    if not there:
        names = " or ".join(p.name for p in persons)
        titles = " or ".join(f"“{engine.briefings[b].title}”" for b in events)
        return Answer(
            question=query.raw,
            intent="metadata",
            no_match=True,
            answer=f"{names} did not take part in {titles}.",
            suggestions=tuple(_event_fact(engine.briefings[b], "speakers") for b in events),
        )
    # Everything the person said there, in order: the person and event
    # restriction of an ordinary search, with no topic words.
    restricted = replace(
        query,
        intent="search",
        metadata=None,
        text="",
        speakers=tuple(p.name for p in there),
        events=tuple(engine.briefings[b].id for b in events),
    )
    answer = engine.search(restricted, scope, k=engine.settings.answer.top_k)
    notes = (problem,) if problem else ()
    return answer.model_copy(update={"question": query.raw, "notes": (*notes, *answer.notes)})


_LISTINGS = {
    "people": _people,
    "orgs": _orgs,
    "org_events": _org_events,
    "order": _order,
    "said_at": _said_at,
}


def _copanelists(
    engine: Engine, query: Query, persons: tuple[Person, ...], scope: Scope, notes: list[str]
) -> Answer:
    """Who else took part in each visible event a person took part in, labelled by event."""
    lines: list[str] = []
    for person in persons:
        apps = sorted(
            person.visible(scope.briefings),
            key=lambda a: engine.briefings[a.briefing_index].date or dt.date.min,
        )
        for app in apps:
            briefing = engine.briefings[app.briefing_index]
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
