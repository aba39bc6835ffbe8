"""The state store: small, durable records the interfaces keep (feedback, conversation context).

One SQLAlchemy 2 engine over an embedded SQLite file by default, kept beside
the index cache (``default_state_path``); any SQLAlchemy URL works the same,
so a server database can replace the file without touching the callers.

**Versioned schema.** ``schema_version`` holds one row, the version the
tables are at. ``StateStore(...)`` brings the schema up to
``SCHEMA_VERSION`` when it opens: each step of ``_MIGRATIONS`` runs once,
in order, inside the same transaction as the version bump, and only ever
adds tables, columns or indexes — rows are never dropped or rewritten. A
store written by a newer briefbot is refused (``StateError``) rather than
guessed at. A new table is one ``Table`` below plus one migration step.

**Several processes.** ``briefbot serve`` opens the store in the gunicorn
master (creating or upgrading the schema) before it forks; each worker then
builds its own engine on first use, because connections must not cross a
``fork``. On SQLite every connection uses WAL (readers never block the one
writer) and a busy timeout, and every write transaction starts with
``BEGIN IMMEDIATE`` so two workers never both read-then-write the same row;
a unique constraint keeps one vote per person and answer, whichever worker
records it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..errors import StateError

__all__ = [
    "StateStore",
    "FeedbackRecord",
    "default_state_path",
    "MAX_CONTEXT_BYTES",
    "SCHEMA_VERSION",
    "VOTES",
    "STATE_FILE",
]

log = logging.getLogger(__name__)

STATE_FILE = "state.sqlite3"
VOTES = ("good", "bad")
# A conversation's remembered context is a few filters and ids; anything this
# large is a caller's mistake, refused before it reaches the database.
MAX_CONTEXT_BYTES = 64_000

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
    CheckConstraint("id = 1", name="one_row"),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("request_id", String(64), nullable=False),
    Column("voter", String(64), nullable=False),  # who voted: a Slack user id, or "console"
    Column("vote", String(8), nullable=False),
    Column("question", Text, nullable=False),
    Column("intent", String(32), nullable=True),
    Column("passages", Text, nullable=False),  # JSON list: what the answer showed
    Column("user_id", String(64), nullable=True),  # the asker's context
    Column("channel_id", String(64), nullable=True),
    Column("interface", String(16), nullable=False),  # slack | console
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("request_id", "voter", name="one_vote_per_answer_and_voter"),
    CheckConstraint("vote IN ('good', 'bad')", name="known_vote"),
)


context = Table(
    "conversation_context",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", String(64), nullable=False),
    Column("thread", String(128), nullable=False),  # a Slack thread ts, or a console session
    Column("data", Text, nullable=False),  # JSON object: what a follow-up needs
    Column("expires_at", Float, nullable=False),  # seconds since the epoch
    Column("updated_at", Float, nullable=False),
    UniqueConstraint("user_id", "thread", name="one_context_per_user_and_thread"),
)


def _v1(conn: Connection) -> None:
    """Feedback on answers."""
    feedback.create(conn, checkfirst=True)


def _v2(conn: Connection) -> None:
    """Conversation context for follow-up questions in a thread."""
    context.create(conn, checkfirst=True)


# Each step takes the schema from version i to i + 1; append, never edit.
_MIGRATIONS: tuple[Callable[[Connection], None], ...] = (_v1, _v2)
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
    """Feedback (and, later, other small tables) in one SQL database.

    ``url`` is any SQLAlchemy URL; ``path`` is a shortcut for an SQLite file.
    Without either the store lives in memory (tests, one-shot commands).
    """

    def __init__(self, url: str | None = None, *, path: str | Path | None = None) -> None:
        if url and path:
            raise ValueError("give the state store a url or a path, not both")
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            url = "sqlite:///" + str(Path(path))
        self._url = make_url(url or "sqlite://")
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        self._pid = -1
        self.upgrade()

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
            return create_engine(self._url, pool_pre_ping=True)
        memory = self._url.database in (None, "", ":memory:")
        options: dict[str, Any] = {"connect_args": {"timeout": 10, "check_same_thread": False}}
        if memory:
            from sqlalchemy.pool import StaticPool

            options["poolclass"] = StaticPool  # one connection, or each would see its own database
        engine = create_engine(self._url, **options)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        try:
            with self._db().begin() as conn:
                yield conn
        except SQLAlchemyError as exc:
            # The driver's message only: SQLAlchemy's own would carry the
            # statement's parameters (question text) into logs.
            reason = str(getattr(exc, "orig", None) or type(exc).__name__).splitlines()[0]
            raise StateError(f"state store {self.location}: {reason[:200]}") from exc

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
        with self._transaction() as conn:
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
        return SCHEMA_VERSION

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
        """Keep ``data`` (JSON-able) for ``user`` in ``thread`` for ``ttl_seconds``; replaces any earlier."""
        if ttl_seconds <= 0:
            raise ValueError("ttl_seconds must be positive")
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        if len(text.encode("utf-8")) > MAX_CONTEXT_BYTES:
            raise ValueError(f"conversation context over {MAX_CONTEXT_BYTES} bytes")
        now = time.time() if now is None else now
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
        now = time.time() if now is None else now
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
