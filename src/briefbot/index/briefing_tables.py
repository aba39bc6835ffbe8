"""Per-briefing tables made when an index is saved, so that no process makes them at start-up.

The answer engine reads a few tables over all briefings (``search.tables``):
the briefings holding each meta term (title, series, host, place,
categories, year), each host's folded name, each category's briefings, each
briefing's day, folded ids and titles, and the capitalised runs of each
briefing's opening passage (where a host's acronym is defined). Making them
is a Python pass over every briefing — ~0.3 s at 25,000 briefings (1M
passages) — which every serving process, and the master at every change
under ``serve``, used to pay. Here they are made once, by whoever saves the
index, from the briefings and passage columns being saved, and read back as
arrays (memory-mapped) and one small JSON file.

Because they are made from what is saved, an index spliced from the previous
one (``splice.py``) gets exactly the tables a full build of the same files
gets. The store's format number covers this layout.

Files::

    briefing_tables.json        the string tables, the opening runs, the length of each
                                part of the numbers, each array file's CRC-32
    briefing_numbers.npy        int64, one after the other: per meta term the start of its
                                briefings, the briefings of each meta term (ascending), the
                                same two for folded categories, per briefing its folded
                                host's code, its host's code as written, its ordinal day
                                (-1: undated)
    briefing_folded_ids.npy     unicode, per briefing its folded id
    briefing_folded_titles.npy  unicode, per briefing its folded title

Few files, because the builder under ``serve`` writes (and fsyncs) every one
of them at every change.
"""

from __future__ import annotations

import dataclasses
import json
import mmap
import re
import threading
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, overload

import numpy as np

from ..errors import IndexError_
from ..models import Briefing
from ..text import fold
from .tokenize import tokenize

__all__ = ["BriefingTables", "CAPITALISED_RUN", "MetaTerms", "TABLE_FILES", "briefing_terms"]

_JSON = "briefing_tables.json"
_NUMBERS = "briefing_numbers.npy"
_NUMBER_FIELDS = ("meta_ptr", "meta_ids", "category_ptr", "category_ids", "org_codes",
                  "host_codes", "dates")
_STRINGS = {"folded_ids": "briefing_folded_ids.npy",
            "folded_titles": "briefing_folded_titles.npy"}
TABLE_FILES = (_JSON, _NUMBERS, *_STRINGS.values())
"""Every file the tables are saved in."""

# Function words and name particles that stand inside capitalised names ("Bank of
# England", "Banco del Estado"): English grammar and common name particles.
JOINERS = r"(?:of|and|for|the|on|in|de|du|del|der|van|von|al|&)"
CAPITALISED = r"[A-Z][\w'’.-]*"
# A run of two or more capitalised words, small joining words allowed between
# them (where acronyms are learnt from: ``search.acronyms``). A run starts at a
# capital with no word character before it (``\b[A-Z]``), written as the capital
# then a look back at it so that the pattern opens with a character set: the
# regex engine then skips to the next capital instead of trying every position.
CAPITALISED_RUN = re.compile(
    rf"[A-Z](?<=\b[A-Z])[\w'’.-]*(?:\s+(?:{JOINERS}\s+){{0,2}}{CAPITALISED})+"
)


def briefing_terms(briefing: Briefing) -> frozenset[str]:
    """The terms of a briefing's title, series, host, place, categories and year."""
    parts = [briefing.title, briefing.series or "", briefing.organization or "",
             briefing.location or ""]
    parts += list(briefing.categories)
    terms = set(tokenize(" ".join(parts)))
    if briefing.date is not None:
        terms.add(str(briefing.date.year))
    return frozenset(terms)


