"""A question, understood: the ``Query`` every search step reads, and its date bounds.

``query.parse`` builds it; filters, intents and the answer read it. Each
restriction can say in words what it restricts (``Query.describe``), so
the answer can tell the asker what was searched.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from .asks import MetadataAsk

__all__ = ["Query", "DateBound"]


@dataclass(frozen=True)
class DateBound:
    """A date filter value: the first day of the period a person named."""

    start: dt.date
    precision: str  # "year" | "month" | "day"

    def words(self) -> str:
        """'2023', 'January 2023' or 'January 5, 2023'."""
        if self.precision == "year":
            return str(self.start.year)
        if self.precision == "month":
            return f"{calendar.month_name[self.start.month]} {self.start.year}"
        return f"{calendar.month_name[self.start.month]} {self.start.day}, {self.start.year}"

    def end(self) -> dt.date:
        """The first day after the period."""
        if self.precision == "year":
            return dt.date(self.start.year + 1, 1, 1)
        if self.precision == "month":
            year, month = divmod(self.start.month, 12)
            return dt.date(self.start.year + year, month + 1, 1)
        return self.start + dt.timedelta(days=1)


@dataclass(frozen=True)
class Query:
    """What a person asked, understood: intent, free text and filters."""

    raw: str
    intent: str = "search"  # search | who_said | speaker | events | metadata | help
    text: str = ""
    speakers: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()  # passage roles (models.Role values): role:audience
    after: DateBound | None = None
    before: DateBound | None = None
    phrases: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    quote: str | None = None
    subject: str | None = None
    chat: bool = False  # small talk ("thanks!", "hi there"): help, and nothing answered
    metadata: MetadataAsk | None = None
    truncated: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def has_filters(self) -> bool:
        """True when anything restricts which briefings or passages count."""
        return bool(
            self.speakers
            or self.orgs
            or self.events
            or self.categories
            or self.roles
            or self.after
            or self.before
            or self.phrases
            or self.excluded
        )

    @property
    def has_filters_besides_phrases(self) -> bool:
        """True when a filter other than an exact phrase is set."""
        return bool(
            self.speakers or self.orgs or self.events or self.categories or self.roles
            or self.after or self.before or self.excluded
        )

    def describe(self, *, speakers: bool = True) -> str:
        """The restrictions in words, e.g. 'speaker berman · since January 2023'.

        ``speakers=False`` leaves out the speaker filters, for a caller that
        names the people they resolved to instead.
        """
        parts: list[str] = []
        if speakers:
            parts += [f"speaker {v}" for v in self.speakers]
        parts += [f"organization {v}" for v in self.orgs]
        parts += [f"event {v}" for v in self.events]
        parts += [f"category {v}" for v in self.categories]
        if self.roles:
            parts.append("role " + " or ".join(self.roles))
        if self.after and self.before and self.before.start == self.after.end():
            parts.append(f"in {self.after.words()}")  # one whole period: 'in 2024'
        else:
            if self.after:
                parts.append(f"since {self.after.words()}")
            if self.before:
                parts.append(f"before {self.before.words()}")
        parts += [f"exact phrase “{v}”" for v in self.phrases]
        parts += [f"without “{v}”" for v in self.excluded]
        return " · ".join(parts)
