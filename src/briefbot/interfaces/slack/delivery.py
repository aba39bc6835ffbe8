"""Posting replies through the Web API: threads, the 👀 reaction, one reply per message.

The Web API client comes from Bolt (one per request) and carries the retry
handlers set in ``create_app``, so 429s and dropped connections are retried
there. Everything here logs and swallows Slack errors: a failed reaction must
never stop the answer, and a failed answer falls back to a plain apology.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from ...render.slack import SlackMessage, render_notice
from . import reactions
from .logs import new_request_id, request_id_var

__all__ = [
    "request_scope",
    "never_silent",
    "apology",
    "post_message",
    "post_ephemeral",
    "working_reaction",
]

log = logging.getLogger(__name__)

WORKING_REACTION = "eyes"


@contextmanager
def request_scope(context: Mapping[str, Any]) -> Iterator[str]:
    """Run a (lazy) listener under the request id the middleware gave this request."""
    token = request_id_var.set(str(context.get("request_id") or new_request_id()))
    try:
        yield request_id_var.get()
    finally:
        request_id_var.reset(token)


def apology() -> SlackMessage:
    """A short failure reply quoting the request id (the details are in the log)."""
    return render_notice(
        "Sorry, something went wrong on my side and I could not answer. "
        f"If it keeps happening, give this reference to the admins: {request_id_var.get()}"
    )


@contextmanager
def never_silent(send: Callable[[SlackMessage], object]) -> Iterator[None]:
    """If the listener body fails in a way nothing else caught, still tell the asker."""
    try:
        yield
    except Exception:
        log.exception("listener failed")
        try:
            send(apology())
        except Exception:  # nothing more can be done; the log has both failures
            log.exception("could not send the apology either")


def post_message(
    client: WebClient, channel: str, message: SlackMessage, *, thread_ts: str | None = None
) -> bool:
    """chat.postMessage; if Slack rejects the blocks, post a short plain-text apology instead."""
    try:
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, **message.payload())
        return True
    except Exception as exc:  # Slack errors, lost connections, block validation
        log.error("chat.postMessage failed: %s", _reason(exc))
    try:
        apology = render_notice(
            "Sorry, I found an answer but Slack would not let me post it. "
            f"Reference for the admins: {request_id_var.get()}"
        )
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=apology.text)
    except Exception as exc:  # Slack errors or a lost connection
        log.error("fallback chat.postMessage failed: %s", _reason(exc))
    return False


def post_ephemeral(
    client: WebClient,
    channel: str,
    user: str,
    message: SlackMessage,
    *,
    thread_ts: str | None = None,
) -> bool:
    """chat.postEphemeral to one user; logs and returns False on failure."""
    try:
        client.chat_postEphemeral(
            channel=channel, user=user, thread_ts=thread_ts, **message.payload()
        )
        return True
    except Exception as exc:  # Slack errors, lost connections, block validation
        log.error("chat.postEphemeral failed: %s", _reason(exc))
        return False


@contextmanager
def working_reaction(client: WebClient, channel: str, ts: str) -> Iterator[None]:
    """👀 on the asker's message while we work, removed afterwards whatever happens."""
    added = False
    # Listed first: if this process dies before removing it, a sweep will (reactions.py).
    reactions.started(channel, ts, WORKING_REACTION)
    try:
        client.reactions_add(channel=channel, timestamp=ts, name=WORKING_REACTION)
        added = True
    except Exception as exc:  # Slack errors or a lost connection
        log.warning("reactions.add failed: %s", _reason(exc))
    try:
        yield
    finally:
        gone = not added  # never put on: nothing to take off
        if added:
            try:
                client.reactions_remove(channel=channel, timestamp=ts, name=WORKING_REACTION)
                gone = True
            except Exception as exc:  # Slack errors or a lost connection
                log.warning("reactions.remove failed: %s", _reason(exc))
        if gone:  # else it stays listed, and the sweep tries again
            reactions.finished(channel, ts, WORKING_REACTION)


def _reason(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error", "unknown_error"))
    return type(exc).__name__
