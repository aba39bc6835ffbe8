"""A folder tree of briefing files -> one ``Corpus``, and a report per file.

``load_corpus`` walks each given file or folder, reads, detects and parses
every briefing file, and never lets one bad file stop the others: whatever
goes wrong with a file (even an unexpected exception) becomes a
``FileReport`` with status ``error``, is logged with file, line and reason,
and the file is left out of the corpus.

Choices a user can notice:

* **Which files.** Walked recursively in sorted order of their path under
  the root. Hidden files and folders (``.name``), ``README*`` files and
  ALL-CAPS Markdown documents without front matter (``FORMATS.md``,
  ``CHANGELOG.md``) are skipped; so are files with other extensions
  (``GOLD.json``) except other document files (``.doc``, ``.rtf``, ``.odt``,
  ``.pptx`` ...), which get a warning saying they are not read. PDF and Word
  (``.docx``) files are read (``pdf``, ``docx``) and their text parsed like
  any other. Extension-less files are read only if their content is
  recognised as a briefing.
* **Symbolic links.** A link whose target lies outside the root is reported
  as an error and not followed; a broken link is an error; a link loop or a
  second path to an already-walked folder is skipped (never hangs).
* **Ids and file names.** ``FileReport.file`` and ``Briefing.path`` are the
  path under the root given (for a single-file argument: its name), with
  ``/`` separators. ``Briefing.id`` is the slug of that path without its
  extension (``members/Arctic Talk.md`` -> ``members/arctic-talk``); if two
  files slug alike, the later one gets a short hash of its path appended.
* **Access: labels follow the content, the strictest wins.** For each path
  the first ``[[access_paths]]`` rule whose glob matches it (under the
  knowledge folder when the file lies in it, else under the root) gives a
  label; default ``public``. Glob: ``*`` stays within a folder, ``**``
  crosses folders, and a rule matching a folder covers its contents. A file
  gets the labels of its walked path *and* of its resolved real path (so a
  symbolic link or a linked folder cannot unlabel it), of every other path
  reaching the same file (hard links), of every duplicate of its content, and
  its own front matter ``access:``. They combine (``briefbot.labels``): the
  briefing is visible only where every one of them is. Front matter can so
  restrict a file further but never loosen a path rule.
* **Duplicates.** Two paths to one file (a link, a hard link), two files
  with the same text, or with the same title and date (compared case-,
  quote- and accent-insensitively), are one briefing: the file itself (not
  a link to it), else the first in sorted order, is kept under the combined
  label; each other path is reported as an error ``duplicate of <file>`` and
  left out, so no answer is doubled and ``check`` lists both paths.
* **Special files.** FIFOs, sockets and device files are never opened (a
  FIFO would block the walk); each is reported as an error.
* **Status and serving.** ``error`` when any problem is an error,
  ``warning`` when some problem is a warning, else ``ok``. A file with
  status ``error`` is never served: it could not be read or parsed, a
  parser judged it untrustworthy (an error ``Problem`` in its
  ``ParseResult``), or it duplicates an earlier file. Its report still
  carries whatever metadata was parsed, so ``briefbot check`` can show it.
  Warnings are served.
* **Large folders are parsed in parallel.** With ``workers`` > 1 and at least
  :data:`POOL_MIN_FILES` files to read, the files are parsed in worker
  processes (``ingest/pool.py``) and their results taken in path order, so
  everything above is decided exactly as in one process; what a worker logs
  is logged again here, in file order.
* **Unchanged files are not read again.** :func:`ingest` takes the
  :class:`~briefbot.models.FileRecord` of every file of the previous build
  and each file's content digest: a file with the same bytes, path, id and
  path labels keeps its recorded report and points at its previous
  passages instead of being read and parsed. Everything that depends on
  other files (duplicates, combined labels, ids) is decided afresh on every
  run, so the result is the one a full read would give.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import logging
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..config import Settings
from ..errors import BriefbotError, IngestError
from ..labels import combine_labels, label_parts
from ..models import (
    PUBLIC,
    Briefing,
    Corpus,
    FileRecord,
    FileReport,
    Passage,
    Problem,
    Role,
    Severity,
)
from ..text import fold, slug
from . import parse as _parse
from .detect import detect_format
from .pool import ordered_map
from .reader import looks_binary, read_text

__all__ = [
    "BRIEFING_SUFFIXES",
    "Ingested",
    "ParsedFile",
    "ingest",
    "load_corpus",
    "parse_file",
    "access_label",
    "briefing_id_for",
]

log = logging.getLogger(__name__)

BRIEFING_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"})
"""Extensions read as briefings; extension-less files are sniffed."""

# Documents people drop next to briefings that we cannot read: say so.
_UNREADABLE_DOCUMENTS = frozenset(
    {".doc", ".rtf", ".odt", ".pages", ".ppt", ".pptx"}
)
_DOC_STEM = re.compile(r"[A-Z][A-Z_\-]*")
_SNIFF_BYTES = 8192

ORGANIZATION_KEY = "(organization)"
AUDIENCE_KEY = "(audience)"
UNATTRIBUTED_KEY = "(unattributed)"


class ParsedFile(NamedTuple):
    """``parse_file``'s answer: the report, and the parse result when there is one."""

    report: FileReport
    result: _parse.ParseResult | None


