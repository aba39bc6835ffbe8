"""The request gate: what ``POST /slack/events`` must be before Bolt sees it.

Slack signs every request: ``X-Slack-Signature: v0=<hex HMAC-SHA256 of
"v0:<timestamp>:<body>">`` with the app's signing secret, and
``X-Slack-Request-Timestamp`` (seconds) must be within five minutes of now.
``check_request`` verifies that first — on the raw bytes, with headers
that must be plain ASCII of the expected shape — and only then looks at the
body: UTF-8, a form or JSON that parses, nested at most ``MAX_DEPTH`` deep,
no field sent twice, and the fields the listeners read of the type Slack
sends (``"event": null`` is not an event). Anything else is a ``Refusal``
(401 for the signature, 400 for the body) with a short reason meant for
the log: it never quotes the body, a header value or anything a person
typed. Bolt verifies the signature again; this gate exists so that no
malformed request reaches code that could fail on it, and no unverified
body reaches a log.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

__all__ = ["Refusal", "check_request", "MAX_DEPTH", "MAX_SKEW_SECONDS"]

MAX_DEPTH = 64
"""Deepest nesting of objects and arrays accepted (Slack's payloads stay far below)."""
MAX_SKEW_SECONDS = 300
"""A signature older (or newer) than this is refused: a replay, or a wrong clock."""

_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
_FORM = "application/x-www-form-urlencoded"
_JSON = "application/json"
# Fields of an event / an interaction that the listeners read: strings when present.
_EVENT_STRINGS = ("type", "user", "text", "channel", "ts", "thread_ts", "channel_type",
                  "subtype", "bot_id", "client_msg_id", "event_ts")
_PAYLOAD_STRINGS = ("type", "response_url", "trigger_id")


@dataclass(frozen=True)
class Refusal:
    """Why a request is refused: the HTTP status and a reason for the log."""

    status: int
    reason: str

    @property
    def status_line(self) -> str:
        """``"401 Unauthorized"`` or ``"400 Bad Request"``."""
        return "401 Unauthorized" if self.status == 401 else "400 Bad Request"


def check_request(
    headers: Mapping[str, str], body: bytes, *, secret: str, now: float
) -> Refusal | None:
    """None when the request is signed and well formed; else why not.

    ``headers`` maps lower-case header names to their values as received
    (WSGI gives them as latin-1 strings).
    """
    refusal = _check_signature(headers, body, secret=secret, now=now)
    if refusal is not None:
        return refusal
    return _check_body(headers.get("content-type", ""), body)


def _check_signature(
    headers: Mapping[str, str], body: bytes, *, secret: str, now: float
) -> Refusal | None:
    stamp = headers.get("x-slack-request-timestamp")
    signature = headers.get("x-slack-signature")
    if not stamp or not signature:
        return Refusal(401, "unsigned request")
    if not _TIMESTAMP.fullmatch(stamp):
        return Refusal(401, "malformed timestamp header")
    if not _SIGNATURE.fullmatch(signature):
        return Refusal(401, "malformed signature header")
    if abs(now - int(stamp)) > MAX_SKEW_SECONDS:
        return Refusal(401, "stale timestamp")
    if not secret:
        return Refusal(401, "no signing secret configured")
    expected = hmac.new(
        secret.encode(), b"v0:" + stamp.encode("ascii") + b":" + body, hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(("v0=" + expected).encode("ascii"), signature.encode("ascii")):
        return Refusal(401, "bad signature")
    return None


def _check_body(content_type: str, body: bytes) -> Refusal | None:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Refusal(400, "body is not UTF-8")
    if "\x00" in text:
        return Refusal(400, "body holds a NUL character")
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == _JSON:
        parsed, refusal = _json(text)
        if refusal is not None:
            return refusal
        return _check_json_body(parsed)
    if kind == _FORM:
        return _check_form(text)
    return Refusal(400, "unsupported content type")


def _check_form(text: str) -> Refusal | None:
    try:
        fields = parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text),
                           encoding="utf-8", errors="strict")
    except (ValueError, UnicodeDecodeError):
        return Refusal(400, "malformed form body")
    names = [name for name, _ in fields]
    if len(names) != len(set(names)):
        return Refusal(400, "a form field is sent twice")
    values = dict(fields)
    if any("\x00" in value for value in values.values()):
        return Refusal(400, "body holds a NUL character")
    if "payload" not in values:
        return None  # a slash command: every field is a string by construction
    payload, refusal = _json(values["payload"])
    if refusal is not None:
        return refusal
    if not isinstance(payload, dict):
        return Refusal(400, "interaction payload is not an object")
    return _check_interaction(payload)


def _json(text: str) -> tuple[Any, Refusal | None]:
    if _nesting(text) > MAX_DEPTH:
        return None, Refusal(400, f"JSON nested deeper than {MAX_DEPTH}")
    try:
        return json.loads(text), None
    except (ValueError, RecursionError):
        return None, Refusal(400, "malformed JSON")


def _nesting(text: str) -> int:
    """Deepest bracket nesting of a JSON text, brackets inside strings ignored."""
    if "[" not in text and "{" not in text:
        return 0
    # Strings (with their escapes) removed first, then the brackets counted.
    bare = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    depth = deepest = 0
    for ch in re.sub(r"[^\[\]{}]", "", bare):
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _check_json_body(body: Any) -> Refusal | None:
    if not isinstance(body, dict):
        return Refusal(400, "JSON body is not an object")
    kind = body.get("type")
    if not isinstance(kind, str):
        return Refusal(400, "JSON body has no string 'type'")
    if kind == "url_verification":
        if not isinstance(body.get("challenge"), str):
            return Refusal(400, "url_verification without a string challenge")
        return None
    if kind == "event_callback":
        event = body.get("event")
        if not isinstance(event, dict):
            return Refusal(400, "event_callback without an event object")
        if not isinstance(event.get("type"), str):
            return Refusal(400, "event without a string type")
        for name in _EVENT_STRINGS:
            if name in event and not isinstance(event[name], str):
                return Refusal(400, f"event field {name!r} is not a string")
        if "event_id" in body and not isinstance(body["event_id"], str):
            return Refusal(400, "event_id is not a string")
    return None


def _check_interaction(payload: dict[str, Any]) -> Refusal | None:
    for name in _PAYLOAD_STRINGS:
        if name in payload and not isinstance(payload[name], str):
            return Refusal(400, f"interaction field {name!r} is not a string")
    if not isinstance(payload.get("type"), str):
        return Refusal(400, "interaction without a string type")
    for name in ("user", "channel", "container", "team", "message"):
        if name in payload and not isinstance(payload[name], dict):
            return Refusal(400, f"interaction field {name!r} is not an object")
    user = payload.get("user")
    if user is not None and not isinstance(user.get("id"), str):
        return Refusal(400, "interaction user without a string id")
    if "actions" in payload:
        actions = payload["actions"]
        if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
            return Refusal(400, "interaction actions are not a list of objects")
        for action in actions:
            for name in ("action_id", "value", "block_id"):
                if name in action and not isinstance(action[name], str):
                    return Refusal(400, f"action field {name!r} is not a string")
    return None
