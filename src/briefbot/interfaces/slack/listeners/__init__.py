"""One module per Slack feature; each exposes ``register(app, answering)``."""

from __future__ import annotations

from slack_bolt import App

from ..answering import Answering
from . import actions, commands, feedback, mentions, messages, quoting

__all__ = ["register_all", "COMMAND", "EVENTS", "ACTIONS"]

COMMAND = commands.COMMAND
EVENTS = (mentions.EVENT, messages.EVENT)
ACTIONS = actions.ACTIONS + quoting.ACTIONS + feedback.ACTIONS


def register_all(app: App, answering: Answering) -> None:
    """Register every feature's listeners on ``app``."""
    for feature in (commands, mentions, messages, actions, quoting, feedback):
        feature.register(app, answering)
