"""The plain-words grammar of metadata questions: hearings, filings and briefers' events."""

from __future__ import annotations

import pytest

from briefbot.search.asks import read_metadata_ask


@pytest.mark.parametrize(
    ("question", "kind", "event"),
    [
        ("Who presided over the budget oversight hearing?", "moderator", "budget oversight hearing"),
        ("Who was presiding at the port security hearing?", "moderator", "port security hearing"),
        ("Which subcommittee held the hearing on harbor dredging?", "host",
         "hearing on harbor dredging"),
        ("Which agency held the wildfire briefing?", "host", "wildfire briefing"),
        ("What date is on the memorandum in support of the plea?", "when",
         "memorandum in support of the plea"),
        ("What is the date of the harbor report?", "when", "harbor report"),
        ("Where did Holm hold his press call?", "where", "Holm press call"),
    ],
)
def test_hearing_and_document_phrasings(question: str, kind: str, event: str) -> None:
    ask = read_metadata_ask(question)
    assert ask is not None and ask.kind == kind and ask.event == event


def test_where_did_someone_speak_still_lists_their_events() -> None:
    ask = read_metadata_ask("Where did Holm speak?")
    assert ask is not None and ask.kind == "events_of" and ask.person == "Holm"


@pytest.mark.parametrize(
    "question",
    ["Where is Dana Velez now?", "Where was the grain for the airlift stored?",
     "Where did the shipment go?"],
)
def test_where_a_person_or_thing_is_is_no_question_about_an_event(question: str) -> None:
    # Answered with an event's place, these would be confident wrong answers; they are
    # asked of what was said.
    assert read_metadata_ask(question) is None


@pytest.mark.parametrize(
    ("question", "event"),
    [("Where was the harbour summit?", "harbour summit"),
     ("Where was the Okafor and Lind press conference held?", "Okafor and Lind press conference"),
     ("Where did the tariff hearing take place?", "tariff hearing"),
     ("Where was the Velez announcement held?", "Velez announcement")],
)
def test_where_an_event_was_is_asked_by_its_noun_or_a_verb_of_holding(question, event) -> None:
    ask = read_metadata_ask(question)
    assert ask is not None and (ask.kind, ask.event) == ("where", event)
