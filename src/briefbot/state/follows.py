"""Follows and their digests: who follows what where, and what each has posted.

A digest of one briefing version for one follow is a row under a unique
constraint: whichever process inserts it first owns it, stores the message
with it and posts it; the passages it shows are recorded in the same
transaction by identity (``passage_key``), so a later version of the
briefing never shows them again. A claimed digest that was not marked
posted within a lease is taken over by one other process (a conditional
update), so a process that dies between claiming and posting loses nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from ..text import fold_quotes
from .schema import follow_digests, follow_passages, follows
from .sql import insert_ignoring_duplicates

__all__ = [
    "Follow", "DigestClaim", "PendingDigest", "MAX_FOLLOW_CHARS", "passage_key",
    "add", "live", "remove", "claim", "mark_posted", "take_unposted", "digests", "unposted",
]

# A follow is one question: the query parser reads at most 1,000 characters.
MAX_FOLLOW_CHARS = 1000
# A digest that failed this many times is left for a person (the log says why).
_MAX_ATTEMPTS = 5


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


def passage_key(speaker: str | None, text: str) -> str:
    """A passage's identity across edits: its speaker and its text, normalised, hashed.

    Position is left out on purpose: a passage moved by an edit above it is
    the same passage. Case, spacing and quote styles do not make a new one.
    """
    normal = " ".join(fold_quotes(text).casefold().split())
    blob = f"{(speaker or '').casefold()}\x1f{normal}".encode()
    return hashlib.blake2b(blob, digest_size=16).hexdigest()


def _claimant() -> str:
    """Who claimed a row (host and process): for people reading the table, never for logic."""
    return f"{socket.gethostname()[:100]}:{os.getpid()}"


def _follow(row: Any) -> Follow:
    return Follow(int(row["id"]), row["channel_id"], row["owner"], row["query"],
                  bool(row["personal"]), float(row["created_at"]))


def add(conn: Connection, *, channel: str, owner: str, query: str, personal: bool,
        now: float) -> Follow:
    """Start following ``query`` in ``channel``; the new follow."""
    query = " ".join(query.split())
    if not query:
        raise ValueError("a follow needs a question or filters")
    if len(query) > MAX_FOLLOW_CHARS:
        raise ValueError(f"a follow is at most {MAX_FOLLOW_CHARS} characters")
    new_id = conn.execute(
        insert(follows).values(channel_id=channel, owner=owner, query=query,
                               personal=int(personal), created_at=now).returning(follows.c.id)
    ).scalar_one()
    return Follow(int(new_id), channel, owner, query, personal, now)


def live(conn: Connection, channel: str | None = None) -> list[Follow]:
    """The follows not stopped (of one channel when given), oldest first."""
    query = select(follows).where(follows.c.removed_at.is_(None)).order_by(follows.c.id)
    if channel is not None:
        query = query.where(follows.c.channel_id == channel)
    return [_follow(row) for row in conn.execute(query).mappings().all()]


def remove(conn: Connection, channel: str, follow_id: int, now: float) -> Follow | None:
    """Stop a follow of ``channel`` (kept, with its history); the follow, or None if unknown."""
    found = [f for f in live(conn, channel) if f.id == follow_id]
    if not found:
        return None
    conn.execute(
        update(follows).where((follows.c.id == follow_id) & follows.c.removed_at.is_(None))
        .values(removed_at=now)
    )
    return found[0]


def claim(
    conn: Connection,
    *,
    follow_id: int,
    briefing_id: str,
    version: str,
    passage_keys: Sequence[str],
    render: Callable[[frozenset[str]], dict[str, Any] | None],
    now: float,
) -> DigestClaim | None:
    """Take the digest of one briefing version for one follow, if nobody has.

    None when another process (on any host) claimed it first. Otherwise
    ``render`` gets the passage keys this follow never posted for this
    briefing and returns the message (``{"text", "blocks"}``), or None when
    nothing is left; the message is stored with the claim.
    """
    keys = sorted(set(passage_keys))
    taken = insert_ignoring_duplicates(conn, follow_digests, [{
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
            update(follow_digests).where(follow_digests.c.id == digest_id).values(posted_at=now)
        )
        return DigestClaim(int(digest_id), fresh, None)
    # A digest shows the best of the fresh passages; More results reaches the rest,
    # so all of them count as posted.
    insert_ignoring_duplicates(conn, follow_passages, [
        {"follow_id": follow_id, "briefing_id": briefing_id, "passage_key": k,
         "digest_id": digest_id}
        for k in sorted(fresh)
    ])
    conn.execute(
        update(follow_digests).where(follow_digests.c.id == digest_id)
        .values(message=json.dumps(message, ensure_ascii=False))
    )
    return DigestClaim(int(digest_id), fresh, message)


def mark_posted(conn: Connection, digest_id: int, now: float) -> None:
    """Record that a claimed digest reached its channel."""
    conn.execute(
        update(follow_digests).where(follow_digests.c.id == digest_id).values(posted_at=now)
    )


def take_unposted(
    conn: Connection, *, now: float, lease: float, limit: int, channels: Callable[[str], bool],
) -> list[PendingDigest]:
    """Digests claimed over ``lease`` seconds ago and still unposted, re-claimed by this process.

    Re-claiming is a conditional update, so one process takes each; a digest
    is tried at most ``_MAX_ATTEMPTS`` times. ``channels`` says which
    channels this process can post to.
    """
    stale = (
        follow_digests.c.posted_at.is_(None)
        & follow_digests.c.message.is_not(None)
        & (follow_digests.c.claimed_at < now - lease)
        & (follow_digests.c.attempts < _MAX_ATTEMPTS)
    )
    rows = conn.execute(
        select(follow_digests.c.id, follow_digests.c.follow_id, follow_digests.c.message,
               follows.c.channel_id)
        .join(follows, follows.c.id == follow_digests.c.follow_id)
        .where(stale & follows.c.removed_at.is_(None))
        .order_by(follow_digests.c.id).limit(limit)
    ).all()
    taken: list[PendingDigest] = []
    for digest_id, follow_id, message, channel in rows:
        if not channels(channel):  # another kind of process posts there
            continue
        won = conn.execute(
            update(follow_digests).where(stale & (follow_digests.c.id == digest_id))
            .values(claimed_at=now, claimed_by=_claimant(),
                    attempts=follow_digests.c.attempts + 1)
        ).rowcount
        if won:
            taken.append(PendingDigest(int(digest_id), int(follow_id), channel,
                                       json.loads(message)))
    return taken


def digests(conn: Connection, follow_id: int | None = None) -> list[dict[str, Any]]:
    """Every digest claimed (one follow's when given), oldest first: for checks and tests."""
    query = select(follow_digests).order_by(follow_digests.c.id)
    if follow_id is not None:
        query = query.where(follow_digests.c.follow_id == follow_id)
    return [dict(row) for row in conn.execute(query).mappings().all()]


def unposted(conn: Connection) -> int:
    """Digests claimed with a message that has not reached its channel (yet)."""
    return int(conn.execute(
        select(func.count()).select_from(follow_digests).where(
            follow_digests.c.posted_at.is_(None) & follow_digests.c.message.is_not(None)
        )
    ).scalar_one())
