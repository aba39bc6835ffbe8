"""Event summaries: headline split, organization from acronym/footer, bios, keynote lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefbot.errors import FormatError
from briefbot.ingest.parse import ParseResult, parse_text
from briefbot.ingest.summary import split_headline
from briefbot.models import Role

DATA = Path(__file__).resolve().parents[1] / "data" / "parsers"


def parse(text: str) -> ParseResult:
    return parse_text(text, "summary", path="s.txt", briefing_id="s")


@pytest.fixture(scope="module")
def traps() -> ParseResult:
    return parse((DATA / "summary-traps.txt").read_text(encoding="utf-8"))


def test_acronym_only_headline_resolves_the_full_organization(traps: ParseResult) -> None:
    b = traps.briefing
    assert b.organization == "Northwind Institute for Security Studies"
    assert b.series == "Arctic Dialogue"
    assert b.title == "Cold Currents: Security in the High North"
    assert b.date == dt.date(2023, 11, 14)
    assert b.location is None
    assert b.categories == ("Arctic", "Maritime Security", "Energy Security")


def test_bios_give_names_titles_and_joined_affiliations(traps: ParseResult) -> None:
    assert [(s.name, s.honorific, s.affiliation, s.role) for s in traps.briefing.speakers] == [
        (
            "Hedda Lindqvist",
            "Dr.",
            "Director, Arctic Grid Program, Northwind Institute for Security Studies",
            Role.PANELIST,
        ),
        ("Oskar Lindqvist Jr.", "Mr.", "Partner, Lindqvist & Berg Advisory", Role.PANELIST),
        ("Arne Solberg", "Gen.", "Former Chief of Defence, Norwegian Armed Forces", Role.KEYNOTE),
        (
            "Ruth Adeyemi",
            "Ms.",
            "Program Officer, Northwind Institute for Security Studies",
            Role.MODERATOR,
        ),
        (
            "Silent Partner",
            "Dr.",
            "Senior Fellow, Northwind Institute for Security Studies",
            Role.PANELIST,
        ),
    ]
    assert traps.briefing.moderator == "Ruth Adeyemi"


def test_sections_speakers_and_intro(traps: ParseResult) -> None:
    got = [(p.role, p.speaker_id, p.section, p.text.split(".")[0]) for p in traps.passages]
    assert got == [
        (
            Role.ORGANIZATION,
            None,
            None,
            "On November 14th, the Northwind Institute for Security "
            "Studies (NISS) hosted its Arctic Dialogue",
        ),
        (
            Role.KEYNOTE,
            "arne-solberg",
            "Keynote",
            "The High North is quiet because both sides work to keep it so",
        ),
        (
            Role.PANELIST,
            "hedda-lindqvist",
            "Grids Under Ice",
            "Power lines and data cables share the same seabed corridors",
        ),
        (
            Role.PANELIST,
            "oskar-lindqvist-jr",
            "Contracts and Accidents",
            "Commercial contracts assume accidents, not sabotage",
        ),
    ]


def test_silent_participant_warns_but_the_silent_moderator_does_not(traps: ParseResult) -> None:
    assert [(p.line, p.reason) for p in traps.problems] == [
        (44, "participant without remarks: 'Silent Partner'")
    ]


def test_remarks_by_line_and_unknown_org() -> None:
    result = parse(
        "Policy Lunch - Title Here\n\nJune 8, 2023\n\n"
        "An intro paragraph about the lunch, which was long enough to be an intro.\n\n"
        "Remarks by Gen. (Ret.) John Q. Public\n\n"
        "He said deterrence is a daily practice.\n"
    )
    b = result.briefing
    assert (b.title, b.organization, b.series) == ("Title Here", "Policy Lunch", None)
    (person,) = b.speakers
    assert (person.name, person.honorific) == ("John Q. Public", "Gen.")
    assert [p.speaker_id for p in result.passages] == [None, "john-q-public"]


def test_missing_date_is_reported() -> None:
    result = parse("Org Series - A Title\n\nNo date anywhere in this intro paragraph at all.\n")
    assert result.briefing.date is None
    assert [p.reason for p in result.problems] == ["missing date: no event date found"]


def test_empty_summary_is_a_format_error() -> None:
    with pytest.raises(FormatError):
        parse("\n\n  \n")


@pytest.mark.parametrize(
    ("headline", "left", "title"),
    [
        (
            "AFPC Capitol Hill Briefing - The Nexus: How",
            "AFPC Capitol Hill Briefing",
            "The Nexus: How",
        ),
        ("X Forum – Title", "X Forum", "Title"),
        ("Sino-Soviet Split: A Title", None, "Sino-Soviet Split: A Title"),
    ],
)
def test_split_headline(headline: str, left: str | None, title: str) -> None:
    assert split_headline(headline) == (left, title)


def test_moderator_named_only_in_the_intro_keeps_the_stated_role() -> None:
    result = parse(
        "Org Series - A Title\n\nMay 2, 2024\n\n"
        "The seminar was moderated by Ruth Adeyemi, program officer at the Northwind Institute. "
        "It was a good seminar with a long enough intro.\n\n"
        "Grids\n\nDr. Hedda Lindqvist\n\nPower lines matter.\n"
    )
    b = result.briefing
    assert b.moderator == "Ruth Adeyemi"
    mod = next(s for s in b.speakers if s.role == Role.MODERATOR)
    assert mod.affiliation == "program officer at the Northwind Institute"
    assert result.problems == ()
