"""Staff wording read as the parser reads it (``search/wording.py``), over the dev corpus."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefbot.config import Settings
from briefbot.errors import QueryError
from briefbot.index.store import open_index
from briefbot.search.engine import Engine
from briefbot.search.query import parse
from briefbot.search.wording import reword

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
TODAY = dt.date(2025, 6, 15)


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    settings = Settings()
    cache = tmp_path_factory.mktemp("cache")
    return Engine(open_index(CORPUS, settings, rebuild=True, cache_dir=cache), settings)


def said(engine: Engine, question: str, today: dt.date = TODAY) -> str:
    return reword(engine.core, question, engine.scope(None), today=today).text


@pytest.mark.parametrize(
    "typed, read",
    [
        ("whats berman's affiliation", "what is berman's affiliation"),
        ("what's Omelicheva's title", "what is Omelicheva's title"),
        ("gao mingyus affiliation", "what is gao mingyu's affiliation"),
        ("who spoke at the AFPC event", "who spoke at the American Foreign Policy Council event"),
        ("events org:LCES", 'events org:"Larkspur Center for Eurasian Studies"'),
        ("what did the moderator say at the taiwan event", "what did Bennett Hollis say at the taiwan event"),
        ("events in spring 2024", "events after:2024-03 before:2024-06"),
        ('events after:"june 2024"', "events after:2024-06"),
        ("events last year", "events after:2024 before:2025"),
    ],
)
def test_staff_wording(dev: Engine, typed: str, read: str) -> None:
    assert said(dev, typed) == read


def test_a_date_names_the_event_held_then_not_a_title_word(dev: Engine) -> None:
    # The semiconductor event's title says "October 2023"; it was held in March 2024.
    assert said(dev, "who spoke at the october 2023 event") == "events after:2023-10 before:2023-11"
    answer = dev.ask("who spoke at the october 2023 event")
    assert "Chokepoints" not in " ".join([answer.answer or "", *answer.details])
    assert said(dev, "who moderated the 11 Feb 2025 briefing").startswith(
        "who moderated the Between Two Giants")
    assert said(dev, "who moderated the arctic roundtable last spring") == (
        "who moderated the Cold Passage: Russia, the Northern Sea Route and the Future of Arctic Shipping")


def test_what_is_left_alone(dev: Engine) -> None:
    # A year inside a topical question is its subject; a remembered line is never reworded.
    assert said(dev, "How much cargo moved along the Northern Sea Route in 2023?") == (
        "How much cargo moved along the Northern Sea Route in 2023?")
    line = "who said whats left of the AFPC plan in spring 2024 is nothing"
    assert said(dev, line) == line
    assert said(dev, "what are the moderators saying") == "what are the moderators saying"


def test_audience_is_a_role_filter(dev: Engine) -> None:
    text = said(dev, "what did the audience ask at the taiwan event")
    assert "role:audience" in text
    answer = dev.ask("what did the audience ask at the taiwan event")
    assert answer.hits and all(h.passage.role.value in ("audience", "questioner") for h in answer.hits)
    assert parse("drones role:audience").roles == ("audience", "questioner")
    with pytest.raises(QueryError, match="role: expects audience"):
        parse("drones role:everyone")


def test_when_did_a_person_is_their_profile(dev: Engine) -> None:
    answer = dev.ask("when did marchetti change jobs")
    shown = " ".join([answer.answer or "", *answer.details])
    assert "Atlas Forum for Economic Security" in shown and "Harbor Council on Strategy" in shown
    assert "could not tell which event" not in shown


def test_a_relative_date_in_a_remembered_line_is_the_speakers_word(dev: Engine) -> None:
    line = "the first I knew of it was on CNN today"
    assert said(dev, line) == line
    assert said(dev, "what did Whitcombe say last year") == (
        "what did Whitcombe say after:2024 before:2025")
