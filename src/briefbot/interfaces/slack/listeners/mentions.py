"""``@briefbot question`` in a channel: answered in the thread of the mention."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from ....models import Viewer
from ..answering import Answering
from ..delivery import (
    never_silent,
    post_ephemeral,
    post_message,
    request_scope,
    working_reaction,
)
from ..inbound import event_keys, is_direct_message, plain_question, strip_bot_mention

__all__ = ["EVENT", "register"]

EVENT = "app_mention"

log = logging.getLogger(__name__)


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
            if not answering.state.first_time(*event_keys(body)):
                log.info(
                    "duplicate delivery ignored", extra={"retry_num": context.get("retry_num")}
                )
                return
            channel, ts, user = event["channel"], event["ts"], event.get("user")
            thread = event.get("thread_ts") or ts
            limited = answering.rate_limited(user)
            if limited is not None and user:
                post_ephemeral(client, channel, user, limited, thread_ts=thread)
                return
            question = plain_question(strip_bot_mention(event.get("text"), context.bot_user_id))
            with (
                never_silent(lambda m: post_message(client, channel, m, thread_ts=thread)),
                working_reaction(client, channel, ts),
            ):
                outcome = answering.reply_for(question, Viewer(channel=channel, user=user))
                post_message(client, channel, outcome.message, thread_ts=thread)
                log.info(
                    "answered mention",
                    extra={"user": user, "channel": channel, "failed": outcome.failed},
                )

    app.event(EVENT)(ack=acknowledge, lazy=[answer])
