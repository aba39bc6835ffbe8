"""Slack credentials and endpoints, read from the environment only.

Tokens and the signing secret never come from ``config/briefbot.toml`` and
never appear in a message, a log line or a ``repr``: errors name the
variable and what shape was expected, never the value.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ...errors import ConfigError

__all__ = ["SlackEnv", "DEFAULT_API_URL", "load_slack_env"]

DEFAULT_API_URL = "https://slack.com/api/"

_TOKEN_BODY = re.compile(r"^[A-Za-z0-9-]{10,}$")
_SECRET = re.compile(r"^[A-Za-z0-9]{16,}$")


@dataclass(frozen=True)
class SlackEnv:
    """What the Slack app needs from the environment. ``repr`` hides the secrets."""

    bot_token: str = field(repr=False)
    signing_secret: str = field(repr=False)
    app_token: str | None = field(default=None, repr=False)
    api_url: str = DEFAULT_API_URL

    def secrets(self) -> tuple[str, ...]:
        """Every secret value, for log redaction."""
        return tuple(s for s in (self.bot_token, self.signing_secret, self.app_token) if s)


def _token(environ: Mapping[str, str], name: str, prefix: str, what: str) -> str:
    value = environ.get(name, "").strip()
    if not value:
        raise ConfigError(f"environment variable {name} is not set: it must hold the {what}")
    if not value.startswith(prefix) or not _TOKEN_BODY.match(value):
        raise ConfigError(
            f"environment variable {name} is malformed: the {what} starts with {prefix!r}"
        )
    return value


def load_slack_env(
    environ: Mapping[str, str] | None = None, *, socket_mode: bool = False
) -> SlackEnv:
    """Read and check the ``SLACK_*`` variables: bot token, signing secret, app token, API URL.

    Raises ConfigError naming the first missing or malformed variable.
    ``SLACK_APP_TOKEN`` is required only for Socket Mode.
    """
    environ = os.environ if environ is None else environ
    bot_token = _token(environ, "SLACK_BOT_TOKEN", "xoxb-", "bot token (OAuth & Permissions page)")
    secret = environ.get("SLACK_SIGNING_SECRET", "").strip()
    if not secret:
        raise ConfigError(
            "environment variable SLACK_SIGNING_SECRET is not set: it must hold the app's "
            "signing secret (Basic Information page)"
        )
    if not _SECRET.match(secret):
        raise ConfigError(
            "environment variable SLACK_SIGNING_SECRET is malformed: expected the letters and "
            "digits shown on the Basic Information page"
        )
    app_token = None
    if socket_mode:
        app_token = _token(
            environ, "SLACK_APP_TOKEN", "xapp-", "app-level token with connections:write"
        )
    api_url = environ.get("SLACK_API_URL", "").strip() or DEFAULT_API_URL
    parts = urlsplit(api_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or not api_url.endswith("/"):
        raise ConfigError(
            "environment variable SLACK_API_URL is malformed: expected an http(s) URL ending "
            "with '/', such as the default https://slack.com/api/"
        )
    return SlackEnv(
        bot_token=bot_token, signing_secret=secret, app_token=app_token, api_url=api_url
    )
