"""End to end: a reply in a thread the bot answered is a follow-up, answered in that thread.

The real ``briefbot serve`` (gunicorn, two workers, the real engine over the
seed briefing) behind signed requests, with the local Slack stand-in: the
conversation context is kept per user and thread in the state store, so
whichever worker takes the reply knows what "he" means.
"""

from __future__ import annotations

import json
import time

import pytest
from slack_standin import SlackStandIn, event_callback, mention_event
from test_slack_http import JSON, Server, server, site, standin  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow


def _reply(text: str, *, channel: str, thread_ts: str, ts: str, user: str = "UASKER0001") -> dict:
    """A plain ``message`` event in a channel thread, without any mention of the bot."""
    return {
        "type": "message",
        "channel_type": "channel",
        "user": user,
        "text": text,
        "ts": ts,
        "thread_ts": thread_ts,
        "channel": channel,
        "event_ts": ts,
        "client_msg_id": f"cm-{ts}",
    }


def _text(call) -> str:
    return json.dumps(call.body.get("blocks", []), ensure_ascii=False)


def test_thread_reply_keeps_the_previous_speaker(server: Server, standin: SlackStandIn) -> None:  # noqa: F811
    channel, root = "CFOLLOW001", "1700002000.000001"
    server.slack(event_callback(mention_event(
        "what did Berman say about China and Russia?", channel=channel, ts=root)), JSON)
    [first] = standin.wait_for("api", "chat.postMessage", lambda c: c.body.get("channel") == channel)
    assert first.body["thread_ts"] == root and "Ilan Berman" in _text(first)

    server.slack(event_callback(_reply(
        "what else did he say", channel=channel, thread_ts=root, ts="1700002000.000002")), JSON)
    posts = standin.wait_for(
        "api", "chat.postMessage", lambda c: c.body.get("channel") == channel, count=2)
    second = posts[1]
    assert second.body["thread_ts"] == root
    shown = _text(second)
    assert "Ilan Berman" in shown
    assert "Craig Singleton" not in shown and "Omelicheva" not in shown


def test_a_reply_in_a_thread_the_bot_never_answered_is_left_alone(
    server: Server, standin: SlackStandIn  # noqa: F811
) -> None:
    channel = "CFOLLOW002"
    server.slack(event_callback(_reply(
        "what else did he say", channel=channel, thread_ts="1700003000.000001",
        ts="1700003000.000002")), JSON)
    # A question the bot does answer, asked after it, is the only post in the channel.
    server.slack(event_callback(mention_event(
        "who moderated the Beijing-Moscow Nexus briefing", channel=channel, ts="1700003000.000003")), JSON)
    [post] = standin.wait_for("api", "chat.postMessage", lambda c: c.body.get("channel") == channel)
    assert post.body["thread_ts"] == "1700003000.000003"
    time.sleep(1.0)  # the reply was delivered first; give a wrong answer to it time to show
    assert len(standin.find("api", "chat.postMessage", lambda c: c.body.get("channel") == channel)) == 1
