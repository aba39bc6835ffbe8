"""Dates as staff write them, turned into periods: "19 Feb 2025", "spring 2024", "last year".

``find_periods(text, today)`` finds every period a question names and how it
is meant ("in", "since", "after", "before"); ``period_of(value, today)`` reads
one filter value (``after:"june 2024"``). A period is a half-open range of
days, ``start <= day < end``.

What is read:

- a day in any common order and abbreviation: "19 Feb 2025", "19th of
  February, 2025", "Feb 19 2025", "Oct. 8, 2024", "2025-02-19",
  "2/19/2025" (month first unless the first number cannot be a month).
  The text of a candidate is found here; python-dateutil's parser reads it,
  so its many spellings of days and months are not re-invented;
- a month and year ("june 2023", "Sept. 2023", "2023-06"): events *held* in
  that month, whatever their titles say;
- a season and year ("spring 2024", "fall of 2023"): meteorological seasons
  of the northern hemisphere, where the briefings' organizations sit
  (spring March-May, summer June-August, autumn/fall September-November,
  winter December to February; "winter 2024" is the one that starts in
  December 2024);
- a quarter or half ("Q4 2023", "the first quarter of 2025", "H1 2024");
- a year after a preposition or before an event word ("in 2024", "the 1997
  hearing");
- relative to today (``briefbot.clock``): "this/last/next year", "this/last
  month", "this/last quarter", "this/last spring" ("this spring" is the
  latest spring to have begun, "last spring" the one before it),
  "yesterday", "today", "this/last week".

python-dateutil covers the absolute days and ``relativedelta`` the month
arithmetic; seasons, quarters and the relative words are not in any date
library's parser the project could rely on (dateparser reads "last year" as
a single instant a year ago, not as the calendar year), so they are here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from dateutil import parser as _dateutil
from dateutil.relativedelta import relativedelta

__all__ = ["Period", "Found", "find_periods", "period_of", "bound_value"]


@dataclass(frozen=True)
class Period:
    """Days ``start <= day < end``, and the words that named them."""

    start: dt.date
    end: dt.date
    words: str

    def holds(self, day: dt.date | None) -> bool:
        """True when ``day`` falls in the period."""
        return day is not None and self.start <= day < self.end


@dataclass(frozen=True)
class Found:
    """A period in a question: how it is meant and where it stands in the text."""

    period: Period
    how: str  # in | since | after | before
    start: int  # span in the text, the preposition included
    end: int
    relative: bool = False  # said relative to today ("last year"), not a calendar name


# English month names and abbreviations from the standard library, plus "Sept".
_MONTH_FORMS = sorted(
    {m.lower() for m in calendar.month_name if m}
    | {m.lower() for m in calendar.month_abbr if m}
    | {"sept"},
    key=len,
    reverse=True,
)
_MONTH = r"(?:" + "|".join(_MONTH_FORMS) + r")\.?"
_MONTH_NUMBER = {
    **{m.lower(): i for i, m in enumerate(calendar.month_name) if m},
    **{m.lower(): i for i, m in enumerate(calendar.month_abbr) if m},
    "sept": 9,
}
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|20)\d\d"
_SEASON_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
            "last": 4, "final": 4}
_HOW = r"(?P<how>in|during|on|of|from|since|after|before|until|till|by)"
# English nouns for the kinds of event the corpus holds (panels, briefings, hearings, press
# calls and conferences, gaggles, summits, speeches): a year before one is a date ("the 1997
# hearing", "2024 events"), and a question's subject that holds one names an event.
EVENT_NOUN = (r"(?:events?|briefings?|panels?|sessions?|hearings?|roundtables?|calls?|gaggles?|"
              r"conferences?|seminars?|discussions?|meetings?|forums?|dialogues?|talks?|"
              r"summits?|speech(?:es)?|remarks|interviews?)")

_FORMS: tuple[tuple[str, str], ...] = (
    ("day", rf"{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}"),
    ("day", rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}"),
    ("day", rf"{_YEAR}-\d\d?-\d\d?|{_YEAR}/\d\d?/\d\d?"),
    ("day", rf"\d\d?/\d\d?/{_YEAR}"),
    ("month", rf"{_MONTH}(?:\s+of)?,?\s+{_YEAR}|{_YEAR}-\d\d?(?![-/\d])"),
    ("season", rf"(?:spring|summer|autumn|fall|winter)(?:\s+of)?,?\s+{_YEAR}"),
    ("quarter", rf"q[1-4](?:\s+of)?,?\s+{_YEAR}|[1-4]q,?\s+{_YEAR}|{_YEAR}\s+q[1-4]"),
    ("quarter", rf"(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th|last|final)\s+quarter"
                rf"(?:\s+of)?,?\s+{_YEAR}"),
    ("half", rf"h[12](?:\s+of)?,?\s+{_YEAR}|{_YEAR}\s+h[12]|(?:the\s+)?(?:first|second|1st|2nd)\s+half"
             rf"(?:\s+of)?,?\s+{_YEAR}"),
    ("relative", r"(?:this|last|past|previous|next|the\s+past|the\s+last)\s+"
                 r"(?:year|month|quarter|week|spring|summer|autumn|fall|winter)(?:['’]s)?"),
    ("relative", r"yesterday(?:['’]s)?|today(?:['’]s)?"),
    ("year", rf"{_YEAR}(?=['’]s\b|\s+{EVENT_NOUN}\b)"),
)
_ANY_FORM = "|".join(f"(?P<{kind}{i}>{pattern})" for i, (kind, pattern) in enumerate(_FORMS))
_FIND = re.compile(
    rf"(?<![\w:/-])(?:{_HOW}\s+(?:the\s+)?)?(?:{_ANY_FORM})(?![\w/-])"
    rf"|(?<![\w:/-]){_HOW.replace('how', 'how2')}\s+(?P<year>{_YEAR})(?![\w/-])",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[a-z0-9]+", re.IGNORECASE)


def find_periods(text: str, today: dt.date) -> list[Found]:
    """Every period ``text`` names, in order, with how it is meant."""
    out: list[Found] = []
    for match in _FIND.finditer(text):
        how = (match.group("how") or match.group("how2") or "in").lower()
        kind = "year"
        if match.group("year"):
            words = match.group("year")
            period = _year(int(words))
        else:
            kind = next(
                k for k, v in match.groupdict().items() if v and k not in ("how", "how2", "year")
            )
            words = match.group(kind)
            period = _read(kind.rstrip("0123456789"), words, today)
        if period is None:
            continue
        relative = kind.rstrip("0123456789") == "relative"
        out.append(Found(period, _MEANING.get(how, "in"), match.start(), match.end(), relative))
    return out


def period_of(value: str, today: dt.date) -> Period | None:
    """One filter value in words ("june 2024", "last year", "2023-06"), or None."""
    value = value.strip().replace("-", " ") if not re.match(r"^\d", value.strip()) else value.strip()
    found = find_periods(value, today)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(value):
        return found[0].period
    if re.fullmatch(_YEAR, value):
        return _year(int(value))
    return None


def bound_value(day: dt.date) -> str:
    """A date as the ``after:``/``before:`` filters take it, as coarse as it allows."""
    if day.month == 1 and day.day == 1:
        return str(day.year)
    if day.day == 1:
        return f"{day.year}-{day.month:02d}"
    return day.isoformat()


_MEANING = {
    "in": "in", "during": "in", "on": "in", "of": "in", "by": "before",
    "from": "since", "since": "since", "after": "after",
    "before": "before", "until": "before", "till": "before",
}


def _year(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year + 1, 1, 1), str(year))


def _months(year: int, month: int, count: int, words: str) -> Period:
    start = dt.date(year, month, 1)
    return Period(start, start + relativedelta(months=count), words)


def _read(kind: str, words: str, today: dt.date) -> Period | None:
    low = " ".join(_WORDS.findall(words.lower()))
    numbers = [int(n) for n in re.findall(r"\d+", words)]
    year = next((n for n in numbers if n > 1000), None)
    if kind == "day":
        day = _day(words)
        return None if day is None else Period(day, day + dt.timedelta(days=1), words)
    if kind == "month":
        if year is None:
            return None
        name = next((w for w in low.split() if w in _MONTH_NUMBER), None)
        month = _MONTH_NUMBER[name] if name else next((n for n in numbers if n <= 12), 0)
        return _months(year, month, 1, words) if 1 <= month <= 12 else None
    if kind == "season" and year is not None:
        season = next(w for w in low.split() if w in _SEASON_MONTH)
        return _months(year, _SEASON_MONTH[season], 3, words)
    if kind == "quarter" and year is not None:
        digit = re.search(r"q([1-4])|([1-4])q", low)
        quarter = int(digit.group(1) or digit.group(2)) if digit else next(
            _ORDINAL[w] for w in low.split() if w in _ORDINAL)
        return _months(year, 3 * quarter - 2, 3, words)
    if kind == "half" and year is not None:
        digit = re.search(r"h([12])", low)
        half = int(digit.group(1)) if digit else next(_ORDINAL[w] for w in low.split() if w in _ORDINAL)
        return _months(year, 6 * half - 5, 6, words)
    if kind == "year" and year is not None:
        return _year(year)
    if kind == "relative":
        return _relative(low, words, today)
    return None


def _day(words: str) -> dt.date | None:
    numeric = re.fullmatch(r"(\d\d?)/(\d\d?)/(\d{4})", words.strip())
    try:
        if numeric:
            first, second, year = (int(g) for g in numeric.groups())
            # Month first (the briefings' US convention) unless it cannot be a month.
            month, day = (second, first) if first > 12 else (first, second)
            return dt.date(year, month, day)
        return _dateutil.parse(words, default=dt.datetime(1, 1, 1)).date()
    except (ValueError, OverflowError):
        return None


def _relative(low: str, words: str, today: dt.date) -> Period | None:
    parts = low.split()
    unit = parts[-1] if parts[-1] != "s" else parts[-2]
    if unit in ("today", "yesterday"):
        day = today if unit == "today" else today - dt.timedelta(days=1)
        return Period(day, day + dt.timedelta(days=1), words)
    step = 0 if parts[0] == "this" else 1 if parts[0] == "next" else -1
    if unit == "year":
        return _year(today.year + step)
    if unit == "month":
        start = dt.date(today.year, today.month, 1) + relativedelta(months=step)
        return Period(start, start + relativedelta(months=1), words)
    if unit == "quarter":
        first = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        start = first + relativedelta(months=3 * step)
        return Period(start, start + relativedelta(months=3), words)
    if unit == "week":
        monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=step)
        return Period(monday, monday + dt.timedelta(days=7), words)
    if unit in _SEASON_MONTH:
        return _season(unit, step, words, today)
    return None


def _season(name: str, step: int, words: str, today: dt.date) -> Period:
    """"This spring": the latest spring to have begun; "last spring" the one before; "next" after."""
    month = _SEASON_MONTH[name]
    year = today.year if dt.date(today.year, month, 1) <= today else today.year - 1
    return _months(year + step, month, 3, words)
