"""The real documents of ``tests/data/real`` run once through ``briefbot check`` and ``ask``.

In process, through the same command line and JSON a person would use; the
index cache goes to a temporary folder, never into ``tests/data``.
"""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from scorers import gold_turns, turn_question

from briefbot.interfaces.cli import main

DATA = Path(__file__).resolve().parents[1] / "data"
REAL = DATA / "real"
REAL_QUESTIONS = DATA / "eval" / "real.jsonl"


@dataclass(frozen=True)
class RealRun:
    """What ``check --json`` and ``ask --json -`` printed for the real documents."""

    gold: list[dict[str, Any]]
    reports: list[dict[str, Any]]
    questions: list[dict[str, Any]]
    answers: list[dict[str, Any]]
    turns: list[tuple[str, dict[str, Any]]]
    turn_answers: list[dict[str, Any]]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def run_cli(argv: list[str], stdin: str = "") -> str:
    """What ``briefbot ARGV`` prints on stdout, fed ``stdin``."""
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out):
        patch.setattr("sys.stdin", io.StringIO(stdin))
        main(argv)
    return out.getvalue()


def ask_each(questions: list[str], knowledge: Path, config: Path) -> list[dict[str, Any]]:
    """One ``ask --json`` object per question, in order."""
    printed = run_cli(
        ["ask", "--json", "--knowledge", str(knowledge), "--config", str(config), "-"],
        stdin="".join(f"{q}\n" for q in questions),
    )
    return [json.loads(line) for line in printed.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def real_run(tmp_path_factory: pytest.TempPathFactory) -> RealRun:
    config = tmp_path_factory.mktemp("real") / "briefbot.toml"
    cache = (config.parent / "cache").as_posix()
    config.write_text(f'[index]\ncache_dir = "{cache}"\n', encoding="utf-8")
    report = json.loads(run_cli(["check", str(REAL), "--json", "--config", str(config)]))
    reports = report.get("files", report) if isinstance(report, dict) else report
    gold = json.loads((REAL / "GOLD.json").read_text(encoding="utf-8"))
    questions = read_jsonl(REAL_QUESTIONS)
    turns = gold_turns(gold)
    asked = [q["question"] for q in questions] + [turn_question(t) for _, t in turns]
    answers = ask_each(asked, REAL, config)
    return RealRun(
        gold=gold,
        reports=reports,
        questions=questions,
        answers=answers[: len(questions)],
        turns=turns,
        turn_answers=answers[len(questions) :],
    )
