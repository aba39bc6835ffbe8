"""The query parser: every filter, every intent, and bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from briefbot.errors import QueryError
from briefbot.search.query import MAX_QUERY_CHARS, parse


def test_plain_question_is_a_search():
    q = parse("What did Singleton say about Taiwan?")
    assert q.intent == "search"
    assert q.text == "What did Singleton say about Taiwan?"
    assert not q.has_filters


@pytest.mark.parametrize(
    "text, field, expected",
    [
        ("taiwan speaker:berman", "speakers", ("berman",)),
        ('taiwan speaker:"Ilan Berman"', "speakers", ("Ilan Berman",)),
        ("taiwan org:harbor", "orgs", ("harbor",)),
        ("taiwan event:arctic", "events", ("arctic",)),
        ("taiwan category:china", "categories", ("china",)),
        ('"harbour dues" taiwan', "phrases", ("harbour dues",)),
        ("taiwan -china", "excluded", ("china",)),
    ],
)
def test_each_filter_is_taken_out_of_the_text(text, field, expected):
    q = parse(text)
    assert getattr(q, field) == expected
    assert "taiwan" in q.text
    assert ":" not in q.text


def test_dates_and_their_description():
    q = parse("sanctions speaker:berman after:2023-01 before:2024")
    assert q.after.start == dt.date(2023, 1, 1) and q.after.precision == "month"
    assert q.before.start == dt.date(2024, 1, 1) and q.before.precision == "year"
    assert q.describe() == "speaker berman · since January 2023 · before 2024"
    assert parse("x after:2023-06-08").after.words() == "June 8, 2023"


def test_leading_slash_brief_is_ignored():
    assert parse("/brief who said the river doesn't read treaties").intent == "who_said"
    assert parse("/brief").intent == "help"


@pytest.mark.parametrize(
    "text, quote",
    [
        ("who said China is ensuring Russia has what it needs", "China is ensuring Russia has what it needs"),
        ("Who argued that a ferry is a public road?", "a ferry is a public road"),
        ("who warned that the river doesn't read treaties", "the river doesn't read treaties"),
        ('who claimed "tolls buy maintenance"', "tolls buy maintenance"),
        ('"a harbour is not a fleet, it is a promise"', "a harbour is not a fleet, it is a promise"),
    ],
)
def test_who_said_forms(text, quote):
    q = parse(text)
    assert q.intent == "who_said"
    assert q.quote == quote


def test_speaker_events_and_help_intents():
    assert parse("speaker berman").subject == "berman"
    q = parse("events after:2024 org:harbor")
    assert q.intent == "events" and q.orgs == ("harbor",) and q.after.start.year == 2024
    for text in ("help", "?", "", "   "):
        assert parse(text).intent == "help"


@pytest.mark.parametrize(
    "text, kind, event, person",
    [
        ("Who moderated the Baltic ferry safety event?", "moderator", "Baltic ferry safety event", None),
        ("When was the briefing on fertiliser import quotas?", "when", "briefing on fertiliser import quotas", None),
        ("When did the Chile-Peru fisheries partnership discussion take place?", "when", "Chile-Peru fisheries partnership discussion", None),
        ("What was Ines Varga's affiliation at the river dredging event?", "affiliation", "river dredging event", "Ines Varga"),
        ("What is Li Wenjun's affiliation?", "affiliation", None, "Li Wenjun"),
        ("Who spoke at the Nordic grid resilience event?", "speakers", "Nordic grid resilience event", None),
        ("Which events did Ines Varga speak at?", "events_of", None, "Ines Varga"),
    ],
)
def test_metadata_questions(text, kind, event, person):
    q = parse(text)
    assert q.intent == "metadata"
    assert (q.metadata.kind, q.metadata.event, q.metadata.person) == (kind, event, person)


def test_moderate_questions_ask_for_moderated_events():
    assert parse("Which events did Ines Varga moderate?").metadata.moderated


@pytest.mark.parametrize(
    "text, says",
    [
        ("x after:yesterday", "after: expects a date like 2023, 2023-06 or 2023-06-08"),
        ("x before:2023-13", "before: '2023-13' is not a real date"),
        ("x after:2024 before:2023", "not earlier than"),
        ("x speaker:", "speaker: needs a value"),
        ("x speker:berman", "did you mean speaker:"),
    ],
)
def test_bad_filters_say_what_is_accepted(text, says):
    with pytest.raises(QueryError, match=says.replace("(", r"\(").replace(")", r"\)")):
        parse(text)


def test_ordinary_colons_are_text():
    assert parse("re:Taiwan policy").text == "re:Taiwan policy"
    assert parse("see https://example.org/x").intent == "search"


def test_slack_markup_and_control_characters_are_cleaned():
    q = parse("<@U123> who said <http://x.example|the river> doesn't\x00 read <!channel> maps")
    assert q.intent == "who_said"
    assert q.quote == "the river doesn't read maps"


def test_unbalanced_quote_and_long_input():
    assert parse('what about "icebreakers').text == "what about icebreakers"
    q = parse("word " * 5000)
    assert q.truncated and len(q.text) <= MAX_QUERY_CHARS
