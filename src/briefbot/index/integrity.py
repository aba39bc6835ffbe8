"""Checksums of a persisted index: written at build time, verified after load.

Every file of an index directory (each ``.npy`` array, each JSON file, the
passage text blob, the manifest) gets a 128-bit XXH3 digest in
``checksums.json``, written last, once every other file is complete. A
flipped byte anywhere — in an array, the vocabulary, the manifest or the
checksums file itself — makes :func:`verify_index` name the file.

The digests guard against damage (a torn write, a bad disk, a copy cut
short), not against someone forging an index, so they need no cryptographic
hash: XXH3 (the ``xxhash`` package) reads ~20 GB/s where BLAKE2b reads
well under 1, and the builder hashes the whole index at every change under
``serve`` (167 MB at 100k passages: ~0.4 CPU-s with BLAKE2b). A
``checksums.json`` written with BLAKE2b by an earlier version is still
verified with BLAKE2b.

Hashing a large index takes a noticeable fraction of a second, so a server
need not wait for it: :class:`Verification` runs it beside the answering
(on a background thread, or on the thread that asks for its result; hashlib
releases the GIL), and the caller rebuilds on a mismatch. A check is run by
the process that asks: a thread started before a fork does not exist in
the child, so a forked worker runs its own.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import xxhash

__all__ = ["CHECKSUMS", "write_checksums", "verify_index", "Verification"]

log = logging.getLogger(__name__)

CHECKSUMS = "checksums.json"
_ALGORITHM = "xxh3_128"
# Digest constructors by the name a checksums file gives: the current one, and
# the one of indexes written before it.
_HASHES: dict[str, Callable[[], Any]] = {"xxh3_128": xxhash.xxh3_128, "blake2b": hashlib.blake2b}


def _digest(path: Path, algorithm: str = _ALGORITHM) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, _HASHES[algorithm]).hexdigest()


def _listing_digest(listing: str, algorithm: str) -> str:
    digest = _HASHES[algorithm]()
    digest.update(listing.encode())
    return str(digest.hexdigest())


def _files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.is_file() and p.name != CHECKSUMS)


def write_checksums(directory: Path) -> None:
    """Write ``checksums.json``: one digest per file now in ``directory`` (fsynced)."""
    files = {p.name: _digest(p) for p in _files(directory)}
    body = {"algorithm": _ALGORITHM, "files": files}
    # The file's own digest, over its listing, so a flip in it is caught too.
    listing = json.dumps(body, sort_keys=True)
    body["self"] = _listing_digest(listing, _ALGORITHM)
    with open(directory / CHECKSUMS, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(body, indent=1, sort_keys=True))
        handle.flush()
        os.fsync(handle.fileno())


def verify_index(directory: Path) -> list[str]:
    """What does not match in ``directory``: a file name with a reason each; [] when sound."""
    try:
        body = json.loads((directory / CHECKSUMS).read_text(encoding="utf-8"))
        files = body["files"]
        claimed = body["self"]
        algorithm = body["algorithm"]
        listing = json.dumps({"algorithm": algorithm, "files": files}, sort_keys=True)
        if algorithm not in _HASHES or not isinstance(files, dict):
            return [f"{CHECKSUMS}: unknown layout"]
    except FileNotFoundError:
        return [f"{CHECKSUMS}: missing"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"{CHECKSUMS}: unreadable ({type(exc).__name__})"]
    if _listing_digest(listing, algorithm) != claimed:
        return [f"{CHECKSUMS}: does not match its own digest"]
    problems: list[str] = []
    present = {p.name for p in _files(directory)}
    for name in sorted(set(files) | present):
        if name not in files:
            problems.append(f"{name}: not listed in {CHECKSUMS}")
        elif name not in present:
            problems.append(f"{name}: missing")
        else:
            try:
                if _digest(directory / name, algorithm) != files[name]:
                    problems.append(f"{name}: checksum mismatch")
            except OSError as exc:
                problems.append(f"{name}: unreadable ({exc.strerror})")
    return problems


class Verification:
    """``verify_index`` of one directory, run once per process when first needed."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._thread: threading.Thread | None = None
        self._problems: list[str] | None = None

    def start(self) -> Verification:
        """Run the check on a background thread of this process (no-op if already running)."""
        with self._lock:
            if self._pid != os.getpid():
                self._pid, self._problems = os.getpid(), None
                self._thread = threading.Thread(
                    target=self._run, name="briefbot-verify-index", daemon=True
                )
                self._thread.start()
        return self

    def _run(self) -> None:
        try:
            problems = verify_index(self.directory)
        except Exception as exc:  # noqa: BLE001 - an unverifiable index counts as unsound
            problems = [f"verification failed: {type(exc).__name__}"]
        self._problems = problems

    @property
    def passed(self) -> bool:
        """Whether this process's check has finished and found nothing (never blocks)."""
        return self._pid == os.getpid() and self._problems == [] and (
            self._thread is None or not self._thread.is_alive())

    def result(self, timeout: float | None = None) -> list[str] | None:
        """The problems found ([] when sound), starting the check if needed.

        None if it has not finished within ``timeout`` seconds.
        """
        self.start()
        thread = self._thread
        assert thread is not None
        thread.join(timeout)
        if thread.is_alive():
            return None
        return list(self._problems or [])
