"""The answer's buttons: **More results** and **Share in channel**.

Both re-run the query at click time from the state in the button value,
so no session lives on the server and access is checked again: More results
for the person who clicked, Share for the channel it would be posted in.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from ....errors import QueryError
from ....models import Viewer
from ....render.slack import ACTION_MORE, ACTION_SHARE, decode_state, render_error, render_notice
from ..answering import Answering, Outcome, post_to_response_url
from ..delivery import post_message, request_scope

__all__ = ["ACTIONS", "register"]

ACTIONS = (ACTION_MORE, ACTION_SHARE)

log = logging.getLogger(__name__)


def _where(body: dict[str, Any]) -> tuple[str | None, str | None, bool, str | None]:
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


def register(app: App, answering: Answering) -> None:
    """Register both button handlers."""

    def acknowledge(ack: Ack) -> None:
        ack()

    def more(
        body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        with request_scope(context):
            user, channel, ephemeral, thread = _where(body)
            response_url = body.get("response_url")
            try:
                state = decode_state(action.get("value", ""))
            except QueryError as exc:
                outcome = Outcome(render_error(str(exc)), failed=True)
            else:
                outcome = (
                    Outcome(limited)
                    if (limited := answering.rate_limited(user))
                    else answering.reply_for(
                        state.question,
                        Viewer(channel=channel, user=user),
                        offset=state.offset,
                        k=state.k,
                        share_button=ephemeral,
                    )
                )
            if ephemeral or outcome.answer is None or channel is None:
                if response_url:
                    post_to_response_url(
                        response_url,
                        outcome.message,
                        response_type="ephemeral",
                        replace_original=False,
                    )
            else:
                post_message(client, channel, outcome.message, thread_ts=thread)
            log.info("more results", extra={"user": user, "channel": channel})

    def share(body: dict[str, Any], action: dict[str, Any], context: BoltContext) -> None:
        with request_scope(context):
            user, channel, _, _ = _where(body)
            response_url = body.get("response_url")
            if not response_url or not channel:
                log.warning("share click without response_url or channel ignored")
                return
            try:
                state = decode_state(action.get("value", ""))
            except QueryError as exc:
                post_to_response_url(
                    response_url,
                    render_error(str(exc)),
                    response_type="ephemeral",
                    replace_original=False,
                )
                return
            outcome = answering.shared(
                state.question, channel, offset=state.offset, k=state.k, user=user
            )
            if outcome.failed:
                post_to_response_url(
                    response_url, outcome.message, response_type="ephemeral", replace_original=False
                )
                log.info("share refused", extra={"user": user, "channel": channel})
                return
            post_to_response_url(
                response_url, outcome.message, response_type="in_channel", replace_original=False
            )
            _tell_about_withheld(answering, response_url, state, user, channel, outcome)
            log.info("shared in channel", extra={"user": user, "channel": channel})

    app.action(ACTION_MORE)(ack=acknowledge, lazy=[more])
    app.action(ACTION_SHARE)(ack=acknowledge, lazy=[share])


def _tell_about_withheld(
    answering: Answering,
    response_url: str,
    state: Any,
    user: str | None,
    channel: str,
    shared: Outcome,
) -> None:
    """If the sharer saw results the channel may not see, say they were left out."""
    try:
        own = answering.ask(
            state.question, Viewer(channel=channel, user=user), offset=state.offset, k=state.k
        )
    except Exception:  # the share already happened; this note is best effort
        log.exception("could not compare the shared answer with the sharer's")
        return
    posted = {hit.passage.id for hit in shared.answer.hits} if shared.answer else set()
    withheld = [hit for hit in own.hits if hit.passage.id not in posted]
    if withheld:
        post_to_response_url(
            response_url,
            render_notice(
                f"{len(withheld)} of the results you saw come from restricted briefings this "
                "channel may not see, so they were left out of the shared message."
            ),
            response_type="ephemeral",
            replace_original=False,
        )
