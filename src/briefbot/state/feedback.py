"""Answer feedback: one vote per person and answer, with what the answer showed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from .schema import feedback

__all__ = ["FeedbackRecord", "VOTES", "record", "votes"]

VOTES = ("good", "bad")


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


def record(
    conn: Connection,
    *,
    request_id: str,
    voter: str,
    vote: str,
    question: str,
    passages: Sequence[dict[str, Any]],
    intent: str | None,
    user_id: str | None,
    channel_id: str | None,
    interface: str,
    now: dt.datetime,
) -> bool:
    """Store a vote; True if new, False if it replaced the same voter's earlier vote."""
    if vote not in VOTES:
        raise ValueError(f"vote must be one of {VOTES}, not {vote!r}")
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
    if conn.execute(update(feedback).where(key).values(**values)).rowcount:
        return False
    try:
        with conn.begin_nested():
            conn.execute(insert(feedback).values(
                request_id=request_id, voter=voter, created_at=now, **values
            ))
    except IntegrityError:  # another process voted first in between: update theirs
        conn.execute(update(feedback).where(key).values(**values))
        return False
    return True


def votes(conn: Connection, vote: str | None = None) -> list[FeedbackRecord]:
    """Every stored vote (only ``vote``'s when given), oldest first."""
    query = select(feedback).order_by(feedback.c.created_at, feedback.c.id)
    if vote is not None:
        query = query.where(feedback.c.vote == vote)
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
        for row in conn.execute(query).mappings().all()
    ]
