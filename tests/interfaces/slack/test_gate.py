"""The request gate as a pure function: signature first, then the body's shape."""

from __future__ import annotations

import hashlib
import hmac
import json

from briefbot.interfaces.slack.gate import MAX_DEPTH, check_request

SECRET = "0123456789abcdef0123456789abcdef"
NOW = 1_700_000_000


def _headers(body: bytes, ctype: str = "application/json", ts: int = NOW) -> dict[str, str]:
    digest = hmac.new(SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"x-slack-request-timestamp": str(ts), "x-slack-signature": f"v0={digest}",
            "content-type": ctype}


def _check(body: bytes, **kw) -> tuple[int, str] | None:
    refusal = check_request(_headers(body, **kw), body, secret=SECRET, now=NOW)
    return None if refusal is None else (refusal.status, refusal.reason)


def test_a_well_formed_event_passes() -> None:
    body = json.dumps({"type": "event_callback", "event": {"type": "app_mention", "text": "hi"}})
    assert _check(body.encode()) is None


def test_the_signature_is_checked_before_the_body_is_looked_at() -> None:
    body = b"\xff not even utf-8"
    headers = _headers(body)
    headers["x-slack-signature"] = "v0=" + "0" * 64
    refusal = check_request(headers, body, secret=SECRET, now=NOW)
    assert refusal is not None and (refusal.status, refusal.reason) == (401, "bad signature")


def test_nesting_just_under_the_limit_passes_and_over_it_is_refused() -> None:
    def nested(depth: int) -> bytes:
        inner = "[" * (depth - 1) + "]" * (depth - 1)
        return ('{"type":"x","a":' + inner + "}").encode()

    assert _check(nested(MAX_DEPTH)) is None
    assert _check(nested(MAX_DEPTH + 1)) == (400, f"JSON nested deeper than {MAX_DEPTH}")
    # brackets inside strings do not count
    assert _check(json.dumps({"type": "x", "t": "[" * 500}).encode()) is None


def test_reasons_never_quote_the_body() -> None:
    secret_word = "zebracornflakes"
    for body in (
        b'{"type": "' + secret_word.encode() + b'", "event": ',
        json.dumps({"type": "event_callback", "event": secret_word}).encode(),
        json.dumps([secret_word]).encode(),
    ):
        status, reason = _check(body)
        assert status == 400 and secret_word not in reason
