"""Typed values passed between the pipeline's stages.

ingest produces ``Briefing`` and ``Passage`` records (plus ``FileReport`` for
``briefbot check``); search produces ``Hit`` and ``Answer``; renderers and
interfaces only read them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Role",
    "Speaker",
    "Briefing",
    "Span",
    "Passage",
    "Severity",
    "Problem",
    "FileReport",
    "FileRecord",
    "Viewer",
    "Highlight",
    "Hit",
    "Answer",
    "PUBLIC",
    "BriefingFormat",
    "Corpus",
]

PUBLIC = "public"
"""The access label every briefing has unless it says otherwise."""

BriefingFormat = Literal["summary", "transcript", "markdown", "html"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Role(StrEnum):
    """Who is speaking in a passage, or in what capacity a person took part."""

    PANELIST = "panelist"
    MODERATOR = "moderator"
    KEYNOTE = "keynote"
    AUDIENCE = "audience"
    QUESTIONER = "questioner"  # asks rather than answers: a reporter's Q, a member or counsel
    ORGANIZATION = "organization"  # the event's own words: intro, unattributed text


class Speaker(_Frozen):
    """One participant of one briefing, as the briefing names them."""

    id: str = Field(description="Stable within the briefing: a slug of the canonical name.")
    name: str = Field(description="Canonical name without honorific, e.g. 'Ilan Berman'.")
    honorific: str | None = Field(default=None, description="'Dr.', 'Amb.', 'Col.' ... as stated.")
    affiliation: str | None = Field(default=None, description="As stated at this event.")
    role: Role = Role.PANELIST
    aliases: tuple[str, ...] = Field(
        default=(), description="Other forms the text used: 'BERMAN', 'Ilan I. Berman', ..."
    )


class Briefing(_Frozen):
    """One event: its metadata and participants."""

    id: str = Field(description="Stable id derived from the file's path under the corpus root.")
    title: str
    organization: str | None = None
    series: str | None = None
    date: dt.date | None = None
    location: str | None = None
    categories: tuple[str, ...] = ()
    moderator: str | None = Field(default=None, description="Canonical name of the moderator.")
    speakers: tuple[Speaker, ...] = Field(
        default=(), description="Every participant, the moderator included."
    )
    source: str | None = Field(default=None, description="URL of the published event page.")
    path: str = Field(description="File path relative to the corpus root, with '/' separators.")
    page_lines: tuple[tuple[str, int], ...] = Field(
        default=(),
        description="A paged source's pages in order: (printed label, the line of the read text "
        "the page starts on), so a passage is cited by its line on the page.",
    )
    access: str = PUBLIC
    format: BriefingFormat

    def speaker(self, speaker_id: str | None) -> Speaker | None:
        """The participant with this id, or None."""
        if speaker_id is None:
            return None
        return next((s for s in self.speakers if s.id == speaker_id), None)


class Span(_Frozen):
    """Where a passage sits in its source file (1-based lines, 0-based char offsets)."""

    line_start: int
    line_end: int
    char_start: int
    char_end: int


class Passage(_Frozen):
    """A few sentences of one speaker's turn (or of the event's own text)."""

    id: str = Field(description="'<briefing id>#<order>'")
    briefing_id: str
    speaker_id: str | None = Field(
        default=None, description="Participant id; None for the organization or an audience member."
    )
    speaker_label: str | None = Field(
        default=None, description="Name as shown for a non-participant, e.g. an audience asker."
    )
    role: Role
    section: str | None = None
    text: str = Field(description="Display text: curly quotes and dashes kept.")
    order: int
    span: Span
    kind: Literal["verbatim", "summary"] = Field(
        default="verbatim",
        description="'verbatim' for words as spoken (a transcript), 'summary' for the "
        "organizers' paraphrase (an event summary).",
    )
    pages: tuple[str, str] | None = Field(
        default=None,
        description="First and last printed page of the passage in a paged source (a PDF, "
        "or a transcript with [[Page N]] markers), e.g. ('19', '20'); None when unpaged.",
    )


class Severity(StrEnum):
    WARNING = "warning"
    ERROR = "error"


class Problem(_Frozen):
    """One thing wrong with a file, precise enough to fix."""

    file: str
    line: int | None = None
    severity: Severity
    reason: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.severity.value}: {self.reason}"


class FileReport(_Frozen):
    """What ingestion made of one file."""

    file: str
    status: Literal["ok", "warning", "error"]
    briefing: Briefing | None = None
    passages: int = 0
    passages_per_speaker: dict[str, int] = Field(default_factory=dict)
    pages: tuple[str, str] | None = Field(
        default=None, description="First and last printed page the passages cite (paged files)."
    )
    problems: tuple[Problem, ...] = ()


class FileRecord(_Frozen):
    """What ingesting one file yielded, kept so an unchanged file is not read again.

    ``report`` is the file's own report before anything other files did to
    it (a duplicate flag, a label combined with a copy's); ``kept`` is the
    position, in the index this record belongs to, of the briefing whose
    passages are this file's, None when its passages were not indexed.
    """

    file: str
    sha256: str = Field(description="Digest of the file's bytes when it was parsed.")
    briefing_id: str
    labels: tuple[str, ...] = Field(description="Path-rule labels it was parsed under, sorted.")
    fingerprint: str = Field(description="Digest of the decoded text (duplicate detection).")
    report: FileReport
    kept: int | None = None


class Viewer(_Frozen):
    """Who is asking, and where: decides which access labels are visible."""

    channel: str | None = None
    user: str | None = None


class Highlight(_Frozen):
    """A matched range inside an excerpt, [start, end) in characters."""

    start: int
    end: int


class Hit(_Frozen):
    """One attributed result."""

    passage: Passage
    briefing: Briefing
    speaker: Speaker | None
    score: float
    excerpt: str = Field(description="1-3 sentences, '…' where trimmed; plain text.")
    highlights: tuple[Highlight, ...] = ()


class Answer(_Frozen):
    """Everything an interface needs to show one reply."""

    question: str
    intent: str = Field(
        description="search | who_said | speaker | events | metadata | help"
    )
    answer: str | None = Field(
        default=None,
        description="Direct text for questions answered from the briefings' data (metadata, "
        "speaker, events) and the attribution line of who said; None for a plain search.",
    )
    details: tuple[str, ...] = Field(
        default=(), description="Extra plain-text lines: a profile, an event list, a table."
    )
    no_match: bool = False
    hits: tuple[Hit, ...] = ()
    notes: tuple[str, ...] = Field(
        default=(), description="Caveats the asker must see, e.g. two people share a surname."
    )
    suggestions: tuple[str, ...] = Field(
        default=(), description="What the corpus does cover, when nothing answered."
    )
    searched: str | None = Field(
        default=None, description="The restrictions applied, in words."
    )
    offset: int = 0
    has_more: bool = False


class Corpus(_Frozen):
    """Everything ingestion produced from a knowledge folder.

    Passages are grouped by briefing, in briefing order then passage order.
    ``reports`` has one entry per file looked at, including failed ones.
    """

    briefings: tuple[Briefing, ...] = ()
    passages: tuple[Passage, ...] = ()
    reports: tuple[FileReport, ...] = ()
