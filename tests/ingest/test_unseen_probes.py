"""Probe briefings from invented organizations, in layouts the shared corpus does not use.

Each file in ``tests/data/parsers/unseen/`` varies one real-world habit: the date
above the title, em-dash and pipe participant lists with degree suffixes,
"Name (Affiliation):" turn labels, "Q." questioners, two speakers sharing a first
name, speakers named only in "Remarks by" headings, prose bios, plain-string
Markdown speakers with a non-ISO date, HTML with participants in a <dl> or a
table and a US numeric date, JSON-LD in an ``@graph`` with a single performer
using ``worksFor``, a "Moderator:" entry in the middle of a participant list with
"The Honorable" and "Rep. Name (D-CA)", two Carters where one is always labelled by
full name, a Markdown ``Speaker:`` line naming two people (left unattributed, with a
problem), an HTML ``<li><strong>Name</strong>, Role</li>`` list with a copyright
``<time>`` in the footer, "Ambassador (ret.)" with three-line bios, and "[00:14:32]"
timestamps with a keynote marked in an em-dash list. ``EXPECTED.json`` holds every field a user would see, every
passage's attribution and every problem; the results must match exactly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefbot.config import Settings
from briefbot.ingest.loader import parse_file

DATA = Path(__file__).resolve().parents[1] / "data" / "parsers" / "unseen"
EXPECTED = json.loads((DATA / "EXPECTED.json").read_text(encoding="utf-8"))


def _actual(name: str) -> dict:
    parsed = parse_file(DATA / name, DATA, Settings())
    briefing = parsed.report.briefing
    assert briefing is not None and parsed.result is not None, parsed.report.problems
    return {
        "title": briefing.title,
        "organization": briefing.organization,
        "series": briefing.series,
        "date": briefing.date.isoformat() if briefing.date else None,
        "location": briefing.location,
        "moderator": briefing.moderator,
        "categories": list(briefing.categories),
        "speakers": [
            {
                "name": s.name,
                "honorific": s.honorific,
                "affiliation": s.affiliation,
                "role": s.role.value,
            }
            for s in briefing.speakers
        ],
        "passages": [
            [p.role.value, p.speaker_id or p.speaker_label, p.text[:40]]
            for p in parsed.result.passages
        ],
        "problems": [[p.line, p.reason] for p in parsed.report.problems],
    }


def test_every_probe_file_has_expectations() -> None:
    files = {p.name for p in DATA.iterdir() if p.suffix != ".json"}
    assert files == set(EXPECTED)
    formats = {Path(name).suffix for name in files}
    assert formats == {".txt", ".md", ".html"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_probe_metadata_speakers_and_attribution(name: str) -> None:
    actual, expected = _actual(name), EXPECTED[name]
    for key in ("title", "organization", "series", "date", "location", "moderator", "categories"):
        assert actual[key] == expected[key], key
    assert actual["speakers"] == expected["speakers"]
    assert actual["passages"] == expected["passages"]
    assert actual["problems"] == expected["problems"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_probe_passages_carry_no_furniture_and_no_org_text_for_panelists(name: str) -> None:
    parsed = parse_file(DATA / name, DATA, Settings())
    assert parsed.result is not None
    org = parsed.report.briefing.organization if parsed.report.briefing else None
    for passage in parsed.result.passages:
        for junk in ("(Laughter.)", "- 2 -", "- 3 -", "(00:", "©", "<strong>"):
            assert junk not in passage.text
        if passage.speaker_id is not None and org:
            # The organization's own intro never lands in a panelist's passage.
            assert not passage.text.startswith(f"The {org}")