@dataclasses.dataclass(frozen=True)
class _Entry:
    """One file found by the walk (or one problem found instead of a file)."""

    path: Path
    rel: str
    root: Path
    problem: Problem | None = None
    # The resolved path when the walk knows it without asking the OS again
    # (None: resolve it). realpath() resolves every component: at thousands of
    # files it was most of an incremental build's time.
    real: str | None = None


PassageSource = tuple[Passage, ...] | int
"""A briefing's passages: read now, or the previous build's briefing holding them."""


@dataclasses.dataclass(frozen=True)
class Ingested:
    """:func:`ingest`'s answer: the corpus, with where each briefing's passages come from."""

    briefings: tuple[Briefing, ...]
    sources: tuple[PassageSource, ...]  # one per briefing
    reports: tuple[FileReport, ...]
    records: tuple[FileRecord, ...]  # one per file read (or recorded) as a briefing
    parsed: int  # files read and parsed by this run
    # One per briefing: what ``prepare`` made of its parse (None: not parsed by this run).
    prepared: tuple[object | None, ...] = ()


@dataclasses.dataclass(frozen=True)
class _Outcome:
    """One file's own result: its report, briefing and passages (or where they were)."""

    report: FileReport
    briefing: Briefing | None  # None: nothing to serve (no result, or an error status)
    passages: PassageSource | None  # None: recorded without its passages; read again if needed
    fingerprint: str


def load_corpus(paths: Sequence[Path], settings: Settings) -> Corpus:
    """Read every briefing under ``paths`` (files or folders) into one corpus.

    Raises ``IngestError`` only when a given path does not exist; every
    problem with an individual file is reported in ``Corpus.reports``.
    """
    done = ingest(paths, settings)
    passages = [p for source in done.sources if not isinstance(source, int) for p in source]
    return Corpus(briefings=done.briefings, passages=tuple(passages), reports=done.reports)


