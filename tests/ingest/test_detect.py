"""Format detection: the content decides, the extension only breaks ties."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefbot.config import IngestSettings
from briefbot.errors import FormatError
from briefbot.ingest.detect import detect_format
from briefbot.ingest.reader import read_text

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"

TRANSCRIPT = """\
EXAMPLE INSTITUTE
Rules of the Road in Orbit
3 March 2025
PANELISTS:
  Dr. Ada Rowe, Fellow, Example Institute
  Gen. (Ret.) Sam Ortiz, Adviser
MODERATOR: Lee Park, Director

MR. PARK: Welcome, everyone.
DR. ROWE: Thank you.
[00:14:32] ORTIZ: Glad to be here.
"""

SUMMARY = """\
Example Institute Space Forum - Rules of the Road in Orbit

March 3, 2025

Related Categories: Space; Arms Control

On March 3rd the Institute hosted a panel, moderated by Lee Park.
"""

MARKDOWN = """\
---
title: Rules of the Road in Orbit
date: 2025-03-03
---

## Opening
Speaker: Lee Park

Welcome.
"""

HTML = """\
<!DOCTYPE html>
<html><head><title>Rules</title></head>
<body><h1>Rules of the Road in Orbit</h1><p>March 3, 2025</p></body></html>
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [(TRANSCRIPT, "transcript"), (SUMMARY, "summary"), (MARKDOWN, "markdown"), (HTML, "html")],
)
@pytest.mark.parametrize("suffix", ["", ".txt", ".md", ".html"])
def test_content_wins_over_the_extension(text: str, expected: str, suffix: str) -> None:
    assert detect_format(text, suffix) == expected


def test_every_dev_corpus_file_is_detected_as_gold_says() -> None:
    checked = 0
    for gold_file in sorted(CORPUS.glob("*/GOLD.json")):
        for entry in json.loads(gold_file.read_text(encoding="utf-8")):
            path = gold_file.parent / entry["file"]
            text = read_text(path, IngestSettings()).text
            assert detect_format(text, "") == entry["format"], entry["file"]
            checked += 1
    assert checked == 11  # 1 seed + 10 dev briefings


def test_transcript_with_name_labels_and_speakers_header() -> None:
    text = (
        "Meridian Institute\nA Talk\n14 November 2023\n\nSPEAKERS:\n"
        "Dana Whitfield — Director\nOmar Reyes — Fellow\n\n"
        "Dana Whitfield: Good morning.\nOmar Reyes: Thanks, Dana.\nQ: A question.\n"
    )
    assert detect_format(text, ".txt") == "transcript"


def test_caps_turns_without_a_header_are_a_transcript() -> None:
    text = "A Talk\n\nWHITFIELD: Hello.\nREYES: Hi.\nWHITFIELD: So.\nREYES: Yes.\n"
    assert detect_format(text, "") == "transcript"


def test_a_summary_that_mentions_speakers_is_still_a_summary() -> None:
    text = (
        SUMMARY
        + "Speakers: Dr. Ada Rowe, Mr. Sam Ortiz.\n\nOpening Remarks\n\nDr. Ada Rowe\n\nText.\n"
    )
    assert detect_format(text, ".txt") == "summary"


def test_unclosed_front_matter_goes_to_the_markdown_parser() -> None:
    assert detect_format("---\ntitle: [unclosed\n\nBody text\n", ".txt") == "markdown"


def test_txt_holding_a_web_page_fragment_is_html() -> None:
    text = (
        "<div class='event'><h1>Title</h1><p>March 3, 2025</p><ul><li>A</li><li>B</li></ul></div>"
    )
    assert detect_format(text, ".txt") == "html"


def test_markdown_without_front_matter_still_goes_to_the_markdown_parser() -> None:
    assert detect_format("# Notes\n\nSome prose.\n", ".md") == "markdown"


def test_text_of_no_known_layout_goes_to_the_transcript_reader() -> None:
    # The transcript parser serves it as the document's own words and warns: no text is lost.
    assert detect_format("just some words\nand more words\n", ".txt") == "transcript"


def test_unrecognised_extensionless_text_names_the_accepted_formats() -> None:
    with pytest.raises(FormatError) as caught:
        detect_format("just some words\nand more words\n", "")
    message = str(caught.value)
    for word in ("summary", "transcript", "front matter", "HTML"):
        assert word in message


def test_detection_only_reads_the_start_of_a_huge_text() -> None:
    text = SUMMARY + ("filler line\n" * 500_000)
    assert detect_format(text, "") == "summary"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3_000), st.sampled_from(["", ".txt", ".md", ".html", ".htm"]))
def test_arbitrary_text_is_a_format_or_a_format_error(text: str, suffix: str) -> None:
    try:
        assert detect_format(text, suffix) in {"summary", "transcript", "markdown", "html"}
    except FormatError as exc:
        assert "accepted formats" in str(exc)
