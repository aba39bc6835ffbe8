"""Questions about events and people, answered from the structured briefing data.

Who moderated an event, when it was, where, who hosted it, who spoke at
it; a person's affiliation (at one event, or at each), which events a
person spoke at or moderated, and who else took part with them. Listings
over every visible briefing are in ``listings.py``. Only briefings the
asker may see are ever considered.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from ... import clock
from ...index.tokenize import term_spans, tokenize
from ...models import Answer, Role
from ...text import date_words
from ..confidence import MIN_COVERAGE
from ..corpus import Scope, SearchCorpus
from ..dates import Found, find_periods
from ..people import Appearance, Person
from ..query import Query
from ..ranking import rank
from ..results import event_line, person_label
from ..scoring import coverage, credits
from ..terms import aliases
from ..terms import weights as weights_of
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
from .listings import LISTINGS

__all__ = ["answer_metadata", "dated_in_text"]

_DATED_CANDIDATES = 5  # the document's best passages for the question searched for a dated sentence
_QUOTE_CHARS = 240  # a quoted sentence is cut to about this length
_ONE_DAY = dt.timedelta(days=1)


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
        if ask.kind == "when":
            lines = [
                f"{line} {dated}" if corpus.briefings[b].date is None
                and (dated := dated_in_text(corpus, b, ask.event or "")) else line
                for b, line in zip(events, lines, strict=True)
            ]
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


def dated_in_text(corpus: SearchCorpus, briefing_index: int, words: str) -> str | None:
    """The date an undated document gives for what a question describes, quoted and page-cited.

    "When did George make the statements to the committee cited in the
    indictment?": a filing's fragment has no date of its own, but its
    narrative dates what it recounts ("On October 14, 1986, the defendant ...
    made the following statements"). The question's words beyond those that
    name the document (its title, host, place) describe something that
    happened; the sentence of the document that holds most of them and a
    day's date answers, said as the document's account, never as its date.
    None when no sentence holds ``MIN_COVERAGE`` of those words, or when the
    question only names the document ("when was the hearing held?").
    """
    own = corpus.meta_terms[briefing_index] | GENERIC_EVENT_WORDS
    weights = {t: w for t, w in weights_of(corpus, words).items() if t not in own}
    if not weights:
        return None
    allowed = np.zeros(len(corpus.passages), dtype=bool)
    allowed[corpus.briefing_passages[briefing_index]] = True
    alias = aliases(corpus, weights)
    best: tuple[float, int, str, Found] | None = None
    for item in rank(corpus, weights, allowed)[:_DATED_CANDIDATES]:
        text = corpus.text_of(item.index)
        for start, end in corpus.sentence_spans(item.index):
            said = text[start:end]
            day = _day_meant(said, weights, alias)
            if day is None:
                continue
            share = coverage(weights, credits(weights, set(tokenize(said)), alias))
            if best is None or share > best[0]:
                best = (share, item.index, said, day)
    if best is None or best[0] < MIN_COVERAGE:
        return None
    _share, index, said, day = best
    pages = corpus.passages[index].pages
    where = "" if not pages else (
        f" (p. {pages[0]})" if pages[0] == pages[1] else f" (pp. {pages[0]}–{pages[1]})")
    return (f"For what you asked about, the document itself gives "
            f"{date_words(day.period.start)}: “{_around(said, day.start, day.end)}”{where}.")


def _around(said: str, start: int, end: int) -> str:
    """The sentence, or about ``_QUOTE_CHARS`` of it around the date it is quoted for."""
    if len(said) <= _QUOTE_CHARS:
        return " ".join(said.split())
    left = max(0, min((start + end) // 2 - _QUOTE_CHARS // 2, len(said) - _QUOTE_CHARS))
    right = left + _QUOTE_CHARS
    if left:
        left = said.find(" ", left) + 1 or left
    cut = said.rfind(" ", left, right)
    if right < len(said) and cut > end:
        right = cut
    text = " ".join(said[left:right].split())
    return ("… " if left else "") + text + (" …" if right < len(said) else "")


def _day_meant(said: str, weights: dict[str, float], alias) -> Found | None:
    """The day a sentence gives for the question's words: its only one, or the one clearly nearest.

    "On or about October 14, 1986, the defendant made a statement ... about
    the shoot-down of a C-123K aircraft on October 5, 1986": a date stands
    beside what it dates, so with several the one nearest (on average) the
    words the question shares is meant — when it is at most half as far as
    the next; otherwise the sentence cannot say which.
    """
    days = [f for f in find_periods(said, clock.today())
            if not f.relative and f.period.end - f.period.start == _ONE_DAY]
    if len(days) <= 1:
        return days[0] if days else None
    marks = [(a + b) / 2 for term, a, b in term_spans(said)
             if term and credits(weights, {term}, alias)]
    if not marks:
        return None
    far = sorted(
        (sum(abs(m - (f.start + f.end) / 2) for m in marks) / len(marks), i)
        for i, f in enumerate(days)
    )
    if 2 * far[0][0] > far[1][0]:
        return None
    return days[far[0][1]]


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
