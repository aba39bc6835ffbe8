"""Example questions for the help, built from the briefings an asker can see.

The help must never suggest a question the bot cannot answer, so every
example is taken from the served corpus and asked before it is shown: a
speaker and a topic they talked about, a line somebody said, a fact about an
event, a subject the briefings cover — from different speakers and events
where the corpus has them. The filter examples (``speaker:``, ``org:``,
``event:``, ``category:``, ``after:``, ``before:``) name real people,
organizations, titles and years of the same briefings.

Examples depend only on which briefings are visible, so they are built once
per engine and visibility and kept (a few milliseconds per candidate asked).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..index.sentences import sentence_spans
from ..models import Briefing, Role, Viewer
from .excerpts import is_filler

if TYPE_CHECKING:
    from .engine import Engine

__all__ = ["HelpExamples", "help_examples"]

MAX_EXAMPLES = 4
_MAX_TRIES = 12  # candidates asked per kind of example, at most
_CACHE_SIZE = 32
_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]+")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{3,}\b")
# Frequent English words (function words, common verbs and time words) too
# general to make an example question; general English, not any question.
_STOP = frozenset(
    """about after against also among another because before being between both could
    during each either every first from have into just least many more most much must
    only other over same should since some such than that their them then there these
    they this those through under until very were what when where which while will with
    would your years year today week month people think know well going really thing""".split()
)


@dataclass(frozen=True)
class HelpExamples:
    """Questions that answer, filter values that exist, and how many briefings are visible."""

    questions: tuple[str, ...] = ()
    filters: dict[str, str] = field(default_factory=dict)
    briefings: int = 0


_cache: dict[tuple[int, bytes], tuple[object, HelpExamples]] = {}
_lock = threading.Lock()


def help_examples(engine: Engine, viewer: Viewer | None) -> HelpExamples:
    """Examples for the help ``viewer`` sees (kept per engine and visibility)."""
    scope = engine.scope(viewer)
    key = (id(engine), scope.briefings.tobytes())
    with _lock:
        kept = _cache.get(key)
        if kept is not None and kept[0] is engine:
            return kept[1]
    examples = _build(engine, viewer, scope)
    with _lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        _cache[key] = (engine, examples)
    return examples


def _build(engine: Engine, viewer: Viewer | None, scope) -> HelpExamples:
    visible = [i for i, b in enumerate(engine.briefings) if scope.briefings[i]]
    if not visible:
        return HelpExamples()
    used_speakers: set[str] = set()
    used_events: set[int] = set()
    questions: list[str] = []

    def answers(question: str, *, speaker: str | None = None, intent: str | None = None) -> bool:
        try:
            answer = engine.ask(question, viewer, k=3)
        except Exception:  # a candidate that trips the parser is simply not shown
            return False
        if answer.no_match or not (answer.hits or answer.answer or answer.details):
            return False
        if intent is not None and answer.intent != intent:
            return False
        if speaker is not None:
            return bool(answer.hits) and answer.hits[0].speaker is not None and (
                answer.hits[0].speaker.name == speaker
            )
        return True

    def take(candidates: Iterator[tuple[str, str | None, int, str | None]], **kw) -> None:
        """The first candidate that answers, from a new speaker and event when there is one."""
        pool = [c for _, c in zip(range(_MAX_TRIES * 4), candidates, strict=False)]
        fresh = [c for c in pool if c[1] not in used_speakers and c[2] not in used_events]
        tried: set[str] = set()
        for question, speaker, event, check in (fresh + pool)[:_MAX_TRIES]:
            if question in tried or question in questions:
                continue
            tried.add(question)
            if answers(question, speaker=check, **kw):
                questions.append(question)
                if speaker:
                    used_speakers.add(speaker)
                used_events.add(event)
                return

    take(_person_topics(engine, visible))
    take(_said_lines(engine, visible), intent="who_said")
    take(_event_facts(engine, visible))
    take(_subjects(engine, visible))
    return HelpExamples(
        questions=tuple(questions[:MAX_EXAMPLES]),
        filters=_filters(engine, visible),
        briefings=len(visible),
    )


def _speaking(engine: Engine, b: int) -> Iterator[tuple[object, list[int]]]:
    """Speakers of briefing ``b`` who are not the moderator, with their passages."""
    briefing: Briefing = engine.briefings[b]
    for speaker in briefing.speakers:
        if speaker.role == Role.MODERATOR:
            continue
        passages = [int(i) for i in engine.speaker_passages.get((b, speaker.id), ())]
        if passages:
            yield speaker, passages


def _surname(name: str) -> str:
    return name.split()[-1]


def _person_topics(engine: Engine, visible: list[int]):
    """'What did Singleton say about Taiwan?' — a word the speaker used that names something."""
    for b in visible:
        briefing = engine.briefings[b]
        categories = [c for c in briefing.categories if len(c.split()) <= 2]
        for speaker, passages in _speaking(engine, b):
            text = " ".join(engine.passages[i].text for i in passages)
            own = set(speaker.name.split())
            words = [c for c in categories if re.search(rf"\b{re.escape(c)}\b", text, re.I)]
            counts = Counter(w for w in _CAPITALISED.findall(text) if w not in own)
            words += [w for w, _ in counts.most_common(3) if w.lower() not in _STOP]
            for word in words[:3]:
                question = f"What did {_surname(speaker.name)} say about {word}?"
                yield question, speaker.name, b, speaker.name


def _said_lines(engine: Engine, visible: list[int]):
    """'who said <a sentence of 6 to 14 words that somebody said>'."""
    for b in reversed(visible):  # other events than the first example's, where possible
        for speaker, passages in _speaking(engine, b):
            for i in passages[:4]:
                text = engine.passages[i].text
                for s, e in sentence_spans(text):
                    sentence = text[s:e].strip()
                    words = sentence.split()
                    if not 6 <= len(words) <= 14 or is_filler(sentence) or "?" in sentence:
                        continue
                    if any(w.strip(",.;:") in speaker.name.split() for w in words):
                        continue
                    line = sentence.rstrip(".!…")
                    line = line[0].lower() + line[1:] if line[1:2].islower() else line
                    yield f"who said {line}", speaker.name, b, speaker.name
                    break


def _title_words(title: str, count: int = 4) -> str:
    """The main words of a title: its part before a colon or dash, at most ``count`` words."""
    head = re.split(r"\s*[:–—]\s*|\s+-\s+", title.strip(), maxsplit=1)[0]
    words = head.split()
    while words and words[0].lower() in {"the", "a", "an"}:
        words = words[1:]
    if len(words) > count:
        words = [w for w in words if len(w) > 3 and w.lower() not in _STOP][:3]
    return " ".join(w.strip(",.;“”\"'") for w in words)


def _event_facts(engine: Engine, visible: list[int]):
    """'Who moderated the ... event?', 'Who spoke at the ... event?', 'When was ...?'."""
    for b in visible:
        briefing = engine.briefings[b]
        words = _title_words(briefing.title)
        if not words:
            continue
        if briefing.moderator:
            yield f"Who moderated the {words} event?", None, b, None
        yield f"Who spoke at the {words} event?", None, b, None
        if briefing.date:
            yield f"When was the {words} briefing?", None, b, None


def _subjects(engine: Engine, visible: list[int]):
    """'What was said about <a category the briefings cover>?'."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for b in visible:
        for category in engine.briefings[b].categories:
            counts[category] += 1
            first.setdefault(category, b)
    for category, _ in counts.most_common(_MAX_TRIES):
        yield f"What was said about {category}?", None, first[category], None


