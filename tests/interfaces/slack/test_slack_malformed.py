"""Malformed requests through the real ``briefbot serve``: 400/401, one log line, no body.

Every request here is something Slack never sends: a malformed or non-ASCII
signature or timestamp, a signed body that is not JSON, not UTF-8, nested
ten thousand deep, or shaped wrong (``"event": null``). Each must get 400 or
401 (never 500), and the log must hold one line for it saying why, with the
request id and neither the body nor anything the "asker" typed. The server
runs with ``--debug``: even then, restricted excerpts and response URLs stay
out of the log. It also starts with a 👀 left on a message by a previous run
(a worker killed mid-answer), which start-up must take off.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from slack_standin import SIGNING_SECRET, SlackStandIn, slash_command
from test_slack_http import (  # noqa: F401 - site and standin are fixtures
    MEMBERS_CHANNEL,
    Server,
    _running_server,
    site,
    standin,
)

from briefbot.benchmarks.local_slack import post, signature_headers

pytestmark = pytest.mark.slow

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
MARK = "zebracornflakes"
STALE_TS = "1690000000.000042"  # a word the "asker" typed; must never reach the log


def _sign(body: bytes, *, ts: str | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    return signature_headers(body, secret, ts)


def _deep(depth: int) -> bytes:
    return b'{"type":"event_callback","event":' + b"[" * depth + b"]" * depth + b"}"


def _cases() -> list[tuple[str, bytes, dict[str, str], set[int]]]:
    question = slash_command(f"who said {MARK}", response_url="http://127.0.0.1:9/response/x")
    form = question.encode()
    unsigned = {"Content-Type": FORM}
    now = str(int(time.time()))
    zeros = "v0=" + "0" * 64

    def headers(stamp: str, signature: str) -> dict[str, str]:
        return {**unsigned, "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}

    def event(body: dict) -> bytes:
        return json.dumps(body).encode()

    def payload(body: object) -> bytes:
        return urlencode({"payload": json.dumps(body)}).encode()

    wrong_secret = _sign(form, secret="not-the-secret-0000000000000000")
    cases: list[tuple[str, bytes, dict[str, str], set[int]]] = [
        ("unsigned", form, unsigned, {401}),
        ("timestamp not a number", form, headers("12ab", _sign(form)["X-Slack-Signature"]), {401}),
        ("timestamp huge", form, headers("9" * 40, zeros), {401}),
        ("timestamp negative", form, headers("-5", zeros), {401}),
        ("signature non-ASCII", form, headers(now, "v0=é" + "0" * 63), {401}),
        ("signature wrong", form, {**unsigned, **wrong_secret}, {401}),
        ("signature stale", form, {**unsigned, **_sign(form, ts=str(int(now) - 900))}, {401}),
    ]
    mark = MARK.encode()
    signed_bodies: list[tuple[str, bytes, str]] = [
        ("bad JSON", b'{"type": "event_callback", "event": {' + mark, JSON),
        ("JSON not UTF-8",
         b'{"type":"event_callback","event":{"type":"message","text":"\xff\xfe' + mark + b'"}}',
         JSON),
        ("form not UTF-8", form.replace(b"who", b"\xff\xfe"), FORM),
        ("deep nesting", _deep(9_000), JSON),
        ("moderately deep nesting", _deep(400), JSON),
        ("event null", event({"type": "event_callback", "event": None, "event_id": "Ev1"}), JSON),
        ("event a string", event({"type": "event_callback", "event": MARK}), JSON),
        ("event type missing", event({"type": "event_callback", "event": {"text": MARK}}), JSON),
        ("JSON array", event([MARK]), JSON),  # type: ignore[arg-type]
        ("type not a string", event({"type": 5, "event": {"type": "message"}}), JSON),
        ("payload not JSON", urlencode({"payload": "{" + MARK}).encode(), FORM),
        ("payload null", urlencode({"payload": "null"}).encode(), FORM),
        ("payload actions null",
         payload({"type": "block_actions", "actions": None, "user": {"id": "U1"}}), FORM),
        ("payload user a string",
         payload({"type": "block_actions", "actions": [], "user": MARK}), FORM),
        ("payload twice", urlencode([("payload", "{}"), ("payload", "{}")]).encode(), FORM),
        ("NUL in form", form.replace(b"who", b"%00who"), FORM),
    ]
    for name, body, ctype in signed_bodies:
        cases.append((name, body, {"Content-Type": ctype, **_sign(body)}, {400}))
    return cases


def _post(server: Server, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    reply = post(server.port, body, headers, timeout=15)
    return reply.status, reply.request_id


@pytest.fixture(scope="module")
def debug_server(site: Path, standin: SlackStandIn) -> Iterator[Server]:  # noqa: F811
    from briefbot.config import load_settings
    from briefbot.index.store import cache_root
    from briefbot.interfaces.slack.reactions import PendingReactions

    settings = load_settings(site / "briefbot.toml")
    left = PendingReactions(cache_root(site / "knowledge", settings) / "pending-reactions.sqlite3")
    left.add("CPUBLIC001", STALE_TS, "eyes")
    with _running_server(site, standin, workers=1, debug=True) as running:
        yield running


def _records(server: Server) -> list[dict]:
    return [json.loads(line) for line in server.log().splitlines() if line.startswith("{")]


@pytest.mark.parametrize("case", _cases(), ids=lambda case: case[0])
def test_malformed_request_gets_400_or_401_and_one_log_line_without_the_body(
    debug_server: Server, case: tuple[str, bytes, dict[str, str], set[int]]
) -> None:
    name, body, headers, expected = case
    status, request_id = _post(debug_server, body, headers)
    assert status in expected, name
    assert request_id.startswith("r")
    time.sleep(0.2)
    text = debug_server.log()
    assert "Traceback" not in text
    mine = [r for r in _records(debug_server) if r.get("request_id") == request_id]
    refusals = [r for r in mine if r.get("msg") == "request refused"]
    assert len(refusals) == 1, mine
    assert refusals[0]["reason"] and refusals[0]["status"] == status
    assert all(MARK not in json.dumps(r) for r in mine)
    assert MARK not in text


def test_debug_log_holds_no_restricted_text_and_no_response_url(
    debug_server: Server, standin: SlackStandIn  # noqa: F811
) -> None:
    url = standin.response_url("debug-restricted")
    body = slash_command(
        "what did Tomas Reyes say about lithium stockpiles",
        response_url=url,
        channel=MEMBERS_CHANNEL,
    ).encode()
    status, _ = _post(debug_server, body, {"Content-Type": FORM, **_sign(body)})
    assert status == 200
    [reply] = standin.wait_for("response", "debug-restricted")
    assert "quietly doubled" in json.dumps(reply.body)  # the allowed channel sees it
    time.sleep(0.5)
    text = debug_server.log()
    assert "quietly doubled" not in text
    assert url not in text and "/response/debug-restricted" not in text


def test_start_up_takes_off_the_eyes_a_killed_worker_left(
    debug_server: Server, standin: SlackStandIn  # noqa: F811
) -> None:
    [removed] = standin.wait_for(
        "api", "reactions.remove", lambda c: c.body.get("timestamp") == STALE_TS
    )
    assert removed.body.get("name") == "eyes" and removed.body.get("channel") == "CPUBLIC001"
