"""Direct messages to the bot, and replies in a thread it answered (``message`` events).

A reply in a channel thread where the bot answered this same person (their
conversation context is still in the state store) is a follow-up: it is
answered in the thread without a new @mention. Any other channel message is
ignored, and a reply that mentions the bot is left to ``app_mention``.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from ..answering import Answering
from ..delivery import request_scope
from ..inbound import is_bot_or_edit, is_direct_message
from .conversation import answer_in_conversation, thread_key

__all__ = ["EVENT", "register"]

EVENT = "message"


def register(app: App, answering: Answering) -> None:
    """Register the ``message`` listener (DMs and follow-ups in answered threads)."""

    def acknowledge(ack: Ack) -> None:
        ack()

    def answer(
        body: dict[str, Any], event: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        with request_scope(context):
            # Edits, deletes and anything a bot wrote (ourselves included) are never
            # answered; channel messages only as follow-ups in a thread the bot answered.
            if is_bot_or_edit(event, context.bot_user_id):
                return
            if is_direct_message(event):
                answer_in_conversation(
                    answering, body, event, client, context,
                    thread_ts=event.get("thread_ts"),
                    kind="DM",
                    limit_privately=False,
                )
                return
            thread_ts = event.get("thread_ts")
            mentioned = context.bot_user_id and f"<@{context.bot_user_id}" in (event.get("text") or "")
            if not thread_ts or mentioned:
                return
            if answering.in_conversation(event.get("user"), thread_key(event["channel"], thread_ts)):
                answer_in_conversation(
                    answering, body, event, client, context,
                    thread_ts=thread_ts,
                    kind="thread follow-up",
                    limit_privately=True,
                )

    app.event(EVENT)(ack=acknowledge, lazy=[answer])
