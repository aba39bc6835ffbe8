"""The JSON contract of `briefbot ask --json`."""

from __future__ import annotations

import json

from briefbot.render.jsonout import answer_to_json



CONTRACT = {"question", "intent", "answer", "no_match", "results"}
RESULT = {"speaker", "honorific", "affiliation", "role", "event", "section", "excerpt", "passage", "score"}
EVENT = {"id", "title", "organization", "date", "source"}


def test_search_result_shape(engine):
    data = answer_to_json(engine.ask("What did Mr. Kang argue about the chip moat?"))
    assert CONTRACT <= set(data)
    assert data["intent"] == "search" and data["answer"] is None and data["no_match"] is False
    first = data["results"][0]
    assert RESULT <= set(first) and EVENT == set(first["event"])
    assert first["speaker"] == "Warren Kang" and first["honorific"] == "Mr."
    assert first["affiliation"] == "Managing Director, Pacific Crossings Institute"
    assert first["role"] == "panelist"
    assert first["event"] == {
        "id": "taiwan",
        "title": "Holding the Line: Deterrence in the Taiwan Strait",
        "organization": "Harbor Council on Strategy",
        "date": "2024-06-12",
        "source": "https://example.org/taiwan",
    }
    start, end = first["highlights"][0]
    assert first["excerpt"][start:end].lower() == "chip moat"  # one span per phrase
    assert first["kind"] == "verbatim" and first["pages"] is None
    assert first["citation"] == (
        f"“{first['excerpt']}” — Mr. Warren Kang, Managing Director, Pacific Crossings Institute, "
        "at “Holding the Line: Deterrence in the Taiwan Strait”, Harbor Council on Strategy, "
        "June 12, 2024, https://example.org/taiwan"
    )
    json.dumps(data)  # serialisable as it stands


def test_no_match_and_metadata(engine):
    none = answer_to_json(engine.ask("What was said about the Andean lithium royalties?"))
    assert none["no_match"] is True and none["results"] == [] and none["suggestions"]
    meta = answer_to_json(engine.ask("Who moderated the Taiwan deterrence event?"))
    assert meta["intent"] == "metadata" and "Bennett Hollis" in meta["answer"]


def test_summary_result_citation_is_not_a_quote(engine):
    first = answer_to_json(engine.ask("Who talked about heavy icebreaker hulls?"))["results"][0]
    assert first["kind"] == "summary"
    assert first["citation"].startswith("Summary of remarks by Dr. Grace Lindqvist, ")
    assert "(event summary, not verbatim): Heavy icebreaker hulls" in first["citation"]
    assert "“" not in first["citation"].split("(event summary")[1]
