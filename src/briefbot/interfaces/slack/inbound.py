"""What Slack sends us, turned into a plain question and delivery keys.

Slack escapes ``&``, ``<`` and ``>`` in message text and wraps mentions,
channels and links in ``<...>``. The engine wants the words a person typed,
so ``<https://x|label>`` becomes ``label``, ``<@U1>`` becomes ``@U1`` and the
entities are unescaped. (Output is escaped again by the renderer, so nothing
a user types can come back out as live markup.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = [
    "plain_question",
    "strip_bot_mention",
    "event_keys",
    "is_bot_or_edit",
    "is_direct_message",
    "MAX_QUESTION_CHARS",
]

MAX_QUESTION_CHARS = 1000
"""Longer questions get a polite refusal: they cannot ride in a button value anyway."""

_ANGLE = re.compile(r"<([^<>]*)>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _unwrap(match: re.Match[str]) -> str:
    inner = match.group(1)
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return "@" + (label or target[1:])
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!"):
        name = target[1:].split("^")[0]
        return "@" + (label or name)
    return label or target.removeprefix("mailto:")


def plain_question(text: str | None) -> str:
    """Slack's message text as the words the person typed, on one line."""
    if not text:
        return ""
    text = _ANGLE.sub(_unwrap, text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def strip_bot_mention(text: str | None, bot_user_id: str | None) -> str:
    """Remove every ``<@BOT>`` (with or without a label) so only the question remains."""
    if not text:
        return ""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(\|[^>]*)?>", " ", text)
    return text


def is_bot_or_edit(event: Mapping[str, Any], bot_user_id: str | None) -> bool:
    """True for messages from bots (ours or others), edits, deletes and other subtypes."""
    if event.get("bot_id") or event.get("subtype") or event.get("bot_profile"):
        return True
    user = event.get("user")
    return not user or (bot_user_id is not None and user == bot_user_id)


def is_direct_message(event: Mapping[str, Any]) -> bool:
    """A message in a 1:1 DM with the bot."""
    return event.get("channel_type") == "im" or str(event.get("channel", "")).startswith("D")


def event_keys(body: Mapping[str, Any]) -> tuple[str, ...]:
    """Keys that identify one user message however Slack delivers it.

    The event id covers a plain redelivery; channel+ts and client_msg_id
    cover the same message arriving as two different events.
    """
    event = body.get("event") or {}
    keys = []
    if body.get("event_id"):
        keys.append(f"event:{body['event_id']}")
    if event.get("channel") and event.get("ts"):
        keys.append(f"msg:{event['channel']}:{event['ts']}")
    if event.get("client_msg_id"):
        keys.append(f"client:{event['client_msg_id']}")
    return tuple(keys)
