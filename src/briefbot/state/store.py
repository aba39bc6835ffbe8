"""The state store: what must outlive one answer and be shared by every process and host.

Answer feedback, conversation context for follow-ups, the Slack deliveries
already taken in hand, per-user rate limits, and follows with what each has
posted. One SQLAlchemy 2 engine over an embedded SQLite file by default,
kept beside the index cache (``default_state_path``), or PostgreSQL
(``postgresql+psycopg://...``) when the app runs on several hosts.

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
constraint or a row lock, never a lock in Python (the one ``threading.Lock``
here only guards building this process's connection pool). ``briefbot
serve`` opens the store before it forks; each worker builds its own engine
on first use, because connections must not cross a ``fork``. On SQLite
every connection uses WAL and a busy timeout, and every transaction starts
with ``BEGIN IMMEDIATE`` (one writer at a time). On PostgreSQL, inserts that
may race use ``ON CONFLICT DO NOTHING`` and read the row count, and a rate
window is counted under ``SELECT ... FOR UPDATE`` of the user's row.

**When the database is unreachable** every method raises ``StateError``
(never a driver exception, never the statement's parameters); the callers
decide what degrades (see ``interfaces/slack/state.py`` and
``interfaces/follows.py``). A store opened with ``check=False`` starts even
then and upgrades the schema on its first successful transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..errors import StateError
from ..text import fold_quotes
from .schema import (
    MIGRATIONS,
    TABLES,
    context,
    deliveries,
    feedback,
    follow_digests,
    follow_passages,
    follows,
    rate_events,
    rate_users,
    schema_version,
)

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
VOTES = ("good", "bad")
# A conversation's remembered context is a few filters and ids; anything this
# large is a caller's mistake, refused before it reaches the database.
MAX_CONTEXT_BYTES = 64_000
# A follow is one question: the query parser reads at most 1,000 characters.
MAX_FOLLOW_CHARS = 1000
# An arbitrary constant naming the schema upgrade among PostgreSQL advisory locks.
_UPGRADE_LOCK = 0x62726266  # "brbf"

# Each step takes the schema from version i to i + 1 (see schema.py).
_MIGRATIONS: tuple[Callable[[Connection], None], ...] = MIGRATIONS
SCHEMA_VERSION = len(_MIGRATIONS)


@dataclass(frozen=True)
class FeedbackRecord:
    """One person's vote on one answer, with what the answer showed."""

    request_id: str
    voter: str
    vote: str
    question: str
    intent: str | None
    passages: tuple[dict[str, Any], ...]
    user_id: str | None
    channel_id: str | None
    interface: str
    created_at: dt.datetime
    updated_at: dt.datetime


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
        if not self._upgraded:
            self.upgrade()
        turns = self._memory_turns
        try:
            if turns is not None:
                turns.acquire()
            with self._db().begin() as conn:
                yield conn
        except SQLAlchemyError as exc:
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

    # -- feedback ---------------------------------------------------------------

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
        now = now or dt.datetime.now(dt.UTC)
        shown = json.dumps(list(passages), ensure_ascii=False, separators=(",", ":"))
        values = {
            "vote": vote,
            "question": question,
            "intent": intent,
            "passages": shown,
            "user_id": user_id,
            "channel_id": channel_id,
            "interface": interface,
            "updated_at": now,
        }
        key = (feedback.c.request_id == request_id) & (feedback.c.voter == voter)
        with self._transaction() as conn:
            changed = conn.execute(update(feedback).where(key).values(**values)).rowcount
            if changed:
                return False
            try:
                with conn.begin_nested():
                    conn.execute(
                        insert(feedback).values(
                            request_id=request_id, voter=voter, created_at=now, **values
                        )
                    )
            except IntegrityError:  # another process voted first in between: update theirs
                conn.execute(update(feedback).where(key).values(**values))
                return False
        return True

    def feedback(self, vote: str | None = None) -> list[FeedbackRecord]:
        """Every stored vote (only ``vote``'s when given), oldest first."""
        query = select(feedback).order_by(feedback.c.created_at, feedback.c.id)
        if vote is not None:
            query = query.where(feedback.c.vote == vote)
        with self._transaction() as conn:
            rows = conn.execute(query).mappings().all()
        return [
            FeedbackRecord(
                request_id=row["request_id"],
                voter=row["voter"],
                vote=row["vote"],
                question=row["question"],
                intent=row["intent"],
                passages=tuple(json.loads(row["passages"] or "[]")),
                user_id=row["user_id"],
                channel_id=row["channel_id"],
                interface=row["interface"],
                created_at=row["created_at"],
                updated_at=row["updated_at"],
            )
            for row in rows
        ]

    # -- conversation context -----------------------------------------------------

    def remember_context(
        self, user: str, thread: str, data: dict[str, Any], ttl_seconds: int,
        *, now: float | None = None,
    ) -> None:
        """Keep ``data`` (JSON-able) for ``user`` in ``thread`` for ``ttl_seconds`` (replacing)."""
        if ttl_seconds <= 0:
            raise ValueError("ttl_seconds must be positive")
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        if len(text.encode("utf-8")) > MAX_CONTEXT_BYTES:
            raise ValueError(f"conversation context over {MAX_CONTEXT_BYTES} bytes")
        now = self._clock() if now is None else now
        values = {"data": text, "expires_at": now + ttl_seconds, "updated_at": now}
        key = (context.c.user_id == user) & (context.c.thread == thread)
        with self._transaction() as conn:
            if conn.execute(update(context).where(key).values(**values)).rowcount:
                return
            try:
                with conn.begin_nested():
                    conn.execute(insert(context).values(user_id=user, thread=thread, **values))
            except IntegrityError:  # another process remembered first: the later write wins
                conn.execute(update(context).where(key).values(**values))
            # Expired contexts are dead weight; sweeping them on writes keeps the table small.
            conn.execute(delete(context).where(context.c.expires_at <= now))

    def recall_context(
        self, user: str, thread: str, *, now: float | None = None
    ) -> dict[str, Any] | None:
        """What was remembered for ``user`` in ``thread``, or None (never set, or expired)."""
        now = self._clock() if now is None else now
        query = select(context.c.data).where(
            (context.c.user_id == user) & (context.c.thread == thread)
            & (context.c.expires_at > now)
        )
        with self._transaction() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        data = json.loads(row[0])
        return data if isinstance(data, dict) else None

    # -- Slack deliveries -----------------------------------------------------------

    def _insert_ignoring_duplicates(
        self, conn: Connection, table: Any, rows: Sequence[dict[str, Any]]
    ) -> int:
        """Insert rows, skipping any that break a unique constraint; how many went in."""
        if not rows:
            return 0
        if self.is_sqlite or self.is_postgresql:
            if self.is_sqlite:
                from sqlalchemy.dialects.sqlite import insert as dialect_insert
            else:
                from sqlalchemy.dialects.postgresql import insert as dialect_insert
            # RETURNING, not rowcount: a driver may report -1 for a multi-row insert.
            key = list(table.primary_key.columns)[0]
            statement = (
                dialect_insert(table).values(list(rows)).on_conflict_do_nothing().returning(key)
            )
            return len(conn.execute(statement).all())
        added = 0
        for row in rows:  # any other database: one savepoint per row
            try:
                with conn.begin_nested():
                    conn.execute(insert(table).values(**row))
                added += 1
            except IntegrityError:
                pass
        return added

    def first_delivery(self, keys: Iterable[str], *, ttl: float = 3600.0) -> bool:
        """Record the delivery keys; True only if none was recorded (within ``ttl`` seconds).

        Two processes, on one host or two, that take the same key at once get
        True in exactly one of them: the key is a primary key. Keys are taken
        in sorted order, so two deliveries sharing any key cannot both win.
        """
        wanted = sorted({k[:255] for k in keys if k})
        if not wanted:
            return True
        now = self._clock()
        self._sweep_deliveries(now, ttl)
        with self._transaction() as conn:
            # A key older than the TTL is forgotten (a very late retry is a new delivery).
            conn.execute(
                delete(deliveries).where(
                    deliveries.c.key.in_(wanted) & (deliveries.c.seen_at < now - ttl)
                )
            )
            added = self._insert_ignoring_duplicates(
                conn, deliveries, [{"key": k, "seen_at": now} for k in wanted]
            )
        return added == len(wanted)

    def _sweep_deliveries(self, now: float, ttl: float) -> None:
        """Drop expired delivery keys, at most once a minute per process."""
        if now - self._last_sweep < 60:
            return
        self._last_sweep = now
        with self._transaction() as conn:
            conn.execute(delete(deliveries).where(deliveries.c.seen_at < now - ttl))
            conn.execute(delete(rate_events).where(rate_events.c.at < now - 3600))

    # -- rate limits ------------------------------------------------------------------

    def allow(self, user: str, limit: int, window: float = 60.0) -> float:
        """Count one question by ``user``; 0.0 if allowed, else seconds until the next is.

        The user's row is locked while the window is counted (``FOR UPDATE``
        on PostgreSQL, the database write lock on SQLite), so the limit holds
        across every worker of every host.
        """
        now = self._clock()
        with self._transaction() as conn:
            self._insert_ignoring_duplicates(conn, rate_users, [{"user_id": user}])
            conn.execute(
                select(rate_users.c.user_id).where(rate_users.c.user_id == user).with_for_update()
            ).first()
            recent = (
                (rate_events.c.user_id == user) & (rate_events.c.at > now - window)
            )
            times = conn.execute(
                select(rate_events.c.at).where(recent).order_by(rate_events.c.at.desc())
                .limit(limit)
            ).scalars().all()
            if len(times) >= limit:
                return max(times[limit - 1] + window - now, 0.1)
            conn.execute(
                delete(rate_events).where(
                    (rate_events.c.user_id == user) & (rate_events.c.at <= now - window)
                )
            )
            conn.execute(insert(rate_events).values(user_id=user, at=now))
        return 0.0

    # -- follows ----------------------------------------------------------------------

    def add_follow(
        self, *, channel: str, owner: str, query: str, personal: bool = False
    ) -> Follow:
        """Start following ``query`` in ``channel``; the new follow."""
        query = " ".join(query.split())
        if not query:
            raise ValueError("a follow needs a question or filters")
        if len(query) > MAX_FOLLOW_CHARS:
            raise ValueError(f"a follow is at most {MAX_FOLLOW_CHARS} characters")
        now = self._clock()
        with self._transaction() as conn:
            new_id = conn.execute(
                insert(follows).values(
                    channel_id=channel, owner=owner, query=query, personal=int(personal),
                    created_at=now,
                ).returning(follows.c.id)
            ).scalar_one()
        return Follow(int(new_id), channel, owner, query, personal, now)

    def follows(self, channel: str | None = None) -> list[Follow]:
        """The live follows (of one channel when given), oldest first."""
        query = select(follows).where(follows.c.removed_at.is_(None)).order_by(follows.c.id)
        if channel is not None:
            query = query.where(follows.c.channel_id == channel)
        with self._transaction() as conn:
            rows = conn.execute(query).mappings().all()
        return [
            Follow(
                int(r["id"]), r["channel_id"], r["owner"], r["query"], bool(r["personal"]),
                float(r["created_at"]),
            )
            for r in rows
        ]

    def remove_follow(self, channel: str, follow_id: int) -> Follow | None:
        """Stop a follow of ``channel`` (kept with its history); the follow, or None if unknown."""
        found = [f for f in self.follows(channel) if f.id == follow_id]
        if not found:
            return None
        with self._transaction() as conn:
            conn.execute(
                update(follows)
                .where((follows.c.id == follow_id) & follows.c.removed_at.is_(None))
                .values(removed_at=self._clock())
            )
        return found[0]

    def claim_digest(
        self,
        *,
        follow_id: int,
        briefing_id: str,
        version: str,
        passage_keys: Sequence[str],
        render: Callable[[frozenset[str]], dict[str, Any] | None],
    ) -> DigestClaim | None:
        """Take the digest of one briefing version for one follow, if nobody has.

        Returns None when another process (on any host) claimed it first.
        Otherwise ``render`` is called with the passage keys this follow has
        never posted for this briefing and returns the message to post
        (``{"text", "blocks"}``), or None when nothing is left; the message is
        stored with the claim, so whoever finds it unposted later can post
        it. One transaction: the claim, the passages and the message stand
        or fall together.
        """
        now = self._clock()
        keys = sorted(set(passage_keys))
        with self._transaction() as conn:
            taken = self._insert_ignoring_duplicates(conn, follow_digests, [{
                "follow_id": follow_id, "briefing_id": briefing_id, "version": version,
                "claimed_by": _claimant(), "claimed_at": now, "attempts": 0,
            }])
            if not taken:
                return None
            digest_id = conn.execute(
                select(follow_digests.c.id).where(
                    (follow_digests.c.follow_id == follow_id)
                    & (follow_digests.c.briefing_id == briefing_id)
                    & (follow_digests.c.version == version)
                )
            ).scalar_one()
            posted = set(conn.execute(
                select(follow_passages.c.passage_key).where(
                    (follow_passages.c.follow_id == follow_id)
                    & (follow_passages.c.briefing_id == briefing_id)
                )
            ).scalars())
            fresh = frozenset(k for k in keys if k not in posted)
            message = render(fresh) if fresh else None
            if message is None:
                conn.execute(
                    update(follow_digests).where(follow_digests.c.id == digest_id)
                    .values(posted_at=now)
                )
                return DigestClaim(int(digest_id), fresh, None)
            shown = fresh  # a digest shows the best of them; More results reaches the rest
            self._insert_ignoring_duplicates(conn, follow_passages, [
                {"follow_id": follow_id, "briefing_id": briefing_id, "passage_key": k,
                 "digest_id": digest_id}
                for k in sorted(shown)
            ])
            conn.execute(
                update(follow_digests).where(follow_digests.c.id == digest_id)
                .values(message=json.dumps(message, ensure_ascii=False))
            )
        return DigestClaim(int(digest_id), shown, message)

    def mark_posted(self, digest_id: int) -> None:
        """Record that a claimed digest reached its channel."""
        with self._transaction() as conn:
            conn.execute(
                update(follow_digests).where(follow_digests.c.id == digest_id)
                .values(posted_at=self._clock())
            )

    def take_unposted(
        self, *, lease: float = 120.0, limit: int = 20,
        channels: Callable[[str], bool] = lambda channel: True,
    ) -> list[PendingDigest]:
        """Digests claimed over ``lease`` seconds ago and still unposted, re-claimed by us.

        The claimant may have died between claiming and posting, or Slack or
        the database may have been down. Re-claiming is a conditional
        update, so one process takes each; a digest is tried at most 5 times.
        ``channels`` says which channels this process can post to.
        """
        now = self._clock()
        stale = (
            follow_digests.c.posted_at.is_(None)
            & follow_digests.c.message.is_not(None)
            & (follow_digests.c.claimed_at < now - lease)
            & (follow_digests.c.attempts < 5)
        )
        taken: list[PendingDigest] = []
        with self._transaction() as conn:
            rows = conn.execute(
                select(follow_digests.c.id, follow_digests.c.follow_id, follow_digests.c.message,
                       follows.c.channel_id)
                .join(follows, follows.c.id == follow_digests.c.follow_id)
                .where(stale & follows.c.removed_at.is_(None))
                .order_by(follow_digests.c.id).limit(limit)
            ).all()
            for digest_id, follow_id, message, channel in rows:
                if not channels(channel):  # another kind of process posts there
                    continue
                won = conn.execute(
                    update(follow_digests)
                    .where(stale & (follow_digests.c.id == digest_id))
                    .values(claimed_at=now, claimed_by=_claimant(),
                            attempts=follow_digests.c.attempts + 1)
                ).rowcount
                if won:
                    taken.append(
                        PendingDigest(int(digest_id), int(follow_id), channel, json.loads(message))
                    )
        return taken

    def digests(self, follow_id: int | None = None) -> list[dict[str, Any]]:
        """Every digest claimed (one follow's when given), oldest first: for checks and tests."""
        query = select(follow_digests).order_by(follow_digests.c.id)
        if follow_id is not None:
            query = query.where(follow_digests.c.follow_id == follow_id)
        with self._transaction() as conn:
            return [dict(row) for row in conn.execute(query).mappings().all()]

    # -- operations -------------------------------------------------------------------

    def report(self) -> StateReport:
        """Schema version, rows per table and where the store is (no password)."""
        with self._transaction() as conn:
            version = self._version(conn)
            counts = {
                table.name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                for table in TABLES
            }
        return StateReport(self.location, self._url.get_backend_name(), version, counts)


