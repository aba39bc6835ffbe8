"""A local stand-in for Slack: the Web API, response_urls, and signed requests.

``SlackStandIn`` is a threaded HTTP server on 127.0.0.1 that answers the Web
API methods the bot uses (``/api/<method>``) and accepts posts to response
URLs (``/response/<name>``), recording every call so tests can assert what a
user would have seen. It can answer the next N calls of a method with a 429
and a ``Retry-After`` header. ``signed_headers`` signs a body the way Slack
does. The server plumbing and the signature are the package's own
(``briefbot.benchmarks.local_slack``), shared with the Slack load benchmark.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs

from briefbot.benchmarks.local_slack import LocalServer, signature_headers

BOT_TOKEN = "xoxb-0000000000-test-token-abcdef"
SIGNING_SECRET = "0123456789abcdef0123456789abcdef"
APP_TOKEN = "xapp-1-A000-0000-test-app-token"
BOT_USER_ID = "UBOTBRIEF1"
BOT_ID = "BBOTBRIEF1"
TEAM_ID = "T0TEAM0001"


def signed_headers(
    body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None, content_type: str
) -> dict[str, str]:
    """Headers Slack sends: ``v0=HMAC-SHA256(secret, "v0:{ts}:{body}")``."""
    return {"Content-Type": content_type, **signature_headers(body, secret, timestamp)}


@dataclass
class Call:
    """One request the bot made to the stand-in."""

    kind: str  # "api" or "response"
    name: str  # Web API method or response_url name
    body: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)
    status: int = 200


class SlackStandIn(LocalServer):
    """Threaded local server standing in for Slack's Web API and response URLs."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._cond = threading.Condition()
        self._ts = itertools.count(1)
        self._throttle: dict[str, int] = {}
        super().__init__(self._handler())

    def throttle(self, method: str, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with 429 and Retry-After: 1."""
        with self._cond:
            self._throttle[method] = times

    # -- queries ---------------------------------------------------------
    def find(
        self, kind: str, name: str | None = None, pred: Callable[[Call], bool] | None = None
    ) -> list[Call]:
        with self._cond:
            return [
                c
                for c in self.calls
                if c.kind == kind and (name is None or c.name == name) and (pred is None or pred(c))
            ]

    def wait_for(
        self,
        kind: str,
        name: str | None = None,
        pred: Callable[[Call], bool] | None = None,
        *,
        count: int = 1,
        timeout: float = 15.0,
    ) -> list[Call]:
        """Block until ``count`` matching successful calls were recorded (bounded wait)."""
        deadline = time.monotonic() + timeout

        def matching() -> list[Call]:
            return [
                c
                for c in self.calls
                if c.kind == kind
                and c.status == 200
                and (name is None or c.name == name)
                and (pred is None or pred(c))
            ]

        with self._cond:
            while len(found := matching()) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.kind, c.name, c.status) for c in self.calls]
                    raise AssertionError(
                        f"timed out waiting for {count} x {kind} {name}; saw {seen}"
                    )
                self._cond.wait(left)
            return found

    def settle(self, quiet: float = 0.6, timeout: float = 10.0) -> None:
        """Wait until no call arrived for ``quiet`` seconds (to check nothing *more* comes)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._cond:
                last = self.calls[-1].at if self.calls else 0.0
            if time.monotonic() - last >= quiet:
                return
            time.sleep(0.05)

    # -- HTTP ------------------------------------------------------------
    def _record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    def _take_throttle(self, method: str) -> bool:
        with self._cond:
            left = self._throttle.get(method, 0)
            if left > 0:
                self._throttle[method] = left - 1
                return True
            return False

    def _api(
        self, method: str, body: dict[str, Any], headers: dict[str, str]
    ) -> tuple[int, dict[str, Any]]:
        if headers.get("authorization") != f"Bearer {BOT_TOKEN}":
            return 200, {"ok": False, "error": "invalid_auth"}
        if method == "auth.test":
            return 200, {
                "ok": True,
                "url": "https://briefbot-test.example/",
                "team": "Test Team",
                "user": "briefbot",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method in ("chat.postMessage", "chat.update"):
            ts = body.get("ts") or f"1700000000.{next(self._ts):06d}"
            return 200, {
                "ok": True,
                "channel": body.get("channel"),
                "ts": ts,
                "message": {"text": body.get("text"), "ts": ts},
            }
        if method == "chat.postEphemeral":
            return 200, {"ok": True, "message_ts": f"1700000000.{next(self._ts):06d}"}
        if method in ("reactions.add", "reactions.remove"):
            return 200, {"ok": True}
        return 200, {"ok": False, "error": "unknown_method"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                ctype = self.headers.get("Content-Type", "")
                if "json" in ctype:
                    body = json.loads(raw) if raw else {}
                else:
                    body = {k: v[-1] for k, v in parse_qs(raw).items()}
                    for key in ("blocks",):
                        if isinstance(body.get(key), str):
                            body[key] = json.loads(body[key])
                headers = {k.lower(): v for k, v in self.headers.items()}
                if self.path.startswith("/api/"):
                    kind, name = "api", self.path[len("/api/") :]
                elif self.path.startswith("/response/"):
                    kind, name = "response", self.path[len("/response/") :]
                else:
                    self._send(404, {"ok": False})
                    return
                if standin._take_throttle(name):
                    standin._record(Call(kind, name, body, headers, status=429))
                    self._send(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"})
                    return
                if kind == "api":
                    status, reply = standin._api(name, body, headers)
                else:
                    status, reply = 200, None
                standin._record(Call(kind, name, body, headers, status=status))
                if reply is None:
                    self._send_text(status, "ok")
                else:
                    self._send(status, reply)

            def _send(
                self, status: int, payload: dict[str, Any], extra: dict[str, str] | None = None
            ) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def _send_text(self, status: int, text: str) -> None:
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


# -- request bodies exactly as Slack sends them ---------------------------------
_ids = itertools.count(1)


def slash_command(
    text: str, *, response_url: str, user: str = "UASKER0001", channel: str = "CPUBLIC001"
) -> str:
    """A form-encoded ``/brief`` slash command body."""
    from urllib.parse import urlencode

    n = next(_ids)
    return urlencode(
        {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "test",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": "asker",
            "command": "/brief",
            "text": text,
            "api_app_id": "A0BRIEFBOT",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": f"{n}.1234.abcdef{n}",
        }
    )


def event_callback(event: dict[str, Any], *, event_id: str | None = None) -> str:
    """An Events API ``event_callback`` JSON body."""
    return json.dumps(
        {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "api_app_id": "A0BRIEFBOT",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_ids):08d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
        }
    )


def mention_event(
    text: str,
    *,
    channel: str = "CPUBLIC001",
    ts: str | None = None,
    thread_ts: str | None = None,
    user: str = "UASKER0001",
) -> dict[str, Any]:
    """An ``app_mention`` event: the text starts with the bot's mention, as Slack writes it."""
    event = {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts or f"1699999999.{next(_ids):06d}",
        "channel": channel,
        "event_ts": ts or "1699999999.000000",
        "client_msg_id": f"cm-{next(_ids)}",
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def dm_event(
    text: str, *, channel: str = "DDIRECT001", user: str = "UASKER0001", **extra: Any
) -> dict[str, Any]:
    """A ``message`` event in a DM with the bot."""
    event = {
        "type": "message",
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": f"1699999998.{next(_ids):06d}",
        "channel": channel,
        "event_ts": "1699999998.000000",
        "client_msg_id": f"cm-{next(_ids)}",
    }
    event.update(extra)
    return event


def block_action(
    action_id: str,
    value: str,
    *,
    response_url: str,
    user: str = "UASKER0001",
    channel: str = "CPUBLIC001",
    ephemeral: bool = True,
    message_ts: str = "1700000000.000001",
    thread_ts: str | None = None,
) -> str:
    """A ``block_actions`` interaction, form-encoded as ``payload=<json>``."""
    from urllib.parse import urlencode

    container: dict[str, Any] = {
        "type": "message",
        "message_ts": message_ts,
        "channel_id": channel,
        "is_ephemeral": ephemeral,
    }
    if thread_ts:
        container["thread_ts"] = thread_ts
    payload = {
        "type": "block_actions",
        "user": {"id": user, "username": "asker", "name": "asker", "team_id": TEAM_ID},
        "api_app_id": "A0BRIEFBOT",
        "token": "legacy-verification-token",
        "container": container,
        "trigger_id": f"{next(_ids)}.1234.trig",
        "team": {"id": TEAM_ID, "domain": "test"},
        "channel": {"id": channel, "name": "general"},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "b1",
                "text": {"type": "plain_text", "text": "button"},
                "value": value,
                "type": "button",
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    if not ephemeral:
        payload["message"] = {
            "type": "message",
            "ts": message_ts,
            "thread_ts": thread_ts or message_ts,
            "text": "answer",
        }
    return urlencode({"payload": json.dumps(payload)})
