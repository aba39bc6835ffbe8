"""Passages stored column by column, read back lazily.

Validating a hundred thousand passages from JSON into pydantic records costs
seconds at start-up; the answer engine then reads a few dozen of them per
question. So the persisted index keeps each passage field as a column:

``passage_text.bin`` + ``passage_text_offsets.npy``
    every text, UTF-8, back to back; offsets (int64, n + 1) in bytes.
``passage_order.npy`` (int64), ``passage_span.npy`` (int64, n x 4)
    the order within the briefing and the four span numbers.
``passage_speaker.npy``, ``passage_label.npy``, ``passage_section.npy`` (int32)
    codes into the string tables of ``columns.json``; -1 stands for None.
``passage_role.npy`` (int8)
    codes into the role table of ``columns.json``.
``passage_kind.npy`` (int8)
    0 for a verbatim passage, 1 for a summary.
``passage_pages.npy`` (int32, n x 2)
    codes of the first and last page label into the ``pages`` table of
    ``columns.json``; -1 for an unpaged passage.
``passage_id.bin`` + ``passage_id_offsets.npy``
    only when some passage id is not ``<briefing id>#<order>``.

The briefing of each passage is ``passage_briefing.npy`` (written by the
store). :class:`PassageColumns` holds the arrays (memory-mapped when loaded)
and :class:`LazyPassages` is the read-only sequence over them that builds a
:class:`~briefbot.models.Passage` only when one is indexed. The data was
validated when it was written, so records are built without validating
again (:func:`trusted`, what ``model_construct`` does, faster).
"""

from __future__ import annotations

import dataclasses
import json
import mmap
import os
import threading
import zlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar, overload

import numpy as np
from pydantic import BaseModel

from ..errors import IndexError_
from ..models import Briefing, Passage, Role, Span, Speaker

__all__ = ["LazyPassages", "PassageColumns", "COLUMN_FILES", "SpeakerPassages", "TextCheck",
           "trusted"]

M = TypeVar("M", bound=BaseModel)

_TABLES = "columns.json"
_TEXT, _TEXT_OFFSETS = "passage_text.bin", "passage_text_offsets.npy"
_IDS, _ID_OFFSETS = "passage_id.bin", "passage_id_offsets.npy"
_INT_COLUMNS = {
    "order": ("passage_order.npy", np.int64),
    "span": ("passage_span.npy", np.int64),
    "speaker": ("passage_speaker.npy", np.int32),
    "label": ("passage_label.npy", np.int32),
    "section": ("passage_section.npy", np.int32),
    "role": ("passage_role.npy", np.int8),
    "kind": ("passage_kind.npy", np.int8),
    "pages": ("passage_pages.npy", np.int32),
}
_SHAPES = {"span": 4, "pages": 2}  # columns with more than one number per passage
_KINDS = ("verbatim", "summary")
COLUMN_FILES = (_TABLES, _TEXT, _TEXT_OFFSETS, *(name for name, _ in _INT_COLUMNS.values()))
"""Files every persisted index holds (the id files only when ids are irregular)."""
RECENT_PASSAGES = 16_384
"""Passage records a :class:`LazyPassages` keeps after building them (a few MB)."""
_ROLES = tuple(Role)
_ENCODING_ERRORS = "surrogatepass"  # any str round-trips, even a lone surrogate


def _codes(values: Sequence[str | None]) -> tuple[np.ndarray, list[str]]:
    """Int32 codes (-1 for None) and the table of distinct strings, in first-seen order."""
    table: dict[str, int] = {}
    codes = np.fromiter(
        (-1 if v is None else table.setdefault(v, len(table)) for v in values),
        dtype=np.int32, count=len(values),
    )
    return codes, list(table)


