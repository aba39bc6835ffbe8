"""Direct messages to the bot (``message`` events with ``channel_type == "im"``)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from ....models import Viewer
from ..answering import Answering
from ..delivery import never_silent, post_message, request_scope, working_reaction
from ..inbound import (
    event_keys,
    is_bot_or_edit,
    is_direct_message,
    plain_question,
    strip_bot_mention,
)

__all__ = ["EVENT", "register"]

EVENT = "message"

log = logging.getLogger(__name__)


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
            if not answering.state.first_time(*event_keys(body)):
                log.info(
                    "duplicate delivery ignored", extra={"retry_num": context.get("retry_num")}
                )
                return
            channel, ts, user = event["channel"], event["ts"], event.get("user")
            thread = event.get("thread_ts")
            limited = answering.rate_limited(user)
            if limited is not None:
                post_message(client, channel, limited, thread_ts=thread)
                return
            question = plain_question(strip_bot_mention(event.get("text"), context.bot_user_id))
            with (
                never_silent(lambda m: post_message(client, channel, m, thread_ts=thread)),
                working_reaction(client, channel, ts),
            ):
                outcome = answering.reply_for(question, Viewer(channel=channel, user=user))
                post_message(client, channel, outcome.message, thread_ts=thread)
                log.info("answered DM", extra={"user": user, "failed": outcome.failed})

    app.event(EVENT)(ack=acknowledge, lazy=[answer])