def ingest(
    paths: Sequence[Path],
    settings: Settings,
    *,
    previous: Mapping[str, FileRecord] | None = None,
    digests: Callable[[str], str | None] | None = None,
    workers: int = 1,
    prepare: Callable[[_parse.ParseResult], object] | None = None,
    receive: Callable[[object], object] | None = None,
    keep_passages: bool = True,
) -> Ingested:
    """Read every briefing under ``paths``, reusing what ``previous`` recorded of unchanged files.

    ``previous`` maps a file's path (as reported) to its record in the last
    build; ``digests`` gives a file's current content digest by that path
    (None when unknown, and then the file is read). Without them every file
    is read. ``workers`` > 1 parses in that many processes when there are at
    least :data:`POOL_MIN_FILES` files to read (same result, same order).
    ``prepare``, a module-level function, is called on each file's parse
    result where it was parsed (a worker) and its answer is handed back in
    ``Ingested.prepared`` — or, given ``receive``, what ``receive`` makes of it,
    called here on each briefing kept, in corpus order, as soon as it is.
    ``keep_passages=False`` leaves a parsed file's passages to ``prepare``
    (whose answer must carry what is needed of them): its source is ``()``,
    and its passages are never sent back from a worker nor held here.
    Raises ``IngestError`` only when a given path does not exist.
    """
    entries: list[_Entry] = []
    for given in paths:
        given = Path(given)
        if not given.exists() and not given.is_symlink():
            raise IngestError("no such file or folder", file=str(given))
        if given.is_dir():
            entries.extend(_walk(given))
        else:
            entries.append(_Entry(path=given, rel=given.name, root=given.parent))

    ids = _assign_ids(entries)
    identities = [None if entry.problem is not None else _identity(entry.path)
                  for entry in entries]
    kept_path = _one_path_per_file(entries, identities)
    path_labels = _labels_per_file(entries, settings, identities)
    # What each file to serve starts from: its previous record when unchanged, else a parse.
    plans: list[_Plan | None] = []
    jobs: list[_Job] = []
    for entry, briefing_id, identity in zip(entries, ids, identities, strict=True):
        if identity is None or kept_path[identity] != entry.rel:
            plans.append(None)
            continue
        labels = tuple(sorted(path_labels[identity]))
        digest = digests(entry.rel) if digests is not None else None
        record = previous.get(entry.rel) if previous is not None and digest else None
        if record is not None and (record.sha256, record.briefing_id, record.labels) != (
            digest, briefing_id, labels
        ):
            record = None
        plans.append(_Plan(labels, digest, record))
        if record is None:
            jobs.append(_Job(entry.path, entry.rel, briefing_id, labels))
    fresh = _parse_jobs(jobs, settings, workers, prepare, keep_passages)
    reports: list[FileReport] = []
    briefings: list[Briefing] = []
    sources: list[PassageSource] = []
    prepared: list[object | None] = []
    records: list[FileRecord] = []
    seen = _Seen()
    parsed = 0
    # Where each kept briefing sits, and every label that reached its content.
    position: dict[str, tuple[int, int]] = {}
    reached: dict[str, set[str]] = {}
    for entry, briefing_id, identity, plan in zip(entries, ids, identities, plans, strict=True):
        if entry.problem is not None:
            _log_problem(entry.problem)
            reports.append(_error_report(entry.rel, entry.problem))
            continue
        assert identity is not None
        primary = kept_path[identity]
        if primary != entry.rel:
            # Another path to a file read under its own path: reported, read once.
            problem = Problem(
                file=entry.rel,
                severity=Severity.ERROR,
                reason=f"duplicate of {primary} (same file); not loaded — the file is served "
                "once, under the strictest access label of all its paths",
            )
            _log_problem(problem)
            reports.append(_error_report(entry.rel, problem))
            continue
        assert plan is not None
        labels, digest, record = plan
        extra: object | None = None
        if record is None:
            outcome, extra = next(fresh)
            parsed += 1
        else:
            outcome = _recorded(record)
            if (outcome.briefing is not None and outcome.passages is None
                    and seen.would_keep(outcome.fingerprint, outcome.briefing)):
                # Recorded as a duplicate, now the first of its text: read it again.
                outcome, extra = _run_job(_Job(entry.path, entry.rel, briefing_id, labels),
                                          settings, prepare, keep_passages)
                parsed += 1
                record = None
        report = outcome.report
        at = -1
        if outcome.briefing is not None:
            duplicate, original = seen.claim(entry.rel, outcome.fingerprint, outcome.briefing)
            if duplicate is None:
                assert outcome.passages is not None  # read again above when it was not kept
                at = len(briefings)
                position[entry.rel] = (len(briefings), len(reports))
                reached[entry.rel] = {outcome.briefing.access}
                briefings.append(outcome.briefing)
                sources.append(outcome.passages)
                prepared.append(receive(extra) if receive is not None else extra)
            else:
                # The copy's labels restrict the original too: the strictest wins.
                reached[original].add(outcome.briefing.access)
                _log_problem(duplicate)
                report = report.model_copy(
                    update={"status": "error", "problems": (*report.problems, duplicate)}
                )
        if digest is not None:
            kept = at if at >= 0 else None
            if record is not None and record.kept == kept:
                records.append(record)  # unchanged, and where it was: the same record
            else:
                records.append(FileRecord(
                    file=entry.rel, sha256=digest, briefing_id=briefing_id, labels=labels,
                    fingerprint=outcome.fingerprint, report=outcome.report, kept=kept))
        reports.append(report)
    for rel, labels_seen in reached.items():
        label = combine_labels(labels_seen)
        at_briefing, at_report = position[rel]
        if label != briefings[at_briefing].access:
            briefing = briefings[at_briefing].model_copy(update={"access": label})
            briefings[at_briefing] = briefing
            reports[at_report] = reports[at_report].model_copy(update={"briefing": briefing})
            log.warning("%s: reached under several access labels; served as %r", rel, label)
    return Ingested(
        briefings=tuple(briefings),
        sources=tuple(sources),
        reports=tuple(reports),
        records=tuple(records),
        parsed=parsed,
        prepared=tuple(prepared),
    )


