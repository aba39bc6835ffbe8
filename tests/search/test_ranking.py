"""Ranking what an asker notices: an answer before the question that restates the topic."""

from __future__ import annotations

import datetime as dt

import pytest

from briefbot.config import Settings
from briefbot.index.store import build_index
from briefbot.models import Briefing, Corpus, Passage, Role, Span, Speaker
from briefbot.search.engine import Engine
from briefbot.search.ranking import final_score


def _passage(order, speaker_id, role, text, label=None):
    return Passage(
        id=f"call#{order}", briefing_id="call", speaker_id=speaker_id, speaker_label=label,
        role=role, section=None, text=text, order=order,
        span=Span(line_start=order + 1, line_end=order + 1, char_start=order * 1000,
                  char_end=order * 1000 + len(text)),
    )


@pytest.fixture(scope="module")
def engine() -> Engine:
    # Invented press call: the reporter's question repeats the topic's words
    # more often than the official's answer does.
    briefing = Briefing(
        id="call", title="Press Call on Trade", organization="Test Office",
        date=dt.date(2024, 5, 2),
        speakers=(Speaker(id="ada-price", name="Ada Price", affiliation="Test Office"),),
        path="call.md", format="markdown",
    )
    passages = (
        _passage(0, None, Role.QUESTIONER,
                 "On the steel tariff: will the steel tariff on imports rise, and when does "
                 "the steel tariff review end?", label="Q"),
        _passage(1, "ada-price", Role.PANELIST,
                 "The tariff on steel imports stays where it is until the review ends in June."),
        _passage(2, "ada-price", Role.PANELIST, "Grain exports are a separate matter entirely."),
    )
    settings = Settings()
    return Engine(build_index(Corpus(briefings=(briefing,), passages=passages), settings), settings)


def test_the_answer_comes_before_the_question_that_restates_the_topic(engine):
    answer = engine.ask("What was said about the steel tariff on imports?")
    assert [h.passage.id for h in answer.hits][:2] == ["call#1", "call#0"]
    assert answer.hits[0].speaker.name == "Ada Price"


def test_one_final_score_counts_a_line_only_above_sixty():
    assert final_score(1.0, 0.5, 0.5) == final_score(1.0, 0.5, 0.5, line=60.0)
    assert final_score(1.0, 0.5, 0.5, line=100.0) == pytest.approx(final_score(1.0, 0.5, 0.5) + 0.5)
