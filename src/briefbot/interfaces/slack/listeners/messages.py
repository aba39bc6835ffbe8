"""Direct messages to the bot (``message`` events with ``channel_type == "im"``)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from ..answering import Answering
from ..delivery import request_scope
from ..inbound import is_bot_or_edit, is_direct_message
from .conversation import answer_in_conversation

__all__ = ["EVENT", "register"]

EVENT = "message"


def register(app: App, answering: Answering) -> None:
    """Register the ``message`` listener (DMs only; every other message is acked and ignored)."""

    def acknowledge(ack: Ack) -> None:
        ack()

    def answer(
        body: dict[str, Any], event: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        with request_scope(context):
            # Channel messages are answered only through app_mention; edits, deletes
            # and anything a bot wrote (ourselves included) are never answered.
            if not is_direct_message(event) or is_bot_or_edit(event, context.bot_user_id):
                return
            answer_in_conversation(
                answering, body, event, client, context,
                thread_ts=event.get("thread_ts"),
                kind="DM",
                limit_privately=False,
            )

    app.event(EVENT)(ack=acknowledge, lazy=[answer])
