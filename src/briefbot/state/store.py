"""The state store: what must outlive one answer and be shared by every process and host.

Answer feedback, conversation context for follow-ups, the Slack deliveries
already taken in hand, per-user rate limits, and follows with what each has
posted. One SQLAlchemy 2 engine over an embedded SQLite file by default,
kept beside the index cache (``default_state_path``), or PostgreSQL
(``postgresql+psycopg://...``) when the app runs on several hosts.

The database work of each table is in its own module (``feedback.py``,
``context.py``, ``traffic.py``, ``follows.py``: functions of a connection);
``StateStore`` owns the connections and wraps each call in one transaction.

**Versioned schema.** ``schema_version`` holds one row, the version the
tables are at. ``StateStore(...)`` brings the schema up to
``SCHEMA_VERSION`` when it opens: each step of ``_MIGRATIONS`` (see
``schema.py``) runs once, in order, inside the same transaction as the
version bump, and only ever adds tables, columns or indexes — rows are never
dropped or rewritten. A store written by a newer briefbot is refused
(``StateError``) rather than guessed at. On PostgreSQL the upgrade holds a
transaction-scoped advisory lock, so two hosts starting at once upgrade once.

**Several processes and hosts.** The database is the only meeting point:
every rule that must hold across processes is a transaction plus a unique
constraint or a row lock, never a lock in Python (a ``threading.Lock`` here
only guards building this process's connection pool, and an in-memory
store, which lives in one process, lets its threads take turns). ``briefbot
serve`` opens the store before it forks; each worker builds its own engine
on first use, because connections must not cross a ``fork``. On SQLite
every connection uses WAL and a busy timeout, and every transaction starts
with ``BEGIN IMMEDIATE`` (one writer at a time). On PostgreSQL, inserts that
may race use ``ON CONFLICT DO NOTHING`` and read the row count, and a rate
window is counted under ``SELECT ... FOR UPDATE`` of the user's row.

**When the database is unreachable** every method raises ``StateError``
(never a driver exception, never the statement's parameters); the callers
decide what degrades (see ``interfaces/slack/state.py`` and
``interfaces/follows.py``). After a server is found unreachable, calls fail
at once for ``RETRY_AFTER_SECONDS`` rather than each waiting to connect. A
store opened with ``check=False`` starts even then and upgrades the schema
on its first successful transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from ..errors import StateError
from . import context as _context
from . import feedback as _feedback
from . import follows as _follows
from . import traffic as _traffic
from .context import MAX_CONTEXT_BYTES
from .feedback import VOTES, FeedbackRecord
from .follows import MAX_FOLLOW_CHARS, DigestClaim, Follow, PendingDigest, passage_key
from .schema import MIGRATIONS, TABLES, schema_version

__all__ = [
    "StateStore",
    "FeedbackRecord",
    "Follow",
    "DigestClaim",
    "PendingDigest",
    "StateReport",
    "default_state_path",
    "MAX_CONTEXT_BYTES",
    "MAX_FOLLOW_CHARS",
    "SCHEMA_VERSION",
    "VOTES",
    "STATE_FILE",
    "passage_key",
]

log = logging.getLogger(__name__)

STATE_FILE = "state.sqlite3"
# After a database server is found unreachable, calls fail at once for this long
# instead of each waiting on a connect timeout (3 s): answers go on meanwhile, and a
# server that is back is noticed within seconds. A design choice, not a measurement.
RETRY_AFTER_SECONDS = 5.0
# An arbitrary constant naming the schema upgrade among PostgreSQL advisory locks.
_UPGRADE_LOCK = 0x62726266  # "brbf"

# Each step takes the schema from version i to i + 1 (see schema.py).
_MIGRATIONS: tuple[Callable[[Connection], None], ...] = MIGRATIONS
SCHEMA_VERSION = len(_MIGRATIONS)


def default_state_path(cache_root: Path) -> Path:
    """The store's file beside an index cache folder (``<cache_root>.state.sqlite3``)."""
    return cache_root.parent / f"{cache_root.name}.{STATE_FILE}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE itself (the driver's
    # own implicit BEGIN would take the write lock only at the first write).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA busy_timeout = 10000")
        cursor.execute("PRAGMA foreign_keys = ON")
        mode = cursor.execute("PRAGMA journal_mode").fetchone()
        if mode and str(mode[0]).lower() != "memory":
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


