"""Stale 👀 reactions: remembered while an answer is being worked on, swept if left behind.

``working_reaction`` (``delivery.py``) puts 👀 on the asker's message and
takes it off when the answer is out. A worker killed in between (gunicorn's
timeout, an out-of-memory kill, a restart) never takes it off, and the
asker sees the bot "looking" forever. So each 👀 is first written to a small
SQLite file kept beside the index cache (it survives restarts and is shared
by the workers), and deleted once removed. ``sweep`` removes every 👀 still
listed after ``older_than`` seconds: ``briefbot serve`` sweeps everything
left by a previous run at start-up (nothing is being answered yet), and each
serving process sweeps every ``SWEEP_INTERVAL`` seconds whatever is older
than ``STALE_AFTER`` (far longer than any answer takes).

``track(path)`` turns the bookkeeping on for the process (the entry point
calls it, as it configures logging); without it nothing is recorded.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from pathlib import Path

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

__all__ = ["PendingReactions", "track", "started", "finished", "sweep", "start_sweeper",
           "STALE_AFTER", "SWEEP_INTERVAL"]

log = logging.getLogger(__name__)

STALE_AFTER = 180.0
"""Seconds after which a 👀 still listed belongs to an answer that will never finish."""
SWEEP_INTERVAL = 60.0
"""Seconds between two sweeps in a serving process."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS working (
    channel TEXT NOT NULL, ts TEXT NOT NULL, name TEXT NOT NULL, at REAL NOT NULL,
    PRIMARY KEY (channel, ts, name)
);
"""
_GONE = {"no_reaction", "message_not_found", "channel_not_found", "not_in_channel",
         "is_archived", "thread_locked"}


class PendingReactions:
    """The 👀 reactions added and not yet removed, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10, isolation_level=None)

    def add(self, channel: str, ts: str, name: str) -> None:
        """Remember a reaction just added."""
        with self._connect() as db:
            db.execute("INSERT OR REPLACE INTO working VALUES (?, ?, ?, ?)",
                       (channel, ts, name, time.time()))

    def remove(self, channel: str, ts: str, name: str) -> None:
        """Forget a reaction (removed, or gone)."""
        with self._connect() as db:
            db.execute("DELETE FROM working WHERE channel = ? AND ts = ? AND name = ?",
                       (channel, ts, name))

    def older_than(self, seconds: float) -> list[tuple[str, str, str]]:
        """(channel, ts, name) of every reaction listed for longer than ``seconds``."""
        with self._connect() as db:
            rows = db.execute("SELECT channel, ts, name FROM working WHERE at <= ? ORDER BY at",
                              (time.time() - seconds,)).fetchall()
        return [(str(c), str(t), str(n)) for c, t, n in rows]


_pending: PendingReactions | None = None


def track(path: Path | None) -> PendingReactions | None:
    """Record this process's 👀 in ``path`` (None: stop recording)."""
    global _pending
    _pending = PendingReactions(path) if path is not None else None
    return _pending


def _safely(action: str, work) -> None:
    pending = _pending
    if pending is None:
        return
    try:
        work(pending)
    except sqlite3.Error as exc:  # bookkeeping must never stop an answer
        log.warning("could not %s the pending reaction list: %s", action, type(exc).__name__)


def started(channel: str, ts: str, name: str) -> None:
    """A reaction was added: remember it until ``finished``."""
    _safely("update", lambda p: p.add(channel, ts, name))


def finished(channel: str, ts: str, name: str) -> None:
    """A reaction was removed (or will never be): forget it."""
    _safely("update", lambda p: p.remove(channel, ts, name))


def sweep(client: WebClient, older_than: float = STALE_AFTER) -> int:
    """Remove every listed reaction older than ``older_than`` seconds; return how many went."""
    pending = _pending
    if pending is None:
        return 0
    try:
        stale = pending.older_than(older_than)
    except sqlite3.Error as exc:
        log.warning("could not read the pending reaction list: %s", type(exc).__name__)
        return 0
    removed = 0
    for channel, ts, name in stale:
        try:
            client.reactions_remove(channel=channel, timestamp=ts, name=name)
            removed += 1
        except SlackApiError as exc:
            if exc.response.get("error") not in _GONE:
                log.warning("stale reaction not removed: %s", exc.response.get("error"))
                continue  # try again at the next sweep
        except Exception as exc:  # noqa: BLE001 - a lost connection: try again next time
            log.warning("stale reaction not removed: %s", type(exc).__name__)
            continue
        finished(channel, ts, name)
    if stale:
        log.info("stale reactions swept", extra={"found": len(stale), "removed": removed})
    return removed


def start_sweeper(client: WebClient, *, interval: float = SWEEP_INTERVAL,
                  older_than: float = STALE_AFTER) -> threading.Thread:
    """Sweep every ``interval`` seconds on a daemon thread of this process."""

    def run() -> None:
        while True:
            time.sleep(interval)
            try:
                sweep(client, older_than)
            except Exception:  # noqa: BLE001 - the sweeper must outlive any failure
                log.exception("reaction sweep failed")

    thread = threading.Thread(target=run, name="briefbot-reaction-sweep", daemon=True)
    thread.start()
    return thread
