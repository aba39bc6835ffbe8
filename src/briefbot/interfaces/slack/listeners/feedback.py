"""👍 / 👎 under an answer: stored with the question and what was shown.

The vote is recorded against the answer's request id (carried in the
button), with the passages the answer shows *to the clicker, now* — the
question is re-run with their visibility in that channel, so nothing a
clicker could not see is stored on their behalf — and with the asker's
context (user, channel). A second click by the same person replaces their
vote. ``briefbot feedback export`` turns the 👎 votes into eval questions.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext

from ....errors import BriefbotError, QueryError
from ....models import Viewer
from ....render.slack import FEEDBACK_ACTIONS, decode_state, render_error, render_notice
from ...feedback import HELD
from ..answering import Answering
from ..delivery import never_silent, request_scope
from .clicks import ephemeral_sender, where

__all__ = ["ACTIONS", "register"]

ACTIONS = tuple(FEEDBACK_ACTIONS)

log = logging.getLogger(__name__)


def register(app: App, answering: Answering) -> None:
    """Register the 👍 and 👎 handlers."""

    def acknowledge(ack: Ack) -> None:
        ack()

    def vote(body: dict[str, Any], action: dict[str, Any], context: BoltContext) -> None:
        with request_scope(context), never_silent(ephemeral_sender(body)):
            _vote(answering, body, action)

    for action_id in ACTIONS:
        app.action(action_id)(ack=acknowledge, lazy=[vote])


def _vote(answering: Answering, body: dict[str, Any], action: dict[str, Any]) -> None:
    user, channel, _, _ = where(body)
    tell_clicker = ephemeral_sender(body)
    vote = FEEDBACK_ACTIONS.get(str(action.get("action_id")))
    try:
        state = decode_state(action.get("value", ""))
    except QueryError as exc:
        tell_clicker(render_error(str(exc)))
        return
    if vote is None or not state.request_id or not user or answering.store is None:
        tell_clicker(render_notice("Sorry, I can't take feedback on this message."))
        return
    answer = answering.ask(
        state.question, Viewer(channel=channel, user=user), offset=state.offset, k=state.k
    )
    try:
        new = HELD.record(
            answering.store, answer, request_id=state.request_id, vote=vote, voter=user,
            user_id=user, channel_id=channel, interface="slack",
        )
    except BriefbotError as exc:
        log.warning("feedback not stored: %s", exc)
        tell_clicker(render_notice("Sorry, I could not store that feedback; please try again."))
        return
    thanks = (
        "Thanks, noted." if vote == "good" else "Thanks, noted: someone will review this answer."
    )
    if new is None:  # the store is unreachable: held in this process until it is back
        thanks += " (My store is unreachable right now; I'll save your vote when it's back.)"
    elif not new:
        thanks += " (This replaces your earlier vote on it.)"
    tell_clicker(render_notice(thanks))
    log.info("feedback", extra={"user": user, "channel": channel, "vote": vote,
                                "answer_request_id": state.request_id})
