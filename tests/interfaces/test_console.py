"""`briefbot console`: the prompt survives anything and quits cleanly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefbot.interfaces.commands.console import repl

REPO = Path(__file__).resolve().parents[2]


def _run(engine, lines, **kwargs):
    feed = iter(lines)
    out: list[str] = []

    def read(_prompt=""):
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    code = repl(engine, read=read, write=lambda *a: out.append(" ".join(map(str, a))), **kwargs)
    return code, "\n".join(out)


def test_answers_with_and_without_slash_brief(engine):
    code, out = _run(engine, ["/brief who said older tankers carry insurance from providers outside the mutual clubs", "speaker lindqvist", "quit", "never read"])
    assert code == 0
    assert "Said by Mr. Erik Lindqvist" in out
    assert "Grace Lindqvist" in out
    assert "never read" not in out


def test_bad_input_gets_help_not_a_traceback(engine):
    code, out = _run(engine, ["sanctions after:someday", "", "help"], interactive=False)
    assert code == 0
    assert "Sorry: after: expects a date" in out
    assert "Filters (combine freely" in out
    assert "Traceback" not in out


def test_more_pages_through_the_last_question(engine):
    _, out = _run(engine, ["more", "sanctions", "more"], k=1)
    assert "Nothing to continue yet" in out
    assert "\n1. " in out and "\n2. " in out


@pytest.mark.slow
def test_end_of_input_exits(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text(f'[index]\ncache_dir = "{(tmp_path / "cache").as_posix()}"\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "briefbot", "console", "--knowledge", str(REPO / "knowledge"), "--config", str(config)],
        input="What did Singleton say about Taiwan?\n",
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "Craig Singleton" in done.stdout and "Taiwan" in done.stdout


def test_more_after_the_last_page_says_so_instead_of_repeating(engine):
    _, out = _run(engine, ["speaker lindqvist", "more"])
    assert out.count("Grace Lindqvist") >= 1
    assert "No more results for that question." in out
    profile_lines = [line for line in out.splitlines() if "events in the briefings" in line]
    assert len(profile_lines) <= 1


def test_good_and_bad_are_stored_with_the_answer_shown(engine):
    from briefbot.state import StateStore

    store = StateStore()
    _, out = _run(engine, [":bad", "What did Joanna Kang say about submarines?", ":good", ":bad"],
                  store=store)
    assert "Nothing to rate yet" in out
    assert "Thanks — noted." in out and "earlier vote on this answer was replaced" in out
    (vote,) = store.feedback()
    assert vote.vote == "bad" and vote.interface == "console" and vote.voter == "console"
    assert vote.question == "What did Joanna Kang say about submarines?"
    assert vote.passages[0]["passage_id"] == "taiwan#1"
    assert vote.passages[0]["citation"].startswith("“Submarines are different")


def test_help_examples_come_from_the_briefings_and_answer(engine):
    _, out = _run(engine, ["help"], interactive=False)
    assert "Singleton" not in out and "<surname>" not in out
    examples = [l.strip() for l in out.split("for example:")[1].split("Commands:")[0].splitlines() if l.strip()]
    assert 3 <= len(examples) <= 4
    for question in examples:
        assert not engine.ask(question).no_match, question
