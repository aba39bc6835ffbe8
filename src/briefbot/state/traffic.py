"""What Slack sends and who asks: the delivery ledger and the per-user rate limit.

Both must hold across every worker of every host, so both are settled in
the database: a delivery key is a primary key (the first insert wins), and
a user's row is locked while their window is counted.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, delete, insert, select

from .schema import deliveries, rate_events, rate_users
from .sql import insert_ignoring_duplicates

__all__ = ["take_delivery", "sweep", "count_question"]


def take_delivery(conn: Connection, keys: Iterable[str], now: float, ttl: float) -> bool:
    """Record the delivery keys; True only if none was recorded within ``ttl`` seconds.

    Two processes, on one host or two, that take the same key at once get
    True in exactly one of them. Keys are taken in sorted order, so two
    deliveries sharing any key cannot both win.
    """
    wanted = sorted({k[:255] for k in keys if k})
    if not wanted:
        return True
    # A key older than the TTL is forgotten (a very late retry is a new delivery).
    conn.execute(
        delete(deliveries).where(deliveries.c.key.in_(wanted) & (deliveries.c.seen_at < now - ttl))
    )
    added = insert_ignoring_duplicates(
        conn, deliveries, [{"key": k, "seen_at": now} for k in wanted]
    )
    return added == len(wanted)


def sweep(conn: Connection, now: float, ttl: float, window: float = 3600.0) -> None:
    """Drop delivery keys past their TTL and questions older than any rate window."""
    conn.execute(delete(deliveries).where(deliveries.c.seen_at < now - ttl))
    conn.execute(delete(rate_events).where(rate_events.c.at < now - window))


def count_question(conn: Connection, user: str, limit: int, window: float, now: float) -> float:
    """Count one question by ``user``; 0.0 if allowed, else seconds until the next is.

    The user's row is locked while the window is counted (``FOR UPDATE`` on
    PostgreSQL; SQLite's write lock is already held), so two hosts cannot
    both let the question over the limit in.
    """
    insert_ignoring_duplicates(conn, rate_users, [{"user_id": user}])
    conn.execute(
        select(rate_users.c.user_id).where(rate_users.c.user_id == user).with_for_update()
    ).first()
    recent = (rate_events.c.user_id == user) & (rate_events.c.at > now - window)
    times = conn.execute(
        select(rate_events.c.at).where(recent).order_by(rate_events.c.at.desc()).limit(limit)
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
