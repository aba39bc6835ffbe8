"""Results: ranked passages become attributed hits; when nothing answers, suggestions.

A hit carries its passage, briefing, speaker, score and a highlighted
excerpt (``excerpts.py``). When the sentences that best answer straddle a
passage boundary (``Ranked.reach``), the two passages of the same turn are
shown joined (``shown_passage``), so a quote is never cut in half.
Suggestions say what the visible corpus does cover, near the question
where possible, and never name a briefing the asker may not see. People
and events are labelled here the same way for every intent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from ..models import Briefing, Hit, Passage, Role, Speaker
from ..text import date_words
from .corpus import Scope, SearchCorpus
from .excerpts import make_excerpt, near_duplicate
from .ranking import Ranked
from .terms import aliases

__all__ = [
    "hit",
    "hits",
    "shown_passage",
    "suggestions",
    "event_label",
    "event_line",
    "person_label",
]

_OVERVIEW_CACHE = 256


def hit(
    corpus: SearchCorpus,
    item: Ranked,
    weights: dict[str, float],
    *,
    focus: tuple[int, int] | None = None,
    questions: bool = False,
) -> Hit:
    """An attributed result with its excerpt (centred on a question when ``questions``)."""
    passage = shown_passage(corpus, item)
    briefing = corpus.briefings[int(corpus.passage_briefing[item.index])]
    shown = dict(weights)
    for form, links in aliases(corpus, weights).terms.items():
        shown.setdefault(form, max(weights[t] * credit for t, credit in links))
    excerpt, highlights = make_excerpt(
        passage.text, shown, corpus.settings.answer.excerpt_chars, focus=focus,
        questions=questions,
    )
    return Hit(
        passage=passage,
        briefing=briefing,
        speaker=briefing.speaker(passage.speaker_id),
        score=round(float(item.final), 4),
        excerpt=excerpt,
        highlights=highlights,
    )


def shown_passage(corpus: SearchCorpus, item: Ranked) -> Passage:
    """The passage a result shows: joined with its turn neighbour when the answer runs across.

    The id is the ranked passage's.
    """
    passage = corpus.passages[item.index]
    other = (
        int(corpus.prev_in_turn[item.index]) if item.reach < 0
        else int(corpus.next_in_turn[item.index]) if item.reach > 0
        else -1
    )
    if other < 0:
        return passage
    first, last = (corpus.passages[other], passage) if other < item.index else (passage, corpus.passages[other])
    span = first.span.model_copy(
        update={"line_end": last.span.line_end, "char_end": last.span.char_end}
    )
    return passage.model_copy(update={"text": f"{first.text} {last.text}", "span": span})


def hits(
    corpus: SearchCorpus,
    ranked: Sequence[Ranked],
    weights: dict[str, float],
    *,
    k: int,
    offset: int,
    use_line: bool = False,
    questions: bool = False,
) -> tuple[tuple[Hit, ...], bool]:
    """Page ``offset:offset+k`` of distinct hits, and whether more follow."""
    shown: list[str] = []
    out: list[Hit] = []
    covered: set[int] = set()  # passages already shown, alone or joined
    for item in ranked:
        if item.index in covered:
            continue
        focus = item.line_span if use_line and item.line_span and item.line >= 80 else None
        if item.reach and (focus is not None or _reached(corpus, item) in covered):
            # An exact line sits inside its own passage; a neighbour already shown
            # is not joined again (the joined excerpt would repeat it and hide this one).
            item = replace(item, reach=0)
        found = hit(corpus, item, weights, focus=focus, questions=questions)
        if near_duplicate(found.excerpt, shown):
            continue
        shown.append(found.excerpt)
        out.append(found)
        covered.add(item.index)
        if item.reach:
            covered.add(_reached(corpus, item))
        if len(out) > offset + k:
            break
    page = tuple(out[offset : offset + k])
    return page, len(out) > offset + k


def _reached(corpus: SearchCorpus, item: Ranked) -> int:
    """The turn neighbour a result's best sentences run into (-1 when none)."""
    if not item.reach:
        return -1
    return int((corpus.prev_in_turn if item.reach < 0 else corpus.next_in_turn)[item.index])


def suggestions(
    corpus: SearchCorpus, weights: dict[str, float], scope: Scope, ranked: Sequence[Ranked] = ()
) -> list[str]:
    """What the visible corpus does cover, near the question where possible."""
    out: list[str] = []
    seen_events: list[int] = []
    speakers: Counter[str] = Counter()
    for item in ranked[:20]:
        b = int(corpus.passage_briefing[item.index])
        if b not in seen_events:
            seen_events.append(b)
        passage = corpus.passages[item.index]
        speaker = corpus.briefings[b].speaker(passage.speaker_id)
        if speaker is not None and passage.role != Role.ORGANIZATION:
            speakers[speaker.name] += 1
    matched = [t for t in weights if corpus.passages_with(t, scope).size]
    if seen_events and matched:
        events = "; ".join(event_label(corpus.briefings[b]) for b in seen_events[:3])
        # Said as what it is: these use some of the words, they do not answer.
        out.append(f"Events that use some of your words: {events}")
    if speakers and matched:
        out.append("Speakers who used some of your words: " + ", ".join(
            name for name, _ in speakers.most_common(4)
        ))
    out.append(_scope_overview(corpus, scope))
    return out


def _scope_overview(corpus: SearchCorpus, scope: Scope) -> str:
    """The line saying what an asker's visible briefings cover (kept per scope)."""
    # Counting every visible briefing's categories is corpus-size work; a
    # scope's masks never change, so the line is computed once per scope.
    visible = scope.briefings
    kept = corpus.overviews.get(id(visible))
    if kept is not None and kept[0] is visible:
        return kept[1]
    topics: Counter[str] = Counter()
    for i in np.flatnonzero(visible):
        for category in corpus.briefings[i].categories:
            topics[category] += 1
    if topics:
        line = "Topics the briefings cover: " + ", ".join(t for t, _ in topics.most_common(8))
    elif visible.any():
        titles = [corpus.briefings[i] for i in np.flatnonzero(visible)[:5]]
        line = "Events you can ask about: " + "; ".join(event_label(b) for b in titles)
    else:
        line = "No briefings are available to you here."
    if len(corpus.overviews) > _OVERVIEW_CACHE:
        corpus.overviews.clear()
    corpus.overviews[id(visible)] = (visible, line)  # the mask kept: its id stays its own
    return line


def event_label(briefing: Briefing) -> str:
    """'Title (June 8, 2023)'."""
    date = date_words(briefing.date)
    return f"{briefing.title} ({date})" if date else briefing.title


def person_label(speaker: Speaker, *, with_affiliation: bool = True) -> str:
    """'Dr. Ines Varga (Senior Fellow, Example Institute)'."""
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
