"""The state store's tables and the migration steps that create them.

Each step of ``MIGRATIONS`` takes the schema from version *i* to *i + 1*.
Steps are appended, never edited, and only ever add tables, columns or
indexes: rows are never dropped or rewritten. Times that are compared in
queries (expiry, rate windows, leases) are seconds since the epoch in a
``Float`` column, which every database compares the same way.

Correctness between processes and hosts rests on the constraints here, not
on locks in Python: a delivery key is a primary key, a follow's digest of
one briefing version is unique, and so is a passage a follow has posted.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = [
    "metadata",
    "schema_version",
    "feedback",
    "context",
    "deliveries",
    "rate_users",
    "rate_events",
    "follows",
    "follow_digests",
    "follow_passages",
    "MIGRATIONS",
    "TABLES",
]

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
    Column("expires_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    UniqueConstraint("user_id", "thread", name="one_context_per_user_and_thread"),
)

# Slack deliveries already taken in hand (event ids, command trigger ids...).
deliveries = Table(
    "deliveries",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("seen_at", Float, nullable=False),
    Index("deliveries_seen_at", "seen_at"),
)

# One row per user who ever asked: locked (SELECT ... FOR UPDATE) while that
# user's window is counted, so two hosts cannot both let the 21st question in.
rate_users = Table(
    "rate_users",
    metadata,
    Column("user_id", String(64), primary_key=True),
)

rate_events = Table(
    "rate_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", String(64), ForeignKey("rate_users.user_id"), nullable=False),
    Column("at", Float, nullable=False),
    Index("rate_events_user_at", "user_id", "at"),
)

follows = Table(
    "follows",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("channel_id", String(64), nullable=False),  # where digests go (a DM for a personal one)
    Column("owner", String(64), nullable=False),  # who asked: a Slack user id, or "console"
    Column("query", Text, nullable=False),
    Column("personal", Integer, nullable=False, default=0),  # 1: the owner's own visibility
    Column("created_at", Float, nullable=False),
    Column("removed_at", Float, nullable=True),  # unfollowed: kept, with what it posted
    Index("follows_channel", "channel_id"),
)

# One row per (follow, briefing version): whoever inserts it first posts the digest.
follow_digests = Table(
    "follow_digests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("follow_id", Integer, ForeignKey("follows.id"), nullable=False),
    Column("briefing_id", String(512), nullable=False),
    Column("version", String(64), nullable=False),  # digest of the briefing's passage identities
    Column("message", Text, nullable=True),  # JSON {"text", "blocks"}; NULL: nothing new to post
    Column("claimed_by", String(128), nullable=False),
    Column("claimed_at", Float, nullable=False),
    Column("posted_at", Float, nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    UniqueConstraint("follow_id", "briefing_id", "version", name="one_digest_per_version"),
    Index("follow_digests_unposted", "posted_at"),
)

# Passages a follow has posted, by identity (speaker + normalised text), never twice.
follow_passages = Table(
    "follow_passages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("follow_id", Integer, ForeignKey("follows.id"), nullable=False),
    Column("briefing_id", String(512), nullable=False),
    Column("passage_key", String(64), nullable=False),
    Column("digest_id", Integer, ForeignKey("follow_digests.id"), nullable=False),
    UniqueConstraint("follow_id", "briefing_id", "passage_key", name="one_post_per_passage"),
)


def _v1(conn: Connection) -> None:
    """Feedback on answers."""
    feedback.create(conn, checkfirst=True)


def _v2(conn: Connection) -> None:
    """Conversation context for follow-up questions in a thread."""
    context.create(conn, checkfirst=True)


def _v3(conn: Connection) -> None:
    """Slack deliveries and rate limits (shared by every host), follows and their digests."""
    for table in (deliveries, rate_users, rate_events, follows, follow_digests, follow_passages):
        table.create(conn, checkfirst=True)


MIGRATIONS: tuple[Callable[[Connection], None], ...] = (_v1, _v2, _v3)

# What ``briefbot state check`` counts, in the order it shows them.
TABLES = (feedback, context, deliveries, rate_events, follows, follow_digests, follow_passages)
