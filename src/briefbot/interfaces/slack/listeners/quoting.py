"""**Copy citation** and **Open source**: the buttons that help quote an answer.

Both re-run the answer's question at click time as the clicker may see it
in that channel, so a citation or source is never handed to someone the
briefing is restricted from, even from a message shared elsewhere.
Copy citation replies, to the clicker only, with the citation lines in a
code block. Open source is a link button (Slack opens the address itself);
its click is checked the same way and, if the briefing is not visible to
the clicker there, they are told so.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext

from ....errors import QueryError
from ....models import Viewer
from ....render.slack import (
    ACTION_CITE,
    ACTION_SOURCE,
    decode_state,
    render_citations,
    render_error,
    render_notice,
)
from ..answering import Answering
from ..delivery import never_silent, request_scope
from .clicks import ephemeral_sender, where

__all__ = ["ACTIONS", "register"]

ACTIONS = (ACTION_CITE, ACTION_SOURCE)

log = logging.getLogger(__name__)


def register(app: App, answering: Answering) -> None:
    """Register the Copy citation and Open source handlers."""

    def acknowledge(ack: Ack) -> None:
        ack()

    def cite(body: dict[str, Any], action: dict[str, Any], context: BoltContext) -> None:
        with request_scope(context), never_silent(ephemeral_sender(body)):
            _cite(answering, body, action)

    def source(body: dict[str, Any], action: dict[str, Any], context: BoltContext) -> None:
        with request_scope(context), never_silent(ephemeral_sender(body)):
            _source(answering, body, action)

    app.action(ACTION_CITE)(ack=acknowledge, lazy=[cite])
    app.action(ACTION_SOURCE)(ack=acknowledge, lazy=[source])


def _cite(answering: Answering, body: dict[str, Any], action: dict[str, Any]) -> None:
    """The answer's citation lines, as the clicker may see them here, to the clicker."""
    user, channel, _, _ = where(body)
    tell_clicker = ephemeral_sender(body)
    try:
        state = decode_state(action.get("value", ""))
    except QueryError as exc:
        tell_clicker(render_error(str(exc)))
        return
    answer = answering.ask(
        state.question, Viewer(channel=channel, user=user), offset=state.offset, k=state.k
    )
    tell_clicker(render_citations(answer))
    log.info("citations copied", extra={"user": user, "channel": channel,
                                        "hits": len(answer.hits)})


def _source(answering: Answering, body: dict[str, Any], action: dict[str, Any]) -> None:
    """Slack opened the link; check the clicker may see that briefing here, else say so."""
    user, channel, _, _ = where(body)
    try:
        state = decode_state(action.get("value", ""))
    except QueryError:
        log.info("open source click with an unknown value ignored")
        return
    if state.briefing_id is None:
        return
    answer = answering.ask(
        state.question, Viewer(channel=channel, user=user), offset=state.offset, k=state.k
    )
    if any(hit.briefing.id == state.briefing_id for hit in answer.hits):
        log.info("source opened", extra={"user": user, "channel": channel})
        return
    ephemeral_sender(body)(
        render_notice(
            "That source belongs to a briefing you can't see here, so briefbot does not "
            "vouch for it in this conversation."
        )
    )
    log.info("source click refused", extra={"user": user, "channel": channel})
