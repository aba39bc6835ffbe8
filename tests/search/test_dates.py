"""Dates as staff write them become the periods a person means (``search/dates.py``)."""

from __future__ import annotations

import datetime as dt

import pytest

from briefbot import clock
from briefbot.search.dates import bound_value, find_periods, period_of

TODAY = dt.date(2025, 6, 15)


def one(text: str, today: dt.date = TODAY) -> tuple[str, dt.date, dt.date]:
    found = find_periods(text, today)
    assert len(found) == 1, found
    return found[0].how, found[0].period.start, found[0].period.end


@pytest.mark.parametrize(
    "text",
    ["on 19 Feb 2025", "the 19th of February, 2025", "Feb 19 2025", "February 19th, 2025",
     "2025-02-19", "2/19/2025", "19/2/2025"],
)
def test_a_day_in_any_order_and_abbreviation(text: str) -> None:
    assert one(text)[1:] == (dt.date(2025, 2, 19), dt.date(2025, 2, 20))


def test_a_month_means_the_whole_month_not_a_title_word() -> None:
    assert one("the june 2023 event") == ("in", dt.date(2023, 6, 1), dt.date(2023, 7, 1))
    assert one("Sept. 2023")[1:] == (dt.date(2023, 9, 1), dt.date(2023, 10, 1))


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("events in spring 2024", dt.date(2024, 3, 1), dt.date(2024, 6, 1)),
        ("fall of 2023", dt.date(2023, 9, 1), dt.date(2023, 12, 1)),
        ("winter 2024", dt.date(2024, 12, 1), dt.date(2025, 3, 1)),
        ("Q4 2023", dt.date(2023, 10, 1), dt.date(2024, 1, 1)),
        ("the first quarter of 2025", dt.date(2025, 1, 1), dt.date(2025, 4, 1)),
        ("H2 2024", dt.date(2024, 7, 1), dt.date(2025, 1, 1)),
        ("the 1997 hearing", dt.date(1997, 1, 1), dt.date(1998, 1, 1)),
    ],
)
def test_seasons_quarters_halves_and_years(text: str, start: dt.date, end: dt.date) -> None:
    assert one(text)[1:] == (start, end)


@pytest.mark.parametrize(
    "text, today, start, end",
    [
        ("last year", TODAY, dt.date(2024, 1, 1), dt.date(2025, 1, 1)),
        ("last year's Arctic event", TODAY, dt.date(2024, 1, 1), dt.date(2025, 1, 1)),
        ("this year", TODAY, dt.date(2025, 1, 1), dt.date(2026, 1, 1)),
        ("last month", dt.date(2025, 3, 10), dt.date(2025, 2, 1), dt.date(2025, 3, 1)),
        ("last month", dt.date(2025, 1, 10), dt.date(2024, 12, 1), dt.date(2025, 1, 1)),
        ("this spring", dt.date(2024, 5, 20), dt.date(2024, 3, 1), dt.date(2024, 6, 1)),
        ("last spring", TODAY, dt.date(2024, 3, 1), dt.date(2024, 6, 1)),
        ("this winter", dt.date(2025, 2, 25), dt.date(2024, 12, 1), dt.date(2025, 3, 1)),
        ("last quarter", TODAY, dt.date(2025, 1, 1), dt.date(2025, 4, 1)),
    ],
)
def test_relative_to_the_clock(text: str, today: dt.date, start: dt.date, end: dt.date) -> None:
    assert one(text, today)[1:] == (start, end)


def test_how_a_period_is_meant() -> None:
    assert one("since March 2023")[0] == "since"
    assert one("after 2023")[0] == "after"
    assert one("before spring 2024")[0] == "before"
    assert one("during Q1 2024")[0] == "in"


def test_filter_values_in_words() -> None:
    assert period_of("june 2024", TODAY).start == dt.date(2024, 6, 1)
    assert period_of("last-year", TODAY).start == dt.date(2024, 1, 1)
    assert period_of("2023", TODAY).end == dt.date(2024, 1, 1)
    assert period_of("sometime", TODAY) is None
    assert [bound_value(d) for d in (dt.date(2024, 1, 1), dt.date(2024, 6, 1), dt.date(2024, 6, 5))] == [
        "2024", "2024-06", "2024-06-05"]


def test_words_that_are_not_dates_are_left_alone() -> None:
    assert find_periods("what did Berman say about the Marchetti plan", TODAY) == []
    assert find_periods("a 2.5% tariff on 300 items", TODAY) == []
    assert find_periods("may I ask about drones", TODAY) == []


def test_the_clock_can_be_set(monkeypatch: pytest.MonkeyPatch) -> None:
    with clock.frozen(dt.date(2030, 1, 2)):
        assert clock.today() == dt.date(2030, 1, 2)
    monkeypatch.setenv(clock.ENV_TODAY, "2026-11-29")
    assert clock.today() == dt.date(2026, 11, 29)
    monkeypatch.setenv(clock.ENV_TODAY, "soon")
    with pytest.raises(ValueError, match="BRIEFBOT_TODAY"):
        clock.today()
