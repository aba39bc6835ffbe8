"""Structured logs for the Slack server: one JSON object a line, with a request id.

Every request Slack sends gets a short request id; the listeners put it in a
context variable so every log line written while handling that request
carries it, and failure replies quote it so a user's report can be matched to
the log. A redaction filter replaces any Slack token, response URL or the
signing secret that might slip into a message (an exception text, a
library's line).

What reaches the log from the Slack libraries is limited, whatever the level
(even with ``--debug``): their debug and info lines quote request bodies,
answers (restricted excerpts included) and response URLs, so they are
dropped; their warnings and errors keep only the words before the first
quoted value (``LibraryFilter``).
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import secrets
import sys
import time
from collections.abc import Iterable

__all__ = [
    "request_id_var",
    "new_request_id",
    "RequestIdFilter",
    "RedactingFilter",
    "LibraryFilter",
    "JsonFormatter",
    "configure_logging",
]

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

_TOKEN = re.compile(r"\bx(?:ox[abprse]|app)-[A-Za-z0-9-]+")
# Slack's response URLs (and incoming webhooks) carry a bearer secret in their path.
_RESPONSE_URL = re.compile(r"https?://[^\s\"'<>]*/(?:commands|actions|services|response)/[^\s\"'<>]+")
# Bolt logs through the logger the app gives it ("briefbot.slack.bolt"), or its own.
_LIBRARIES = ("slack_bolt", "slack_sdk", "slack", "briefbot.slack.bolt")
_QUOTED = re.compile(r"[({\[:=]")


def new_request_id() -> str:
    """A short random id, e.g. 'r3f9a1c2b'."""
    return "r" + secrets.token_hex(4)


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` from the context variable."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class RedactingFilter(logging.Filter):
    """Replaces Slack tokens and the given secret values in the rendered message."""

    def __init__(self, secrets_: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = tuple(s for s in secrets_ if s)

    def _clean(self, text: str) -> str:
        text = _TOKEN.sub("[redacted]", text)
        text = _RESPONSE_URL.sub("[response_url]", text)
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self._clean(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class LibraryFilter(logging.Filter):
    """Keeps the Slack libraries from logging bodies, answers or response URLs.

    Their records below WARNING are dropped; a warning or error keeps its
    first words (up to the first bracket, colon or equals sign) and no
    traceback text beyond the exception's type.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        name = record.name
        if not any(name == lib or name.startswith(lib + ".") for lib in _LIBRARIES):
            return True
        if record.levelno < logging.WARNING:
            return False
        head = _QUOTED.split(record.getMessage().split("\n", 1)[0], 1)[0].strip()
        record.msg, record.args = (head[:200] or "slack library message"), None
        if record.exc_info and record.exc_info[0] is not None:
            record.msg += f" ({record.exc_info[0].__name__})"
        record.exc_info, record.exc_text = None, None
        return True


class JsonFormatter(logging.Formatter):
    """``{"ts", "level", "logger", "request_id", "msg", ...extra fields}`` per line."""

    _STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
        "message",
        "asctime",
        "request_id",
    }

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in self._STANDARD and not key.startswith("_"):
                entry[key] = (
                    value
                    if value is None or isinstance(value, int | float | bool | str)
                    else str(value)
                )
        if record.exc_text:
            entry["error"] = record.exc_text
        elif record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: int = logging.INFO, secrets_: Iterable[str] = ()) -> None:
    """Send every log record to stderr as JSON lines, request id attached, secrets redacted."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    handler.addFilter(LibraryFilter())
    handler.addFilter(RedactingFilter(secrets_))
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