class _Plan(NamedTuple):
    """A file to serve: its path labels, its digest, and its previous record if unchanged."""

    labels: tuple[str, ...]
    digest: str | None
    record: FileRecord | None


class _Job(NamedTuple):
    """One file to read and parse (what a worker process is sent)."""

    path: Path
    rel: str
    briefing_id: str
    labels: tuple[str, ...]


_Done = tuple["_Outcome", object | None]
"""A parsed file's outcome, and what ``prepare`` made of its parse result."""


def _run_job(
    job: _Job,
    settings: Settings,
    prepare: Callable[[_parse.ParseResult], object] | None,
    keep_passages: bool = True,
) -> _Done:
    parsed, fingerprint = _parse_one(job.path, job.rel, job.briefing_id, settings, job.labels)
    outcome = _outcome(parsed, fingerprint)
    extra = None
    if prepare is not None and outcome.briefing is not None and parsed.result is not None:
        extra = prepare(parsed.result)
        if not keep_passages:
            outcome = dataclasses.replace(outcome, passages=())
    return outcome, extra


def _parse_jobs(
    jobs: Sequence[_Job],
    settings: Settings,
    workers: int,
    prepare: Callable[[_parse.ParseResult], object] | None,
    keep_passages: bool,
) -> Iterator[_Done]:
    """Each job's outcome, in order: in worker processes when there are enough of them."""
    if workers <= 1 or len(jobs) < POOL_MIN_FILES:
        return (_run_job(job, settings, prepare, keep_passages) for job in jobs)
    level = logging.getLogger("briefbot").getEffectiveLevel()
    answers = ordered_map(
        functools.partial(_worker_job, settings=settings, prepare=prepare,
                          keep_passages=keep_passages, level=level),
        jobs,
        workers=workers,
        chunk_size=_POOL_CHUNK,
        on_crash=_crashed,
        preload=[__name__],
    )
    return (_replayed(answer) for answer in answers)


POOL_MIN_FILES = 64
"""Fewer files to read than this are parsed in the calling process. Starting two
workers costs 16 ms when forked from a caller with one thread, but 0.74 s from a
forkserver (a caller with threads: a fresh interpreter importing briefbot; both
measured on a busy 2-core machine), what some 60 ordinary briefings take to parse
(~12 ms each); an incremental build reads a handful of files and never pays it."""

_POOL_CHUNK = 4  # files per message to a worker: small, so work spreads evenly and in order

_LogLine = tuple[str, int, str]  # logger name, level, message (traceback included)


class _Collector(logging.Handler):
    """Keeps what a worker logs while it parses one file, to be logged again by the caller."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.lines: list[_LogLine] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + logging.Formatter().formatException(record.exc_info)
        self.lines.append((record.name, record.levelno, message))


_collector: _Collector | None = None


def _worker_job(
    job: _Job,
    *,
    settings: Settings,
    prepare: Callable[[_parse.ParseResult], object] | None,
    keep_passages: bool,
    level: int,
) -> tuple[_Done, list[_LogLine]]:
    """In a worker process: one job, with every log line it wrote kept for the caller."""
    global _collector
    if _collector is None:
        _collector = _Collector()
        root = logging.getLogger()
        root.handlers[:] = [_collector]
        root.setLevel(level)
        logging.getLogger("briefbot").setLevel(level)
    _collector.lines = []
    return _run_job(job, settings, prepare, keep_passages), _collector.lines


def _replayed(answer: tuple[_Done, list[_LogLine]]) -> _Done:
    """A worker's answer, its log lines logged here, in file order."""
    done, lines = answer
    for name, level, message in lines:
        logging.getLogger(name).log(level, "%s", message)
    return done


