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