class MetaTerms(Sequence[frozenset[str]]):
    """Per briefing, its :func:`briefing_terms`, each made on first read and kept.

    A briefing's terms are read from the tables' meta-term postings turned
    around (briefing -> term numbers, one stable sort of the postings, ~10 ms
    at 25,000 briefings): the same set, without tokenizing (an event lookup
    may read the terms of thousands of briefings).
    """

    def __init__(self, tables: BriefingTables):
        self._made: list[frozenset[str] | None] = [None] * tables.n_briefings
        holders = np.asarray(tables.meta_ids)
        order = np.argsort(holders, kind="stable")  # by briefing, terms in term order
        term_of = np.repeat(np.arange(len(tables.meta_terms)), np.diff(tables.meta_ptr))
        self._term_ids = term_of[order]
        self._ptr = np.searchsorted(holders[order],
                                    np.arange(tables.n_briefings + 1)).tolist()
        self._terms = tables.meta_terms

    def __len__(self) -> int:
        return len(self._made)

    @overload
    def __getitem__(self, index: int) -> frozenset[str]: ...

    @overload
    def __getitem__(self, index: slice) -> list[frozenset[str]]: ...

    def __getitem__(self, index: int | slice) -> frozenset[str] | list[frozenset[str]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        found = self._made[index]  # IndexError beyond the end, as a list's
        if found is None:
            # A race makes the same set twice; either may be kept.
            at = range(len(self._made))[index]
            ids = self._term_ids[self._ptr[at] : self._ptr[at + 1]].tolist()
            found = self._made[index] = frozenset(map(self._terms.__getitem__, ids))
        return found


class _Memo:
    """What the last :meth:`BriefingTables.build` in this process made, by value.

    Under ``serve`` the builder saves an index at every change, and all but a
    briefing or two are what they were at the previous save: their meta terms,
    opening runs and folded strings are taken from the last build instead of
    made again (each is a function of its key alone: the same values). Only
    the last build's are kept, so the memo never outgrows one corpus.
    """

    _lock = threading.Lock()
    _last: tuple[dict, dict, dict] = ({}, {}, {})

    def __init__(self) -> None:
        with self._lock:
            self._old = _Memo._last
        self._new: tuple[dict, dict, dict] = ({}, {}, {})

    def _get(self, table: int, key: object, make: Callable[[], object]) -> Any:
        found = self._new[table].get(key, _MISSING)
        if found is _MISSING:
            found = self._old[table].get(key, _MISSING)
            if found is _MISSING:
                found = make()
            self._new[table][key] = found
        return found

    def terms(self, briefing: Briefing) -> frozenset[str]:
        """:func:`briefing_terms`, keyed by the fields it reads."""
        key = (briefing.title, briefing.series, briefing.organization, briefing.location,
               briefing.categories, briefing.date)
        return self._get(0, key, lambda: briefing_terms(briefing))

    def runs(self, text: str | None) -> list[str]:
        """The capitalised runs of an opening passage (none without one)."""
        if not text:
            return []
        return self._get(1, text, lambda: CAPITALISED_RUN.findall(text))

    def fold(self, text: str) -> str:
        """:func:`briefbot.text.fold` of a string."""
        return self._get(2, text, lambda: fold(text))

    def keep(self) -> None:
        """Keep this build's values (only) for the next build."""
        with self._lock:
            _Memo._last = self._new


_MISSING = object()


def _postings(
    holders: Iterable[Iterable[str]], *, sort: bool = False
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(keys, start per key, ascending holders) of a key list per holder; keys in first-seen
    order, or sorted."""
    found: dict[str, list[int]] = {}
    for i, keys in enumerate(holders):
        for key in keys:
            found.setdefault(key, []).append(i)
    keys = sorted(found) if sort else list(found)
    ptr = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum([len(found[k]) for k in keys], out=ptr[1:])
    ids = np.fromiter((i for k in keys for i in found[k]), dtype=np.int64, count=int(ptr[-1]))
    return keys, ptr, ids


def _codes(values: Iterable[str | None], count: int) -> tuple[list, np.ndarray]:
    """(distinct values in first-seen order, each value's code)."""
    seen: dict[str | None, int] = {}
    codes = np.fromiter((seen.setdefault(v, len(seen)) for v in values), dtype=np.int64,
                        count=count)
    return list(seen), codes


@dataclasses.dataclass(eq=False)
class BriefingTables:
    """The per-briefing tables of one index (see the module docs)."""

    n_briefings: int
    meta_terms: list[str]  # sorted, so a saved index does not depend on set order
    meta_ptr: np.ndarray
    meta_ids: np.ndarray
    categories: list[str]  # folded, first-seen order
    category_ptr: np.ndarray
    category_ids: np.ndarray
    organizations: list[str]  # folded hosts, first-seen order ('' for none)
    org_codes: np.ndarray
    hosts: list[str | None]  # hosts as written (None: none given), first-seen order
    host_codes: np.ndarray
    dates: np.ndarray
    folded_ids: np.ndarray
    folded_titles: np.ndarray
    opening_runs: list[list[str]]  # CAPITALISED_RUN matches of each briefing's first passage

    @classmethod
    def build(
        cls, briefings: Sequence[Briefing], opening: Callable[[int], str | None]
    ) -> BriefingTables:
        """The tables of ``briefings``; ``opening(i)`` is briefing i's first passage's text."""
        n = len(briefings)
        memo = _Memo()
        terms, meta_ptr, meta_ids = _postings(map(memo.terms, briefings), sort=True)
        categories, category_ptr, category_ids = _postings(
            dict.fromkeys(map(memo.fold, b.categories)) for b in briefings)
        organizations, org_codes = _codes((memo.fold(b.organization or "") for b in briefings), n)
        hosts, host_codes = _codes((b.organization for b in briefings), n)
        dates = np.fromiter((-1 if b.date is None else b.date.toordinal() for b in briefings),
                            dtype=np.int64, count=n)
        runs = [memo.runs(opening(i)) for i in range(n)]
        memo.keep()
        return cls(
            n_briefings=n, meta_terms=terms, meta_ptr=meta_ptr, meta_ids=meta_ids,
            categories=categories, category_ptr=category_ptr, category_ids=category_ids,
            organizations=organizations, org_codes=org_codes, hosts=hosts, host_codes=host_codes,
            dates=dates,
            folded_ids=np.array([memo.fold(b.id) for b in briefings] or [""], dtype=str),
            folded_titles=np.array([memo.fold(b.title) for b in briefings] or [""], dtype=str),
            opening_runs=runs,
        )

    # -- reading ----------------------------------------------------------------

    def meta_postings(self) -> dict[str, np.ndarray]:
        """Meta term -> the briefings (ascending) whose meta terms hold it."""
        ptr, ids = self.meta_ptr.tolist(), self.meta_ids
        return {t: ids[ptr[i] : ptr[i + 1]] for i, t in enumerate(self.meta_terms)}

    def category_postings(self) -> dict[str, np.ndarray]:
        """Folded category -> the briefings (ascending) holding it."""
        ptr, ids = self.category_ptr.tolist(), self.category_ids
        return {c: ids[ptr[i] : ptr[i + 1]] for i, c in enumerate(self.categories)}

    def hosts_of(self, briefings: np.ndarray) -> list[str | None]:
        """The hosts (as written) of these briefings, each once, in the order first met."""
        codes = self.host_codes[np.asarray(briefings, dtype=np.int64)]
        found, first = np.unique(codes, return_index=True)
        return [self.hosts[c] for c in found[np.argsort(first, kind="stable")].tolist()]

    # -- persistence ----------------------------------------------------------

    def save(self, directory: Path, write_bytes: Callable, write_array: Callable) -> int:
        """Write the tables with the store's fsyncing writers; return the JSON file's CRC-32."""
        numbers = [np.asarray(getattr(self, field), dtype=np.int64) for field in _NUMBER_FIELDS]
        arrays = {_NUMBERS: np.concatenate(numbers),
                  **{name: getattr(self, field) for field, name in _STRINGS.items()}}
        crcs = {}
        for name, array in arrays.items():
            write_array(directory / name, array)
            crcs[name] = zlib.crc32((directory / name).read_bytes())
        body = json.dumps({
            "briefings": self.n_briefings, "meta_terms": self.meta_terms,
            "categories": self.categories, "organizations": self.organizations,
            "hosts": self.hosts, "opening_runs": self.opening_runs,
            "numbers": {field: int(a.shape[0]) for field, a in zip(_NUMBER_FIELDS, numbers,
                                                                   strict=True)},
            "crc32": crcs,
        }, ensure_ascii=False).encode("utf-8")
        write_bytes(directory / _JSON, body)
        return zlib.crc32(body)

    @classmethod
    def load(
        cls, directory: Path, n_briefings: int, crc: int, *, mmap_arrays: bool
    ) -> BriefingTables:
        """Read tables written by :meth:`save`; IndexError_ if a file is damaged or does not fit."""
        try:
            raw = (directory / _JSON).read_bytes()
            if zlib.crc32(raw) != crc:
                raise ValueError(f"{_JSON} does not match its checksum")
            body = json.loads(raw)
            arrays = {field: _read_checked(directory / name, int(body["crc32"][name]), mmap_arrays)
                      for field, name in _STRINGS.items()}
            numbers = _read_checked(directory / _NUMBERS, int(body["crc32"][_NUMBERS]),
                                    mmap_arrays)
            sizes = [int(body["numbers"][field]) for field in _NUMBER_FIELDS]
            if numbers.ndim != 1 or min(sizes) < 0 or sum(sizes) != numbers.shape[0]:
                raise ValueError(f"{_NUMBERS} does not hold the parts its table lists")
            bounds = np.cumsum([0, *sizes]).tolist()
            for field, start, end in zip(_NUMBER_FIELDS, bounds, bounds[1:], strict=False):
                arrays[field] = numbers[start:end]
            tables = cls(
                n_briefings=int(body["briefings"]), meta_terms=body["meta_terms"],
                categories=body["categories"], organizations=body["organizations"],
                hosts=body["hosts"], opening_runs=body["opening_runs"], **arrays)
        except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:
            raise IndexError_(f"corrupt briefing tables in {directory}: {exc}") from None
        if not tables._fits(n_briefings):
            raise IndexError_(f"briefing tables in {directory} do not match the briefings")
        return tables

    def _fits(self, n: int) -> bool:
        """Whether every array has the shape and range the briefings give it."""
        per_briefing = (self.org_codes, self.host_codes, self.dates)
        if self.n_briefings != n or len(self.opening_runs) != n:
            return False
        if any(a.shape != (n,) or a.dtype != np.int64 for a in per_briefing):
            return False
        if self.folded_ids.shape != (max(n, 1),) or self.folded_titles.shape != (max(n, 1),):
            return False
        for keys, ptr, ids in ((self.meta_terms, self.meta_ptr, self.meta_ids),
                               (self.categories, self.category_ptr, self.category_ids)):
            if ptr.shape != (len(keys) + 1,) or ids.dtype != np.int64 or ptr.dtype != np.int64:
                return False
            if int(ptr[0]) != 0 or int(ptr[-1]) != ids.shape[0] or np.any(np.diff(ptr) < 0):
                return False
            if ids.size and (int(ids.min()) < 0 or int(ids.max()) >= n):
                return False
        return all(not codes.size or (int(codes.min()) >= 0 and int(codes.max()) < len(table))
                   for codes, table in ((self.org_codes, self.organizations),
                                        (self.host_codes, self.hosts)))


def _read_checked(path: Path, crc: int, mmap_arrays: bool) -> np.ndarray:
    """An array file whose bytes match ``crc`` (memory-mapped when asked)."""
    with open(path, "rb") as handle:
        if path.stat().st_size == 0:
            raise ValueError(f"{path.name} is empty")
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            if zlib.crc32(data) != crc:
                raise ValueError(f"{path.name} does not match its checksum")
    array = np.load(path, mmap_mode="r" if mmap_arrays else None, allow_pickle=False)
    return array.view(np.ndarray)
