"""Extra checks when the project's ``../shared`` folder sits beside the repository.

The quality gates never need it (they read ``tests/data``); with it, these
check that the copies in ``tests/data`` still equal their source, and that
``scorers.py`` counts exactly what the project's own scorers count.
Without it every test here skips, saying why.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from scorers import score_answers, score_fields, score_turns

DATA = Path(__file__).resolve().parents[1] / "data"
SRC = Path(__file__).resolve().parents[2] / "src"
# copy in tests/data -> folder of ../shared it came from, and the files not copied
COPIES = {
    "corpus/dev": ("corpus/dev", set()),
    "corpus/seed": ("corpus/seed", set()),
    "real": ("real", {"README.md"}),
}
QUESTION_FILES = ("dev.jsonl", "seed.jsonl", "real.jsonl")


def test_copies_in_tests_data_equal_their_source(shared: Path) -> None:
    pairs = [(DATA / "eval" / name, shared / "eval" / name) for name in QUESTION_FILES]
    for copy, (source, left_out) in COPIES.items():
        sources = sorted(p for p in (shared / source).iterdir() if p.name not in left_out)
        copies = sorted(p for p in (DATA / copy).iterdir())
        assert [p.name for p in copies] == [p.name for p in sources], copy
        pairs += [(DATA / copy / p.name, p) for p in sources]
    differ = [str(c.relative_to(DATA)) for c, s in pairs if c.read_bytes() != s.read_bytes()]
    assert differ == [], "copies that no longer equal ../shared"


def _briefbot_command(folder: Path) -> Path:
    """A ``briefbot`` executable for the shared tools that runs this repository's code."""
    script = folder / "briefbot"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m briefbot "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return script


def _tool(shared: Path, name: str, *args: str, cwd: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONIOENCODING": "utf-8"}
    env["BRIEFBOT_INDEX_CACHE_DIR"] = str(cwd / "cache")
    done = subprocess.run(
        [sys.executable, str(shared / "tools" / name), *args],
        cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600,
    )
    return done.stdout


@pytest.mark.slow
def test_real_attribution_counts_agree_with_the_shared_real_check(
    shared: Path, real_run, tmp_path: Path
) -> None:
    corpus = tmp_path / "real"
    shutil.copytree(DATA / "real", corpus)
    out = _tool(shared, "real_check.py", str(_briefbot_command(tmp_path)), str(corpus),
                str(corpus / "GOLD.json"), cwd=tmp_path)
    found = re.search(r"fields (\d+)/(\d+) .*turns (\d+)/(\d+)", out)
    assert found, out
    fields = score_fields(real_run.gold, real_run.reports)
    turns = score_turns(real_run.turns, real_run.turn_answers)
    ours = (fields.right, fields.total, turns.right, turns.total)
    assert tuple(int(n) for n in found.groups()) == ours


@pytest.mark.slow
def test_real_question_counts_agree_with_the_shared_score(
    shared: Path, real_run, tmp_path: Path
) -> None:
    questions = tmp_path / "questions.jsonl"
    questions.write_text("".join(json.dumps(q) + "\n" for q in real_run.questions), "utf-8")
    results = tmp_path / "results.jsonl"
    results.write_text("".join(json.dumps(a) + "\n" for a in real_run.answers), "utf-8")
    out = _tool(shared, "score.py", str(questions), str(results), cwd=tmp_path)
    theirs = {
        kind: (int(right), int(total))
        for kind, right, total in re.findall(r"^(\w+)\s+(\d+)/(\d+)", out, flags=re.M)
        if kind != "overall"
    }
    ours = {
        kind: (tally.right, tally.total)
        for kind, tally in score_answers(real_run.questions, real_run.answers).items()
    }
    assert theirs == ours, out
