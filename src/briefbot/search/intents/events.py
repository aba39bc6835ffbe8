"""``events [filter]``: the visible events a filter or a few words select, newest first.

With words ("events sanctions"), each event also says how many of its passages
use them, and a last line counts those passages per year.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from ...models import Answer, Role
from ..corpus import Scope, SearchCorpus
from ..filters import briefing_filter, candidates
from ..query import Query
from ..results import event_line, person_label
from ..results import suggestions as suggestions_of
from .facts import resolve_event
from .tally import topic_passages

__all__ = ["list_events"]


def list_events(corpus: SearchCorpus, query: Query, scope: Scope, *, k: int, offset: int) -> Answer:
    """``events [filter]``: title, organization, date, speakers and moderator of each."""
    allowed, words, notes = candidates(corpus, query, scope)
    brief_mask = np.zeros(len(corpus.briefings), dtype=bool)
    if allowed.size:
        brief_mask[np.unique(corpus.passage_briefing[allowed])] = True
    # Briefings without passages still count when only briefing filters apply.
    if not query.speakers and not query.excluded:
        only = scope.briefings & briefing_filter(corpus, query)
        brief_mask |= only
    brief_mask &= scope.briefings
    chosen = [int(b) for b in np.flatnonzero(brief_mask)]
    text = query.text.strip()
    if text:
        scored = dict(resolve_event(corpus, text, scope))
        chosen = [b for b in chosen if scored.get(b, 0.0) >= 0.4]
    chosen.sort(key=lambda b: corpus.briefings[b].date or dt.date.min, reverse=True)
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
            suggestions=tuple(suggestions_of(corpus, {}, scope)),
            searched=searched,
        )
    page = chosen[offset : offset + max(k, 10)]
    # With a topic, how much each event says about it, and per year (as "who says X most").
    on_topic: dict[int, int] = {}
    found = topic_passages(corpus, text, scope) if text else None
    if found is not None:
        for index in found:
            b = int(corpus.passage_briefing[int(index)])
            on_topic[b] = on_topic.get(b, 0) + 1
    details = []
    for b in page:
        briefing = corpus.briefings[b]
        speakers = [s for s in briefing.speakers if s.role != Role.MODERATOR]
        moderator = next((s for s in briefing.speakers if s.role == Role.MODERATOR), None)
        line = event_line(briefing)
        if speakers:
            line += " — speakers: " + ", ".join(person_label(s, with_affiliation=False) for s in speakers)
        if moderator is not None:
            line += f"; moderator: {person_label(moderator, with_affiliation=False)}"
        if found is not None:
            n = on_topic.get(b, 0)
            line += f" — {n} passage{'s' if n != 1 else ''} on “{text}”"
        details.append(line)
    if found is not None:
        years: dict[str, int] = {}
        for b in chosen:
            year = str(corpus.briefings[b].date.year) if corpus.briefings[b].date else "undated"
            years[year] = years.get(year, 0) + on_topic.get(b, 0)
        details.append("Passages on “%s” by year: %s" % (
            text, " · ".join(f"{y}: {n}" for y, n in sorted(years.items(), reverse=True))))
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


