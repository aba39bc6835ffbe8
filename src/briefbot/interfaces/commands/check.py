"""``briefbot check [PATH...] [--json]``: what briefbot makes of each briefing file.

Reads the given files and folders (default: the knowledge folder) exactly as
the server would, and reports every file: status, metadata, passages per
speaker and each problem as ``file:line: severity: reason``. ``--json``
prints one object per file in the shape of the corpus ``GOLD.json`` files
plus ``status``, ``problems``, ``passages``, ``passages_per_speaker``,
``pages`` (first and last printed page of a PDF or a ``[[Page N]]``
transcript, else null), ``access`` and ``id``. ``file`` is the path under the PATH argument it was
found in (for a file argument, its name), with ``/`` separators.

Exit code: 0 when no file has an error, 1 when one does, 2 for a usage or
settings error.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections import Counter
from pathlib import Path
from typing import Any

from ...ingest import load_corpus
from ...models import Briefing, FileReport, Problem
from .common import add_common, settings_from

__all__ = ["register", "run", "report_to_json", "report_to_text"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``check`` sub-command."""
    parser = subparsers.add_parser(
        "check",
        help="report every briefing file: status, metadata, passages, problems",
        description="Read briefing files as the bot would and report what was understood "
        "and every problem with file, line and reason. Exit code 1 if any file has an error.",
        epilog="Each report's 'file' is the path under the PATH it was found in (a file "
        "argument: its name). Files with status 'error' are not served; warnings are.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders to check (default: the knowledge folder)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print a JSON list, one object per file"
    )
    add_common(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check the files and print the report; 1 if any file has an error."""
    settings, knowledge = settings_from(args)
    paths = [Path(p) for p in args.paths] or [knowledge]
    ingest_log = logging.getLogger("briefbot.ingest")
    level = ingest_log.level
    if not getattr(args, "debug", False):
        # The report already lists every problem; don't print each twice.
        ingest_log.setLevel(logging.CRITICAL)
    try:
        corpus = load_corpus(paths, settings)
    finally:
        ingest_log.setLevel(level)
    reports = corpus.reports
    if args.json:
        print(json.dumps([report_to_json(r) for r in reports], ensure_ascii=False, indent=2))
    else:
        if reports:
            print("\n\n".join(report_to_text(r) for r in reports))
            print()
        print(summary_line(reports, paths))
    return 1 if any(report.status == "error" for report in reports) else 0


def report_to_json(report: FileReport) -> dict[str, Any]:
    """One file's report in the GOLD.json shape, plus status, problems and counts."""
    briefing = report.briefing
    out: dict[str, Any] = {
        "file": report.file,
        "format": briefing.format if briefing else None,
        "title": briefing.title if briefing else None,
        "organization": briefing.organization if briefing else None,
        "series": briefing.series if briefing else None,
        "date": briefing.date.isoformat() if briefing and briefing.date else None,
        "location": briefing.location if briefing else None,
        "moderator": briefing.moderator if briefing else None,
        "speakers": [
            {
                "name": s.name,
                "honorific": s.honorific,
                "affiliation": s.affiliation,
                "role": s.role.value,
            }
            for s in (briefing.speakers if briefing else ())
        ],
        "categories": list(briefing.categories) if briefing else [],
        "access": briefing.access if briefing else None,
        "id": briefing.id if briefing else None,
        "status": report.status,
        "passages": report.passages,
        "passages_per_speaker": dict(report.passages_per_speaker),
        "attributed": attributed_share(report),
        "pages": list(report.pages) if report.pages else None,
        "problems": [_problem_json(p) for p in report.problems],
    }
    return out


def attributed_share(report: FileReport) -> float | None:
    """Share of a file's passages credited to a speaker (not the organization, not unknown)."""
    if not report.passages:
        return None
    loose = sum(
        n for name, n in report.passages_per_speaker.items()
        if name in {"(organization)", "(unattributed)", "(audience)"}
    )
    return (report.passages - loose) / report.passages


def report_to_text(report: FileReport) -> str:
    """One file's report as an indented block of plain text."""
    lines = [f"{report.file}: {report.status}"]
    briefing = report.briefing
    if briefing is not None:
        lines.extend(_briefing_lines(briefing))
        counts = ", ".join(f"{name} {count}" for name, count in report.passages_per_speaker.items())
        lines.append(_field("passages", f"{report.passages}" + (f" ({counts})" if counts else "")))
        if report.pages:
            first, last = report.pages
            lines.append(_field("pages", f"p. {first}" if first == last else f"pp. {first}–{last}"))
        named = attributed_share(report)
        if named is not None:
            unresolved = sum(
                1 for p in report.problems if "no full name in the document" in p.reason
            )
            lines.append(_field(
                "attributed",
                f"{named:.0%} of passages to a named or labelled speaker (the rest: the "
                "event's own text, unnamed questioners)"
                + (f"; {unresolved} label(s) kept as written" if unresolved else ""),
            ))
    lines.extend(f"  {problem}" for problem in report.problems)
    return "\n".join(lines)


def summary_line(reports: tuple[FileReport, ...], paths: list[Path]) -> str:
    """'12 files: 10 ok, 1 warning, 1 error' (or why nothing was found)."""
    if not reports:
        where = ", ".join(str(p) for p in paths)
        return f"no briefing files found in {where} (read: .txt .md .markdown .html .htm .pdf .docx)"
    counts = Counter(report.status for report in reports)
    noun = "file" if len(reports) == 1 else "files"
    return (
        f"{len(reports)} {noun}: {counts['ok']} ok, {counts['warning']} warning, "
        f"{counts['error']} error"
    )


def _briefing_lines(briefing: Briefing) -> list[str]:
    lines = [
        _field("title", briefing.title),
        _field("format", briefing.format),
        _field("organization", briefing.organization),
        _field("series", briefing.series),
        _field("date", briefing.date.isoformat() if briefing.date else None),
        _field("location", briefing.location),
        _field("moderator", briefing.moderator),
    ]
    speakers = [
        _speaker_text(s.honorific, s.name, s.affiliation, s.role.value) for s in briefing.speakers
    ]
    lines.append(_field("speakers", speakers[0] if speakers else None))
    lines.extend(" " * 16 + text for text in speakers[1:])
    lines.append(_field("categories", "; ".join(briefing.categories) or None))
    lines.append(_field("access", briefing.access))
    return lines


def _speaker_text(honorific: str | None, name: str, affiliation: str | None, role: str) -> str:
    who = f"{honorific} {name}" if honorific else name
    return f"{who} — {affiliation or '(no affiliation)'} [{role}]"


def _field(label: str, value: str | None) -> str:
    return f"  {label + ':':<13} {value if value not in (None, '') else '-'}"


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file,
        "line": problem.line,
        "severity": problem.severity.value,
        "reason": problem.reason,
    }
