"""Conversation context: what a follow-up in a thread needs to know, until it expires."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from .schema import context

__all__ = ["MAX_CONTEXT_BYTES", "remember", "recall"]

# A conversation's remembered context is a few filters and ids; anything this
# large is a caller's mistake, refused before it reaches the database.
MAX_CONTEXT_BYTES = 64_000


def remember(
    conn: Connection, user: str, thread: str, data: dict[str, Any], ttl_seconds: int, now: float
) -> None:
    """Keep ``data`` (JSON-able) for ``user`` in ``thread`` for ``ttl_seconds`` (replacing)."""
    if ttl_seconds <= 0:
        raise ValueError("ttl_seconds must be positive")
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    if len(text.encode("utf-8")) > MAX_CONTEXT_BYTES:
        raise ValueError(f"conversation context over {MAX_CONTEXT_BYTES} bytes")
    values = {"data": text, "expires_at": now + ttl_seconds, "updated_at": now}
    key = (context.c.user_id == user) & (context.c.thread == thread)
    if not conn.execute(update(context).where(key).values(**values)).rowcount:
        try:
            with conn.begin_nested():
                conn.execute(insert(context).values(user_id=user, thread=thread, **values))
        except IntegrityError:  # another process remembered first: the later write wins
            conn.execute(update(context).where(key).values(**values))
    # Expired contexts are dead weight; sweeping them on writes keeps the table small.
    conn.execute(delete(context).where(context.c.expires_at <= now))


def recall(conn: Connection, user: str, thread: str, now: float) -> dict[str, Any] | None:
    """What was remembered for ``user`` in ``thread``, or None (never set, or expired)."""
    row = conn.execute(
        select(context.c.data).where(
            (context.c.user_id == user) & (context.c.thread == thread)
            & (context.c.expires_at > now)
        )
    ).first()
    if row is None:
        return None
    data = json.loads(row[0])
    return data if isinstance(data, dict) else None
