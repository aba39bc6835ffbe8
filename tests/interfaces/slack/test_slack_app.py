"""The Bolt app in-process: every listener, through Bolt's real dispatch and the stand-in Slack.

A stand-in engine keeps these fast and focused on Slack behaviour; the
end-to-end file runs the same flows over HTTP with the real engine.
"""

from __future__ import annotations

import json

import pytest
from conftest import MEMBER_USER, MEMBERS_CHANNEL, StubEngine, dispatch, finish, make_settings
from slack_bolt import App
from slack_standin import (
    BOT_ID,
    BOT_USER_ID,
    SlackStandIn,
    block_action,
    dm_event,
    event_callback,
    mention_event,
    slash_command,
)

from briefbot.interfaces.slack.app import create_app
from briefbot.interfaces.slack.settings import SlackEnv
from briefbot.render.slack import ACTION_CITE, ACTION_MORE, ACTION_SHARE, encode_state

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def _texts(blocks: list[dict]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def _buttons(blocks: list[dict]) -> dict[str, dict]:
    return {e["action_id"]: e for b in blocks if b["type"] == "actions" for e in b["elements"]}


def test_slash_command_acks_empty_and_answers_only_the_asker(
    app: App, standin: SlackStandIn
) -> None:
    response = dispatch(
        app,
        slash_command("who said China is ensuring Russia", response_url=standin.response_url("r1")),
        content_type=FORM,
    )
    assert response.status == 200 and response.body == ""
    [reply] = standin.wait_for("response", "r1")
    assert reply.body["response_type"] == "ephemeral"
    assert "Craig Singleton" in _texts(reply.body["blocks"])
    assert "Craig Singleton" in reply.body["text"]
    buttons = _buttons(reply.body["blocks"])
    assert set(buttons) == {ACTION_CITE, ACTION_SHARE, ACTION_MORE}  # no 👍/👎 without a store
    assert not standin.find("api", "chat.postMessage")


@pytest.mark.parametrize("text", ["", "help", "  HELP  "])
def test_help_and_empty_command_show_the_help(app: App, standin: SlackStandIn, text: str) -> None:
    dispatch(app, slash_command(text, response_url=standin.response_url("h")), content_type=FORM)
    [reply] = standin.wait_for("response", "h")
    assert "/brief" in _texts(reply.body["blocks"]) and "who said" in _texts(reply.body["blocks"])


def test_bad_filter_says_what_is_accepted_and_shows_help(app: App, standin: SlackStandIn) -> None:
    dispatch(
        app,
        slash_command("china bad:value", response_url=standin.response_url("q")),
        content_type=FORM,
    )
    [reply] = standin.wait_for("response", "q")
    assert reply.body["text"].startswith("unknown filter")
    assert "who said" in _texts(reply.body["blocks"])


def test_engine_failure_gets_a_short_reason_with_reference_never_a_trace(
    app: App, standin: SlackStandIn
) -> None:
    dispatch(app, slash_command("boom", response_url=standin.response_url("x")), content_type=FORM)
    [reply] = standin.wait_for("response", "x")
    text = _texts(reply.body["blocks"])
    assert "something went wrong" in text and "reference" in text
    assert "xoxb" not in text and "Traceback" not in text and "RuntimeError" not in text


def test_overlong_question_is_refused_politely(app: App, standin: SlackStandIn) -> None:
    dispatch(
        app,
        slash_command("china " * 2000, response_url=standin.response_url("long")),
        content_type=FORM,
    )
    [reply] = standin.wait_for("response", "long")
    assert "characters long" in reply.body["text"]


def test_mention_is_answered_in_its_thread_with_eyes_added_then_removed(
    app: App, standin: SlackStandIn, engine: StubEngine
) -> None:
    event = mention_event("what about China and Russia?", ts="1700000100.000100")
    response = dispatch(app, event_callback(event), content_type=JSON)
    assert response.status == 200
    [post] = standin.wait_for("api", "chat.postMessage")
    assert post.body["channel"] == "CPUBLIC001" and post.body["thread_ts"] == "1700000100.000100"
    assert "Craig Singleton" in _texts(post.body["blocks"])
    [added] = standin.wait_for("api", "reactions.add")
    [removed] = standin.wait_for("api", "reactions.remove")
    assert added.body["name"] == removed.body["name"] == "eyes"
    assert added.at <= post.at <= removed.at
    # the asker's own mention of the bot is not part of the question
    assert [call[0] for call in engine.calls] == ["what about China and Russia?"]


def test_follow_up_mention_inside_a_thread_stays_in_that_thread(
    app: App, standin: SlackStandIn
) -> None:
    event = mention_event("and Russia?", ts="1700000200.000200", thread_ts="1700000100.000100")
    dispatch(app, event_callback(event), content_type=JSON)
    [post] = standin.wait_for("api", "chat.postMessage")
    assert post.body["thread_ts"] == "1700000100.000100"


def test_dm_is_answered_in_the_dm(app: App, standin: SlackStandIn, engine: StubEngine) -> None:
    dispatch(app, event_callback(dm_event("China Russia")), content_type=JSON)
    [post] = standin.wait_for("api", "chat.postMessage")
    assert post.body["channel"] == "DDIRECT001" and "thread_ts" not in post.body
    assert engine.calls[0][1].channel == "DDIRECT001" and engine.calls[0][1].user == "UASKER0001"


@pytest.mark.parametrize(
    "extra",
    [
        {"bot_id": BOT_ID, "user": BOT_USER_ID},
        {"bot_id": "BOTHER0001", "subtype": "bot_message"},
        {"subtype": "message_changed"},
        {"subtype": "message_deleted"},
        {"channel_type": "channel", "channel": "CPUBLIC001"},
    ],
)
def test_bots_edits_deletes_and_channel_chatter_are_ignored(
    app: App, standin: SlackStandIn, extra: dict
) -> None:
    response = dispatch(app, event_callback(dm_event("China Russia", **extra)), content_type=JSON)
    assert response.status == 200
    standin.settle()
    assert not standin.find("api", "chat.postMessage")
    assert not standin.find("api", "reactions.add")


def test_same_event_twice_and_a_retry_produce_one_reply(app: App, standin: SlackStandIn) -> None:
    body = event_callback(mention_event("China Russia"), event_id="EvSAME0001")
    assert dispatch(app, body, content_type=JSON).status == 200
    assert (
        dispatch(
            app,
            body,
            content_type=JSON,
            headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
        ).status
        == 200
    )
    standin.wait_for("api", "chat.postMessage")
    standin.settle()
    assert len(standin.find("api", "chat.postMessage")) == 1


def test_dm_arriving_as_message_and_app_mention_is_answered_once(
    app: App, standin: SlackStandIn
) -> None:
    dm = dm_event(f"<@{BOT_USER_ID}> China Russia")
    mention = dict(dm, type="app_mention")
    dispatch(app, event_callback(dm), content_type=JSON)
    dispatch(app, event_callback(mention), content_type=JSON)
    standin.wait_for("api", "chat.postMessage")
    standin.settle()
    assert len(standin.find("api", "chat.postMessage")) == 1


def test_more_results_on_an_ephemeral_answer_goes_to_the_clicker(
    app: App, standin: SlackStandIn, engine: StubEngine
) -> None:
    value = encode_state("China Russia", 1, 1)
    response = dispatch(
        app,
        block_action(ACTION_MORE, value, response_url=standin.response_url("m")),
        content_type=FORM,
    )
    assert response.status == 200
    [reply] = standin.wait_for("response", "m")
    assert reply.body["response_type"] == "ephemeral" and reply.body["replace_original"] is False
    assert "Ilan Berman" in _texts(reply.body["blocks"])
    assert engine.calls[-1][1:] == (engine.calls[-1][1], 1, 1)


def test_more_results_on_a_thread_answer_posts_in_the_thread(
    app: App, standin: SlackStandIn
) -> None:
    value = encode_state("China Russia", 1, 1)
    body = block_action(
        ACTION_MORE,
        value,
        response_url=standin.response_url("m2"),
        ephemeral=False,
        message_ts="1700000300.000001",
        thread_ts="1700000299.000001",
    )
    dispatch(app, body, content_type=FORM)
    [post] = standin.wait_for("api", "chat.postMessage")
    assert post.body["thread_ts"] == "1700000299.000001"
    assert "Ilan Berman" in _texts(post.body["blocks"])


def test_share_posts_publicly_and_names_the_sharer(app: App, standin: SlackStandIn) -> None:
    value = encode_state("who said China is ensuring Russia", 0, 1)
    dispatch(
        app,
        block_action(
            ACTION_SHARE, value, response_url=standin.response_url("s"), user="USHARER001"
        ),
        content_type=FORM,
    )
    [shared] = standin.wait_for("response", "s")
    assert shared.body["response_type"] == "in_channel"
    blocks = _texts(shared.body["blocks"])
    assert "Shared by <@USHARER001>" in blocks and "Craig Singleton" in blocks
    assert ACTION_SHARE not in blocks and ACTION_MORE not in blocks


def test_share_of_a_restricted_answer_outside_its_allowlist_is_refused(
    app: App, standin: SlackStandIn
) -> None:
    # A member saw the restricted result in a DM; sharing it into that DM's
    # channel id re-checks with no user, so the channel's own rule applies.
    value = encode_state("rationing supplies", 0, 1)
    dispatch(
        app,
        block_action(
            ACTION_SHARE,
            value,
            response_url=standin.response_url("deny"),
            user=MEMBER_USER,
            channel="DMEMBERDM1",
        ),
        content_type=FORM,
    )
    [reply] = standin.wait_for("response", "deny")
    assert reply.body["response_type"] == "ephemeral"
    assert "can't share" in reply.body["text"]
    assert "Jane Doe" not in _texts(reply.body)


def test_share_into_an_allowlisted_channel_works(app: App, standin: SlackStandIn) -> None:
    value = encode_state("rationing supplies", 0, 1)
    dispatch(
        app,
        block_action(
            ACTION_SHARE, value, response_url=standin.response_url("ok"), channel=MEMBERS_CHANNEL
        ),
        content_type=FORM,
    )
    [reply] = standin.wait_for("response", "ok")
    assert reply.body["response_type"] == "in_channel" and "Jane Doe" in _texts(
        reply.body["blocks"]
    )


def test_share_leaves_out_restricted_hits_and_tells_the_sharer(
    app: App, standin: SlackStandIn
) -> None:
    value = encode_state("China Russia", 0, 3)
    dispatch(
        app,
        block_action(
            ACTION_SHARE,
            value,
            response_url=standin.response_url("part"),
            user=MEMBER_USER,
            channel="DMEMBERDM1",
        ),
        content_type=FORM,
    )
    replies = standin.wait_for("response", "part", count=2)
    shared = next(r for r in replies if r.body.get("response_type") == "in_channel")
    note = next(r for r in replies if r.body.get("response_type") == "ephemeral")
    assert "Jane Doe" not in _texts(shared.body) and "Craig Singleton" in _texts(shared.body)
    assert "left out" in note.body["text"]


def test_more_results_rechecks_access_for_the_clicker(app: App, standin: SlackStandIn) -> None:
    value = encode_state("rationing supplies", 0, 3)
    dispatch(
        app,
        block_action(
            ACTION_MORE, value, response_url=standin.response_url("m3"), user="UOUTSIDER1"
        ),
        content_type=FORM,
    )
    [reply] = standin.wait_for("response", "m3")
    assert "Jane Doe" not in _texts(reply.body)


def test_tampered_button_value_gets_a_polite_reply(app: App, standin: SlackStandIn) -> None:
    dispatch(
        app,
        block_action(ACTION_MORE, "{not json", response_url=standin.response_url("t")),
        content_type=FORM,
    )
    [reply] = standin.wait_for("response", "t")
    assert "ask again" in reply.body["text"]


def test_rate_limit_gives_a_friendly_reply(
    engine: StubEngine, env: SlackEnv, standin: SlackStandIn
) -> None:
    app = create_app(lambda: engine, make_settings(rate_limit_per_minute=2), env)
    for name in ("a", "b", "c"):
        dispatch(
            app, slash_command("China", response_url=standin.response_url(name)), content_type=FORM
        )
        standin.wait_for("response", name)
    [third] = standin.find("response", "c")
    assert "try again in" in third.body["text"] and "limit" in third.body["text"]
    dispatch(
        app,
        slash_command("China", user="UOTHER0001", response_url=standin.response_url("d")),
        content_type=FORM,
    )
    [other] = standin.wait_for("response", "d")
    assert "Craig Singleton" in other.body["text"]
    finish(app)


def test_web_api_429_is_retried_after_retry_after(app: App, standin: SlackStandIn) -> None:
    standin.throttle("chat.postMessage", times=1)
    dispatch(app, event_callback(mention_event("China Russia")), content_type=JSON)
    [ok] = standin.wait_for("api", "chat.postMessage")
    throttled = standin.find("api", "chat.postMessage", lambda c: c.status == 429)
    assert len(throttled) == 1
    assert ok.at - throttled[0].at >= 0.9  # honoured Retry-After: 1


def test_response_url_429_is_retried(app: App, standin: SlackStandIn) -> None:
    standin.throttle("slow", times=1)
    dispatch(
        app, slash_command("China", response_url=standin.response_url("slow")), content_type=FORM
    )
    [ok] = standin.wait_for("response", "slow")
    assert "Craig Singleton" in ok.body["text"]


def test_bad_signature_and_stale_timestamp_are_401(app: App) -> None:
    body = slash_command("China", response_url="http://127.0.0.1:9/never")
    assert (
        dispatch(
            app, body, content_type=FORM, headers={"X-Slack-Signature": "v0=" + "0" * 64}
        ).status
        == 401
    )
    from slack_standin import signed_headers

    stale = signed_headers(body, content_type=FORM, timestamp=1_600_000_000)
    assert dispatch(app, body, content_type=FORM, headers=stale).status == 401


def test_url_verification_echoes_the_challenge(app: App) -> None:
    body = json.dumps({"token": "t", "challenge": "chal-123", "type": "url_verification"})
    response = dispatch(app, body, content_type=JSON)
    assert response.status == 200 and "chal-123" in response.body


class _BrokenEngine:
    """Returns something that is not an Answer: the listener itself fails after the engine."""

    def ask(self, *args: object, **kwargs: object) -> object:
        return object()


def test_a_failing_listener_still_tells_the_asker_and_removes_the_eyes(
    env: SlackEnv, standin: SlackStandIn
) -> None:
    app = create_app(lambda: _BrokenEngine(), make_settings(), env)
    dispatch(app, event_callback(mention_event("China", channel="CBROKEN001")), content_type=JSON)
    [post] = standin.wait_for("api", "chat.postMessage")
    assert "something went wrong" in post.body["text"] and "reference" in post.body["text"]
    standin.wait_for("api", "reactions.remove")
    dispatch(
        app,
        slash_command("China", response_url=standin.response_url("broken")),
        content_type=FORM,
    )
    [reply] = standin.wait_for("response", "broken")
    assert "something went wrong" in reply.body["text"]
    finish(app)
