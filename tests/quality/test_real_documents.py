"""Attribution on thirteen real public-domain documents, held to ``tests/floors.py``.

White House press briefings and calls, Iran-Contra hearing fragments, a
House hearing and two court filings (``tests/data/real``; where each comes
from and its layout traps: ``tests/data/README.md``), scored from the
outside as ``scorers.py`` tells: the questions of ``tests/data/eval/real.jsonl``
per type, the GOLD metadata fields, and each GOLD sample turn asked as
"who said".
"""

from __future__ import annotations

import pytest
from floors import REAL_ATTRIBUTION, REAL_QUESTIONS
from scorers import score_answers, score_fields, score_turns

# ``check`` and ``ask`` over 1 MB of real documents take seconds: the full suite's part.
pytestmark = pytest.mark.slow


def test_every_real_document_is_reported_and_every_question_answered(real_run) -> None:
    reported = {r["file"].rsplit("/", 1)[-1] for r in real_run.reports}
    assert {entry["file"] for entry in real_run.gold} <= reported
    assert len(real_run.answers) == len(real_run.questions)
    assert {q["type"] for q in real_run.questions} == set(REAL_QUESTIONS)


@pytest.mark.parametrize("kind", list(REAL_QUESTIONS))
def test_real_questions_floor(real_run, kind: str) -> None:
    tally = score_answers(real_run.questions, real_run.answers)[kind]
    assert tally.share >= REAL_QUESTIONS[kind], tally.explain(kind, REAL_QUESTIONS[kind])


def test_real_fields_floor(real_run) -> None:
    tally = score_fields(real_run.gold, real_run.reports)
    floor = REAL_ATTRIBUTION["fields"]
    assert tally.share >= floor, tally.explain("fields", floor)


def test_real_turns_floor(real_run) -> None:
    tally = score_turns(real_run.turns, real_run.turn_answers)
    floor = REAL_ATTRIBUTION["turns"]
    assert tally.share >= floor, tally.explain("turns", floor)
