"""The one citation line of a result, the same in the console, Slack and JSON.

A verbatim passage is quoted::

    “China is ensuring Russia has what it needs …” — Mr. Craig Singleton, Senior
    Fellow, Foundation for Defense of Democracies, at “The Beijing-Moscow Nexus: …”,
    American Foreign Policy Council, June 8, 2023, p. 14, https://…

A passage of an event summary is the organizers' paraphrase, so it is never
put in quotation marks::

    Summary of remarks by Dr. Gao Mingyu, …, at “…”, …, May 2, 2024
    (event summary, not verbatim): Dr. Gao argued that …

Who spoke is said as the document says it: a named participant with
honorific and affiliation at that event; an anonymous briefer by the label
the document gives ("Senior Administration Official One"); an audience
member by name or as "an unnamed questioner", marked "(question)"; the
event's own text by its organization.

Pure functions over ``Hit``; every renderer calls them, so a citation
pasted from Slack and one printed by ``briefbot ask`` are identical.
``passage_kind`` and ``passage_pages`` read ``Passage.kind`` / ``.pages``
when the model has them and fall back to the briefing's format.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Literal

from ..models import Briefing, Hit, Role
from ..text import date_words

__all__ = [
    "Kind",
    "passage_kind",
    "passage_pages",
    "page_line",
    "pages_words",
    "speaker_words",
    "event_words",
    "source_url",
    "citation",
    "quote_marks",
    "SUMMARY_NOTE",
]

Kind = Literal["verbatim", "summary"]

SUMMARY_NOTE = "event summary, not verbatim"
_SAFE_URL = re.compile(r"^https?://[^\s<>|\"'`]+$", re.IGNORECASE)
_INNER_QUOTES = str.maketrans({"“": "‘", "”": "’", '"': "'"})
# Roles whose turns ask rather than answer (QUESTIONER exists once ingestion marks reporters).
_ASKING_ROLES = frozenset(
    r for r in (Role.AUDIENCE, getattr(Role, "QUESTIONER", None)) if r is not None
)
_UNNAMED = re.compile(r"^(?:q|question|questioner|audience|audience member|reporter)\W*$", re.I)


def passage_kind(hit: Hit) -> Kind:
    """'summary' for the organizers' paraphrase of what someone said, else 'verbatim'."""
    # Trust the passage's own kind only when ingestion set it: a model default
    # must not turn an event summary into quotation.
    kind = getattr(hit.passage, "kind", None)
    if kind in ("verbatim", "summary") and "kind" in hit.passage.model_fields_set:
        return kind
    return "summary" if hit.briefing.format == "summary" else "verbatim"


def passage_pages(hit: Hit) -> tuple[str, str] | None:
    """(first page, last page) of the passage in a paged source (PDF), else None."""
    pages = getattr(hit.passage, "pages", None)
    if not pages:
        return None
    first, last = pages
    return (str(first), str(last))


def page_line(hit: Hit) -> int | None:
    """The line of its first page that the passage starts on (paged sources), else None."""
    pages = passage_pages(hit)
    page_lines = getattr(hit.briefing, "page_lines", ())
    if not pages or not page_lines:
        return None
    line = hit.passage.span.line_start
    starts = [start for label, start in page_lines if label == pages[0] and start <= line]
    return line - max(starts) + 1 if starts else None


def pages_words(pages: tuple[str, str] | None, line: int | None = None) -> str | None:
    """'p. 14', 'p. 14, line 12' or 'pp. 14–15, from line 12'; None without pages."""
    if not pages:
        return None
    first, last = pages
    words = f"p. {first}" if first == last else f"pp. {first}–{last}"
    if line is not None:
        words += f", line {line}" if first == last else f", from line {line}"
    return words


def source_url(briefing: Briefing) -> str | None:
    """The briefing's own address when it is http(s) (the only link ever shown)."""
    url = (briefing.source or "").strip()
    return url if _SAFE_URL.match(url) else None


def _label(label: str) -> str:
    """An anonymous label as the document gives it, without its shouting capitals."""
    label = " ".join(label.split()).strip(" :")
    return label.title() if label.isupper() else label


def speaker_words(hit: Hit) -> str:
    """'Mr. Craig Singleton, Senior Fellow, Foundation for Defense of Democracies'.

    A moderator or keynote says so; an audience member's turn is marked
    "(question)"; the event's own text is attributed to its organization.
    """
    passage, speaker = hit.passage, hit.speaker
    asking = passage.role in _ASKING_ROLES
    if speaker is not None:
        who = f"{speaker.honorific} {speaker.name}" if speaker.honorific else speaker.name
        if speaker.affiliation:
            who += f", {speaker.affiliation}"
        role = passage.role if passage.role != Role.PANELIST else speaker.role
        if speaker.name.casefold() == str(role).casefold():
            pass  # an unnamed "Moderator" is not "Moderator (moderator)"
        elif role == Role.MODERATOR:
            who += " (moderator)"
        elif role == Role.KEYNOTE:
            who += " (keynote)"
        elif asking or role in _ASKING_ROLES:
            who += " (question)"
        return who
    label = passage.speaker_label
    if passage.role == Role.ORGANIZATION or (not asking and not label):
        return f"{hit.briefing.organization or 'the organizers'} (event text)"
    if asking:
        if not label or _UNNAMED.match(label):
            return "an unnamed questioner (question)"
        return f"{_label(label)} (question)"
    return _label(label or "an unnamed speaker")


def event_words(briefing: Briefing, *, title: bool = True) -> str:
    """'“Title”, Organization, June 8, 2023' (the date said as 'date unknown' if missing)."""
    parts = [f"“{briefing.title}”"] if title else []
    if briefing.organization:
        parts.append(briefing.organization)
    parts.append(format_date(briefing.date))
    return ", ".join(parts)


def format_date(date: dt.date | None) -> str:
    """'June 8, 2023', the one date format of every answer; 'date unknown' when missing."""
    return date_words(date) or "date unknown"


def quote_marks(text: str) -> str:
    """Inner double quotes turned single, so the quotation marks around a quote pair up.

    Every replacement is one character for one, so highlight offsets stay valid.
    """
    return text.translate(_INNER_QUOTES)


def citation(
    hit: Hit,
    *,
    mark: Callable[[str], str] | None = None,
    url: bool = True,
) -> str:
    """The copy-ready citation line of one result.

    ``mark`` transforms the quoted text (a renderer's highlighting); the rest
    of the line is returned as plain text for the renderer to escape.
    """
    quote = hit.excerpt.strip()
    kind = passage_kind(hit)
    if kind == "verbatim":
        quote = quote_marks(quote)
    shown = mark(quote) if mark is not None else quote
    where = [f"at {event_words(hit.briefing)}"]
    pages = pages_words(passage_pages(hit), page_line(hit))
    if pages:
        where.append(pages)
    link = source_url(hit.briefing) if url else None
    if link:
        where.append(link)
    who = speaker_words(hit)
    if kind == "summary":
        if hit.speaker is None and hit.passage.role == Role.ORGANIZATION:
            return f"{who}, {', '.join(where)} ({SUMMARY_NOTE}): {shown}"
        return f"Summary of remarks by {who}, {', '.join(where)} ({SUMMARY_NOTE}): {shown}"
    return f"“{shown}” — {who}, {', '.join(where)}"
