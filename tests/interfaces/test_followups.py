"""Follow-ups keep the last answer's speaker, event and topic (console and ``converse``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbot.config import Settings
from briefbot.index.store import open_index
from briefbot.interfaces.commands.console import repl
from briefbot.search.conversation import Context
from briefbot.search.dialogue import converse
from briefbot.search.engine import Engine

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


@pytest.fixture(scope="module")
def dev_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    settings = Settings()
    cache = tmp_path_factory.mktemp("cache")
    return Engine(open_index(CORPUS, settings, rebuild=True, cache_dir=cache), settings)


def talk(engine: Engine, *questions: str):
    context = None
    answer = None
    for question in questions:
        answer, context = converse(engine, question, None, context)
    return answer, context


def speakers(answer) -> set[str]:
    return {h.speaker.name for h in answer.hits if h.speaker is not None}


def test_what_else_did_he_say_keeps_the_speaker(dev_engine: Engine) -> None:
    answer, _ = talk(dev_engine, "What did Singleton say about Taiwan?", "what else did he say")
    assert answer.hits and speakers(answer) == {"Craig Singleton"}
    assert answer.question == "what else did he say"
    assert any("Craig Singleton" in n for n in answer.notes)  # says how it was read


def test_and_surname_means_the_one_at_the_last_event(dev_engine: Engine) -> None:
    # Two Brennans speak in the corpus; after a question about the sanctions panel,
    # "Brennan" is the one who sat on it.
    answer, context = talk(dev_engine, "what did Kowalczyk say about sanctions", "and Brennan?")
    assert answer.hits and speakers(answer) == {"Liam Brennan"}
    assert context.topic == "sanctions"


def test_at_the_other_event(dev_engine: Engine) -> None:
    first, _ = talk(dev_engine, "What did Marchetti say about export controls?")
    answer, _ = talk(dev_engine, "What did Marchetti say about export controls?", "at the other event")
    assert answer.hits and speakers(answer) == {"Tessa Marchetti"}
    assert {h.briefing.path for h in answer.hits} == {"dev/transcript-cables-2025.txt"}
    assert first.hits[0].briefing.path != "dev/transcript-cables-2025.txt"


def test_a_pronoun_after_an_affiliation_question(dev_engine: Engine) -> None:
    answer, _ = talk(dev_engine, "what is tessa marchetti's affiliation", "what did she say about China")
    assert answer.hits and speakers(answer) == {"Tessa Marchetti"}


def test_a_question_that_stands_alone_is_not_rewritten(dev_engine: Engine) -> None:
    answer, context = talk(dev_engine, "What did Singleton say about Taiwan?", "who moderated the drones event")
    assert "Simone Archambault" in (answer.answer or "")
    assert not any(n.startswith("Read as") for n in answer.notes)
    assert context.question == "who moderated the drones event"


def test_context_survives_the_state_store_round_trip() -> None:
    context = Context("what did Berman say about China", speaker="Ilan Berman", events=("seed-1",),
                      participants=("Ilan Berman", "Craig Singleton"), topic="China", shown=3)
    assert Context.from_dict(context.to_dict()) == context
    assert Context.from_dict({"speaker": "x"}) is None
    assert Context.from_dict(None) is None


def test_console_keeps_context_between_questions(dev_engine: Engine) -> None:
    lines = iter(["What did Halvorsen say about interceptors?", "what else did she say", "quit"])
    out: list[str] = []

    def read(_prompt: str = "") -> str:
        return next(lines)

    repl(dev_engine, read=read, write=lambda *a: out.append(" ".join(map(str, a))), interactive=False)
    second = out[-2] if out[-1] == "" else out[-1]
    assert "Ingrid Halvorsen" in second
    assert "Read as: what did Ingrid Halvorsen say" in second
