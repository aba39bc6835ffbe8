"""What every format parser fills in: the ``Draft`` of one briefing before its finishing steps.

The parsers (``summary``, ``transcript``, ``markdown``, ``html``) and the readers
they share (``plain``, ``turns``, ``speaking``) write into a ``Draft``;
``parse.parse_text`` picks the parser and finishes the draft into a
``Briefing`` and its ``Passage``s. Keeping the draft here, below all of them,
is what lets ``parse`` import the parsers without any parser importing
``parse`` back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from ..models import BriefingFormat, Problem, Severity
from .passages import Block
from .roster import Roster

__all__ = ["Draft"]


@dataclass
class Draft:
    """What a format parser collects before the common finishing steps."""

    path: str
    fmt: BriefingFormat
    title: str | None = None
    organization: str | None = None
    series: str | None = None
    date: dt.date | None = None
    location: str | None = None
    categories: list[str] = field(default_factory=list)
    source: str | None = None
    access: str | None = None
    roster: Roster = field(default_factory=Roster)
    blocks: list[Block] = field(default_factory=list)
    # Blocks attributed to a roster entry: (block, entry) pairs, resolved to ids at the end.
    attributions: list[tuple[Block, object]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    date_line: int | None = None
    # "verbatim" or "summary" for every passage; None: decided by the format.
    kind: Literal["verbatim", "summary"] | None = None
    # The text passages are cut from, when the parser reads a rendering of the file
    # (HTML turned into text line for line) rather than the decoded file itself.
    text: str | None = None
    # The file's line number of each line of ``text`` (a rendering may cut a line in two).
    line_numbers: tuple[int, ...] | None = None

    def warn(self, reason: str, line: int | None = None) -> None:
        """Record a warning for this file."""
        self.problems.append(
            Problem(file=self.path, line=line, severity=Severity.WARNING, reason=reason)
        )

    def error(self, reason: str, line: int | None = None) -> None:
        """Record an error for this file (the briefing still loads)."""
        self.problems.append(
            Problem(file=self.path, line=line, severity=Severity.ERROR, reason=reason)
        )