def _blob(values: Sequence[str]) -> tuple[bytes, np.ndarray]:
    encoded = [v.encode("utf-8", _ENCODING_ERRORS) for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    return b"".join(encoded), offsets


def _stack(arrays: Sequence[np.ndarray], width: int | None, dtype: type) -> np.ndarray:
    """Arrays of one column, one after the other (rows of ``width`` numbers when given)."""
    shape = (-1, width) if width else (-1,)
    if not arrays:
        return np.zeros((0, width) if width else (0,), dtype=dtype)
    return np.concatenate([np.asarray(a, dtype=dtype).reshape(shape) for a in arrays])


@dataclasses.dataclass(eq=False)
class PassageColumns:
    """Every passage field as an array (or a byte blob plus offsets)."""

    briefing_ids: Sequence[str]  # id of each briefing, indexed by passage_briefing
    passage_briefing: np.ndarray
    text: bytes | mmap.mmap
    text_offsets: np.ndarray
    order: np.ndarray
    span: np.ndarray
    speaker: np.ndarray
    label: np.ndarray
    section: np.ndarray
    role: np.ndarray
    kind: np.ndarray
    pages: np.ndarray
    speakers: list[str]
    labels: list[str]
    sections: list[str]
    page_labels: list[str]
    ids: bytes | mmap.mmap | None = None  # None: every id is '<briefing id>#<order>'
    id_offsets: np.ndarray | None = None

    def __len__(self) -> int:
        return int(self.order.shape[0])

    # -- building -----------------------------------------------------------

    @classmethod
    def from_passages(
        cls, passages: Sequence[Passage], briefing_ids: Sequence[str], owner: np.ndarray
    ) -> PassageColumns:
        """Columns of passages whose briefings are ``briefing_ids[owner[i]]``."""
        n = len(passages)
        text, text_offsets = _blob([p.text for p in passages])
        speaker, speakers = _codes([p.speaker_id for p in passages])
        label, labels = _codes([p.speaker_label for p in passages])
        section, sections = _codes([p.section for p in passages])
        role_code = {role: i for i, role in enumerate(_ROLES)}
        role = np.fromiter((role_code[Role(p.role)] for p in passages), dtype=np.int8, count=n)
        kind = np.fromiter((_KINDS.index(p.kind) for p in passages), dtype=np.int8, count=n)
        page_codes, page_labels = _codes(
            [label for p in passages for label in (p.pages or (None, None))]
        )
        order = np.fromiter((p.order for p in passages), dtype=np.int64, count=n)
        span = np.array(
            [(p.span.line_start, p.span.line_end, p.span.char_start, p.span.char_end)
             for p in passages],
            dtype=np.int64,
        ).reshape(n, 4)
        regular = all(p.id == f"{briefing_ids[int(b)]}#{p.order}"
                      for p, b in zip(passages, owner.tolist(), strict=True))
        ids, id_offsets = (None, None) if regular else _blob([p.id for p in passages])
        return cls(
            briefing_ids=briefing_ids, passage_briefing=np.asarray(owner, dtype=np.int32),
            text=text, text_offsets=text_offsets, order=order, span=span,
            speaker=speaker, label=label, section=section, role=role, kind=kind,
            pages=page_codes.reshape(n, 2), speakers=speakers, labels=labels, sections=sections,
            page_labels=page_labels, ids=ids, id_offsets=id_offsets,
        )

    @classmethod
    def join(
        cls,
        parts: Sequence[PassageColumns],
        briefing_ids: Sequence[str],
        owner: np.ndarray,
        text: bytes | None = None,
    ) -> PassageColumns:
        """The columns of several parts' passages in turn: what :meth:`from_passages` makes
        of all of them at once (string tables in first-seen order, ids regular or not).
        Passage i's briefing is ``briefing_ids[owner[i]]``. ``text``: the parts' texts
        already joined (theirs are then not read)."""
        n = int(owner.shape[0])
        text_offsets = np.zeros(n + 1, dtype=np.int64)
        if parts:
            np.cumsum(np.concatenate([np.diff(p.text_offsets) for p in parts]),
                      out=text_offsets[1:])
        plain = {field: _stack([getattr(p, field) for p in parts], _SHAPES.get(field), dtype)
                 for field, (_, dtype) in _INT_COLUMNS.items()
                 if field in ("order", "span", "role", "kind")}
        coded = {}
        for field, name in (("speaker", "speakers"), ("label", "labels"),
                            ("section", "sections"), ("pages", "page_labels")):
            table: dict[str, int] = {}
            pieces = []
            for part in parts:
                names = getattr(part, name)
                mapping = np.fromiter((table.setdefault(v, len(table)) for v in names),
                                      dtype=np.int64, count=len(names))
                codes = np.asarray(getattr(part, field), dtype=np.int64)
                pieces.append(np.where(codes >= 0, mapping[np.maximum(codes, 0)], -1)
                              if mapping.size else codes)
            coded[field] = (_stack(pieces, _SHAPES.get(field), np.int32), list(table))
        ids = id_offsets = None
        if any(p.ids is not None for p in parts):
            ids, id_offsets = _blob([p.passage(i).id for p in parts for i in range(len(p))])
        return cls(
            briefing_ids=briefing_ids, passage_briefing=np.asarray(owner, dtype=np.int32),
            text=text if text is not None else b"".join(bytes(p.text) for p in parts),
            text_offsets=text_offsets,
            order=plain["order"], span=plain["span"], role=plain["role"], kind=plain["kind"],
            speaker=coded["speaker"][0], speakers=coded["speaker"][1],
            label=coded["label"][0], labels=coded["label"][1],
            section=coded["section"][0], sections=coded["section"][1],
            pages=coded["pages"][0], page_labels=coded["pages"][1],
            ids=ids, id_offsets=id_offsets,
        )

    # -- persistence ----------------------------------------------------------

    def save(self, directory: Path, write_bytes: Any, write_array: Any) -> None:
        """Write the columns with the store's fsyncing writers (``passage_briefing`` excluded)."""
        write_bytes(directory / _TEXT, bytes(self.text))
        write_array(directory / _TEXT_OFFSETS, self.text_offsets)
        for field, (name, dtype) in _INT_COLUMNS.items():
            write_array(directory / name, np.asarray(getattr(self, field), dtype=dtype))
        if self.ids is not None and self.id_offsets is not None:
            write_bytes(directory / _IDS, bytes(self.ids))
            write_array(directory / _ID_OFFSETS, self.id_offsets)
        tables = {
            "passages": len(self),
            "speakers": self.speakers,
            "labels": self.labels,
            "sections": self.sections,
            "roles": [r.value for r in _ROLES],
            "kinds": list(_KINDS),
            "pages": self.page_labels,
            "text_crc32": zlib.crc32(self.text),
            "regular_ids": self.ids is None,
        }
        write_bytes(directory / _TABLES, json.dumps(tables, ensure_ascii=False).encode("utf-8"))

    @classmethod
    def load(
        cls, directory: Path, briefing_ids: Sequence[str], owner: np.ndarray, *, mmap_arrays: bool,
        text_check: list[TextCheck] | None = None,
    ) -> PassageColumns:
        """Read columns written by :meth:`save`; IndexError_ if anything does not fit.

        The passage text's checksum is compared before returning, unless
        ``text_check`` is given: then the comparison is started on a thread and
        appended to it, and the caller must :meth:`TextCheck.confirm` it before
        the columns are used.
        """
        mode = "r" if mmap_arrays else None
        try:
            tables = json.loads((directory / _TABLES).read_text(encoding="utf-8"))
            n = int(tables["passages"])
            arrays = {field: np.load(directory / name, mmap_mode=mode, allow_pickle=False)
                      for field, (name, _) in _INT_COLUMNS.items()}
            text_offsets = np.load(directory / _TEXT_OFFSETS, mmap_mode=mode, allow_pickle=False)
            text = _read_blob(directory / _TEXT)
            ids = id_offsets = None
            if not tables["regular_ids"]:
                ids = _read_blob(directory / _IDS)
                id_offsets = np.load(directory / _ID_OFFSETS, mmap_mode=mode, allow_pickle=False)
            roles = tables["roles"]
            speakers, labels, sections = tables["speakers"], tables["labels"], tables["sections"]
            page_labels, kinds = tables["pages"], tables["kinds"]
            crc = int(tables["text_crc32"])
        except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:
            raise IndexError_(f"corrupt passage columns in {directory}: {exc}") from None
        if roles != [r.value for r in _ROLES] or kinds != list(_KINDS):
            raise IndexError_(f"passage roles or kinds in {directory} are from another version")
        _check(directory, "text offsets", text_offsets, np.int64, (n + 1,))
        for field, (name, dtype) in _INT_COLUMNS.items():
            shape = (n, _SHAPES[field]) if field in _SHAPES else (n,)
            _check(directory, name, arrays[field], dtype, shape)
        if owner.shape != (n,):
            raise IndexError_(f"passage columns in {directory} do not match the index")
        _check_offsets(directory, "text", text_offsets, len(text))
        check = TextCheck(directory, text, crc)
        if text_check is None:
            check.confirm()
        else:
            text_check.append(check.start())
        if ids is not None:
            _check(directory, "id offsets", id_offsets, np.int64, (n + 1,))
            _check_offsets(directory, "id", id_offsets, len(ids))
        for field, table in (("speaker", speakers), ("label", labels), ("section", sections),
                             ("role", roles), ("kind", kinds), ("pages", page_labels)):
            codes = arrays[field]
            if n and (int(codes.min()) < -1 or int(codes.max()) >= len(table)
                      or (field in ("role", "kind") and int(codes.min()) < 0)):
                raise IndexError_(f"passage {field} codes in {directory} are out of range")
        # Plain ndarray views of the maps: still backed by the file, without
        # np.memmap's per-access overhead (it dominates reading one element).
        arrays = {field: array.view(np.ndarray) for field, array in arrays.items()}
        return cls(
            briefing_ids=briefing_ids, passage_briefing=owner.view(np.ndarray), text=text,
            text_offsets=text_offsets.view(np.ndarray), speakers=speakers, labels=labels,
            sections=sections, page_labels=page_labels, ids=ids,
            id_offsets=None if id_offsets is None else id_offsets.view(np.ndarray), **arrays,
        )

    # -- records ----------------------------------------------------------------

    def role_of(self, i: int) -> Role:
        """The role of passage i's speaker (no record built)."""
        return _ROLES[int(self.role[i])]

    def text_of(self, i: int) -> str:
        """The display text of passage i (no record built)."""
        start, end = self.text_offsets[i : i + 2].tolist()
        return self.text[start:end].decode("utf-8", _ENCODING_ERRORS)

    def texts(self) -> Iterator[str]:
        """Every passage text in order (no records built)."""
        text, bounds = self.text, self.text_offsets.tolist()
        for start, end in zip(bounds, bounds[1:]):
            yield text[start:end].decode("utf-8", _ENCODING_ERRORS)

    def passage(self, i: int) -> Passage:
        """Passage i as a record, built from trusted stored data."""
        briefing_id = self.briefing_ids[int(self.passage_briefing[i])]
        order = int(self.order[i])
        if self.ids is None or self.id_offsets is None:
            pid = f"{briefing_id}#{order}"
        else:
            start, end = self.id_offsets[i : i + 2].tolist()
            pid = self.ids[start:end].decode("utf-8", _ENCODING_ERRORS)
        line_start, line_end, char_start, char_end = self.span[i].tolist()
        speaker, label, section = int(self.speaker[i]), int(self.label[i]), int(self.section[i])
        first, last = self.pages[i].tolist()
        return trusted(Passage, {
            "id": pid,
            "briefing_id": briefing_id,
            "speaker_id": None if speaker < 0 else self.speakers[speaker],
            "speaker_label": None if label < 0 else self.labels[label],
            "role": _ROLES[int(self.role[i])],
            "section": None if section < 0 else self.sections[section],
            "text": self.text_of(i),
            "order": order,
            "span": trusted(Span, {"line_start": line_start, "line_end": line_end,
                                   "char_start": char_start, "char_end": char_end}),
            "kind": _KINDS[int(self.kind[i])],
            "pages": None if first < 0 else (self.page_labels[first], self.page_labels[last]),
        })


def trusted(cls: type[M], values: dict[str, Any]) -> M:
    """``cls.model_construct(**values)`` for a complete set of already validated fields.

    ``values`` must name every field of ``cls``. For the plain records here
    (no aliases, no post-init hook, no private attributes) this sets exactly
    what ``model_construct`` sets, without its per-field Python loop, which
    costs more than everything else in building a passage. Any other model
    goes through ``model_construct``.
    """
    if cls not in _PLAIN:
        return cls.model_construct(**values)
    record = cls.__new__(cls)
    _set(record, "__dict__", values)
    _set(record, "__pydantic_fields_set__", set(values))
    _set(record, "__pydantic_extra__", None)
    _set(record, "__pydantic_private__", None)
    return record


def _plain(cls: type[BaseModel]) -> bool:
    return (
        not cls.__pydantic_post_init__
        and not cls.__private_attributes__
        and not cls.__pydantic_root_model__
        and cls.model_config.get("extra") != "allow"
        and all(f.alias is None and f.validation_alias is None
                for f in cls.model_fields.values())
    )


_set = object.__setattr__
_PLAIN = frozenset(c for c in (Passage, Span, Speaker, Briefing) if _plain(c))


class SpeakerPassages(Mapping[tuple[int, str], np.ndarray]):
    """(briefing index, speaker id) -> the ascending indices of that speaker's passages there.

    Read from the speaker and briefing columns: the passages are sorted once
    by (briefing, speaker code) and a key is found by a binary search over
    the groups, so no dict of every pair is made (~87,000 at 1M passages,
    most never asked for). Passages without a participant are left out.
    """

    def __init__(self, speaker: np.ndarray, owner: np.ndarray, speakers: Sequence[str]) -> None:
        codes = np.asarray(speaker, dtype=np.int64)
        ids = np.flatnonzero(codes >= 0)
        self._width = width = max(len(speakers), 1)
        group = np.asarray(owner, dtype=np.int64)[ids] * width + codes[ids]
        order = np.argsort(group, kind="stable")
        self._ids, group = ids[order], group[order]
        starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if ids.size else ids
        self._groups = group[starts]
        self._bounds = np.r_[starts, ids.size]
        self._names = speakers
        self._code = {name: code for code, name in enumerate(speakers)}

    def __getitem__(self, key: tuple[int, str]) -> np.ndarray:
        try:
            briefing, speaker_id = key
            code = self._code.get(speaker_id)
            wanted = int(briefing) * self._width + (code if code is not None else -1)
        except (TypeError, ValueError):
            raise KeyError(key) from None
        at = int(np.searchsorted(self._groups, wanted))
        if code is None or briefing < 0 or at == self._groups.size or self._groups[at] != wanted:
            raise KeyError(key)
        return self._ids[self._bounds[at] : self._bounds[at + 1]]

    def __iter__(self) -> Iterator[tuple[int, str]]:
        width, names = self._width, self._names
        return ((group // width, names[group % width]) for group in self._groups.tolist())

    def __len__(self) -> int:
        return int(self._groups.size)


class TextCheck:
    """The passage text's CRC-32 compared with the one :meth:`PassageColumns.save` wrote.

    At a million passages the text is ~570 MB and its CRC takes ~0.15 s.
    zlib computes it without holding the GIL, so a load can start it on a
    thread and parse the briefings meanwhile (on a second core), then
    :meth:`confirm` it before anything is answered: the load is then sound
    exactly as if the check had run first.
    """

    def __init__(self, directory: Path, text: bytes | mmap.mmap, expected: int) -> None:
        self._directory = directory
        self._text = text
        self._expected = expected
        self._found: int | None = None
        self._thread: threading.Thread | None = None

    def _run(self) -> None:
        self._found = zlib.crc32(self._text)

    def start(self) -> TextCheck:
        """Compute the checksum on a background thread."""
        self._thread = threading.Thread(target=self._run, name="briefbot-text-crc", daemon=True)
        self._thread.start()
        return self

    def confirm(self) -> None:
        """Wait for the checksum (computing it here if not started); IndexError_ if it differs."""
        if self._thread is None:
            self._run()
        else:
            self._thread.join()
        if self._found != self._expected:
            raise IndexError_(f"passage texts in {self._directory} are damaged (checksum)")


def _read_blob(path: Path) -> bytes | mmap.mmap:
    """A byte file, memory-mapped (an empty file cannot be mapped: b'')."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size == 0:
            return b""
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def _check(directory: Path, what: str, array: Any, dtype: Any, shape: tuple[int, ...]) -> None:
    if not isinstance(array, np.ndarray) or array.dtype != dtype or array.shape != shape:
        raise IndexError_(f"passage column {what} in {directory} has the wrong shape or type")


def _check_offsets(directory: Path, what: str, offsets: np.ndarray, size: int) -> None:
    if int(offsets[0]) != 0 or int(offsets[-1]) != size or bool(np.any(np.diff(offsets) < 0)):
        raise IndexError_(f"passage {what} offsets in {directory} are inconsistent")


class LazyPassages(Sequence[Passage]):
    """A read-only sequence of passages that builds each record only when indexed.

    Behaves like the tuple it replaces: ``len``, indexing (negative too),
    slices (a tuple), iteration, ``==`` with any sequence of passages.
    """

    __slots__ = ("_columns", "_recent")

    def __init__(self, columns: PassageColumns):
        self._columns = columns
        # Records recently read by index. The engine reads the same few dozen
        # candidates several times per question; building one costs ~20-50 µs.
        # Records are immutable, so sharing them across threads is safe, and a
        # lost race only builds one twice.
        self._recent: dict[int, Passage] = {}

    @property
    def columns(self) -> PassageColumns:
        """The arrays behind the records."""
        return self._columns

    def __len__(self) -> int:
        return len(self._columns)

    @overload
    def __getitem__(self, index: int) -> Passage: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Passage, ...]: ...

    def __getitem__(self, index: int | slice) -> Passage | tuple[Passage, ...]:
        if isinstance(index, slice):
            return tuple(self._columns.passage(i) for i in range(*index.indices(len(self))))
        try:
            i = int(index.__index__())
        except AttributeError:
            raise TypeError(f"passage indices must be integers, not {type(index).__name__}") from None
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("passage index out of range")
        found = self._recent.get(i)
        if found is None:
            if len(self._recent) >= RECENT_PASSAGES:
                self._recent = {}  # start afresh: cheaper than tracking use order
            found = self._recent[i] = self._columns.passage(i)
        return found

    def __iter__(self) -> Iterator[Passage]:
        passage = self._columns.passage
        for i in range(len(self)):
            yield passage(i)

    def texts(self) -> Iterator[str]:
        """Every passage text, in order, without building records."""
        return self._columns.texts()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyPassages) and other._columns is self._columns:
            return True
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LazyPassages({len(self)} passages)"
