"""What a knowledge folder holds, by content: a SHA-256 per file, read only when it may differ.

The index is keyed by what the files *say*, not when they were saved: a
file saved again with the same bytes, or a copy touched by a sync tool,
changes nothing and rebuilds nothing. Reading every file on every check
would cost a second at thousands of briefings, so each file's digest is
kept with the stat it was taken under (size, modification time in
nanoseconds, inode) — the way git's index does — and a file is read again
only when its stat differs. A digest taken less than :data:`RACY_SECONDS`
after the file's modification time is not trusted later (a write in the
same clock tick would leave the stat unchanged), so that file is read again
on the next scan.

Hidden files and folders are skipped, links are followed (a link loop is
walked once), and anything that is not a regular file is never opened (a
FIFO would block): it counts by its kind, a broken link as ``missing``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

__all__ = ["FileStamp", "FolderScan", "RACY_SECONDS", "scan_folder", "walk_files"]

RACY_SECONDS = 2.0
"""A digest younger than this after the file's mtime is taken again next time (see above)."""


@dataclasses.dataclass(frozen=True)
class FileStamp:
    """A file's stat when its content digest was taken, and the digest."""

    size: int
    mtime_ns: int
    inode: int
    sha256: str
    trusted: bool = True  # False: taken within RACY_SECONDS of a write; read again next time

    def matches(self, info: os.stat_result) -> bool:
        """Whether the file still has the stat this digest was taken under."""
        return (self.trusted and info.st_size == self.size and info.st_mtime_ns == self.mtime_ns
                and info.st_ino == self.inode)


@dataclasses.dataclass(frozen=True)
class FolderScan:
    """Every file under a folder with what it holds: a digest, ``missing`` or ``special:<kind>``."""

    contents: dict[str, str]
    stamps: dict[str, FileStamp]
    read: int  # files whose bytes were read by this scan

    def digest_of(self, rel: str) -> str | None:
        """The SHA-256 of the regular file at ``rel`` (None: not a readable regular file)."""
        stamp = self.stamps.get(rel)
        return stamp.sha256 if stamp is not None else None


def walk_files(root: Path) -> Iterator[tuple[str, os.stat_result | None]]:
    """(relative path, stat) of every non-hidden file under root, in sorted order."""
    if not root.is_dir():
        try:
            yield root.name, root.stat()
        except OSError:
            yield root.name, None
        return
    seen: set[str] = set()
    base = os.fspath(root)
    # Plain strings, one relative prefix per folder: at 25,000 files, building a
    # Path and relative_to() for each file cost more than the stat calls.
    for folder, dirs, files in os.walk(base, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:  # a link back into the tree: walk it once
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        inside = os.path.relpath(folder, base)
        prefix = "" if inside == os.curdir else inside.replace(os.sep, "/") + "/"
        for name in sorted(files):
            if name.startswith("."):
                continue
            try:
                info = os.stat(os.path.join(folder, name))
            except OSError:
                info = None  # a broken link still counts: fixing it must rebuild
            yield prefix + name, info


def _sha256(path: Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def scan_folder(root: Path, previous: Mapping[str, FileStamp] | None = None) -> FolderScan:
    """Scan ``root`` (a folder or one file), reading only files whose stat changed."""
    root = Path(root)
    base = root if root.is_dir() else root.parent
    previous = previous or {}
    contents: dict[str, str] = {}
    stamps: dict[str, FileStamp] = {}
    read = 0
    now_ns = time.time_ns()
    racy_ns = int(RACY_SECONDS * 1e9)
    for rel, info in walk_files(root):
        if info is None:
            contents[rel] = "missing"
            continue
        if not stat.S_ISREG(info.st_mode):
            contents[rel] = f"special:{stat.S_IFMT(info.st_mode):o}"
            continue
        stamp = previous.get(rel)
        if stamp is None or not stamp.matches(info):
            digest = _sha256(base / rel)
            read += 1
            if digest is None:
                contents[rel] = "unreadable"
                continue
            stamp = FileStamp(info.st_size, info.st_mtime_ns, info.st_ino, digest,
                              trusted=now_ns - info.st_mtime_ns > racy_ns)
        stamps[rel] = stamp
        contents[rel] = stamp.sha256
    return FolderScan(contents=contents, stamps=stamps, read=read)
