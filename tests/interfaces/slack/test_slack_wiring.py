"""Wiring: the manifest matches the listeners, Socket Mode dispatches, env and logs are safe."""

from __future__ import annotations

import io
import json
import logging
import os
from pathlib import Path

import pytest
import yaml
from conftest import dispatch
from slack_bolt import App
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_standin import (
    APP_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackStandIn,
    block_action,
    dm_event,
    event_callback,
    mention_event,
    slash_command,
)

from briefbot.errors import ConfigError
from briefbot.interfaces.slack.listeners import ACTIONS, COMMAND, EVENTS
from briefbot.interfaces.slack.logs import (
    JsonFormatter,
    RedactingFilter,
    RequestIdFilter,
    request_id_var,
)
from briefbot.interfaces.slack.settings import DEFAULT_API_URL, SlackEnv, load_slack_env
from briefbot.interfaces.slack.socket_mode import socket_mode_handler
from briefbot.interfaces.slack.state import SlackState
from briefbot.render.slack import ACTION_SOURCE, encode_state

MANIFEST = Path(__file__).resolve().parents[3] / "config" / "slack-manifest.yml"


@pytest.fixture(scope="module")
def manifest() -> dict:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def test_manifest_declares_exactly_what_the_app_listens_to(manifest: dict) -> None:
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND and command["usage_hint"]
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    # message.im is delivered as a "message" event with channel_type "im";
    # message.channels/.groups bring replies in threads the bot answered (follow-ups).
    assert sorted({e.split(".")[0] for e in events}) == sorted(EVENTS)
    assert "message.im" in events and not [
        e for e in events
        if e.startswith("message.") and e not in ("message.im", "message.channels", "message.groups")
    ]
    assert manifest["settings"]["interactivity"]["is_enabled"] is True and ACTIONS
    urls = [
        command["url"],
        manifest["settings"]["event_subscriptions"]["request_url"],
        manifest["settings"]["interactivity"]["request_url"],
    ]
    assert all(url.endswith("/slack/events") for url in urls)
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {
        "commands",
        "app_mentions:read",
        "chat:write",
        "im:history",
        "reactions:write",
    } <= scopes
    home = manifest["features"]["app_home"]
    assert home["messages_tab_enabled"] is True and home["messages_tab_read_only_enabled"] is False
    assert manifest["settings"]["socket_mode_enabled"] is False


def test_every_manifest_entry_reaches_a_listener_and_nothing_else_does(
    app: App, standin: SlackStandIn
) -> None:
    form = "application/x-www-form-urlencoded"
    handled = [
        (slash_command("help", response_url=standin.response_url("w1")), form),
        (event_callback(mention_event("China")), "application/json"),
        (event_callback(dm_event("China")), "application/json"),
    ]
    handled += [
        (
            block_action(
                action_id,
                encode_state("China", 0, 1),
                response_url=standin.response_url(f"w-{action_id}"),
            ),
            form,
        )
        for action_id in ACTIONS
    ]
    for body, content_type in handled:
        assert dispatch(app, body, content_type=content_type).status == 200
    # let every lazy listener finish before the stand-in goes away
    standin.wait_for("response", "w1")
    standin.wait_for("api", "chat.postMessage", count=2)
    for action_id in ACTIONS:
        if action_id != ACTION_SOURCE:  # Slack opened the link; a visible source needs no reply
            standin.wait_for("response", f"w-{action_id}")
    unsubscribed = event_callback(
        {"type": "reaction_added", "user": "U1", "reaction": "eyes", "item": {}}
    )
    assert dispatch(app, unsubscribed, content_type="application/json").status == 404


def test_socket_mode_handler_dispatches_a_slash_command(
    app: App, env: SlackEnv, standin: SlackStandIn
) -> None:
    handler = socket_mode_handler(
        app,
        SlackEnv(
            bot_token=BOT_TOKEN,
            signing_secret=SIGNING_SECRET,
            app_token=APP_TOKEN,
            api_url=env.api_url,
        ),
    )
    sent = []
    handler.client.send_socket_mode_response = (
        sent.append
    )  # the WebSocket is the only thing replaced
    try:
        payload = {
            "command": "/brief",
            "text": "who said China is ensuring Russia",
            "user_id": "UASKER0001",
            "channel_id": "CPUBLIC001",
            "team_id": "T0TEAM0001",
            "response_url": standin.response_url("socket"),
            "trigger_id": "9.9.socket",
        }
        request = SocketModeRequest(type="slash_commands", envelope_id="env-1", payload=payload)
        handler.handle(handler.client, request)
        assert [r.envelope_id for r in sent] == ["env-1"]  # acked over the socket
        [reply] = standin.wait_for("response", "socket")
        assert "Craig Singleton" in reply.body["text"]
        event = SocketModeRequest(
            type="events_api",
            envelope_id="env-2",
            payload=json.loads(event_callback(mention_event("China Russia", channel="CSOCKET001"))),
            retry_attempt=None,
        )
        handler.handle(handler.client, event)
        standin.wait_for("api", "chat.postMessage", lambda c: c.body.get("channel") == "CSOCKET001")
    finally:
        handler.client.close()


