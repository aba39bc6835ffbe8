"""What a mention and a DM share: answer once, in the conversation it came from."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from ....models import Viewer
from ..answering import Answering
from ..delivery import never_silent, post_ephemeral, post_message, working_reaction
from ..following import follow_reply
from ..inbound import event_keys, plain_question, strip_bot_mention

__all__ = ["answer_in_conversation", "thread_key"]

log = logging.getLogger(__name__)


def thread_key(channel: str, thread_ts: str | None) -> str:
    """The conversation a message belongs to: its thread (a DM without threads is one)."""
    return f"{channel}:{thread_ts}" if thread_ts else channel


def answer_in_conversation(
    answering: Answering,
    body: dict[str, Any],
    event: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    *,
    thread_ts: str | None,
    kind: str,
    limit_privately: bool,
) -> None:
    """Answer ``event``'s question in its channel (and thread), exactly once.

    A redelivered or duplicated event is dropped; a user over the rate limit is
    told so (privately when ``limit_privately``, as in a shared channel); 👀
    marks the question while it is being answered, and a failure still gets
    a short reply instead of silence.
    """
    if not answering.state.first_time(*event_keys(body)):
        log.info("duplicate delivery ignored", extra={"retry_num": context.get("retry_num")})
        return
    channel, ts, user = event["channel"], event["ts"], event.get("user")
    limited = answering.rate_limited(user)
    if limited is not None:
        if limit_privately and user:
            post_ephemeral(client, channel, user, limited, thread_ts=thread_ts)
        else:
            post_message(client, channel, limited, thread_ts=thread_ts)
        return
    question = plain_question(strip_bot_mention(event.get("text"), context.bot_user_id))
    direct = "directmessage" if event.get("channel_type") == "im" else None
    following = follow_reply(answering, question, user=user, channel=channel, channel_name=direct)
    if following is not None:  # "follow ...", "following", "unfollow <n>"
        post_message(client, channel, following, thread_ts=thread_ts)
        return
    with (
        never_silent(lambda m: post_message(client, channel, m, thread_ts=thread_ts)),
        working_reaction(client, channel, ts),
    ):
        outcome = answering.reply_for(
            question, Viewer(channel=channel, user=user), thread=thread_key(channel, thread_ts)
        )
        post_message(client, channel, outcome.message, thread_ts=thread_ts)
        log.info(
            "answered %s", kind,
            extra={"user": user, "channel": channel, "failed": outcome.failed},
        )