def _crashed(job: _Job) -> tuple[_Done, list[_LogLine]]:
    """The answer for a file whose worker process died reading it (twice)."""
    problem = Problem(file=job.rel, severity=Severity.ERROR,
                      reason="the process parsing this file died (out of memory, or a crash "
                      "in a compiled library); file skipped")
    _log_problem(problem)
    return (_Outcome(_error_report(job.rel, problem), None, None, ""), None), []


def _recorded(record: FileRecord) -> _Outcome:
    """A previous build's outcome for an unchanged file (problems are logged again)."""
    report = record.report
    for problem in report.problems:
        _log_problem(problem)
    servable = report.briefing is not None and report.status != "error"
    return _Outcome(report, report.briefing if servable else None,
                    record.kept if servable else None, record.fingerprint)


def _outcome(parsed: ParsedFile, fingerprint: str) -> _Outcome:
    report, result = parsed
    if result is None or report.status == "error":
        return _Outcome(report, None, None, fingerprint)
    return _Outcome(report, result.briefing, result.passages, fingerprint)


_Identity = tuple[int, int] | str


def _identity(path: Path) -> _Identity:
    """What makes two paths one file: device and inode (hard links), else the real path."""
    try:
        info = os.stat(path)
    except OSError:
        return os.path.realpath(path)
    return info.st_dev, info.st_ino


def _one_path_per_file(
    entries: Sequence[_Entry], identities: Sequence[_Identity | None]
) -> dict[_Identity, str]:
    """For each file reached by the walk, the path it is read under.

    The file's own path (no link on the way) wins over links to it; among
    several real paths (hard links), the first in sorted order.
    ``identities`` is each entry's :func:`_identity` (None for a problem entry).
    """
    chosen: dict[_Identity, tuple[bool, str]] = {}
    for entry, identity in zip(entries, identities, strict=True):
        if identity is None:
            continue
        linked = (entry.real or os.path.realpath(entry.path)) != os.path.abspath(entry.path)
        if identity not in chosen or (chosen[identity][0] and not linked):
            chosen[identity] = (linked, entry.rel)
    return {identity: rel for identity, (_linked, rel) in chosen.items()}


def _labels_per_file(
    entries: Sequence[_Entry], settings: Settings, identities: Sequence[_Identity | None]
) -> dict[_Identity, set[str]]:
    """Every path-rule label that reaches each file: by each walked path and its real path."""
    labels: dict[_Identity, set[str]] = {}
    knowledge = os.path.abspath(settings.knowledge)
    knowledge_real = os.path.realpath(settings.knowledge)
    roots: dict[Path, str] = {}
    for entry, identity in zip(entries, identities, strict=True):
        if identity is None:
            continue
        found = labels.setdefault(identity, set())
        found.add(access_label(_under(os.path.abspath(entry.path), knowledge, entry.rel),
                               settings))
        real = entry.real or os.path.realpath(entry.path)
        root_real = roots.get(entry.root)
        if root_real is None:
            root_real = roots[entry.root] = os.path.realpath(entry.root)
        found.add(access_label(_under(real, knowledge_real, _under(real, root_real, None)
                                      or _relative(Path(real), Path(root_real))), settings))
    return labels


