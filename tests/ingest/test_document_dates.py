"""Dates in the styles briefings use; numeric dates only when one reading is possible."""

from __future__ import annotations

import datetime as dt

import pytest

from briefbot.ingest.dates import ambiguous_numeric_date, find_date


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Date: 3/14/2024", dt.date(2024, 3, 14)),
        ("14.03.2024, Vienna", dt.date(2024, 3, 14)),
        ("on 5/5/2024", dt.date(2024, 5, 5)),
        ("March 3, 2024", dt.date(2024, 3, 3)),
    ],
)
def test_unambiguous_dates_are_read(text: str, date: dt.date) -> None:
    found = find_date(text)
    assert found is not None and found[0] == date


def test_a_numeric_date_with_two_readings_is_never_guessed_but_named() -> None:
    assert find_date("Date: 06/08/2023") is None
    assert ambiguous_numeric_date("Date: 06/08/2023") == "06/08/2023"
    assert ambiguous_numeric_date("Date: 3/14/2024") is None
