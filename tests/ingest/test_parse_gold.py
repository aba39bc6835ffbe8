"""Every field of the GOLD.json files of the development corpus (``tests/data/corpus``).

The loader decides formats and decodes bytes; here the text is decoded the
same way (BOM removed, CRLF -> LF) and handed to ``parse_text`` with the
format GOLD names, so a failure points at a parser, not at the reader.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefbot.ingest.parse import ParseResult, parse_text
from briefbot.models import Role
from briefbot.text import fold, squash_space

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


def _gold() -> list[tuple[Path, dict]]:
    rows = []
    for folder in ("seed", "dev"):
        gold = CORPUS / folder / "GOLD.json"
        if gold.is_file():
            for item in json.loads(gold.read_text(encoding="utf-8")):
                rows.append((CORPUS / folder / item["file"], item))
    return rows


GOLD = _gold()


def parse_file(path: Path, fmt: str) -> ParseResult:
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    return parse_text(text, fmt, path=path.name, briefing_id=path.stem)  # type: ignore[arg-type]


def norm(value: str | None) -> str | None:
    return None if value is None else squash_space(value)


class _Parsed(dict):
    """File name -> ParseResult, parsed on first use so one broken parser fails only its files."""

    def __missing__(self, name: str) -> ParseResult:
        path, item = next((p, i) for p, i in GOLD if i["file"] == name)
        self[name] = parse_file(path, item["format"])
        return self[name]


@pytest.fixture(scope="module")
def parsed() -> dict[str, ParseResult]:
    return _Parsed()


@pytest.mark.parametrize("item", [item for _, item in GOLD], ids=lambda item: item["file"])
def test_metadata_matches_gold(parsed: dict[str, ParseResult], item: dict) -> None:
    briefing = parsed[item["file"]].briefing
    assert briefing.format == item["format"]
    assert fold(briefing.title) == fold(item["title"])
    assert briefing.organization == item["organization"]
    assert briefing.series == item["series"]
    assert (briefing.date.isoformat() if briefing.date else None) == item["date"]
    assert briefing.location == item["location"]
    assert briefing.moderator == item["moderator"]
    assert list(briefing.categories) == item["categories"]


@pytest.mark.parametrize("item", [item for _, item in GOLD], ids=lambda item: item["file"])
def test_speakers_match_gold(parsed: dict[str, ParseResult], item: dict) -> None:
    briefing = parsed[item["file"]].briefing
    got = [(norm(s.name), s.honorific, norm(s.affiliation)) for s in briefing.speakers]
    want = [(norm(s["name"]), s["honorific"], norm(s["affiliation"])) for s in item["speakers"]]
    assert sorted(got, key=str) == sorted(want, key=str)
    moderators = [s.name for s in briefing.speakers if s.role == Role.MODERATOR]
    assert moderators == ([item["moderator"]] if item["moderator"] else [])


@pytest.mark.parametrize("item", [item for _, item in GOLD], ids=lambda item: item["file"])
def test_every_participant_but_the_moderator_has_remarks(
    parsed: dict[str, ParseResult], item: dict
) -> None:
    result = parsed[item["file"]]
    spoke = {p.speaker_id for p in result.passages}
    silent = [
        s.name for s in result.briefing.speakers if s.id not in spoke and s.role != Role.MODERATOR
    ]
    assert silent == []
    assert not [p for p in result.problems if "participant without remarks" in p.reason]
    assert not [p for p in result.problems if "speaker label" in p.reason]


@pytest.mark.parametrize("item", [item for _, item in GOLD], ids=lambda item: item["file"])
def test_passages_trace_back_to_the_source(parsed: dict[str, ParseResult], item: dict) -> None:
    result = parsed[item["file"]]
    path = next(p for p, i in GOLD if i is item)
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    lines = text.split("\n")
    assert result.passages
    for passage in result.passages:
        span = passage.span
        assert 1 <= span.line_start <= span.line_end <= len(lines)
        assert 0 <= span.char_start < span.char_end <= len(text)
        # The first words of the passage sit on its first line.
        first_words = " ".join(passage.text.split()[:3])
        source_line = fold(lines[span.line_start - 1])
        assert fold(first_words) in source_line or item["format"] == "html"
        assert passage.id == f"{result.briefing.id}#{passage.order}"
        assert len(passage.text) <= 1400


def test_seed_attribution(parsed: dict[str, ParseResult]) -> None:
    result = parsed["000_3c1aeda5a9c9082e.txt"]
    by_id = {s.id: s.name for s in result.briefing.speakers}
    remarks = [p for p in result.passages if p.speaker_id]
    sections = {p.section: by_id[p.speaker_id] for p in remarks}
    assert sections == {
        "China and Russia Test the Limits of Friendship": "Mariya Y. Omelicheva",
        "A forthcoming Sino-Soviet split?": "Craig Singleton",
        "The China-Russia Alignment, not Alliance": "Ilan Berman",
    }
    intro = [p for p in result.passages if p.role == Role.ORGANIZATION]
    assert intro and intro[0].text.startswith("On June 8th, the American Foreign Policy Council")
    assert all(p.speaker_id is None for p in intro)
    text = " ".join(p.text for p in result.passages)
    assert "Senior Vice President, American Foreign Policy Council" not in text  # bios
    assert "©" not in text
    assert "Participant Bios" not in text
    singleton = [p for p in remarks if "China is ensuring Russia has what it needs" in p.text]
    assert [by_id[p.speaker_id] for p in singleton] == ["Craig Singleton"]


def test_page_footer_inside_a_paragraph_is_removed_and_the_paragraph_rejoined(
    parsed: dict[str, ParseResult],
) -> None:
    result = parsed["transcript-cables-2025.txt"]
    text = " ".join(p.text for p in result.passages)
    assert "Page 3 of 6" not in text and "Clearwater" not in text and "(Laughter.)" not in text
    taufa = [p for p in result.passages if "no repair ship nearby." in p.text]
    assert len(taufa) == 1
    assert "one landing station, no repair ship nearby. Redundancy, for us, is a luxury good." in (
        taufa[0].text
    )
    assert taufa[0].speaker_id == "mele-taufa"


def test_transcript_audience_is_never_a_panelist(parsed: dict[str, ParseResult]) -> None:
    labels = {}
    for name in (
        "transcript-cables-2025.txt",
        "transcript-taiwan-2024.txt",
        "transcript-drones-2023.txt",
    ):
        for p in parsed[name].passages:
            if p.role == Role.AUDIENCE:
                assert p.speaker_id is None
                labels[p.speaker_label] = name
    assert "Rafael Oduya, Beacon Street Journal" in labels
    assert "Marcus Feld, Tidewater Naval Review" in labels
    assert "Farah Haddadi, retired foreign service officer" in labels


def test_two_kangs_are_never_merged(parsed: dict[str, ParseResult]) -> None:
    result = parsed["transcript-taiwan-2024.txt"]
    by_id = {s.id: s.name for s in result.briefing.speakers}
    said = {
        by_id[p.speaker_id]
        for p in result.passages
        if p.speaker_id and "Not even distantly" in p.text
    }
    assert said == {"Warren Kang"}
    said = {
        by_id[p.speaker_id]
        for p in result.passages
        if p.speaker_id and "It’s a fair challenge" in p.text
    }
    assert said == {"Joanna Kang"}


def test_stage_directions_and_timestamps_are_not_passage_text(
    parsed: dict[str, ParseResult],
) -> None:
    for name in ("transcript-taiwan-2024.txt", "transcript-drones-2023.txt"):
        text = " ".join(p.text for p in parsed[name].passages)
        for junk in (
            "(Laughter.)",
            "(Applause.)",
            "[crosstalk]",
            "[inaudible]",
            "[END]",
            "Transcript begins",
            "Transcript ends",
            "PARTICIPANTS",
            "* * *",
        ):
            assert junk not in text
    drones = parsed["transcript-drones-2023.txt"]
    assert any("still waiting for a subpoena." in p.text for p in drones.passages)
