"""The Slack app's view of the state store: which deliveries were taken, who asked when.

Slack redelivers an event when it did not get a 200 in 3 seconds (with an
``X-Slack-Retry-Num`` header), and behind a load balancer the retry may
reach another worker or another host. Both the "already answered?" ledger
and the per-user rate limit therefore live in the one state store every
process and host opens (``briefbot.state``: an SQLite file by default,
PostgreSQL for several hosts). Without a store the state is in memory,
which is right for a single process (tests, one-shot runs).

When the database is unreachable the app keeps answering: a delivery is
treated as new (so a Slack retry may be answered twice, and a warning says
so) and the rate limit lets the question through (``Answering`` logs it).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from ...errors import StateError
from ...state import StateStore

__all__ = ["SlackState"]

log = logging.getLogger(__name__)


class SlackState:
    """Delivery de-duplication and a sliding-window rate limit, in the shared state store."""

    def __init__(
        self,
        store: StateStore | str | Path | None = None,
        *,
        seen_ttl: float = 3600.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if store is None or isinstance(store, (str, Path)):
            # A path is an SQLite file of its own (tests); serve passes the shared store.
            store = StateStore(path=store, clock=clock) if store else StateStore(clock=clock)
        self.store = store
        self._ttl = seen_ttl

    def first_time(self, *keys: str) -> bool:
        """Record the keys; True only if none of them was recorded before (within the TTL).

        True when the store is unreachable: answering twice beats not answering.
        """
        try:
            return self.store.first_delivery(keys, ttl=self._ttl)
        except StateError as exc:
            log.warning(
                "state store unreachable (%s): delivery taken without the shared ledger; "
                "a Slack retry of it may be answered twice", exc,
                extra={"delivery_keys": len(keys)},
            )
            return True

    def allow(self, user: str, limit: int, window: float = 60.0) -> float:
        """Count one question by ``user``; 0.0 if allowed, else seconds until the next is."""
        return self.store.allow(user, limit, window)
