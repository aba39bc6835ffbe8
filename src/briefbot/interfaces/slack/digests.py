"""Follow digests in Slack: rendered as Block Kit, posted with ``chat.postMessage``.

``start_follower`` gives a serving process its ``Follower`` (see
``interfaces/follows.py``), wired to live reload's swap hook by the caller,
and a daemon thread that calls ``catch_up`` every ``CATCH_UP_SECONDS``: it
posts news that waited for the state store and digests another process
claimed but never posted; it also stores the 👍/👎 votes held while the
store was unreachable (``interfaces/feedback.HELD``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from ...config import Settings
from ...render.digest import digest_slack
from ...state import StateStore
from ..feedback import HELD
from ..follows import Digest, Follower

__all__ = ["start_follower", "render_digest", "CATCH_UP_SECONDS"]

log = logging.getLogger(__name__)

CATCH_UP_SECONDS = 10.0


def render_digest(digest: Digest) -> dict[str, Any]:
    """The digest as a ``chat.postMessage`` payload (``text`` and ``blocks``)."""
    return digest_slack(
        digest.briefing, digest.hits, question=digest.follow.query,
        follow_id=digest.follow.id, matched=digest.matched,
    ).payload()


def _poster(client: WebClient) -> Callable[[str, dict[str, Any]], bool]:
    def post(channel: str, message: dict[str, Any]) -> bool:
        try:
            response = client.chat_postMessage(
                channel=channel, text=message.get("text", ""), blocks=message.get("blocks"),
                unfurl_links=False, unfurl_media=False,
            )
        except Exception as exc:  # noqa: BLE001 - Slack down or the bot removed: retried later
            log.warning("digest not posted to %s: %s", channel, type(exc).__name__)
            return False
        return bool(response.get("ok"))

    return post


def start_follower(
    store: StateStore,
    settings: Settings,
    client: WebClient,
    engine_provider: Callable[[], Any],
    *,
    interval: float = CATCH_UP_SECONDS,
) -> Follower:
    """This process's follower, with its catch-up thread running."""
    follower = Follower(store, settings, render=render_digest, post=_poster(client))

    def run() -> None:
        while True:
            time.sleep(interval)
            try:
                if len(HELD):
                    HELD.flush(store)  # 👍/👎 that waited for the store
                follower.catch_up(engine_provider())
            except Exception:  # noqa: BLE001 - e.g. the index is still loading; next round
                log.debug("follow catch-up skipped", exc_info=True)

    threading.Thread(target=run, name="briefbot-follows", daemon=True).start()
    return follower
