"""The signature every request to a local ``briefbot serve`` carries, checked by Slack's SDK.

``slack_sdk``'s ``SignatureVerifier`` is the reference: what it accepts is what
Slack would have sent, and a body changed after signing must be refused.
"""

from __future__ import annotations

from slack_sdk.signature import SignatureVerifier

from briefbot.benchmarks.local_slack import signature_headers


def test_signature_is_what_slack_sdk_verifies_and_binds_the_body() -> None:
    secret = "8f742231b10e8888abcd99yyyzzz85a5"
    body = "command=%2Fbrief&text=who+said+%C3%A9t%C3%A9"
    headers = signature_headers(body, secret)
    verifier = SignatureVerifier(secret)
    stamp, signature = headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    assert verifier.is_valid(body, stamp, signature)
    assert signature_headers(body.encode(), secret, stamp) == headers  # bytes sign the same
    assert not verifier.is_valid(body + "x", stamp, signature)
    assert not SignatureVerifier("another-secret").is_valid(body, stamp, signature)
