"""Scoring question files (``../shared/eval/*.jsonl`` format) against the engine.

Each line: ``{"id", "type", "question", "expect"}`` where ``expect`` is
``{"any": [{"speaker", "file", "contains"}]}`` (a result matches when its
speaker and file agree and the expected text occurs in its passage, with
white space, case and quote style normalised), ``{"answer": [...],
"match": "any"|"all"}`` (metadata: expected strings contained in the
answer text, case-insensitively) or ``{"none": true}`` (the engine must
say nothing answers).

A staff question file (issue 15) may add ``today`` (the date the question
is asked on, for "last year"), ``follows`` (questions asked before it in
the same conversation, answered through ``dialogue.converse`` as the
console and Slack do), ``absent`` (strings a metadata answer must not
hold) and ``no_note`` (no "did you mean" or "could not tell which event").

Metrics per type: ``who_said_*`` top-1 accuracy; ``topical`` and
``speaker_topic`` Recall@3 (share of questions with a matching result in
the first three) and MRR over the first ten; ``speaker_topic`` top-1;
``metadata`` accuracy; ``negative`` rejection rate.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import clock
from ..errors import BriefbotError, QueryError
from ..models import Answer, Hit
from ..text import fold
from .dialogue import converse

__all__ = [
    "EvalQuestion", "EvalResult", "load_questions", "evaluate", "summarize", "hit_matches",
    "unhelpful_notes",
]

_SPACE = re.compile(r"\s+")
RANK_DEPTH = 10


@dataclass(frozen=True)
class EvalQuestion:
    """One line of an eval file."""

    id: str
    type: str
    question: str
    expect: dict[str, Any]
    # Optional keys of a staff question file (tests/data/README.md):
    today: dt.date | None = None  # the date it is asked on ("last year")
    follows: tuple[str, ...] = ()  # asked before it, in the same conversation
    absent: tuple[str, ...] = ()  # must not be in a metadata answer
    no_note: bool = False  # no "did you mean" or "could not tell which event"
    kind: str | None = None  # which part of an issue it tries


@dataclass
class EvalResult:
    """How the engine did on one question."""

    question: EvalQuestion
    rank: int | None = None  # 1-based rank of the first matching result
    correct: bool = False  # the type's main criterion
    no_match: bool = False
    answer: str | None = None
    top: list[str] = field(default_factory=list)  # "speaker | file" of the first results
    error: str | None = None


def load_questions(paths: Iterable[Path]) -> list[EvalQuestion]:
    """Read every question of the given JSONL files, in order."""
    out: list[EvalQuestion] = []
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                today = data.get("today")
                out.append(
                    EvalQuestion(
                        str(data["id"]), str(data["type"]), str(data["question"]), data["expect"],
                        today=dt.date.fromisoformat(today) if today else None,
                        follows=tuple(str(f) for f in data.get("follows") or ()),
                        absent=tuple(str(a) for a in data.get("absent") or ()),
                        no_note=bool(data.get("no_note")),
                        kind=data.get("kind"),
                    )
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise BriefbotError(f"{path}:{number}: not an eval question ({exc})") from None
    return out


def _norm(text: str) -> str:
    return _SPACE.sub(" ", fold(text)).strip()


def _file_matches(path: str, expected: str) -> bool:
    path = path.replace("\\", "/")
    return path == expected or path.endswith("/" + expected)


def hit_matches(hit: Hit, expected: dict[str, Any]) -> bool:
    """Speaker and file agree, and the expected text is in the passage."""
    speaker = hit.speaker.name if hit.speaker is not None else hit.passage.speaker_label
    if speaker is None or _norm(speaker) != _norm(str(expected.get("speaker", ""))):
        return False
    if not _file_matches(hit.briefing.path, str(expected.get("file", ""))):
        return False
    contains = expected.get("contains")
    return not contains or _norm(contains) in _norm(hit.passage.text)


def _answer_matches(answer: Answer, expect: dict[str, Any]) -> bool:
    wanted = expect.get("answer") or []
    if isinstance(wanted, str):
        wanted = [wanted]
    text = _norm(" ".join([answer.answer or "", *answer.details]))
    found = [_norm(w) in text for w in wanted]
    if not found:
        return False
    return all(found) if expect.get("match") == "all" else any(found)


def evaluate(engine, questions: Sequence[EvalQuestion]) -> list[EvalResult]:
    """Ask every question (public view) and judge the answers."""
    results: list[EvalResult] = []
    for q in questions:
        result = EvalResult(q)
        try:
            answer = _ask(engine, q)
        except QueryError as exc:
            result.error = str(exc)
            results.append(result)
            continue
        result.no_match = answer.no_match
        result.answer = answer.answer
        result.top = [
            f"{h.speaker.name if h.speaker else h.passage.role.value} | {h.briefing.path}"
            for h in answer.hits[:3]
        ]
        expect = q.expect
        if expect.get("none"):
            result.correct = answer.no_match
        elif "answer" in expect:
            result.correct = (
                not answer.no_match and _answer_matches(answer, expect)
                and not _answer_matches(answer, {"answer": list(q.absent)})
            )
        else:
            wanted = expect.get("any") or []
            if not answer.no_match:
                for rank, hit in enumerate(answer.hits, start=1):
                    if any(hit_matches(hit, w) for w in wanted):
                        result.rank = rank
                        break
            if q.type.startswith("who_said") or q.type == "speaker_topic":
                result.correct = result.rank == 1
            else:
                result.correct = result.rank is not None and result.rank <= 3
        if q.no_note and unhelpful_notes(answer):
            result.correct = False
        results.append(result)
    return results


def _ask(engine, q: EvalQuestion) -> Answer:
    """The answer to ``q`` on its day, after the questions it follows (as one conversation)."""
    with clock.frozen(q.today) if q.today else contextlib.nullcontext():
        if not q.follows:
            return engine.ask(q.question, None, k=RANK_DEPTH)
        context = None
        for earlier in q.follows:
            _, context = converse(engine, earlier, None, context, k=RANK_DEPTH)
        answer, _ = converse(engine, q.question, None, context, k=RANK_DEPTH)
        return answer


_UNHELPFUL = ("did you mean", "could not tell which event")


def unhelpful_notes(answer: Answer) -> list[str]:
    """The "did you mean" and "could not tell which event" lines an answer carries."""
    return [
        line for line in (*answer.notes, *answer.suggestions, answer.answer or "")
        if any(u in line.lower() for u in _UNHELPFUL)
    ]


def summarize(results: Sequence[EvalResult]) -> dict[str, dict[str, float]]:
    """Metrics per question type (see the module docstring)."""
    by_type: dict[str, list[EvalResult]] = defaultdict(list)
    for r in results:
        by_type[r.question.type].append(r)
    out: dict[str, dict[str, float]] = {}
    for kind, items in sorted(by_type.items()):
        n = len(items)
        row: dict[str, float] = {"n": n}
        if kind.startswith("who_said"):
            row["top1"] = sum(r.rank == 1 for r in items) / n
        elif kind in ("topical", "speaker_topic"):
            row["recall@3"] = sum(r.rank is not None and r.rank <= 3 for r in items) / n
            row["mrr"] = sum(1.0 / r.rank for r in items if r.rank) / n
            row["top1"] = sum(r.rank == 1 for r in items) / n
        elif kind == "metadata":
            row["accuracy"] = sum(r.correct for r in items) / n
        elif kind == "negative":
            row["rejection"] = sum(r.no_match for r in items) / n
        else:
            row["accuracy"] = sum(r.correct for r in items) / n
        out[kind] = row
    return out
