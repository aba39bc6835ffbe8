"""Entry point of the briefing parsers: decoded text of one format -> ``ParseResult``.

The reader decides the format and decodes the bytes; ``parse_text`` turns the
text into a ``Briefing``, its ``Passage``s and the ``Problem``s found on the
way. It raises ``FormatError`` only when the text cannot be read as that
format at all; anything else odd about the file becomes a ``Problem`` so the
briefing still loads.

Pages: a PDF's text comes with a ``PageMap`` (``pages=``); any other text may
mark its pages with ``[[Page N]]`` lines, which are blanked before the parser
sees them. ``_finish`` gives each passage the first and last page of its span,
and its ``kind`` ("summary" for the summary format, else "verbatim", unless
the parser said otherwise on the ``Draft``).

Contract: ``parse_text`` never raises anything but a ``BriefbotError``, and
runs in time roughly linear in the size of the text, within the per-file
budget ``[ingest] max_parse_seconds`` (past it: ``FormatError``, file skipped).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..config import IngestSettings
from ..errors import BriefbotError, FormatError
from ..models import PUBLIC, Briefing, BriefingFormat, Passage, Problem, Role
from ..names import HONORIFIC_PATTERN
from .budget import parse_budget
from .dates import ambiguous_numeric_date
from .draft import Draft
from .html import parse_html
from .markdown import parse_markdown
from .pages import PageMap, take_page_markers
from .passages import SourceText, build_passages
from .summary import parse_summary
from .transcript import parse_transcript

__all__ = ["ParseResult", "parse_text", "Draft"]  # Draft re-exported for callers

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ParseResult:
    """What one file yielded."""

    briefing: Briefing
    passages: tuple[Passage, ...]
    problems: tuple[Problem, ...]
    access_declared: bool = False  # the file itself states `access:` (front matter)


def parse_text(
    text: str,
    fmt: BriefingFormat,
    *,
    path: str,
    briefing_id: str,
    settings: IngestSettings | None = None,
    pages: PageMap | None = None,
) -> ParseResult:
    """Parse decoded ``text`` of format ``fmt`` into a briefing, passages and problems.

    ``pages`` maps character offsets of ``text`` to printed page labels (a
    PDF's); without it, ``[[Page N]]`` marker lines in the text give the pages.

    Raises ``FormatError(reason, file=path, line=n)`` when the text cannot be read
    as ``fmt`` at all (no content, malformed front matter, HTML nested too deep).
    """
    settings = settings or IngestSettings()
    if not text or not text.strip():
        raise FormatError("empty file: no text to parse", file=path, line=1)
    if pages is None:
        text, pages = take_page_markers(text)
    try:
        with parse_budget(settings.max_parse_seconds, path):
            draft = _dispatch(text, fmt, path, settings)
            return _finish(draft, text, briefing_id, pages)
    except BriefbotError:
        raise
    except RecursionError:
        raise FormatError("structure nested too deeply to parse", file=path) from None
    except Exception as exc:  # a parser bug must not take the whole corpus down
        log.exception("parser failed on %s", path)
        raise FormatError(f"could not parse as {fmt}: {type(exc).__name__}", file=path) from exc


def _dispatch(text: str, fmt: BriefingFormat, path: str, settings: IngestSettings) -> Draft:
    if fmt == "summary":
        return parse_summary(text, path)
    if fmt == "transcript":
        return parse_transcript(text, path)
    if fmt == "markdown":
        return parse_markdown(text, path)
    if fmt == "html":
        return parse_html(text, path, settings)
    raise FormatError(f"unknown format {fmt!r}", file=path)


def _finish(
    draft: Draft, text: str, briefing_id: str, pages: PageMap | None = None
) -> ParseResult:
    """Common steps: speaker ids, passages, kinds and pages, missing-date and silent-participant
    checks."""
    if not draft.title:
        raise FormatError("no title found", file=draft.path, line=1)
    speakers = draft.roster.finalize()
    for block, entry in draft.attributions:
        block.speaker_id = entry.id  # type: ignore[attr-defined]
    source = (SourceText(text) if draft.text is None
              else SourceText(draft.text, draft.line_numbers))
    passages = _with_kind_and_pages(
        build_passages([b for b in draft.blocks], source, briefing_id), draft, pages
    )
    if draft.date is None:
        numeric = ambiguous_numeric_date(text[:20_000])
        if numeric:
            draft.warn(
                f"missing date: {numeric!r} could be month/day or day/month; not guessed",
                draft.date_line,
            )
        else:
            draft.warn("missing date: no event date found", draft.date_line)
    spoke = {p.speaker_id for p in passages if p.speaker_id}
    if passages and not spoke:
        _warn_unread_labels(draft, source.text)
    for entry in draft.roster:
        if entry.id not in spoke and entry.role != Role.MODERATOR:
            draft.warn(f"participant without remarks: {entry.display!r}", entry.line)
    moderator = draft.roster.moderator()
    if moderator is not None and moderator.display == "Moderator":
        moderator = None  # an unnamed moderator: the event's moderator is not known by name
    briefing = Briefing(
        id=briefing_id,
        title=draft.title,
        organization=draft.organization or None,
        series=draft.series or None,
        date=draft.date,
        location=draft.location or None,
        categories=tuple(_dedupe(draft.categories)),
        moderator=moderator.display if moderator else None,
        speakers=speakers,
        source=draft.source,
        path=draft.path,
        access=draft.access or PUBLIC,
        format=draft.fmt,
        page_lines=_page_lines(source.text, pages) if pages else (),
    )
    problems = sorted(draft.problems, key=lambda p: p.line or 0)
    return ParseResult(
        briefing=briefing,
        passages=tuple(passages),
        problems=tuple(problems),
        access_declared=draft.access is not None,
    )


def _with_kind_and_pages(
    passages: Sequence[Passage], draft: Draft, pages: PageMap | None
) -> list[Passage]:
    kind = draft.kind or ("summary" if draft.fmt == "summary" else "verbatim")
    out = []
    for passage in passages:
        update: dict[str, object] = {}
        if passage.kind != kind:
            update["kind"] = kind
        if pages:
            update["pages"] = pages.span(passage.span.char_start, passage.span.char_end)
        out.append(passage.model_copy(update=update) if update else passage)
    return out


# A turn label in the middle of a line ("... statement. MR. EARNEST: Thank you"): how a
# transcript reads once its line breaks are lost (saved as one escaped string, say).
_INLINE_LABEL = re.compile(
    r"(?:(?<=[ \t>])|(?<=\\[nt]))(" + HONORIFIC_PATTERN + r"\s+[A-Z][A-Z'’-]{2,}):"
)


def _warn_unread_labels(draft: Draft, text: str) -> None:
    """Warn when no passage found a speaker although turn labels stand inside lines."""
    labels = {m.group(1) for m in _INLINE_LABEL.finditer(text[:2_000_000])}
    if len(labels) >= 2:
        shown = ", ".join(sorted(labels)[:3])
        draft.warn(f"no speaker turns read, yet {len(labels)} turn labels stand inside lines "
                   f"({shown}): the line breaks may have been lost when the file was saved; "
                   "its words are served as the organization's text")


def _page_lines(text: str, pages: PageMap) -> tuple[tuple[str, int], ...]:
    """Each page's label and the (1-based) line of ``text`` it starts on."""
    out: list[tuple[str, int]] = []
    line, pos = 1, 0
    for start, label in zip(pages.starts, pages.labels, strict=True):
        line += text.count("\n", pos, start)
        pos = start
        out.append((label, line))
    return tuple(out)


def _dedupe(items: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.casefold()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return out
