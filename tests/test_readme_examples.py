"""Every question the README shows answers over the shipped ``knowledge/``, and so does the help."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefbot.config import Settings
from briefbot.search.engine import Engine
from briefbot.search.examples import help_examples

REPO = Path(__file__).resolve().parents[1]


def readme_examples() -> list[str]:
    """The backticked questions of the "Using briefbot" table's first column."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Using briefbot\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [q for row in rows for q in re.findall(r"`([^`]+)`", row.split(" | ")[0])]


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    cache = tmp_path_factory.mktemp("cache")
    return Engine.open(REPO / "knowledge", Settings.model_validate({"index": {"cache_dir": str(cache)}}))


def test_the_readme_shows_examples():
    assert len(readme_examples()) >= 8


@pytest.mark.parametrize("question", readme_examples())
def test_readme_example_answers_over_the_shipped_knowledge(engine, question):
    answer = engine.ask(question)
    assert not answer.no_match, f"README example {question!r} answers nothing over knowledge/"
    assert answer.intent == "help" or answer.hits or answer.answer or answer.details


def test_help_examples_answer_over_the_shipped_knowledge(engine):
    examples = help_examples(engine, None)
    assert 3 <= len(examples.questions) <= 4 and examples.briefings == 1
    assert any(q.startswith("who said ") for q in examples.questions)
    for question in examples.questions:
        assert not engine.ask(question).no_match, question
    assert examples.filters["speaker"] in {"berman", "omelicheva", "singleton"}
