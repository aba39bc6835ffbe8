"""The answer's buttons: **More results** and **Share in channel**.

Both re-run the query at click time from the state in the button value,
so no session lives on the server and access is checked again: More results
for the person who clicked, Share for the channel it would be posted in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from ....errors import QueryError
from ....models import Viewer
from ....render.slack import (
    ACTION_MORE,
    ACTION_SHARE,
    PageState,
    SlackMessage,
    decode_state,
    render_error,
    render_notice,
)
from ..answering import Answering, Outcome, post_to_response_url
from ..delivery import never_silent, post_message, request_scope
from .clicks import ephemeral_sender, where

__all__ = ["ACTIONS", "register"]

ACTIONS = (ACTION_MORE, ACTION_SHARE)

log = logging.getLogger(__name__)


def register(app: App, answering: Answering) -> None:
    """Register both button handlers."""

    def acknowledge(ack: Ack) -> None:
        ack()

    def more(
        body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        with request_scope(context), never_silent(ephemeral_sender(body)):
            _more(answering, body, action, client)

    def share(body: dict[str, Any], action: dict[str, Any], context: BoltContext) -> None:
        with request_scope(context), never_silent(ephemeral_sender(body)):
            _share(answering, body, action)

    app.action(ACTION_MORE)(ack=acknowledge, lazy=[more])
    app.action(ACTION_SHARE)(ack=acknowledge, lazy=[share])


def _more(
    answering: Answering, body: dict[str, Any], action: dict[str, Any], client: WebClient
) -> None:
    """The next page for the clicker: ephemeral stays ephemeral, a thread stays a thread."""
    user, channel, ephemeral, thread = where(body)
    try:
        state = decode_state(action.get("value", ""))
    except QueryError as exc:
        outcome = Outcome(render_error(str(exc)), failed=True)
    else:
        limited = answering.rate_limited(user)
        outcome = (
            Outcome(limited)
            if limited is not None
            else answering.reply_for(
                state.question,
                Viewer(channel=channel, user=user),
                offset=state.offset,
                k=state.k,
                share_button=ephemeral,
            )
        )
    if ephemeral or outcome.answer is None or channel is None:
        ephemeral_sender(body)(outcome.message)
    else:
        post_message(client, channel, outcome.message, thread_ts=thread)
    log.info("more results", extra={"user": user, "channel": channel})


def _share(answering: Answering, body: dict[str, Any], action: dict[str, Any]) -> None:
    """Post the answer publicly as the channel itself may see it, or explain why not."""
    user, channel, _, _ = where(body)
    response_url = body.get("response_url")
    if not response_url or not channel:
        log.warning("share click without response_url or channel ignored")
        return
    tell_clicker = ephemeral_sender(body)
    try:
        state = decode_state(action.get("value", ""))
    except QueryError as exc:
        tell_clicker(render_error(str(exc)))
        return
    outcome = answering.shared(state.question, channel, offset=state.offset, k=state.k, user=user)
    if outcome.failed:
        tell_clicker(outcome.message)
        log.info("share refused", extra={"user": user, "channel": channel})
        return
    post_to_response_url(
        response_url, outcome.message, response_type="in_channel", replace_original=False
    )
    _tell_about_withheld(answering, tell_clicker, state, user, channel, outcome)
    log.info("shared in channel", extra={"user": user, "channel": channel})


def _tell_about_withheld(
    answering: Answering,
    tell_clicker: Callable[[SlackMessage], object],
    state: PageState,
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
        tell_clicker(
            render_notice(
                f"{len(withheld)} of the results you saw come from restricted briefings this "
                "channel may not see, so they were left out of the shared message."
            )
        )