class StateStore:
    """Feedback, context, deliveries, rate limits and follows in one SQL database.

    ``url`` is any SQLAlchemy URL; ``path`` is a shortcut for an SQLite file.
    Without either the store lives in memory (tests, one-shot commands).
    ``clock`` gives seconds since the epoch (tests pass their own).
    ``check=False`` starts even when the database is unreachable (a server
    must keep answering); the schema is then upgraded on first success.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        path: str | Path | None = None,
        clock: Callable[[], float] = time.time,
        check: bool = True,
    ) -> None:
        if url and path:
            raise ValueError("give the state store a url or a path, not both")
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            url = "sqlite:///" + str(Path(path))
        self._url = make_url(url or "sqlite://")
        self._clock = clock
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        self._pid = -1
        self._upgraded = False
        self._last_sweep = 0.0
        self._down_until = 0.0  # monotonic time before which a lost server is not retried
        # An in-memory database is one connection in one process: its threads take turns.
        self._memory_turns = threading.RLock() if self._is_memory else None
        try:
            self.upgrade()
        except StateError:
            if check:
                raise
            log.warning("state store %s unreachable at start; will retry", self.location)

    # -- connections ----------------------------------------------------------

    @property
    def is_sqlite(self) -> bool:
        """Whether the store is an SQLite database (file or memory)."""
        return self._url.get_backend_name() == "sqlite"

    @property
    def location(self) -> str:
        """Where the store is, without any password (safe to log)."""
        return self._url.render_as_string(hide_password=True)

    def _db(self) -> Engine:
        """This process's engine: rebuilt after a fork, never shared across one."""
        with self._lock:
            if self._engine is None or self._pid != os.getpid():
                if self._engine is not None:
                    self._engine.dispose(close=False)  # the parent's connections stay its own
                self._engine = self._create()
                self._pid = os.getpid()
            return self._engine

    def _create(self) -> Engine:
        if not self.is_sqlite:
            # A short connect timeout: while the database is down, answers must not wait on it.
            options: dict[str, Any] = {"pool_pre_ping": True, "pool_size": 4, "max_overflow": 4}
            if self._url.get_backend_name() == "postgresql":
                options["connect_args"] = {"connect_timeout": 3}
            return create_engine(self._url, **options)
        memory = self._url.database in (None, "", ":memory:")
        options = {"connect_args": {"timeout": 10, "check_same_thread": False}}
        if memory:
            from sqlalchemy.pool import StaticPool

            options["poolclass"] = StaticPool  # one connection, or each would see its own database
        engine = create_engine(self._url, **options)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine

    @property
    def _is_memory(self) -> bool:
        return self.is_sqlite and self._url.database in (None, "", ":memory:")

    @property
    def is_postgresql(self) -> bool:
        """Whether the store is a PostgreSQL database."""
        return self._url.get_backend_name() == "postgresql"

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        if time.monotonic() < self._down_until:
            # Each answer would otherwise wait on a connect timeout while the server is down.
            raise StateError(f"state store {self.location}: unreachable a moment ago; "
                             f"retrying within {RETRY_AFTER_SECONDS:.0f} s")
        if not self._upgraded:
            self.upgrade()
        turns = self._memory_turns
        try:
            if turns is not None:
                turns.acquire()
            with self._db().begin() as conn:
                yield conn
        except SQLAlchemyError as exc:
            if not self.is_sqlite and isinstance(exc, (OperationalError, InterfaceError)):
                self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            # The driver's message only: SQLAlchemy's own would carry the
            # statement's parameters (question text) into logs.
            reason = str(getattr(exc, "orig", None) or type(exc).__name__).strip()
            reason = (reason.splitlines() or [type(exc).__name__])[0]
            raise StateError(f"state store {self.location}: {reason[:200]}") from exc
        finally:
            if turns is not None:
                turns.release()

    def close(self) -> None:
        """Close this process's connections."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    # -- schema -----------------------------------------------------------------

    def version(self) -> int:
        """The schema version the database is at (0 for an empty database)."""
        with self._transaction() as conn:
            return self._version(conn)

    @staticmethod
    def _version(conn: Connection) -> int:
        schema_version.create(conn, checkfirst=True)
        row = conn.execute(select(schema_version.c.version)).first()
        return int(row[0]) if row else 0

    def upgrade(self) -> int:
        """Create or upgrade the schema to ``SCHEMA_VERSION``; the version reached."""
        self._upgraded = True  # the transaction below must not recurse into here
        try:
            self._upgrade()
        except BaseException:
            self._upgraded = False
            raise
        return SCHEMA_VERSION

    def _upgrade(self) -> None:
        with self._transaction() as conn:
            if self.is_postgresql:
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _UPGRADE_LOCK})
            current = self._version(conn)
            if current > SCHEMA_VERSION:
                raise StateError(
                    f"state store {self.location} is at schema version {current}, newer than "
                    f"this briefbot's {SCHEMA_VERSION}: upgrade briefbot, or point it at "
                    "another store"
                )
            for step in range(current, SCHEMA_VERSION):
                _MIGRATIONS[step](conn)
                log.info("state store upgraded", extra={"schema_version": step + 1})
            if current == 0:
                conn.execute(insert(schema_version).values(id=1, version=SCHEMA_VERSION))
            elif current < SCHEMA_VERSION:
                conn.execute(update(schema_version).values(version=SCHEMA_VERSION))

    # -- feedback (feedback.py) ------------------------------------------------------------

    def record_feedback(
        self,
        *,
        request_id: str,
        voter: str,
        vote: str,
        question: str,
        passages: Sequence[dict[str, Any]],
        intent: str | None = None,
        user_id: str | None = None,
        channel_id: str | None = None,
        interface: str = "slack",
        now: dt.datetime | None = None,
    ) -> bool:
        """Store a vote; True if new, False if it replaced the same voter's earlier vote."""
        if vote not in VOTES:
            raise ValueError(f"vote must be one of {VOTES}, not {vote!r}")
        with self._transaction() as conn:
            return _feedback.record(
                conn, request_id=request_id, voter=voter, vote=vote, question=question,
                passages=passages, intent=intent, user_id=user_id, channel_id=channel_id,
                interface=interface, now=now or dt.datetime.now(dt.UTC),
            )

    def feedback(self, vote: str | None = None) -> list[FeedbackRecord]:
        """Every stored vote (only ``vote``'s when given), oldest first."""
        with self._transaction() as conn:
            return _feedback.votes(conn, vote)

    # -- conversation context (context.py) ----------------------------------------------

    def remember_context(
        self, user: str, thread: str, data: dict[str, Any], ttl_seconds: int,
        *, now: float | None = None,
    ) -> None:
        """Keep ``data`` (JSON-able) for ``user`` in ``thread`` for ``ttl_seconds`` (replacing)."""
        with self._transaction() as conn:
            _context.remember(conn, user, thread, data, ttl_seconds, self._now(now))

    def recall_context(
        self, user: str, thread: str, *, now: float | None = None
    ) -> dict[str, Any] | None:
        """What was remembered for ``user`` in ``thread``, or None (never set, or expired)."""
        with self._transaction() as conn:
            return _context.recall(conn, user, thread, self._now(now))

    # -- Slack deliveries and rate limits (traffic.py) -------------------------------------

    def first_delivery(self, keys: Iterable[str], *, ttl: float = 3600.0) -> bool:
        """Record the delivery keys; True only if none was recorded (within ``ttl`` seconds)."""
        now = self._clock()
        if now - self._last_sweep >= 60:  # expired keys go at most once a minute per process
            self._last_sweep = now
            with self._transaction() as conn:
                _traffic.sweep(conn, now, ttl)
        with self._transaction() as conn:
            return _traffic.take_delivery(conn, keys, now, ttl)

    def allow(self, user: str, limit: int, window: float = 60.0) -> float:
        """Count one question by ``user``; 0.0 if allowed, else seconds until the next is."""
        with self._transaction() as conn:
            return _traffic.count_question(conn, user, limit, window, self._clock())

    # -- follows (follows.py) ---------------------------------------------------------------

    def add_follow(
        self, *, channel: str, owner: str, query: str, personal: bool = False
    ) -> Follow:
        """Start following ``query`` in ``channel``; the new follow."""
        with self._transaction() as conn:
            return _follows.add(conn, channel=channel, owner=owner, query=query,
                                personal=personal, now=self._clock())

    def follows(self, channel: str | None = None) -> list[Follow]:
        """The live follows (of one channel when given), oldest first."""
        with self._transaction() as conn:
            return _follows.live(conn, channel)

    def remove_follow(self, channel: str, follow_id: int) -> Follow | None:
        """Stop a follow of ``channel`` (kept with its history); the follow, or None if unknown."""
        with self._transaction() as conn:
            return _follows.remove(conn, channel, follow_id, self._clock())

    def claim_digest(
        self,
        *,
        follow_id: int,
        briefing_id: str,
        version: str,
        passage_keys: Sequence[str],
        render: Callable[[frozenset[str]], dict[str, Any] | None],
    ) -> DigestClaim | None:
        """Take the digest of one briefing version for one follow, if nobody has (one transaction).

        See ``follows.claim``: None when another process on any host has it.
        """
        with self._transaction() as conn:
            return _follows.claim(
                conn, follow_id=follow_id, briefing_id=briefing_id, version=version,
                passage_keys=passage_keys, render=render, now=self._clock(),
            )

    def mark_posted(self, digest_id: int) -> None:
        """Record that a claimed digest reached its channel."""
        with self._transaction() as conn:
            _follows.mark_posted(conn, digest_id, self._clock())

    def take_unposted(
        self, *, lease: float = 120.0, limit: int = 20,
        channels: Callable[[str], bool] = lambda channel: True,
    ) -> list[PendingDigest]:
        """Digests claimed over ``lease`` seconds ago and still unposted, re-claimed by us."""
        with self._transaction() as conn:
            return _follows.take_unposted(conn, now=self._clock(), lease=lease, limit=limit,
                                          channels=channels)

    def digests(self, follow_id: int | None = None) -> list[dict[str, Any]]:
        """Every digest claimed (one follow's when given), oldest first: for checks and tests."""
        with self._transaction() as conn:
            return _follows.digests(conn, follow_id)

    # -- operations -------------------------------------------------------------------

    def report(self) -> StateReport:
        """Schema version, rows per table and where the store is (no password)."""
        with self._transaction() as conn:
            version = self._version(conn)
            counts = {
                table.name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                for table in TABLES
            }
            unposted = _follows.unposted(conn)
        return StateReport(self.location, self._url.get_backend_name(), version, counts, unposted)

    def _now(self, given: float | None) -> float:
        return self._clock() if given is None else given


@dataclass(frozen=True)
class StateReport:
    """What ``briefbot state check`` shows."""

    location: str
    backend: str
    version: int
    counts: dict[str, int]
    unposted_digests: int = 0  # claimed but not (yet) delivered
