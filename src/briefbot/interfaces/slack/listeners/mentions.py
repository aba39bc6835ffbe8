"""``@briefbot question`` in a channel: answered in the thread of the mention."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from ..answering import Answering
from ..delivery import request_scope
from ..inbound import is_direct_message
from .conversation import answer_in_conversation

__all__ = ["EVENT", "register"]

EVENT = "app_mention"


def register(app: App, answering: Answering) -> None:
    """Register the ``app_mention`` listener."""

    def acknowledge(ack: Ack) -> None:
        ack()

    def answer(
        body: dict[str, Any], event: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        with request_scope(context):
            # In a DM the message.im listener answers; answering here too would reply twice.
            if is_direct_message(event) or event.get("bot_id") or event.get("subtype"):
                return
            answer_in_conversation(
                answering, body, event, client, context,
                thread_ts=event.get("thread_ts") or event["ts"],
                kind="mention",
                limit_privately=True,
            )

    app.event(EVENT)(ack=acknowledge, lazy=[answer])
