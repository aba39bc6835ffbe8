"""Find an event date in any common written style and return it as a ``datetime.date``.

Accepted: ISO ("2024-03-14", "2024-10-08T10:00:00-04:00"), month first
("June 8, 2023", "Jun. 8th 2023", "Tuesday, March 5, 2024"), day first
("12 June 2024", "Tuesday, 14 November 2023", "14th of November, 2023").
All-numeric dates other than ISO are read only when a single reading is valid:
"3/14/2024" and "14.03.2024" are March 14 in either order; "06/08/2023" could
be June 8 or August 6 and is deliberately not guessed (``ambiguous_numeric_date``
finds it so the parser can say why the date is missing).
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["find_date", "parse_date", "ambiguous_numeric_date", "DATE_PATTERN"]

_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_MONTH = r"(?P<{name}>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{name}>(?:19|20)\d\d)"

DATE_PATTERN = re.compile(
    r"(?P<iso>\b(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?!\d))"
    r"|\b"
    + _MONTH.format(name="m1")
    + r"\s+"
    + _DAY.format(name="d1")
    + r",?\s+"
    + _YEAR.format(name="y1")
    + r"\b"
    r"|\b"
    + _DAY.format(name="d2")
    + r"\s+(?:of\s+)?"
    + _MONTH.format(name="m2")
    + r",?\s+"
    + _YEAR.format(name="y2")
    + r"\b",
    re.IGNORECASE,
)


_NUMERIC = re.compile(r"(?<![\d/.\-])(?P<a>[0-3]?\d)([/.\-])(?P<b>[0-3]?\d)\2(?P<y>(?:19|20)\d\d)(?![\d/.\-])")


def _numeric_readings(m: re.Match[str]) -> set[dt.date]:
    a, b, y = m.group("a"), m.group("b"), m.group("y")
    readings = {_to_date(y, int(a), b), _to_date(y, int(b), a)}
    return {d for d in readings if d is not None}


def ambiguous_numeric_date(text: str) -> str | None:
    """The first all-numeric date in ``text`` with two valid readings ('06/08/2023'), or None."""
    for m in _NUMERIC.finditer(text):
        if len(_numeric_readings(m)) > 1:
            return m.group(0)
    return None


def _to_date(year: str, month: int, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        return None


def _from_match(m: re.Match[str]) -> dt.date | None:
    if m.group("iso"):
        return _to_date(m.group("iy"), int(m.group("im")), m.group("id"))
    if m.group("m1"):
        return _to_date(m.group("y1"), _MONTHS[m.group("m1").lower()], m.group("d1"))
    return _to_date(m.group("y2"), _MONTHS[m.group("m2").lower()], m.group("d2"))


def find_date(text: str) -> tuple[dt.date, int, int] | None:
    """The first valid date in ``text`` with its (start, end) offsets, or None."""
    for m in DATE_PATTERN.finditer(text):
        value = _from_match(m)
        if value is not None:
            return value, m.start(), m.end()
    for m in _NUMERIC.finditer(text):
        readings = _numeric_readings(m)
        if len(readings) == 1:
            return readings.pop(), m.start(), m.end()
    return None


def parse_date(value: object) -> dt.date | None:
    """A date from a YAML/JSON value: a date, a datetime or a string in any accepted style."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        found = find_date(value)
        return found[0] if found else None
    return None


def is_dateline(line: str, start: int, end: int) -> bool:
    """A line that gives a date ('TUESDAY, JANUARY 21, 1997', 'Washington, June 5, 2023,
    3:00 p.m.'), not a sentence that mentions one ('On or about October 14, 1986, in the').

    ``start``/``end`` are the date's offsets in ``line`` (as ``find_date`` returns them). A
    sentence has lower-case words around its date; a dateline has none (time marks such as
    'p.m.' are too short to count).
    """
    rest = line[:start] + " " + line[end:]
    lower = [w for w in re.findall(r"[A-Za-z]+", rest) if w[:1].islower() and len(w) >= 3]
    return not [w for w in lower if w != "the"]


def first_dateline(rows, *, max_chars: int = 120) -> tuple[dt.date, int] | None:
    """(date, line number) of the first row that is a dateline (``is_dateline``), or None.

    ``rows`` are ``(line number, offset, text)`` as ``SourceText.lines()`` gives them; rows
    of ``max_chars`` or more are prose, never a dateline.
    """
    for no, _start, line in rows:
        if len(line.strip()) < max_chars:
            found = find_date(line)
            if found and is_dateline(line, found[1], found[2]):
                return found[0], no
    return None