@dataclass(frozen=True)
class Follow:
    """A question or filters whose new matches are posted to a channel."""

    id: int
    channel: str
    owner: str
    query: str
    personal: bool
    created_at: float


@dataclass(frozen=True)
class DigestClaim:
    """A digest this process claimed: the passage keys it shows and the message (None: nothing)."""

    id: int
    passage_keys: frozenset[str]
    message: dict[str, Any] | None


@dataclass(frozen=True)
class PendingDigest:
    """A claimed digest nobody managed to post yet, now this process's to post."""

    id: int
    follow_id: int
    channel: str
    message: dict[str, Any]


@dataclass(frozen=True)
class StateReport:
    """What ``briefbot state check`` shows."""

    location: str
    backend: str
    version: int
    counts: dict[str, int]


def _claimant() -> str:
    """Who claimed a row (host and process): for people reading the table, never for logic."""
    return f"{socket.gethostname()[:100]}:{os.getpid()}"


def passage_key(speaker: str | None, text: str) -> str:
    """A passage's identity across edits: its speaker and its text, normalised, hashed.

    Position is left out on purpose: a passage moved by an edit above it is
    the same passage. Case, spacing and quote styles do not make a new one.
    """
    normal = " ".join(fold_quotes(text).casefold().split())
    blob = f"{(speaker or '').casefold()}\x1f{normal}".encode()
    return hashlib.blake2b(blob, digest_size=16).hexdigest()
