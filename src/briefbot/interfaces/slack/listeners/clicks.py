"""What every button handler needs: who clicked where, and a reply only they see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ....render.slack import SlackMessage
from ..answering import post_to_response_url

__all__ = ["where", "ephemeral_sender"]


def where(body: dict[str, Any]) -> tuple[str | None, str | None, bool, str | None]:
    """(user, channel, is_ephemeral, thread_ts) of the message whose button was clicked."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    user = (body.get("user") or {}).get("id")
    thread = (
        container.get("thread_ts")
        or message.get("thread_ts")
        or container.get("message_ts")
        or message.get("ts")
    )
    return user, channel, bool(container.get("is_ephemeral")), thread


def ephemeral_sender(body: dict[str, Any]) -> Callable[[SlackMessage], object]:
    """Send a message only the clicker sees (through the interaction's response_url)."""
    response_url = body.get("response_url")

    def send(message: SlackMessage) -> None:
        if response_url:
            post_to_response_url(
                response_url, message, response_type="ephemeral", replace_original=False
            )

    return send
