"""Who says X most, event counts on a topic, and sources (issue 15), over the dev corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefbot.config import Settings
from briefbot.index.store import open_index
from briefbot.search.engine import Engine

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
ROW = re.compile(r"^• (?P<name>.+?) — (?P<n>\d+) passages?, (?P<events>\d+) events?, (?P<dates>.+)$")


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    settings = Settings()
    cache = tmp_path_factory.mktemp("cache")
    return Engine(open_index(CORPUS, settings, rebuild=True, cache_dir=cache), settings)


def rows(answer) -> list[dict[str, str]]:
    return [m.groupdict() for line in (answer.answer or "").splitlines() if (m := ROW.match(line))]


def test_who_mentions_drones_most_counts_their_own_passages(dev: Engine) -> None:
    answer = dev.ask("who mentions drones the most")
    table = rows(answer)
    assert table, answer.answer
    counts = [int(r["n"]) for r in table]
    assert counts == sorted(counts, reverse=True)
    # Counted apart from the engine: each person's passages whose text says "drone(s)".
    for row in table:
        own = [p for p in dev.passages
               if (person := dev.people.person_of(dev.core.briefing_pos[p.briefing_id], p.speaker_id))
               and person.name == row["name"] and re.search(r"\bdrones?\b", p.text, re.IGNORECASE)]
        assert int(row["n"]) == len(own), row
    assert any(r["name"] == "Ingrid Halvorsen" for r in table)
    assert any(d.startswith("By year: ") and "2023: " in d for d in answer.details)


def test_latest_on_puts_the_newest_first(dev: Engine) -> None:
    answer = dev.ask("latest on sanctions")
    table = rows(answer)
    assert table and "newest first" in answer.answer
    assert "2025" in table[0]["dates"]


def test_a_topic_nobody_uses_is_said_so(dev: Engine) -> None:
    answer = dev.ask("who talks about zebras the most")
    assert answer.no_match and "zebras" in answer.answer


def test_events_on_a_topic_count_passages_per_event_and_year(dev: Engine) -> None:
    answer = dev.ask("events drones")
    assert any("passages on “drones”" in d for d in answer.details)
    assert answer.details[-1].startswith("Passages on “drones” by year: 2023:")


def test_source_address_file_and_no_made_up_link(dev: Engine) -> None:
    answer = dev.ask("whats the source for the semiconductor event")
    assert "https://example.org/events/chokepoints-and-workarounds" in answer.answer
    assert any("semiconductor-export-controls-2024.md" in d for d in answer.details)
    bare = dev.ask("link for the taiwan event")
    assert "gives no source address" in bare.answer and "transcript-taiwan-2024.txt" in bare.answer
    assert "http" not in bare.answer
