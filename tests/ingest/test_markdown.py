"""Markdown with front matter: metadata, access, Speaker: blocks, malformed YAML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefbot.errors import FormatError
from briefbot.ingest.parse import ParseResult, parse_text
from briefbot.models import Role

DATA = Path(__file__).resolve().parents[1] / "data" / "parsers"


def parse(text: str) -> ParseResult:
    return parse_text(text, "markdown", path="m.md", briefing_id="m")


@pytest.fixture(scope="module")
def traps() -> ParseResult:
    return parse((DATA / "markdown-traps.md").read_text(encoding="utf-8"))


def test_front_matter_fields(traps: ParseResult) -> None:
    b = traps.briefing
    assert (b.title, b.organization, b.series, b.location) == (
        "Energy After Winter",
        "Northwind Institute for Security Studies",
        None,
        None,
    )
    assert b.date == dt.date(2024, 6, 12)  # a written-out date string is accepted
    assert b.categories == ("Energy", "Europe")
    assert b.access == "members" and traps.access_declared
    assert b.moderator == "Ruth Adeyemi"
    assert [(s.name, s.honorific, s.role) for s in b.speakers] == [
        ("Ruth Adeyemi", None, Role.MODERATOR),
        ("Lucía Ibáñez de la Torre", "Dr.", Role.PANELIST),
        ("Hedda Lindqvist", "Dr.", Role.PANELIST),
        ("Oskar Lindqvist", "Mr.", Role.KEYNOTE),
    ]


def test_speaker_blocks(traps: ParseResult) -> None:
    got = [(p.section, p.role, p.speaker_id, p.speaker_label, p.text) for p in traps.passages]
    assert got == [
        (None, Role.ORGANIZATION, None, None, "Intro text from the institute itself, with a link."),
        ("Opening", Role.MODERATOR, "ruth-adeyemi", None, "Welcome to the dialogue."),
        (
            "Gas",
            Role.PANELIST,
            "lucia-ibanez-de-la-torre",
            None,
            "Storage is full. Prices are not.",
        ),
        ("Grids", Role.AUDIENCE, None, "Lindqvist", "Ambiguous text that must not be attributed."),
        ("Contracts", Role.KEYNOTE, "oskar-lindqvist", None, "Contracts assume accidents."),
        ("Grid Planning", Role.PANELIST, "hedda-lindqvist", None, "Grids need planning."),
        ("Guest", Role.AUDIENCE, None, "Zed Unknown", "Nobody listed this person."),
    ]
    assert [(p.line, p.reason.split(":")[0]) for p in traps.problems] == [
        (35, "ambiguous speaker 'Lindqvist' at line 35"),
        (50, "unknown speaker label 'Zed Unknown' at line 50"),
    ]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("---\ntitle: A\ndate: [2024\n---\nBody.\n", 3, "malformed front matter"),
        ('---\ntitle: "unclosed\nspeakers: x\n---\n', 2, "malformed front matter"),
        ("---\ntitle: A\nBody without a closing fence.\n", 1, "no closing '---'"),
        ("---\n- just\n- a list\n---\nBody.\n", 2, "expected 'key: value'"),
        ("---\ntitle: A\naccess: [members]\n---\nBody.\n", 3, "'access' must be one label"),
        ("No front matter and no heading.\n", 1, "no title"),
    ],
)
def test_malformed_front_matter_names_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(FormatError) as err:
        parse(text)
    assert err.value.line == line
    assert words in err.value.reason
    assert err.value.file == "m.md"


def test_no_front_matter_uses_the_heading_and_defaults() -> None:
    result = parse("# A Plain Note\n\nSome text about the event.\n")
    assert result.briefing.title == "A Plain Note"
    assert result.briefing.access == "public" and not result.access_declared
    assert [p.text for p in result.passages] == ["Some text about the event."]
    assert any(p.reason.startswith("missing date") for p in result.problems)


def test_wrong_types_become_problems_not_crashes() -> None:
    result = parse(
        "---\ntitle: T\ndate: 2024-02-30x\nspeakers: 5\ncategories: {a: 1}\n---\nText.\n"
    )
    reasons = " | ".join(p.reason for p in result.problems)
    assert "is not a date" in reasons
    assert "'speakers' should be" in reasons
    assert "'categories' should be" in reasons


def test_generic_speakers_in_markdown() -> None:
    result = parse(
        "---\ntitle: T\ndate: 2024-01-02\nmoderator: Jo Lee\nspeakers:\n  - name: Jo Lee\n---\n"
        "## Q&A\nSpeaker: Moderator\n\nAny questions?\n\n"
        "Speaker: Audience member (Sam Park)\n\nWhat next?\n"
    )
    got = [(p.role, p.speaker_id, p.speaker_label) for p in result.passages]
    assert got == [(Role.MODERATOR, "jo-lee", None), (Role.AUDIENCE, None, "Sam Park")]
    assert result.problems == ()
