"""Who says X most: a table of speakers with passage counts, events and dates.

"who talks about russia the most", "which speakers discussed sanctions",
"who mentions drones most" get one row per named speaker whose visible
passages use every word of the topic in what was said (in any form the
search would credit: the word itself and its variants; not the event
title a passage is also indexed under), ordered by the number of
passages; "latest on sanctions" orders the same rows by the newest event.
Below the table, the same passages counted per event and per year.
TheyWorkForYou's "who says this most" on Hansard is the model.

Only named speakers are rows: the event's own text and unnamed questioners
are counted in the per-event and per-year lines but belong to no one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from ...models import Answer
from ...text import date_words
from ..corpus import SearchCorpus
from ..scope import Scope
from ..terms import variants, weights

__all__ = ["TallyAsk", "read_tally", "tally", "topic_passages", "ROWS"]

ROWS = 10
"""Speakers shown in the table."""

_VERB = (r"(?:talks?|talked|speaks?|spoke|says?|said|mentions?|mentioned|discuss(?:es|ed)?|"
         r"addresse[sd]|raised?|raises|brings?\s+up|brought\s+up|covers?|covered|writes?|wrote)")
_FORMS = (
    # "who talks about russia the most", "who says the most about semiconductors"
    re.compile(rf"^who\s+(?:has\s+)?{_VERB}\s+(?:the\s+)?most\s+(?:about\s+|on\s+)?(?P<topic>.+?)\W*$",
               re.IGNORECASE),
    re.compile(rf"^who\s+(?:has\s+)?{_VERB}\s+(?:about\s+|on\s+)?(?P<topic>.+?)\s+(?:the\s+)?most"
               r"(?:\s+often)?\W*$", re.IGNORECASE),
    # "which speakers discussed sanctions", "which panelists talked about drones"
    re.compile(rf"^(?:which|what)\s+(?:speakers|panel(?:l)?ists|people|participants|experts)\s+"
               rf"(?:have\s+|has\s+)?{_VERB}\s+(?:about\s+|on\s+)?(?P<topic>.+?)\W*$", re.IGNORECASE),
)
_LATEST = re.compile(r"^(?:the\s+)?(?:latest|newest|most\s+recent)\s+(?:on|about)\s+(?P<topic>.+?)\W*$",
                     re.IGNORECASE)


@dataclass(frozen=True)
class TallyAsk:
    """A "who says X most" question: its topic, and whether newest comes first."""

    topic: str
    newest: bool = False


def read_tally(question: str) -> TallyAsk | None:
    """The tally a question asks for, or None."""
    text = question.strip()
    latest = _LATEST.match(text)
    if latest:
        return TallyAsk(latest.group("topic"), newest=True)
    for form in _FORMS:
        match = form.match(text)
        if match and match.group("topic").strip():
            return TallyAsk(match.group("topic").strip())
    return None


def topic_passages(corpus: SearchCorpus, topic: str, scope: Scope) -> np.ndarray | None:
    """Visible passages that use every word of ``topic`` in some form; None if it has no words."""
    terms = list(weights(corpus, topic))
    if not terms:
        return None
    forms = [{term, *variants(corpus, term)} for term in terms]
    found = np.ones(len(corpus.passages), dtype=bool)
    for group in forms:
        ids = np.zeros(len(corpus.passages), dtype=bool)
        for form in group:
            ids[corpus.passages_with(form, scope)] = True
        found &= ids
    # A passage is indexed under its event's title and section too; only
    # what was said counts here, so each word must be in the passage's text.
    said = []
    for index in np.flatnonzero(found):
        words = set().union(*corpus.sentence_terms(int(index)))
        if all(group & words for group in forms):
            said.append(int(index))
    return np.asarray(said, dtype=np.int64)


def tally(corpus: SearchCorpus, ask: TallyAsk, scope: Scope) -> Answer:
    """The table of speakers who use the topic's words, from the asker's visible passages."""
    indices = topic_passages(corpus, ask.topic, scope)
    if indices is None:
        return _nothing(ask, "That names no topic I can count.")
    if indices.size == 0:
        return _nothing(ask, f"No passage in the briefings you can see uses “{ask.topic}”.")
    counts: Counter[str] = Counter()
    events: dict[str, set[int]] = defaultdict(set)
    dates: dict[str, list[dt.date]] = defaultdict(list)
    per_event: Counter[int] = Counter()
    per_year: Counter[str] = Counter()
    for index in indices:
        passage = corpus.passages[int(index)]
        b = int(corpus.passage_briefing[int(index)])
        briefing = corpus.briefings[b]
        per_event[b] += 1
        per_year[str(briefing.date.year) if briefing.date else "undated"] += 1
        person = corpus.people.person_of(b, passage.speaker_id)
        if person is None:
            continue
        counts[person.name] += 1
        events[person.name].add(b)
        if briefing.date:
            dates[person.name].append(briefing.date)
    if not counts:
        return _nothing(ask, f"Only unnamed speakers and event text use “{ask.topic}”.")

    def newest(name: str) -> dt.date:
        return max(dates[name], default=dt.date.min)

    if ask.newest:
        order = sorted(counts, key=lambda n: (newest(n), counts[n]), reverse=True)
    else:
        order = sorted(counts, key=lambda n: (-counts[n], -newest(n).toordinal(), n))
    rows = [_row(n, counts[n], len(events[n]), dates[n]) for n in order[:ROWS]]
    how = "newest first" if ask.newest else "most passages first"
    header = (
        f"Who speaks about “{ask.topic}” ({how}): {len(counts)} speaker"
        f"{'s' if len(counts) != 1 else ''}, {int(indices.size)} passage"
        f"{'s' if indices.size != 1 else ''} in all."
    )
    event_order = sorted(per_event, key=lambda b: (corpus.briefings[b].date or dt.date.min), reverse=True)
    by_event = "By event: " + "; ".join(
        f"“{corpus.briefings[b].title}” ({date_words(corpus.briefings[b].date) if corpus.briefings[b].date else 'undated'}): {per_event[b]}"
        for b in event_order
    )
    by_year = "By year: " + " · ".join(f"{y}: {per_year[y]}" for y in sorted(per_year, reverse=True))
    return Answer(
        question=ask.topic,
        intent="metadata",
        answer="\n".join([header, *rows]),
        details=(by_event, by_year),
    )


def _row(name: str, passages: int, events: int, days: list[dt.date]) -> str:
    span = ""
    if days:
        first, last = min(days), max(days)
        span = date_words(first) if first == last else f"{date_words(first)} – {date_words(last)}"
    return (f"• {name} — {passages} passage{'s' if passages != 1 else ''}, "
            f"{events} event{'s' if events != 1 else ''}" + (f", {span}" if span else ""))


def _nothing(ask: TallyAsk, message: str) -> Answer:
    return Answer(question=ask.topic, intent="metadata", no_match=True, answer=message)