class _Seen:
    """What earlier files claimed: their texts and events."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.events: dict[tuple[str, dt.date], str] = {}

    def would_keep(self, fingerprint: str, briefing: Briefing) -> bool:
        """Whether :meth:`claim` would keep a file with this text and event (nothing recorded)."""
        event = _event_key(briefing)
        return fingerprint not in self.texts and (event is None or event not in self.events)

    def claim(
        self, rel: str, fingerprint: str, briefing: Briefing
    ) -> tuple[Problem | None, str]:
        """Record this file's text and event; or the problem and the earlier file that has them."""
        event = _event_key(briefing)
        if fingerprint in self.texts:
            why, original = "same text", self.texts[fingerprint]
        elif event is not None and event in self.events:
            why, original = "same title and date", self.events[event]
        else:
            self.texts[fingerprint] = rel
            if event is not None:
                self.events[event] = rel
            return None, rel
        return Problem(
            file=rel,
            severity=Severity.ERROR,
            reason=f"duplicate of {original} ({why}); not loaded — {original} is served under "
            "the strictest access label of both",
        ), original


def parse_file(path: Path, root: Path, settings: Settings) -> ParsedFile:
    """Read, detect and parse one file; never raises for a bad file.

    ``root`` is the folder the file's reported path is relative to.
    """
    rel = _relative(Path(path), Path(root))
    entry = _Entry(path=Path(path), rel=rel, root=Path(root))
    identity = _identity(Path(path))
    labels = _labels_per_file([entry], settings, [identity])[identity]
    parsed, _ = _parse_one(Path(path), rel, briefing_id_for(rel), settings, labels)
    return parsed


def briefing_id_for(rel: str) -> str:
    """The stable id of the briefing at ``rel`` (path under the root, '/' separated)."""
    parts = [part for part in rel.split("/") if part]
    if not parts:
        return "x"
    stem, _ = os.path.splitext(parts[-1])
    parts[-1] = stem or parts[-1]
    return "/".join(slug(part, max_len=80) for part in parts)


def access_label(rel: str, settings: Settings) -> str:
    """The label the first matching ``[[access_paths]]`` rule gives ``rel``, else public."""
    for rule in settings.access_paths:
        if _glob_matches(rule.pattern, rel):
            return rule.label
    return PUBLIC


# --- walking -----------------------------------------------------------------


def _walk(root: Path) -> list[_Entry]:
    """Every candidate file under ``root``, sorted by path; links checked."""
    root_real = os.path.realpath(root)
    found: list[_Entry] = []
    visited = {root_real}
    # Each folder with its resolved path, so files below need no realpath() of their own.
    stack: list[tuple[str, tuple[str, ...], str]] = [(os.fspath(root), (), root_real)]
    while stack:
        folder, parts, folder_real = stack.pop()
        try:
            with os.scandir(folder) as listing:
                items = sorted(listing, key=lambda item: item.name)
        except OSError as exc:
            rel = "/".join(parts) or "."
            found.append(_problem_entry(root, rel, f"cannot list folder: {exc.strerror}"))
            continue
        for item in items:
            if item.name.startswith("."):
                continue
            rel_parts = (*parts, item.name)
            rel = "/".join(rel_parts)
            entry_path = Path(item.path)
            try:
                is_link = item.is_symlink()
                real = os.path.realpath(item.path) if is_link else None
                if is_link and not _inside(real, root_real):
                    found.append(
                        _problem_entry(
                            root,
                            rel,
                            "symbolic link to a location outside the corpus folder; not followed",
                        )
                    )
                    continue
                is_dir = item.is_dir()
                is_file = item.is_file()
            except OSError as exc:  # ELOOP and friends
                found.append(
                    _problem_entry(root, rel, f"cannot follow symbolic link: {exc.strerror}")
                )
                continue
            if is_link and not (is_dir or is_file) and not os.path.exists(item.path):
                found.append(_problem_entry(root, rel, "broken symbolic link"))
                continue
            if not (is_dir or is_file):
                found.append(_problem_entry(root, rel, _special_file_reason(item.path)))
                continue
            if is_dir:
                real_dir = real or os.path.join(folder_real, item.name)
                if real_dir in visited:
                    log.info("%s: folder already walked (link loop?); skipped", rel)
                    continue
                visited.add(real_dir)
                stack.append((item.path, rel_parts, real_dir))
            elif is_file:
                entry = _candidate(entry_path, rel, root)
                if entry is not None:
                    found.append(dataclasses.replace(
                        entry, real=real or os.path.join(folder_real, item.name)))
    found.sort(key=lambda entry: entry.rel.split("/"))
    return found


