"""``/brief ...``: ack at once, answer only the asker through the response_url."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext

from ....models import Viewer
from ....render.slack import SlackMessage
from ..answering import Answering, Outcome, post_to_response_url
from ..delivery import never_silent, request_scope
from ..following import follow_reply
from ..inbound import plain_question

__all__ = ["COMMAND", "register"]

COMMAND = "/brief"

log = logging.getLogger(__name__)


def register(app: App, answering: Answering) -> None:
    """Register the ``/brief`` slash command."""

    def acknowledge(ack: Ack) -> None:
        # An empty 200 within milliseconds: Slack shows nothing until the answer arrives.
        ack()

    def answer(body: dict[str, Any], context: BoltContext) -> None:
        with request_scope(context):
            response_url = body.get("response_url")
            if not response_url:
                log.warning("slash command without response_url ignored")
                return
            if not answering.state.first_time(f"command:{body.get('trigger_id', '')}"):
                log.info("duplicate slash command ignored")
                return

            def send(message: SlackMessage) -> None:
                post_to_response_url(response_url, message, response_type="ephemeral")

            with never_silent(send):
                send(_reply(answering, body).message)

    app.command(COMMAND)(ack=acknowledge, lazy=[answer])


def _reply(answering: Answering, body: dict[str, Any]) -> Outcome:
    user, channel = body.get("user_id"), body.get("channel_id")
    limited = answering.rate_limited(user)
    if limited is not None:
        return Outcome(limited)
    words = plain_question(body.get("text"))
    following = follow_reply(
        answering, words, user=user, channel=channel, channel_name=body.get("channel_name")
    )
    if following is not None:
        return Outcome(following)
    outcome = answering.reply_for(words, Viewer(channel=channel, user=user), share_button=True)
    log.info(
        "answered slash command",
        extra={
            "user": user,
            "channel": channel,
            "intent": outcome.answer.intent if outcome.answer else None,
            "hits": len(outcome.answer.hits) if outcome.answer else 0,
        },
    )
    return outcome
