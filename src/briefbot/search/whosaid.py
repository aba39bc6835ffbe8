"""``who said``: find the speaker of a remembered line, exact or approximate.

The line is matched against BM25's candidate passages with rapidfuzz's
partial alignment over case-, punctuation- and accent-folded text, so a
word or two changed or missing still finds it. A match of ``EXACT`` or more
is an attribution: every passage that carries the line is listed, grouped
by who said it (the organization's own text is called that, never given
to a panelist). Below that, the closest passages are shown as such — and
only when they pass the engine's confidence rule.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ..models import Answer, Role
from .query import Query
from .scoring import LineMatch, Normalized, match_line, normalize_words

if TYPE_CHECKING:
    from .engine import Engine, Ranked, Scope

__all__ = ["EXACT", "who_said", "said_by", "is_statement", "normalized_line", "line_match"]

EXACT = 88.0
"""Line-match score (0-100) from which a passage is taken to contain the line."""
MIN_STATEMENT_WORDS = 6
"""A bare statement this long, found nearly verbatim, is answered as ``who said``."""
_NEAR = 4.0  # other passages within this of the best also carry the line
_QUESTION_WORDS = frozenset(
    """what who whom whose how why when where which did does do is was are were can could
    should would will has have had tell list show find give any anything""".split()
)


def normalized_line(text: str) -> str:
    """A remembered line in matching form: lower case, letters and digits only."""
    return normalize_words(text)[0]


def line_match(
    line: str, text: str, normalized: Normalized | None = None, *, norm: str | None = None
) -> LineMatch:
    """Where (and how well) a normalised line occurs in a passage (see ``match_line``)."""
    return match_line(line, text, normalized, norm=norm)


def is_statement(query: Query) -> bool:
    """A bare statement (not a question) of some length may be a remembered line."""
    text = query.text.strip()
    words = text.split()
    if len(words) < MIN_STATEMENT_WORDS or text.endswith("?"):
        return False
    return words[0].lower().strip("\"'") not in _QUESTION_WORDS


def who_said(engine: Engine, query: Query, scope: Scope, *, k: int, offset: int) -> Answer:
    """Answer ``who said <line>``."""
    quote = query.quote or query.text
    allowed, words, notes = engine.candidates(query, scope)
    notes = list(query.notes) + notes
    from .engine import _searched

    searched = _searched(words, query)
    weights = engine.weights(quote, drop_filler=False)
    line = normalized_line(quote)
    ranked = engine.rank(weights, allowed, pool=max(100, (offset + k) * 10), line=line)
    if ranked and max(r.line for r in ranked) >= EXACT:
        return said_by(
            engine, query, ranked, weights, k=k, offset=offset, searched=searched, notes=notes
        )
    # No passage carries the line: show the closest, if they answer at all.
    content = engine.weights(quote)
    unknown = engine.unknown_names(quote)
    rescored = _rescored(engine, ranked, content)
    answering = engine.answering(rescored, content, line=True) if content and not unknown else []
    if not answering:
        return Answer(
            question=query.raw,
            intent="who_said",
            no_match=True,
            answer="No one in the briefings you can see said that, or anything close to it.",
            notes=tuple(notes),
            suggestions=tuple(engine.suggestions(content or weights, scope, ranked)),
            searched=searched,
            offset=offset,
        )
    hits, more = engine.hits(answering, content, k=k, offset=offset)
    return Answer(
        question=query.raw,
        intent="who_said",
        answer="No one said those exact words; these passages say something close.",
        hits=hits,
        notes=tuple(notes),
        searched=searched,
        offset=offset,
        has_more=more,
    )


def _rescored(engine: Engine, ranked: list[Ranked], weights: dict[str, float]) -> list[Ranked]:
    """Re-rank by the line's content words only (function words say little here)."""
    from .engine import Ranked as _Ranked

    out = []
    top = max((r.bm25 for r in ranked), default=1.0) or 1.0
    alias = engine.aliases(weights)
    for r in ranked:
        item = _Ranked(r.index, r.bm25, line=r.line, line_span=r.line_span)
        item.coverage, item.sentence, item.reach = engine.context_coverage(r.index, weights, alias)
        item.final = (
            0.35 * (r.bm25 / top) + 0.25 * item.coverage + 0.4 * item.sentence
            + 0.5 * max(0.0, r.line - 60.0) / 40.0
        )
        out.append(item)
    out.sort(key=lambda r: (-r.final, r.index))
    return out


def said_by(
    engine: Engine,
    query: Query,
    ranked: list[Ranked],
    weights: dict[str, float],
    *,
    k: int,
    offset: int,
    searched: str | None,
    notes: list[str],
) -> Answer:
    """The attribution of a line found in one or more passages."""
    best = max(r.line for r in ranked)
    carriers = sorted(
        (r for r in ranked if r.line >= max(EXACT, best - _NEAR)),
        key=lambda r: (-r.line, -r.final, r.index),
    )
    who: list[str] = []
    counts: Counter[str] = Counter()
    for item in carriers:
        label = _attribution(engine, item.index)
        counts[label] += 1
        if label not in who:
            who.append(label)
    if len(who) == 1:
        text = who[0] if who[0].startswith("This line is") else f"Said by {who[0]}"
    elif len(who) == 2:
        text = "Said by 2 sources: " + "; ".join(who)
    else:  # the table in details names every source, most passages first
        text = f"Said by {len(who)} sources, listed below by how often"
    details = ()
    if len(who) > 1:
        details = tuple(f"{label} — {n} passage{'s' if n > 1 else ''}" for label, n in counts.most_common())
    hits, more = engine.hits(carriers, weights, k=k, offset=offset, use_line=True)
    quality = "" if best >= 99.5 else " (approximate match)"
    return Answer(
        question=query.raw,
        intent="who_said",
        answer=text + quality,
        details=details,
        hits=hits,
        notes=tuple(notes),
        searched=searched,
        offset=offset,
        has_more=more,
    )


def _attribution(engine: Engine, index: int) -> str:
    """'Craig Singleton (Senior Fellow, …) at “Title”, Organization, June 8, 2023'."""
    from .metadata import date_words

    passage = engine.passages[index]
    briefing = engine.briefings[int(engine.passage_briefing[index])]
    where = f"“{briefing.title}”"
    if briefing.organization:
        where += f", {briefing.organization}"
    if briefing.date:
        where += f", {date_words(briefing.date)}"
    speaker = briefing.speaker(passage.speaker_id)
    if speaker is None and passage.role == Role.QUESTIONER:
        label = passage.speaker_label or "An unnamed questioner"
        return f"{label} (asking a question, not named in the transcript) at {where}"
    if passage.role == Role.ORGANIZATION or (speaker is None and passage.speaker_label is None):
        return f"This line is the organization's own text, not a speaker's, in {where}"
    if speaker is None:
        label = passage.speaker_label or "an audience member"
        return f"{label} (audience) at {where}"
    name = f"{speaker.honorific} {speaker.name}" if speaker.honorific else speaker.name
    affiliation = f" ({speaker.affiliation})" if speaker.affiliation else ""
    return f"{name}{affiliation} at {where}"