def _special_file_reason(path: str) -> str:
    """Why a path that is neither a folder nor a regular file is not read."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return f"cannot read: {exc.strerror}"
    kind = (
        "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
        else "a socket" if stat.S_ISSOCK(mode)
        else "a device file" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a special file"
    )
    return f"not a regular file ({kind}); not read"


def _candidate(path: Path, rel: str, root: Path) -> _Entry | None:
    """The entry for a file worth reading, a warning entry, or None to skip it."""
    name = path.name
    suffix = path.suffix.lower()
    if name.upper().startswith("README"):
        return None
    if suffix in BRIEFING_SUFFIXES:
        if (
            suffix in {".md", ".markdown"}
            and _DOC_STEM.fullmatch(path.stem)
            and not _has_front_matter(path)
        ):
            log.debug("%s: documentation, not a briefing; skipped", rel)
            return None
        return _Entry(path=path, rel=rel, root=root)
    if suffix in _UNREADABLE_DOCUMENTS:
        problem = Problem(
            file=rel,
            severity=Severity.WARNING,
            reason=f"{suffix} files are not read; "
            "save the briefing as PDF, .docx, .txt, .md or .html",
        )
        return _Entry(path=path, rel=rel, root=root, problem=problem)
    if not suffix and _sniffs_as_briefing(path):
        return _Entry(path=path, rel=rel, root=root)
    return None


def _has_front_matter(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except OSError:
        return True  # let the reader report it
    return head.removeprefix(b"\xef\xbb\xbf").lstrip(b"\r\n \t").startswith(b"---")


def _sniffs_as_briefing(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
        if not head or looks_binary(head):
            return False
        detect_format(head.decode("utf-8", errors="replace").replace("\r\n", "\n"), "")
    except (OSError, BriefbotError):
        return False
    return True


def _inside(real: str | None, root_real: str) -> bool:
    if real is None:
        return True
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def _problem_entry(root: Path, rel: str, reason: str) -> _Entry:
    problem = Problem(file=rel, severity=Severity.ERROR, reason=reason)
    return _Entry(path=root / rel, rel=rel, root=root, problem=problem)


def _assign_ids(entries: Iterable[_Entry]) -> list[str]:
    used: set[str] = set()
    ids: list[str] = []
    for entry in entries:
        briefing_id = briefing_id_for(entry.rel)
        if briefing_id in used:
            digest = hashlib.sha1(f"{entry.root}/{entry.rel}".encode()).hexdigest()[:8]
            briefing_id = f"{briefing_id}-{digest}"
        used.add(briefing_id)
        ids.append(briefing_id)
    return ids


def _relative(path: Path, root: Path) -> str:
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:  # another drive on Windows
        return path.name


# --- one file ------------------------------------------------------------------


def _parse_one(
    path: Path, rel: str, briefing_id: str, settings: Settings, path_labels: Iterable[str] = ()
) -> tuple[ParsedFile, str]:
    """Parse one file behind the per-file safety net; also return a text fingerprint."""
    try:
        decoded = read_text(path, settings.ingest, name=rel)
        fingerprint = hashlib.sha1(decoded.text.encode("utf-8", errors="replace")).hexdigest()
        fmt = detect_format(decoded.text, path.suffix)
        result = _parse.parse_text(
            decoded.text,
            fmt,
            path=rel,
            briefing_id=briefing_id,
            settings=settings.ingest,
            pages=decoded.pages,
        )
        extra: list[Problem] = list(decoded.problems)
        briefing = _with_access(result, rel, path_labels, settings, extra)
        if not result.passages:
            extra.append(
                Problem(
                    file=rel,
                    severity=Severity.WARNING,
                    reason="no passages found: nothing in this file can be quoted",
                )
            )
        if briefing is not result.briefing:
            result = dataclasses.replace(result, briefing=briefing)
        problems = (*extra, *result.problems)
        report = FileReport(
            file=rel,
            status=_status(problems),
            briefing=briefing,
            passages=len(result.passages),
            passages_per_speaker=_per_speaker(briefing, result.passages),
            pages=_page_range(result.passages),
            problems=problems,
        )
        for problem in problems:
            _log_problem(problem)
        return ParsedFile(report, result), fingerprint
    except BriefbotError as exc:
        if isinstance(exc, IngestError):
            problem = Problem(file=rel, line=exc.line, severity=Severity.ERROR, reason=exc.reason)
        else:
            problem = Problem(file=rel, severity=Severity.ERROR, reason=str(exc))
    except Exception as exc:  # noqa: BLE001 - one broken file must never stop the others
        log.exception("%s: internal error parsing file", rel)
        problem = Problem(
            file=rel,
            severity=Severity.ERROR,
            reason=f"internal error parsing file: {type(exc).__name__}",
        )
    _log_problem(problem)
    return ParsedFile(_error_report(rel, problem), None), ""


def _with_access(
    result: _parse.ParseResult,
    rel: str,
    path_labels: Iterable[str],
    settings: Settings,
    problems: list[Problem],
) -> Briefing:
    """The briefing with its label: the path rules' labels combined with its own."""
    briefing = result.briefing
    declared = (briefing.access,) if result.access_declared else ()
    label = combine_labels((*path_labels, *declared))
    for part in label_parts(label):
        if part not in settings.access:
            problems.append(
                Problem(
                    file=rel,
                    severity=Severity.WARNING,
                    reason=f"access label {part!r} has no [access.{part}] allowlist in the "
                    "settings: nobody can see this briefing",
                )
            )
    if label != briefing.access:
        briefing = briefing.model_copy(update={"access": label})
    return briefing


