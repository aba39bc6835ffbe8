"""A newcomer's first hour: a fresh clone, the README's console command, one question.

The clone holds what is committed, nothing else. The README's set-up steps
(a venv and ``pip install``) are stood in for by the environment running the
tests, so nothing is downloaded: the clone's own ``src`` comes first on the
path, and the test checks that it is the code answering.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED_GOLD = REPO / "tests" / "data" / "corpus" / "seed" / "GOLD.json"
MAX_TRACKED_BYTES = 2_000_000


def readme_commands(root: Path = REPO) -> list[str]:
    """The indented command lines of the README's "Two commands" section."""
    text = (root / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Two commands\n", 1)[1].split("\n## ", 1)[0]
    return [line.strip() for line in section.splitlines() if line.startswith("    ")]


def console_arguments(root: Path) -> list[str]:
    """The arguments of ``briefbot`` in the README's console command, after its set-up steps."""
    [command] = [c for c in readme_commands(root) if "briefbot console" in c]
    *set_up, run = [part.strip() for part in command.split("&&")]
    assert any("pip install" in step for step in set_up), command
    program, *arguments = shlex.split(run)
    assert program == ".venv/bin/briefbot", command
    return arguments


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone of the repository's committed state."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs git and a git checkout of the project")
    target = tmp_path_factory.mktemp("newcomer") / "briefbot"
    git("clone", "--quiet", str(REPO), str(target), cwd=target.parent)
    return target


def run_in(clone: Path, argv: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run this interpreter in the clone with the clone's ``src`` first on the path."""
    env = {**os.environ, "PYTHONPATH": str(clone / "src"), "PYTHONIOENCODING": "utf-8"}
    env = {k: v for k, v in env.items() if not k.startswith("BRIEFBOT_")}
    return subprocess.run(
        [sys.executable, *argv], cwd=clone, env=env, input=stdin,
        capture_output=True, text=True, encoding="utf-8", timeout=180,
    )


def test_the_readme_shows_the_fast_command_beside_the_two_set_up_commands() -> None:
    commands = readme_commands()
    assert any(c.endswith(".venv/bin/python -m pytest") for c in commands), commands
    assert '.venv/bin/python -m pytest -m "not slow"' in commands, commands


@pytest.mark.slow
def test_the_readme_console_command_answers_who_said_it_in_a_fresh_clone(clone: Path) -> None:
    where = run_in(clone, ["-c", "import briefbot; print(briefbot.__file__)"])
    assert Path(where.stdout.strip()).is_relative_to(clone / "src"), where.stdout + where.stderr

    done = run_in(
        clone,
        ["-m", "briefbot", *console_arguments(clone)],
        stdin="who said China is ensuring Russia has what it needs\n",
    )
    assert done.returncode == 0, done.stderr
    [event] = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    [singleton] = [s for s in event["speakers"] if s["name"] == "Craig Singleton"]
    date = dt.date.fromisoformat(event["date"])
    said = done.stdout
    assert singleton["name"] in said, said
    assert singleton["affiliation"] in said, said
    assert event["title"] in said, said
    assert f"{date:%B} {date.day}, {date.year}" in said, said


@pytest.mark.slow
def test_a_fresh_clone_tracks_no_build_output_and_no_large_file(clone: Path) -> None:
    tracked = git("ls-files", "-z", cwd=clone).split("\0")
    assert not [p for p in tracked if ".egg-info" in p or "__pycache__" in p]
    large = [p for p in tracked if p and (clone / p).stat().st_size > MAX_TRACKED_BYTES]
    assert large == [], f"tracked files over {MAX_TRACKED_BYTES} bytes"