def test_socket_mode_requires_an_app_token(app: App, env: SlackEnv) -> None:
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN"):
        socket_mode_handler(app, env)


GOOD = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET}


@pytest.mark.parametrize(
    ("environ", "name"),
    [
        ({}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token-123456"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": BOT_TOKEN}, "SLACK_SIGNING_SECRET"),
        ({**GOOD, "SLACK_SIGNING_SECRET": "short secret!"}, "SLACK_SIGNING_SECRET"),
        ({**GOOD, "SLACK_API_URL": "http://127.0.0.1:9/api"}, "SLACK_API_URL"),
    ],
)
def test_bad_environment_names_the_variable_never_the_value(environ: dict, name: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_slack_env(environ)
    message = str(caught.value)
    assert name in message
    for value in environ.values():
        if value not in (DEFAULT_API_URL,):
            assert value not in message


def test_environment_defaults_and_socket_mode_token() -> None:
    env = load_slack_env(GOOD)
    assert env.api_url == "https://slack.com/api/" and env.app_token is None
    assert BOT_TOKEN not in repr(env) and SIGNING_SECRET not in repr(env)
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN"):
        load_slack_env(GOOD, socket_mode=True)
    assert (
        load_slack_env({**GOOD, "SLACK_APP_TOKEN": APP_TOKEN}, socket_mode=True).app_token
        == APP_TOKEN
    )


def test_logs_are_json_lines_with_request_id_and_redacted_secrets() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.addFilter(RedactingFilter([SIGNING_SECRET]))
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("test.slack.logs")
    logger.addHandler(handler)
    logger.propagate = False
    token = request_id_var.set("rabc123")
    try:
        logger.warning(
            "token %s secret %s", "xoxb-123-456-abcdef", SIGNING_SECRET, extra={"user": "U1"}
        )
        try:
            raise RuntimeError(f"boom {APP_TOKEN}")
        except RuntimeError:
            logger.exception("failed")
    finally:
        request_id_var.reset(token)
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines[0]["request_id"] == "rabc123" and lines[0]["user"] == "U1"
    assert "xoxb-123" not in stream.getvalue() and SIGNING_SECRET not in stream.getvalue()
    assert APP_TOKEN not in stream.getvalue() and "[redacted]" in lines[1]["error"]


def test_shared_state_deduplicates_across_instances_and_limits_rate(tmp_path: Path) -> None:
    now = [1000.0]
    first = SlackState(tmp_path / "s.db", clock=lambda: now[0])
    second = SlackState(tmp_path / "s.db", clock=lambda: now[0])  # another worker
    assert first.first_time("event:E1", "msg:C1:1.0")
    assert not second.first_time("event:E2", "msg:C1:1.0")  # same message, other event id
    assert second.first_time("event:E3")
    assert first.allow("U1", 2) == 0 and second.allow("U1", 2) == 0
    assert first.allow("U1", 2) > 0
    now[0] += 61
    assert second.allow("U1", 2) == 0


def _call(
    wsgi, method: str, path: str, body: bytes = b"", length: bool = True
) -> tuple[str, bytes]:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "QUERY_STRING": "",
        "wsgi.input": io.BytesIO(body),
    }
    if length:
        environ["CONTENT_LENGTH"] = str(len(body))
    seen: list[str] = []
    chunks = wsgi(environ, lambda status, headers, exc_info=None: seen.append(status))
    return seen[0], b"".join(chunks)


def test_health_is_503_until_the_index_is_loaded_then_reports_counts(app: App) -> None:
    from briefbot.interfaces.slack.server import EngineHolder, SlackWSGI

    class Loaded:
        class corpus:  # noqa: N801 - shaped like Engine.corpus
            briefings = (1, 2)
            passages = (1, 2, 3, 4, 5)

    holder = EngineHolder(lambda: Loaded())
    wsgi = SlackWSGI(app, holder, max_body_bytes=100)
    status, body = _call(wsgi, "GET", "/healthz")
    assert status.startswith("503") and json.loads(body)["index_loaded"] is False
    holder.load()
    status, body = _call(wsgi, "GET", "/healthz")
    assert status.startswith("200")
    # No index folder behind this engine; the worker is the process that answered.
    assert json.loads(body) == {"status": "ok", "index_loaded": True, "briefings": 2, "passages": 5,
                                "index": None, "worker": os.getpid()}


def test_oversized_body_is_413_even_without_a_content_length(app: App) -> None:
    from briefbot.interfaces.slack.server import EngineHolder, SlackWSGI

    wsgi = SlackWSGI(app, EngineHolder(), max_body_bytes=100)
    assert _call(wsgi, "POST", "/slack/events", b"x" * 101)[0].startswith("413")
    assert _call(wsgi, "POST", "/slack/events", b"x" * 101, length=False)[0].startswith("413")
    # within the limit, Bolt sees it (and rejects the missing signature itself)
    assert _call(wsgi, "POST", "/slack/events", b"x" * 50, length=False)[0].startswith("401")
    assert _call(wsgi, "GET", "/elsewhere")[0].startswith("404")
