"""Socket Mode: the same Bolt app over a WebSocket, for development behind a firewall.

Slack pushes events to the app over a connection the app opens with the
app-level token (``SLACK_APP_TOKEN``, scope ``connections:write``); no public
URL or signing-secret check is involved. Acks go back over the socket, and
the lazy listeners do the work exactly as in HTTP mode.
"""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from ...errors import ConfigError
from .settings import SlackEnv

__all__ = ["socket_mode_handler", "run_socket_mode"]

log = logging.getLogger(__name__)


def socket_mode_handler(app: App, env: SlackEnv) -> SocketModeHandler:
    """The Bolt Socket Mode handler for ``app`` (not connected yet)."""
    if not env.app_token:
        raise ConfigError("environment variable SLACK_APP_TOKEN is not set: Socket Mode needs it")
    return SocketModeHandler(app, app_token=env.app_token)


def run_socket_mode(app: App, env: SlackEnv) -> None:
    """Connect and serve until interrupted (blocking)."""
    handler = socket_mode_handler(app, env)
    log.info("starting Socket Mode")
    handler.start()