def _filters(engine: Engine, visible: list[int]) -> dict[str, str]:
    """A real value for each filter, from the visible briefings."""
    out: dict[str, str] = {}
    briefings = [engine.briefings[b] for b in visible]
    for b in visible:
        for speaker, _ in _speaking(engine, b):
            out.setdefault("speaker", _surname(speaker.name).lower())
    orgs = Counter(b.organization for b in briefings if b.organization)
    if orgs:
        org = orgs.most_common(1)[0][0]
        word = next((w for w in _WORD.findall(org) if len(w) > 3 and w.lower() not in _STOP
                     and w.lower() not in {"american", "council", "center", "institute",
                                           "foundation", "policy", "forum"}), None)
        out["org"] = (word or _WORD.findall(org)[0]).lower() if _WORD.findall(org) else ""
    for briefing in briefings:
        words = [w for w in _WORD.findall(briefing.title) if len(w) > 3 and w.lower() not in _STOP]
        if words:
            out.setdefault("event", words[0].lower())
    categories = Counter(c for b in briefings for c in b.categories if " " not in c)
    if categories:
        out["category"] = categories.most_common(1)[0][0].lower()
    years = sorted(b.date.year for b in briefings if b.date)
    if years:
        out["after"] = str(years[0])
        out["before"] = str(years[-1] + 1)
    return {k: v for k, v in out.items() if v}