def _under(here: str, base: str, otherwise: str | None) -> str | None:
    """``here`` (a normalised absolute path) relative to ``base`` with '/' separators,
    if it lies under ``base``; else ``otherwise``.

    The access rules match a file's path under the knowledge folder (the walked
    path, and the resolved one under the resolved folder) when it lies there.
    """
    prefix = base.rstrip(os.sep) + os.sep
    if here.startswith(prefix):
        return here[len(prefix):].replace(os.sep, "/")
    return otherwise


def _status(problems: Iterable[Problem]) -> str:
    severities = {problem.severity for problem in problems}
    if Severity.ERROR in severities:
        return "error"
    if Severity.WARNING in severities:
        return "warning"
    return "ok"


def _per_speaker(briefing: Briefing, passages: Sequence[Passage]) -> dict[str, int]:
    names = {speaker.id: speaker.name for speaker in briefing.speakers}
    counts: Counter[str] = Counter()
    for passage in passages:
        if passage.speaker_id is not None and passage.speaker_id in names:
            counts[names[passage.speaker_id]] += 1
        elif passage.role is Role.ORGANIZATION:
            counts[ORGANIZATION_KEY] += 1
        elif passage.role is Role.AUDIENCE:
            counts[AUDIENCE_KEY] += 1
        else:
            counts[passage.speaker_label or UNATTRIBUTED_KEY] += 1
    return dict(counts)


def _page_range(passages: Sequence[Passage]) -> tuple[str, str] | None:
    """The first and last page the passages cite, None for an unpaged file."""
    paged = [passage.pages for passage in passages if passage.pages]
    return (paged[0][0], paged[-1][1]) if paged else None


def _event_key(briefing: Briefing) -> tuple[str, dt.date] | None:
    if briefing.date is None or not briefing.title.strip():
        return None  # too little to call two files the same event
    return fold(briefing.title), briefing.date


def _error_report(rel: str, problem: Problem) -> FileReport:
    status = "error" if problem.severity is Severity.ERROR else "warning"
    return FileReport(file=rel, status=status, problems=(problem,))


def _log_problem(problem: Problem) -> None:
    level = logging.ERROR if problem.severity is Severity.ERROR else logging.WARNING
    log.log(level, "%s:%s: %s", problem.file, problem.line or "-", problem.reason)


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    pattern = pattern.strip().strip("/")
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                out.append(re.escape(ch))
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("".join(out))


def _glob_matches(pattern: str, rel: str) -> bool:
    """Does ``pattern`` match ``rel`` or one of the folders containing it?"""
    regex = _glob_regex(pattern)
    if regex.fullmatch(rel):
        return True
    parts = rel.split("/")
    return any(regex.fullmatch("/".join(parts[:n])) for n in range(1, len(parts)))
