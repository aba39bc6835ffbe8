"""Small shared state for the Slack app: which deliveries were seen, who asked when.

Slack redelivers an event when it did not get a 200 in 3 seconds (with an
``X-Slack-Retry-Num`` header), and a server with several worker processes
may receive the original and the retry in different workers. Both the
"already answered?" ledger and the per-user rate limit therefore live in one
SQLite file that every worker opens (``briefbot serve`` creates it before it
forks). Without a path the state is in memory, which is right for a single
process (Socket Mode, tests).

Each call opens its own short connection: connections must not cross a
``fork``, and SQLite serialises the writers for us.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

__all__ = ["SlackState"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS asks (user TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS asks_user ON asks (user, at);
"""


class SlackState:
    """Delivery de-duplication and a sliding-window rate limit, per worker or shared."""

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        seen_ttl: float = 3600.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._path = str(path) if path is not None else None
        self._ttl = seen_ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._memory: sqlite3.Connection | None = None
        if self._path is None:
            self._memory = sqlite3.connect(
                ":memory:", check_same_thread=False, isolation_level=None
            )
            self._memory.executescript(_SCHEMA)
        else:
            with self._connect() as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(_SCHEMA)

    @property
    def path(self) -> str | None:
        """The SQLite file shared by workers, or None when in memory."""
        return self._path

    def _connect(self) -> sqlite3.Connection:
        assert self._path is not None
        return sqlite3.connect(self._path, timeout=10.0, isolation_level=None)

    def _run(self, work: Callable[[sqlite3.Connection], object]) -> object:
        with self._lock:
            if self._memory is not None:
                return work(self._memory)
            db = self._connect()
            try:
                return work(db)
            finally:
                db.close()

    def first_time(self, *keys: str) -> bool:
        """Record the keys; True only if none of them was recorded before (within the TTL)."""
        now = self._clock()
        keys = tuple(k for k in keys if k)
        if not keys:
            return True

        def work(db: sqlite3.Connection) -> bool:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute("DELETE FROM seen WHERE at < ?", (now - self._ttl,))
                marks = ",".join("?" * len(keys))
                known = db.execute(f"SELECT 1 FROM seen WHERE key IN ({marks})", keys).fetchone()
                if known is None:
                    db.executemany(
                        "INSERT OR IGNORE INTO seen VALUES (?, ?)", [(k, now) for k in keys]
                    )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            return known is None

        return bool(self._run(work))

    def allow(self, user: str, limit: int, window: float = 60.0) -> float:
        """Count one question by ``user``; 0.0 if allowed, else seconds until the next is."""
        now = self._clock()

        def work(db: sqlite3.Connection) -> float:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute("DELETE FROM asks WHERE at <= ?", (now - window,))
                rows = db.execute(
                    "SELECT at FROM asks WHERE user = ? ORDER BY at", (user,)
                ).fetchall()
                if len(rows) >= limit:
                    wait = rows[len(rows) - limit][0] + window - now
                    db.execute("COMMIT")
                    return max(wait, 0.1)
                db.execute("INSERT INTO asks VALUES (?, ?)", (user, now))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            return 0.0

        return float(self._run(work))  # type: ignore[arg-type]
