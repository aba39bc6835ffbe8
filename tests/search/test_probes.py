"""Questions staff type loosely: misspelt names and periods said in words."""

from __future__ import annotations

import datetime as dt

import pytest

from briefbot.models import Viewer
from briefbot.search.query import parse


def _speakers(answer):
    return {h.speaker.name for h in answer.hits if h.speaker}


@pytest.mark.parametrize(
    "question", ["What did Marchettti say about export controls?", "what did marchetit say about export controls"]
)
def test_a_typing_slip_in_a_name_is_read_as_that_person_and_said(engine, question):
    answer = engine.ask(question)
    assert not answer.no_match
    assert _speakers(answer) == {"Tessa Marchetti"}
    assert any("as Tessa Marchetti" in note for note in answer.notes)


def test_a_respelt_possessive_keeps_the_metadata_question(engine):
    answer = engine.ask("What is Marchettti's affiliation?")
    assert answer.intent == "metadata" and "Atlas Forum" in answer.answer


def test_a_name_one_letter_away_is_only_suggested(engine):
    # "Hollas" may be someone else than Bennett Hollis: ask, never answer for him.
    answer = engine.ask("What did Hollas say about deterrence?")
    assert "Bennett Hollis" not in _speakers(answer)
    assert any("Did you mean Bennett Hollis" in note for note in answer.notes)


def test_a_hidden_person_is_never_suggested_for_a_typo(engine):
    answer = engine.ask("What did Hiddenfield say about krill?", Viewer())
    assert not any("Zora" in note for note in answer.notes)
    assert answer.no_match


def test_a_correctly_spelt_name_gets_no_note(engine):
    answer = engine.ask("What did Marchetti say about export controls?")
    assert not any(note.startswith(("Read ", "Did you mean")) for note in answer.notes)


@pytest.mark.parametrize(
    "text, after, before, words",
    [
        ("Which briefings were held in 2024?", dt.date(2024, 1, 1), dt.date(2025, 1, 1), "in 2024"),
        ("What events happened before 2024?", None, dt.date(2024, 1, 1), "before 2024"),
        ("list the events after 2023", dt.date(2024, 1, 1), None, "since 2024"),
        ("which panels took place since March 2023", dt.date(2023, 3, 1), None, "since March 2023"),
        ("who spoke at events in 2023", dt.date(2023, 1, 1), dt.date(2024, 1, 1), "in 2023"),
    ],
)
def test_periods_in_words_list_events_by_date(text, after, before, words):
    query = parse(text)
    assert query.intent == "events" and query.text == ""
    assert (query.after.start if query.after else None) == after
    assert (query.before.start if query.before else None) == before
    assert query.describe() == words


@pytest.mark.parametrize("text", ["What events discussed drones?", "Which briefings covered 2024 elections?"])
def test_event_questions_without_a_period_stay_searches(text):
    assert parse(text).intent == "search"


def test_briefings_held_in_a_year_come_from_the_dates_not_the_titles(engine):
    answer = engine.ask("Which briefings were held in 2024?")
    assert answer.intent == "events" and not answer.no_match
    assert len(answer.details) == 1 and "Holding the Line" in answer.details[0]
    assert engine.ask("Which briefings were held in 2019?").no_match


def test_the_answer_keeps_the_question_as_typed(engine):
    assert engine.ask("What did Marchettti say about export controls?").question == (
        "What did Marchettti say about export controls?"
    )
