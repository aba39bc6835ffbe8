"""Verbatim transcripts: label styles, lists, audience, unknown and ambiguous turns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefbot.errors import FormatError
from briefbot.ingest.parse import ParseResult, parse_text
from briefbot.ingest.transcript import questioner_from_text
from briefbot.models import Role

DATA = Path(__file__).resolve().parents[1] / "data" / "parsers"


def parse(text: str) -> ParseResult:
    return parse_text(text, "transcript", path="t.txt", briefing_id="t")


@pytest.fixture(scope="module")
def traps() -> ParseResult:
    text = (DATA / "transcript-traps.txt").read_text(encoding="utf-8")
    return parse_text(text, "transcript", path="transcript-traps.txt", briefing_id="traps")


def who(result: ParseResult, fragment: str) -> list[tuple[str | None, Role, str | None]]:
    names = {s.id: s.name for s in result.briefing.speakers}
    return [
        (names.get(p.speaker_id), p.role, p.speaker_label)
        for p in result.passages
        if fragment in p.text
    ]


def test_header_and_em_dash_list(traps: ParseResult) -> None:
    b = traps.briefing
    assert b.organization == "Northwind Institute for Security Studies"
    assert b.title == "Undersea Power: Grids, Cables and Coercion"
    assert b.date == dt.date(2025, 3, 4)
    assert b.location == "Oslo, Norway"
    assert b.moderator == "Ruth Adeyemi"
    assert [(s.name, s.honorific, s.affiliation, s.role) for s in b.speakers] == [
        ("Jane Roe", None, "Senior Fellow, Fjord Policy Institute", Role.PANELIST),
        (
            "Hedda Lindqvist",
            "Dr.",
            "Director, Arctic Grid Program, Northwind Institute for Security Studies",
            Role.PANELIST,
        ),
        ("Oskar Lindqvist Jr.", "Mr.", "Partner, Lindqvist & Berg Advisory", Role.PANELIST),
        (
            "Mikkel Østergaard",
            "Mr.",
            "Head of Network Security, Corvid Subsea Networks",
            Role.PANELIST,
        ),
        (
            "Gao Mingyu",
            "Dr.",
            "Visiting Scholar, Northwind Institute for Security Studies",
            Role.PANELIST,
        ),
        ("Arne Solberg", "Gen.", "Former Chief of Defence, Norwegian Armed Forces", Role.PANELIST),
        (
            "Ruth Adeyemi",
            None,
            "Program Officer, Northwind Institute for Security Studies",
            Role.MODERATOR,
        ),
    ]


def test_turn_labels_resolve_to_the_right_person(traps: ParseResult) -> None:
    assert who(traps, "Grid operators share outage data") == [
        ("Hedda Lindqvist", Role.PANELIST, None)
    ]
    assert who(traps, "we see the contracts") == [("Oskar Lindqvist Jr.", Role.PANELIST, None)]
    assert who(traps, "Landing stations are the weak link") == [
        ("Mikkel Østergaard", Role.PANELIST, None)
    ]
    assert who(traps, "Beijing watches these debates") == [("Gao Mingyu", Role.PANELIST, None)]
    assert who(traps, "Welcome, everyone.") == [("Ruth Adeyemi", Role.MODERATOR, None)]
    assert who(traps, "Deterrence at sea starts") == [("Arne Solberg", Role.PANELIST, None)]


def test_bare_shared_surname_is_a_problem_and_not_attributed(traps: ParseResult) -> None:
    assert who(traps, "one more point about liability") == [(None, Role.AUDIENCE, "LINDQVIST")]
    reasons = [(p.line, p.reason) for p in traps.problems]
    assert any(
        line == 40
        and "ambiguous speaker label 'LINDQVIST' at line 40" in reason
        and "Hedda Lindqvist or Oskar Lindqvist Jr." in reason
        for line, reason in reasons
    )


def test_unknown_label_is_a_problem_and_never_a_panelist(traps: ParseResult) -> None:
    assert who(traps, "I was not on the list") == [(None, Role.AUDIENCE, "BARNABY QUILL")]
    assert any(
        p.line == 46 and p.reason.startswith("unknown speaker label 'BARNABY QUILL' at line 46")
        for p in traps.problems
    )


def test_audience_member_keeps_the_name_they_give(traps: ParseResult) -> None:
    assert who(traps, "What should Oslo do first?") == [
        (None, Role.AUDIENCE, "Petra Nilsen, Tromsø Daily")
    ]


def test_furniture_timestamps_and_stage_directions_are_gone(traps: ParseResult) -> None:
    text = "\n".join(p.text for p in traps.passages)
    for junk in (
        "Page 1 of 3",
        "Fjordline",
        "[00:",
        "(Applause.)",
        "(Laughter.)",
        "[inaudible]",
        "[crosstalk]",
        "Uncorrected",
        "Verbatim Transcript",
        "SPEAKERS",
    ):
        assert junk not in text
    assert who(traps, "That is the new reality for planners in the U.S. and in Europe alike.")
    (roe,) = [p for p in traps.passages if "Insurance is the quiet lever" in p.text]
    assert roe.text == (
        "Thank you, Ruth. The grid and the cable network now fail together. That is the new "
        "reality for planners in the U.S. and in Europe alike. Insurance is the quiet lever "
        "nobody uses."
    )
    assert (roe.span.line_start, roe.span.line_end) == (28, 32)


def test_only_real_problems_are_reported(traps: ParseResult) -> None:
    assert sorted(p.line for p in traps.problems) == [40, 46]


def test_moderator_list_entry_keynote_heading_and_generic_labels() -> None:
    result = parse(
        "Meridian Policy Institute\n"
        "Keynote and Panel\n"
        "12 June 2024\n"
        "\n"
        "PARTICIPANTS:\n"
        "Dana Whitfield (Moderator), Director of Programs, Meridian Policy Institute\n"
        "Sen. Robert Hale III, United States Senate\n"
        "\n"
        "MODERATOR: Welcome. Our keynote speaker needs no introduction.\n"
        "\n"
        "Keynote: Sen. Robert Hale III\n"
        "\n"
        "The Arctic is a frontier for all of us.\n"
        "\n"
        "UNIDENTIFIED SPEAKER: Can you hear me at the back?\n"
        "\n"
        "QUESTION (Lena Ortiz, Polar Times): Will the Senate act?\n"
        "\n"
        "SENATOR HALE: It will, in time.\n"
    )
    b = result.briefing
    assert b.moderator == "Dana Whitfield"
    hale = next(s for s in b.speakers if s.name == "Robert Hale III")
    assert (hale.honorific, hale.affiliation, hale.role) == (
        "Sen.",
        "United States Senate",
        Role.KEYNOTE,
    )
    roles = [(p.role, p.speaker_id, p.speaker_label) for p in result.passages]
    assert roles == [
        (Role.MODERATOR, "dana-whitfield", None),
        (Role.KEYNOTE, "robert-hale-iii", None),
        (Role.AUDIENCE, None, None),
        (Role.AUDIENCE, None, "Lena Ortiz, Polar Times"),
        (Role.KEYNOTE, "robert-hale-iii", None),
    ]
    assert result.problems == ()


def test_no_participant_list_takes_full_name_labels_and_warns() -> None:
    result = parse(
        "Some Forum\nA Talk\nMay 1, 2024\n\n"
        "JANE ROE: Hello there.\n\nJOHN DOE: Hi.\n\nROE: Back to me.\n"
    )
    assert [s.name for s in result.briefing.speakers] == ["Jane Roe", "John Doe"]
    assert [p.speaker_id for p in result.passages] == ["jane-roe", "john-doe", "jane-roe"]
    assert any("no participant list" in p.reason for p in result.problems)


def test_text_without_turns_is_served_as_the_documents_own_words() -> None:
    result = parse("Just a title\nand a line of prose that someone wrote down.\n")
    assert [p.role for p in result.passages] == [Role.ORGANIZATION]
    assert "line of prose" in result.passages[0].text
    assert any("no speaker turns found" in p.reason for p in result.problems)


def test_missing_date_is_a_problem() -> None:
    result = parse("Some Forum\nA Talk\n\nPARTICIPANTS:\nJane Roe, Fellow\n\nROE: Hello.\n")
    assert result.briefing.date is None
    assert any(p.reason.startswith("missing date") for p in result.problems)


def test_participant_without_remarks_is_a_warning() -> None:
    result = parse(
        "Forum\nTalk\nMay 1, 2024\n\nPANELISTS:\nJane Roe, Fellow\nJohn Doe, Analyst\n\n"
        "ROE: Only I speak.\n"
    )
    assert [p.reason for p in result.problems] == ["participant without remarks: 'John Doe'"]
    assert result.problems[0].line == 7


@pytest.mark.parametrize("text", ["", "   \n\n"])
def test_unreadable_transcripts_raise_format_error(text: str) -> None:
    with pytest.raises(FormatError) as err:
        parse(text)
    assert err.value.file == "t.txt"
    assert err.value.line is not None


@pytest.mark.parametrize(
    ("said", "label"),
    [
        (
            "Thanks. Rafael Oduya, Beacon Street Journal. Dr. Marchetti, what now?",
            "Rafael Oduya, Beacon Street Journal",
        ),
        ("Hi, Ana Sofía Ruiz, I’m a graduate student at Ashcombe University.", "Ana Sofía Ruiz"),
        ("Owen Talbot, I work for a member of Congress.", "Owen Talbot"),
        (
            "Good afternoon. Farah Haddadi, retired foreign service officer. For Dr. X?",
            "Farah Haddadi, retired foreign service officer",
        ),
        ("My name is Lena Ortiz. Will the Senate act?", "Lena Ortiz"),
        ("Will the Senate act?", None),
        ("Thank you. What is the timeline?", None),
    ],
)
def test_questioner_name(said: str, label: str | None) -> None:
    assert questioner_from_text(said) == label


def test_mixed_case_and_annotated_labels() -> None:
    result = parse(
        "Forum\nTalk\nMay 1, 2024\n\nPANELISTS:\nDr. Jane Roe, Fellow\nMr. John Doe, Analyst\n\n"
        "Roe: First point.\n\n"
        "Key Takeaways: this line belongs to Dr. Roe's turn.\n\n"
        "DR. ROE (via video): Second point.\n\n"
        "Doe: Third point.\n"
    )
    got = [(p.speaker_id, p.text) for p in result.passages]
    assert got == [
        ("jane-roe", "First point. Key Takeaways: this line belongs to Dr. Roe's turn."),
        ("jane-roe", "Second point."),
        ("john-doe", "Third point."),
    ]
    assert result.problems == ()
