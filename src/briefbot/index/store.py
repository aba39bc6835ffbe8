"""A knowledge folder and its BM25 index, persisted so start-up is a load.

:func:`open_index` is what every interface calls. It computes a *key* for
the knowledge folder and the settings, loads the persisted index whose
manifest carries that key, and otherwise ingests the folder, builds the
index and persists it.

The key is a SHA-256 over

* every file under the knowledge path (hidden files and folders excepted):
  its relative path and the SHA-256 of its bytes (:mod:`.folder`: a file is
  read only when its size, mtime or inode changed since its digest was
  taken), so saving a file again with the same bytes rebuilds nothing;
* the settings that shape the corpus or the scores: ``[ingest]``,
  ``[[access_paths]]`` and the BM25 parameters of ``[index]``;
* the (path, size, mtime) fingerprint of briefbot's own source files,
  so an upgraded parser or tokenizer never serves an index it did not build;
* :data:`STORE_FORMAT`, bumped whenever the layout below changes.

Everything but the files is the index's *basis*. A build whose basis is the
previous index's is incremental: files whose digest, path, id and labels
are unchanged keep their recorded parse (``files.json``) and their
passages' arrays (:mod:`.splice`); only new and changed files are read.

Layout, under ``<cache_dir>/<hash of the knowledge path>/``::

    CURRENT                 JSON naming the live index directory
    idx-<random>/
        manifest.json       format, key, basis, settings, counts, checksums, creation time
        files.json          per file: its stat and digest, and what parsing it gave (FileRecord)
        briefings.json      the briefings (pydantic JSON, validated on load: few and small)
        reports.json        the per-file reports (validated on first use)
        passage_briefing.npy
        columns.json passage_*.npy passage_text.bin   the passages, column-wise
        bm25.json vocab.json indptr.npy doc_ids.npy weights.npy tf.npy idf.npy doc_len.npy
        sentence_*.npy      each passage's sentences and their term ids (``sentences.py``)
        briefing_tables.json briefing_*.npy   per-briefing tables the answer engine reads
                            (meta-term postings, folded hosts, ids and titles, dates, the
                            opening passages' capitalised runs: ``briefing_tables.py``)
        checksums.json      a digest of every file above, written last (``integrity.py``)

Nothing is pickled: arrays are ``.npy`` files read with
``allow_pickle=False`` (memory-mapped), records are pydantic JSON. Passages
are not JSON records: they are stored column by column
(:mod:`briefbot.index.columns`) and ``corpus.passages`` of a loaded index is
a lazy sequence that builds a record only when one is read, so start-up
costs milliseconds, not seconds, at 100k passages.

Writing is atomic: a new index is written into ``tmp-<random>/`` with every
file fsynced, renamed to ``idx-<random>/``, and only then does ``CURRENT``
(itself replaced with ``os.replace``) point at it. A crash at any moment
leaves ``CURRENT`` naming the previous, complete index. An index that is
missing, stale, from another format or corrupt is rebuilt with a log line;
it never stops start-up. A flipped byte in any file fails its checksum:
``open_index`` verifies at once (``verify="now"``, the default) or hands
back the check to run beside the answering (``verify="later"``, what the
server uses: ``IndexedCorpus.verification``), whose failure the caller
answers with a rebuild.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import shutil
import time
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Literal, overload

import numpy as np
import pydantic_core
from pydantic import TypeAdapter, ValidationError

from ..config import Settings
from ..errors import IndexError_
from ..heap import collection_paused
from ..models import Briefing, Corpus, FileRecord, FileReport, Passage, Role, Speaker
from .bm25 import BM25Index, ReferenceBM25, ScopeStats, _save_array
from .briefing_tables import TABLE_FILES, BriefingTables
from .columns import LazyPassages, PassageColumns, SpeakerPassages, TextCheck, trusted
from .documents import CorpusTerms, document_terms, index_file
from .folder import FileStamp, FolderScan, scan_folder
from .integrity import Verification, verify_index, write_checksums
from .sentences import SentenceIndex, tokenize_sentences

__all__ = [
    "IndexedCorpus",
    "STORE_FORMAT",
    "build_from_files",
    "build_index",
    "cache_root",
    "check_current",
    "current_name",
    "document_terms",
    "files_with_errors",
    "folder_key",
    "index_key",
    "load_current",
    "read_files",
    "load_index",
    "open_index",
    "save_index",
]

log = logging.getLogger(__name__)

STORE_FORMAT = 8  # 4: passage kind and pages; 5: checksums.json and tf.npy; 6: files.json;
# 7: briefing_tables.json and briefing_*.npy; 8: the tables' numbers in one file
_CURRENT = "CURRENT"
_MANIFEST = "manifest.json"
_BRIEFINGS = "briefings.json"
_REPORTS = "reports.json"
_PASSAGE_BRIEFING = "passage_briefing.npy"
_FILES = "files.json"
_BRIEFING_TABLES = TABLE_FILES[0]
_ABANDONED_AFTER = 600.0  # seconds before a half-written tmp-* directory is swept
_PACKAGE_ROOT = Path(__file__).resolve().parents[1]

Loader = Callable[[Sequence[Path], Settings], Corpus]
_default_loader: Loader | None = None  # None: briefbot.ingest, file by file, incrementally


@functools.cache
def _json(kind: object) -> TypeAdapter:
    """The pydantic JSON adapter of a type, made on first use: each takes tens of
    milliseconds to make, and a process that only loads an index needs none."""
    return TypeAdapter(kind)


@dataclasses.dataclass(eq=False)
class IndexedCorpus:
    """A corpus with its BM25 index: what the answer engine holds.

    Passage i of ``corpus.passages`` is document i of ``bm25``;
    ``passage_briefing[i]`` is the index of its briefing in
    ``corpus.briefings``. ``columns`` holds every passage field as an array;
    a loaded index's ``corpus.passages`` is a :class:`LazyPassages` over it.
    """

    corpus: Corpus
    bm25: BM25Index | ReferenceBM25
    passage_briefing: np.ndarray
    key: str = ""
    columns: PassageColumns | None = None
    # Each passage's sentences and their BM25 term ids (None: the reference engine).
    sentences: SentenceIndex | None = None
    # The per-briefing tables the answer engine reads (made when the index is saved).
    briefing_tables: BriefingTables | None = None
    # Where it was loaded from, and its checksum check when that runs in the background.
    directory: Path | None = None
    verification: Verification | None = None
    # What each file gave and the stat its digest was taken under (see files.json).
    records: Sequence[FileRecord] = ()
    # Each record's JSON, kept from build to build: most records do not change.
    records_json: dict[tuple[object, ...], bytes] = dataclasses.field(default_factory=dict)
    stamps: dict[str, FileStamp] = dataclasses.field(default_factory=dict)
    basis: str = ""

    def search(
        self,
        query_terms: Sequence[str],
        k: int,
        candidates: np.ndarray | None = None,
        stats: ScopeStats | None = None,
    ) -> list[tuple[int, float]]:
        """Best (passage index, score) pairs; see :meth:`BM25Index.search`."""
        return self.bm25.search(query_terms, k, candidates, stats)

    def score(
        self,
        query_terms: Sequence[str],
        passage_ids: Sequence[int],
        stats: ScopeStats | None = None,
    ) -> np.ndarray:
        """Exact BM25 scores of the given passages (by a scope's statistics, if given)."""
        return self.bm25.score(query_terms, passage_ids, stats)

    def briefing_of(self, passage_index: int) -> Briefing:
        """The briefing a passage belongs to."""
        return self.corpus.briefings[int(self.passage_briefing[passage_index])]

    def tables(self) -> BriefingTables:
        """The per-briefing tables: those saved with the index, else made from its briefings
        and passage columns (once, then kept: an index built in memory reads the same)."""
        if self.briefing_tables is None:
            self.briefing_tables = _briefing_tables(self)
        return self.briefing_tables

    def _columns(self) -> PassageColumns:
        if self.columns is None:
            names = [b.id for b in self.corpus.briefings]
            self.columns = PassageColumns.from_passages(
                self.corpus.passages, names, np.asarray(self.passage_briefing))
        return self.columns

    def passage_texts(self) -> Iterator[str]:
        """Every passage's text in order, without building passage records."""
        return self._columns().texts()

    def briefing_passages(self) -> list[np.ndarray]:
        """Per briefing, the (ascending) indices of its passages."""
        owner = np.asarray(self.passage_briefing, dtype=np.int64)
        order = np.argsort(owner, kind="stable")
        bounds = np.searchsorted(owner[order], np.arange(len(self.corpus.briefings) + 1))
        return [order[bounds[b] : bounds[b + 1]] for b in range(len(self.corpus.briefings))]

    def speaker_passages(self) -> SpeakerPassages:
        """Per (briefing index, speaker id), the (ascending) indices of that speaker's passages.

        Passages without a participant (``speaker_id`` None) are left out.
        """
        columns = self._columns()
        return SpeakerPassages(columns.speaker, self.passage_briefing, columns.speakers)

    def same_turn_as_previous(self) -> np.ndarray:
        """Per passage, whether the passage before it has the same briefing, speaker
        (id and label), role and section."""
        columns = self._columns()
        n = len(columns)
        same = np.zeros(n, dtype=bool)
        if n > 1:
            same[1:] = np.asarray(self.passage_briefing[1:] == self.passage_briefing[:-1])
            for codes in (columns.speaker, columns.label, columns.role, columns.section):
                same[1:] &= np.asarray(codes[1:] == codes[:-1])
        return same


def build_index(corpus: Corpus, settings: Settings, key: str = "") -> IndexedCorpus:
    """Index a corpus in memory (nothing is written)."""
    by_id = {b.id: i for i, b in enumerate(corpus.briefings)}
    briefings = corpus.briefings
    try:
        owner = [by_id[p.briefing_id] for p in corpus.passages]
    except KeyError as exc:
        raise IndexError_(f"passage of unknown briefing {exc.args[0]!r}") from None
    options = settings.index
    params = {"variant": options.variant, "k1": options.k1, "b": options.b,
              "epsilon": options.epsilon}
    owner_array = np.asarray(owner, dtype=np.int32)
    # Each text is tokenized once, sentence by sentence: the sentence terms
    # joined in order are the text's terms, so BM25 and the sentence index share them.
    docs: list[list[str]] = []
    shapes: list[tuple[list[tuple[int, int]], list[int]]] = []
    for passage, b in zip(corpus.passages, owner, strict=True):
        spans, text_terms, cuts = tokenize_sentences(passage.text)
        docs.append(document_terms(passage, briefings[b], text_terms))
        shapes.append((spans, cuts))
    bm25: BM25Index | ReferenceBM25
    sentences = None
    if options.engine == "rank_bm25":
        bm25 = ReferenceBM25(docs, **params)
    else:
        bm25 = BM25Index.build(docs, **params)
        # A document's terms begin with its text's terms, the sentences' terms in order.
        sentences = SentenceIndex.from_tokenized(
            ((spans, doc, cuts) for (spans, cuts), doc in zip(shapes, docs, strict=True)),
            bm25.term_ids)
    return IndexedCorpus(
        corpus=corpus,
        bm25=bm25,
        passage_briefing=owner_array,
        key=key,
        columns=PassageColumns.from_passages(
            corpus.passages, [b.id for b in briefings], owner_array),
        sentences=sentences,
    )


def build_from_files(
    briefings: Sequence[Briefing],
    reports: Sequence[FileReport],
    ready: CorpusTerms,
    settings: Settings,
    key: str = "",
) -> IndexedCorpus:
    """What :func:`build_index` makes of the briefings, from their files made ready where
    they were parsed (:func:`index_file` of each briefing in turn, gathered by
    :meth:`CorpusTerms.add`): no passage record is built, nor a Python step taken per
    term. The fast engine only."""
    if ready.files != len(briefings) or len(ready.columns) != len(briefings):
        raise IndexError_("files made ready for the index do not match the briefings")
    options = settings.index
    owner = np.repeat(np.arange(len(briefings), dtype=np.int32),
                      [len(columns) for columns in ready.columns])
    text = bytes(ready.text)
    ready.text = bytearray()  # a buffer this large is returned to the system at once
    columns = PassageColumns.join(ready.columns, [b.id for b in briefings], owner, text)
    ready.columns.clear()  # the joined columns hold everything they did
    bm25, sentences = _index_terms(ready, {"variant": options.variant, "k1": options.k1,
                                           "b": options.b, "epsilon": options.epsilon})
    corpus = Corpus.model_construct(briefings=tuple(briefings), passages=LazyPassages(columns),
                                    reports=tuple(reports))
    return IndexedCorpus(corpus=corpus, bm25=bm25, passage_briefing=owner, key=key,
                         columns=columns, sentences=sentences)


def _index_terms(
    tokenized: CorpusTerms, params: dict[str, object]
) -> tuple[BM25Index, SentenceIndex]:
    """The BM25 and sentence indexes of passages tokenized and numbered file by file,
    without a Python step per term. ``tokenized`` is consumed (its gathered arrays are
    handed over: at a million passages every array of a term per entry is hundreds of MB)."""
    # Sentence k of a passage holds its terms from the previous sentence's cut
    # (0 for the first) to its own; the passage's text terms end at its last cut,
    # before the speaker, section and title terms of its document.
    per_passage = tokenized.sentences.take().astype(np.int64)
    ptr = np.zeros(per_passage.shape[0] + 1, dtype=np.int64)
    np.cumsum(per_passage, out=ptr[1:])
    cut = tokenized.cuts.take().astype(np.int64)
    before = np.empty_like(cut)
    before[1:] = cut[:-1]
    before[ptr[:-1][per_passage > 0]] = 0
    bounds = tokenized.spans.take().reshape(-1, 2)
    doc_len = tokenized.doc_len.take().astype(np.int64)
    text_len = np.where(per_passage > 0, cut[np.maximum(ptr[1:] - 1, 0)], 0)
    # Every document's term ids in turn (int32 holds any vocabulary).
    ids = tokenized.ids.take()
    # Per document: its text terms kept, the rest left (a run of True, a run of False).
    keep = np.repeat(np.tile(np.array([True, False]), doc_len.shape[0]),
                     np.column_stack((text_len, doc_len - text_len)).ravel())
    sizes = cut - before
    del per_passage, cut, before, text_len
    # The sentence index first: its text terms are let go before BM25 sorts its keys.
    sentences = SentenceIndex.from_ids(ptr, bounds, sizes, ids[keep])
    del keep, sizes
    bm25 = BM25Index.from_ids(list(tokenized.term_ids), ids, doc_len,
                              **params)  # type: ignore[arg-type]
    return bm25, sentences


# -- keys -------------------------------------------------------------------


def _fingerprint(
    digest: hashlib._Hash, entries: Iterable[tuple[str, os.stat_result | None]]
) -> int:
    count = 0
    for rel, info in entries:
        stamp = "missing" if info is None else f"{info.st_size}:{info.st_mtime_ns}"
        digest.update(f"{rel}\0{stamp}\n".encode("utf-8", "surrogateescape"))
        count += 1
    return count


def _relevant_settings(settings: Settings) -> dict[str, object]:
    index = settings.index
    return {
        "ingest": settings.ingest.model_dump(mode="json"),
        "access_paths": [rule.model_dump(mode="json") for rule in settings.access_paths],
        "bm25": {"variant": index.variant, "k1": index.k1, "b": index.b, "epsilon": index.epsilon},
    }


def index_basis(settings: Settings) -> str:
    """The hash of everything but the files that the index depends on (see module docs)."""
    digest = hashlib.sha256()
    digest.update(f"briefbot-index/{STORE_FORMAT}\n".encode())
    digest.update(json.dumps(_relevant_settings(settings), sort_keys=True).encode())
    digest.update(b"\n--code--\n")
    code = ((p.relative_to(_PACKAGE_ROOT).as_posix(), p.stat())
            for p in sorted(_PACKAGE_ROOT.rglob("*.py")))
    _fingerprint(digest, code)
    return digest.hexdigest()


def index_key(knowledge: Path, settings: Settings, scan: FolderScan | None = None) -> str:
    """The hash that says whether a persisted index still fits (see module docs).

    ``scan`` is the folder's :func:`~.folder.scan_folder` (taken now when not given).
    """
    if scan is None:
        scan = scan_folder(Path(knowledge))
    return _key(index_basis(settings), scan)


def folder_key(
    knowledge: Path, settings: Settings, stamps: dict[str, FileStamp] | None = None
) -> tuple[str, FolderScan]:
    """The index key of the folder as it is now, and the scan it came from.

    ``stamps`` are the served index's (:func:`read_files`): only files whose
    stat changed since are read.
    """
    scan = scan_folder(Path(knowledge), stamps)
    return _key(index_basis(settings), scan), scan


def _key(basis: str, scan: FolderScan) -> str:
    digest = hashlib.sha256()
    digest.update(basis.encode())
    digest.update(b"\n--knowledge--\n")
    for rel, content in scan.contents.items():
        digest.update(f"{rel}\0{content}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def cache_root(knowledge: Path, settings: Settings, cache_dir: Path | None = None) -> Path:
    """The folder holding this knowledge path's indexes.

    ``cache_dir`` (or ``[index] cache_dir``, relative to the knowledge
    folder's parent) holds one sub-folder per knowledge path, so two
    knowledge folders never overwrite each other's index.
    """
    knowledge = Path(knowledge).resolve()
    base = Path(cache_dir) if cache_dir is not None else Path(settings.index.cache_dir)
    if not base.is_absolute():
        base = knowledge.parent / base
    name = hashlib.sha256(str(knowledge).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return base / name


# -- persistence --------------------------------------------------------------


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be fsynced
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _write_bytes(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())




def _trusted_briefings(raw: bytes) -> tuple[Briefing, ...]:
    """Briefings from ``briefings.json`` as written by :func:`save_index`.

    They were validated before they were written and the file's checksum
    matched, so the records are constructed, not validated again (pydantic
    validation costs ~100 µs a briefing); only the JSON types that differ
    from the fields' (tuples, dates, roles) are converted. The index key
    covers briefbot's source, so a changed model never reads an old file;
    the field names are still checked, and a mismatch rebuilds the index.
    """
    out = []
    speaker_fields, briefing_fields = set(Speaker.model_fields), set(Briefing.model_fields)
    # pydantic-core's parser gives the same objects as json.loads, ~25% faster on the
    # 23 MB of a million passages' briefings (and one copy of each repeated short string).
    for item in pydantic_core.from_json(raw):
        if item.keys() != briefing_fields:
            raise ValueError("briefings.json does not match the Briefing model")
        speakers = []
        for speaker in item["speakers"]:  # one pass: ~87,000 speakers at 1M passages
            if speaker.keys() != speaker_fields:
                raise ValueError("briefings.json does not match the Speaker model")
            speaker["role"] = _ROLE_OF[speaker["role"]]  # KeyError: not a role (corrupt)
            speaker["aliases"] = tuple(speaker["aliases"])
            speakers.append(trusted(Speaker, speaker))
        item["speakers"] = tuple(speakers)
        for field, value in item.items():
            if isinstance(value, list):  # every sequence field of Briefing is a tuple
                item[field] = _tuples(value)
        if item["date"] is not None:
            item["date"] = dt.date.fromisoformat(item["date"])
        out.append(trusted(Briefing, item))
    return tuple(out)


_ROLE_OF = {role.value: role for role in Role}  # a dict lookup; Role(value) costs ten times more


def _tuples(value: object) -> object:
    """JSON arrays back as (nested) tuples."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


class _LazyReports(Sequence[FileReport]):
    """The per-file reports, parsed from ``reports.json`` the first time they are read.

    Only ``briefbot check``/``index`` and live reload's log line look at them;
    the file's checksum was verified when the index was loaded.
    """

    def __init__(self, path: Path, raw: bytes, count: int, error_files: list[str] | None):
        # The bytes, not the path: a superseded index's folder is deleted by the builder.
        self._path = path
        self._raw: bytes | None = raw
        self._count = count
        self._records: tuple[FileReport, ...] | None = None
        self.error_files = error_files  # from the manifest (None: an index written before it)

    def _load(self) -> tuple[FileReport, ...]:
        if self._records is None:
            try:
                self._records = _json(tuple[FileReport, ...]).validate_json(self._raw or b"[]")
            except ValidationError as exc:
                raise IndexError_(f"cannot read the file reports in {self._path}: {exc}") from None
            self._raw = None
        return self._records

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> FileReport: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[FileReport, ...]: ...

    def __getitem__(self, index: int | slice) -> FileReport | tuple[FileReport, ...]:
        return self._load()[index]

    def __iter__(self) -> Iterator[FileReport]:
        return iter(self._load())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return tuple(self._load()) == tuple(other)

    __hash__ = None  # type: ignore[assignment]


def files_with_errors(reports: Sequence[FileReport]) -> list[str]:
    """The files whose report is an error, in order — a loaded index's from its manifest.

    Live reload logs them after every swap; parsing a loaded index's reports for
    that cost ~1 CPU-s at 1M passages (28 MB of JSON).
    """
    listed = reports.error_files if isinstance(reports, _LazyReports) else None
    return list(listed) if listed is not None else [r.file for r in reports
                                                     if r.status == "error"]


def save_index(indexed: IndexedCorpus, root: Path, settings: Settings) -> Path:
    """Persist an index atomically under ``root``; return its directory."""
    root.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex[:12]
    staging = root / f"tmp-{token}"
    final = root / f"idx-{token}"
    bm25 = indexed.bm25
    if not isinstance(bm25, BM25Index):  # the reference engine persists the same arrays
        docs = [document_terms(p, indexed.briefing_of(i))
                for i, p in enumerate(indexed.corpus.passages)]
        bm25 = BM25Index.build(docs, **_relevant_settings(settings)["bm25"])  # type: ignore[arg-type]
    try:
        staging.mkdir()
        bm25.save(staging)
        corpus = indexed.corpus
        briefings = _json(tuple[Briefing, ...]).dump_json(tuple(corpus.briefings))
        reports = _json(tuple[FileReport, ...]).dump_json(tuple(corpus.reports))
        _write_bytes(staging / _BRIEFINGS, briefings)
        _write_bytes(staging / _REPORTS, reports)
        _write_bytes(staging / _FILES, _files_json(indexed))
        _save_array(staging / _PASSAGE_BRIEFING,
                    np.asarray(indexed.passage_briefing, dtype=np.int32))
        indexed._columns().save(staging, _write_bytes, _save_array)
        sentences = indexed.sentences if indexed.bm25 is bm25 else None
        if sentences is None:
            sentences = SentenceIndex.build(indexed.passage_texts(), bm25.term_ids)
        sentences.save(staging, _save_array)
        tables = indexed.tables()
        tables_crc = tables.save(staging, _write_bytes, _save_array)
        manifest = {
            "format": STORE_FORMAT,
            "key": indexed.key,
            "basis": indexed.basis,
            "settings": _relevant_settings(settings),
            "briefings": len(corpus.briefings),
            "passages": len(corpus.passages),
            "reports": len(corpus.reports),
            "error_files": files_with_errors(corpus.reports),
            "crc32": {_BRIEFINGS: zlib.crc32(briefings), _REPORTS: zlib.crc32(reports),
                      _BRIEFING_TABLES: tables_crc},
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        # The manifest goes last: a directory without one was never finished.
        _write_text(staging / _MANIFEST, json.dumps(manifest, indent=1))
        write_checksums(staging)
        _fsync_dir(staging)
        os.rename(staging, final)
        _fsync_dir(root)
        replaced = current_name(root)
        pointer = root / f"{_CURRENT}.{token}"
        _write_text(pointer, json.dumps({"directory": final.name}))
        os.replace(pointer, root / _CURRENT)
        _fsync_dir(root)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    indexed.briefing_tables = tables
    # The index just replaced stays one round: serving processes may be loading it now.
    _sweep(root, keep={final.name, replaced or final.name})
    log.info("saved index of %d passages in %s", len(indexed.corpus.passages), final)
    return final


def _briefing_tables(indexed: IndexedCorpus) -> BriefingTables:
    """The per-briefing tables of an index, from its briefings and passage columns."""
    columns = indexed._columns()
    owners, firsts = np.unique(np.asarray(indexed.passage_briefing), return_index=True)
    first_passage = dict(zip(owners.tolist(), firsts.tolist(), strict=True))

    def opening(briefing: int) -> str | None:
        found = first_passage.get(briefing)
        return None if found is None else columns.text_of(found)

    return BriefingTables.build(indexed.corpus.briefings, opening)


def _files_json(indexed: IndexedCorpus) -> bytes:
    stamps = {rel: [st.size, st.mtime_ns, st.inode, st.sha256, st.trusted]
              for rel, st in indexed.stamps.items()}
    kept, made = indexed.records_json, {}
    for record in indexed.records:
        key = (record.file, record.sha256, record.briefing_id, record.labels,
               record.fingerprint, record.kept)
        found = kept.get(key)
        made[key] = found if found is not None else _json(FileRecord).dump_json(record)
    indexed.records_json = made
    return b"".join([b'{"stamps": ', json.dumps(stamps, ensure_ascii=False).encode(),
                     b', "records": [', b", ".join(made.values()), b"]}"])


def read_files(indexed: IndexedCorpus) -> tuple[dict[str, FileStamp], tuple[FileRecord, ...]]:
    """The stamps and file records of an index: in memory, or read from its ``files.json``.

    An unreadable file gives nothing (every file is then read again).
    """
    if indexed.records or indexed.stamps or indexed.directory is None:
        return dict(indexed.stamps), tuple(indexed.records)
    try:
        body = json.loads((indexed.directory / _FILES).read_bytes())
        stamps = {rel: FileStamp(int(a), int(b), int(c), str(d), bool(e))
                  for rel, (a, b, c, d, e) in body["stamps"].items()}
        records = _json(tuple[FileRecord, ...]).validate_python(body["records"])
    except (OSError, ValueError, KeyError, TypeError, ValidationError) as exc:
        log.warning("cannot read the file records of %s (%s): every file is read again",
                    indexed.directory, exc)
        return {}, ()
    return stamps, records


def _sweep(root: Path, keep: set[str]) -> None:
    """Remove superseded indexes and long-abandoned half-written ones."""
    now = time.time()
    for entry in root.iterdir():
        if entry.name in keep or not entry.is_dir():
            continue
        stale = entry.name.startswith("idx-") or (
            entry.name.startswith("tmp-") and now - entry.stat().st_mtime > _ABANDONED_AFTER
        )
        if stale:
            # A process still reading an old index keeps its open/mapped files.
            shutil.rmtree(entry, ignore_errors=True)


def current_name(root: Path) -> str | None:
    """The name of the live index directory under ``root`` (None when there is none yet)."""
    try:
        name = json.loads((root / _CURRENT).read_text(encoding="utf-8"))["directory"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return name if isinstance(name, str) else None


def load_index(root: Path, key: str, settings: Settings, *, mmap: bool = True) -> IndexedCorpus:
    """Load the live index under ``root`` if its key matches; else raise IndexError_."""
    return load_current(root, settings, mmap=mmap, key=key)


# Loading reads ~25,000 briefing records at 1M passages (hundreds of thousands of
# lasting objects, no garbage); the collector only rescans them (~0.4 s). It is a
# load and nothing else: a build from files (open_index) runs outside the pause.
def _live(root: Path, name: str | None = None) -> tuple[Path, dict]:
    """The live index's directory under ``root`` (or index ``name`` there) and its manifest.

    Raises IndexError_ when there is none or it is unsound.
    """
    if name is None:
        try:
            pointer = json.loads((root / _CURRENT).read_text(encoding="utf-8"))
            name = pointer["directory"]
        except FileNotFoundError:
            raise IndexError_(f"no index yet in {root}") from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IndexError_(f"unreadable index pointer in {root}: {exc}") from None
    if not isinstance(name, str) or "/" in name or not name.startswith("idx-"):
        raise IndexError_(f"index pointer in {root} names {name!r}")
    directory = root / name
    try:
        manifest = json.loads((directory / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexError_(f"unreadable index manifest in {directory}: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != STORE_FORMAT:
        raise IndexError_(f"index in {directory} is from another version of briefbot")
    return directory, manifest


def check_current(root: Path) -> str:
    """The live index's name if it is this version's and every file matches its checksum.

    Reads each file once (XXH3: ~0.1 CPU-s for the 1.8 GB of a 1.4M-passage
    index, against ~0.7 to load it). Raises IndexError_ naming what is wrong.
    """
    directory, _ = _live(root)
    problems = verify_index(directory)
    if problems:
        raise IndexError_(f"index in {directory} does not match its checksums: "
                          + "; ".join(problems[:5]))
    return directory.name


@collection_paused()
def load_current(
    root: Path, settings: Settings, *, mmap: bool = True, key: str | None = None,
    name: str | None = None,
) -> IndexedCorpus:
    """Load the live index under ``root`` whatever its key (or only if it is ``key``).

    What a serving process calls when the host's builder has written a new
    index: the arrays are memory-mapped, so every process on the host shares
    one copy of them. ``name``: that index (one ``check_current`` named)
    instead of the one ``CURRENT`` names now. Raises IndexError_ when there
    is none or it is unsound.
    """
    directory, manifest = _live(root, name)
    if key is not None and manifest.get("key") != key:
        raise IndexError_(f"index in {directory} is stale (knowledge or settings changed)")
    bm25_index = BM25Index.load(directory, mmap=mmap)
    n = int(manifest.get("passages", -1))
    try:
        owner = np.load(directory / _PASSAGE_BRIEFING, mmap_mode="r" if mmap else None,
                        allow_pickle=False)
    except (OSError, ValueError, EOFError) as exc:
        raise IndexError_(f"corrupt index in {directory}: {exc}") from None
    if bm25_index.n_docs != n or owner.shape != (n,) or owner.dtype != np.int32:
        raise IndexError_(f"index in {directory} does not match its corpus")
    # The passage text's checksum runs on a thread while the briefings are parsed,
    # and is confirmed before the index is handed back (columns.TextCheck).
    text_check: list[TextCheck] = []
    columns = PassageColumns.load(directory, (), owner, mmap_arrays=mmap, text_check=text_check)
    try:
        checksums = manifest["crc32"]
        raw = (directory / _BRIEFINGS).read_bytes()
        if zlib.crc32(raw) != checksums[_BRIEFINGS]:
            raise ValueError("briefings.json does not match its checksum")
        briefings = _trusted_briefings(raw)
        reports_path = directory / _REPORTS
        reports_raw = reports_path.read_bytes()
        if zlib.crc32(reports_raw) != checksums[_REPORTS]:
            raise ValueError("reports.json does not match its checksum")
        listed = manifest.get("error_files")
        reports = _LazyReports(reports_path, reports_raw, int(manifest["reports"]),
                               [str(f) for f in listed] if isinstance(listed, list) else None)
    except (OSError, ValueError, KeyError, TypeError, ValidationError, EOFError) as exc:
        raise IndexError_(f"corrupt index in {directory}: {exc}") from None
    if n and (int(owner.min()) < 0 or int(owner.max()) >= len(briefings)):
        raise IndexError_(f"index in {directory} refers to missing briefings")
    columns.briefing_ids = [b.id for b in briefings]
    sentences = SentenceIndex.load(directory, n, len(bm25_index.vocabulary), mmap_arrays=mmap)
    try:
        tables_crc = int(manifest["crc32"][_BRIEFING_TABLES])
    except (KeyError, TypeError, ValueError):
        raise IndexError_(f"index in {directory} lists no briefing tables") from None
    tables = BriefingTables.load(directory, len(briefings), tables_crc, mmap_arrays=mmap)
    for check in text_check:
        check.confirm()
    # Built without validation: every field was validated before it was written,
    # and the checks above make sure the files are the ones that were written.
    corpus = Corpus.model_construct(
        briefings=briefings, passages=LazyPassages(columns), reports=reports
    )
    bm25: BM25Index | ReferenceBM25 = bm25_index
    if settings.index.engine == "rank_bm25":
        sentences = None  # its term ids are the persisted index's, not the reference's
        docs = [document_terms(p, briefings[int(owner[i])])
                for i, p in enumerate(corpus.passages)]
        options = settings.index
        bm25 = ReferenceBM25(docs, variant=options.variant, k1=options.k1, b=options.b,
                             epsilon=options.epsilon)
    log.debug("loaded index of %d passages from %s", n, directory)
    return IndexedCorpus(corpus=corpus, bm25=bm25, passage_briefing=owner,
                         key=str(manifest.get("key", "")), columns=columns, sentences=sentences,
                         directory=directory, basis=str(manifest.get("basis", "")),
                         briefing_tables=tables)


def open_index(
    knowledge: Path,
    settings: Settings,
    *,
    rebuild: bool = False,
    cache_dir: Path | None = None,
    loader: Loader | None = None,
    verify: Literal["now", "later"] = "now",
    previous: IndexedCorpus | None = None,
    mmap: bool = True,
) -> IndexedCorpus:
    """The index of a knowledge folder: loaded if persisted and current, else built and saved.

    ``rebuild`` forces every file to be read again; ``cache_dir`` overrides
    ``[index] cache_dir``; ``loader`` replaces ``briefbot.ingest``'s reading
    (and then every file is read). ``verify="now"`` checks a loaded index's
    checksums before returning it and rebuilds (with a warning) on a
    mismatch; ``"later"`` returns at once with the check in
    ``IndexedCorpus.verification`` (``start()`` it, or ask its ``result()``,
    in the process that serves). ``previous`` is an index this process
    built or verified: the build starts from it instead of the one on disk.
    ``mmap=False`` reads a loaded index's arrays into this process's memory
    instead of mapping them (the builder, whose splices read every array).
    A failure to *write* the index (read-only disk) is logged and the
    freshly built index is served anyway.
    """
    knowledge = Path(knowledge)
    root = cache_root(knowledge, settings, cache_dir)
    basis = index_basis(settings)
    current = previous
    trusted_current = previous is not None
    if current is None and not rebuild:
        try:
            current = load_current(root, settings, mmap=mmap)
        except IndexError_ as exc:
            expected = "no index yet" in str(exc)
            log.log(logging.INFO if expected else logging.WARNING, "building the index: %s", exc)
    if current is not None and current.basis != basis:
        log.info("building the index: settings or briefbot changed since the last one")
        current = None
    stamps, records = read_files(current) if current is not None else ({}, ())
    scan = scan_folder(knowledge, stamps)
    key = _key(basis, scan)
    if current is not None and current.key == key and not rebuild:
        if trusted_current:
            return current
        assert current.directory is not None
        if verify == "later":
            current.verification = Verification(current.directory)
            return current
        problems = verify_index(current.directory)
        if not problems:
            return current
        log.warning("index files do not match their checksums (%s): rebuilding",
                    "; ".join(problems[:5]))
        current, records = None, ()
    elif current is not None and not trusted_current and current.directory is not None:
        # Splicing copies the old index's arrays: they must be the ones that were written.
        problems = verify_index(current.directory)
        if problems:
            log.warning("index files do not match their checksums (%s): reading every file",
                        "; ".join(problems[:5]))
            current, records = None, ()
    started = time.perf_counter()
    loader = loader or _default_loader
    if loader is not None:
        indexed = build_index(loader([knowledge], settings), settings, key=key)
        parsed = len(indexed.corpus.reports)
    else:
        indexed, parsed = _build_from_files(knowledge, settings, key, scan,
                                            None if rebuild else current, records)
    indexed.basis = basis
    indexed.stamps = dict(scan.stamps)
    log.info("indexed %d passages of %d briefings in %.2fs (%d file(s) read, %d reused)",
             len(indexed.corpus.passages), len(indexed.corpus.briefings),
             time.perf_counter() - started, parsed,
             max(0, len(indexed.corpus.reports) - parsed))
    try:
        indexed.directory = save_index(indexed, root, settings)
    except OSError as exc:
        log.warning("could not save the index in %s (%s); serving it from memory", root, exc)
    return indexed


def _build_workers() -> int:
    """Processes to parse a large folder with: one per CPU this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _build_from_files(
    knowledge: Path,
    settings: Settings,
    key: str,
    scan: FolderScan,
    current: IndexedCorpus | None,
    records: Sequence[FileRecord],
) -> tuple[IndexedCorpus, int]:
    """Ingest the folder (unchanged files from ``current``) and index it: spliced when possible."""
    # Imported here: ingestion and splicing are only needed when the index must be rebuilt.
    from ..ingest.loader import ingest
    from .splice import splice

    previous = {r.file: r for r in records} if current is not None else None
    # A first build has each file made ready for the index where it is parsed
    # (a worker process): its passages never come back as records.
    first = current is None and settings.index.engine != "rank_bm25"
    ready = CorpusTerms()
    done = ingest([knowledge], settings, previous=previous, digests=scan.digest_of,
                  workers=_build_workers(), prepare=index_file if first else None,
                  receive=ready.add if first else None, keep_passages=not first)
    spliced = None
    if first:
        indexed = build_from_files(done.briefings, done.reports, ready, settings, key=key)
        indexed.records = done.records
        return indexed, done.parsed
    if current is not None and any(isinstance(s, int) for s in done.sources):
        spliced = splice(current.bm25, current.columns, current.sentences,
                         np.asarray(current.passage_briefing), len(current.corpus.briefings),
                         done.briefings, done.sources, settings)
    if spliced is None:
        passages: list[Passage] = []
        if current is not None:
            ranges = current.briefing_passages()
            old = current.corpus.passages
        for source in done.sources:
            passages.extend(source if not isinstance(source, int)
                            else (old[int(i)] for i in ranges[source]))
        corpus = Corpus(briefings=done.briefings, passages=tuple(passages), reports=done.reports)
        indexed = build_index(corpus, settings, key=key)
    else:
        corpus = Corpus.model_construct(briefings=done.briefings,
                                        passages=LazyPassages(spliced.columns),
                                        reports=done.reports)
        indexed = IndexedCorpus(corpus=corpus, bm25=spliced.bm25,
                                passage_briefing=spliced.passage_briefing, key=key,
                                columns=spliced.columns, sentences=spliced.sentences)
    indexed.records = done.records
    if current is not None:
        indexed.records_json = current.records_json
    return indexed, done.parsed
