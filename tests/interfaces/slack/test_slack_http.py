"""End to end: ``briefbot serve`` as a real gunicorn process, the real engine, a local Slack.

The server runs over a small knowledge folder (the repo's seed briefing, a
hostile briefing full of Slack markup, and a members-only briefing), with
``SLACK_API_URL`` pointing at the stand-in. Requests are signed and shaped
exactly as Slack sends them; assertions are on what a user would see.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from slack_standin import (
    APP_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackStandIn,
    block_action,
    dm_event,
    event_callback,
    mention_event,
    signed_headers,
    slash_command,
)

from briefbot.benchmarks.local_slack import free_port, post, stop_process
from briefbot.render.slack import ACTION_MORE, ACTION_SHARE

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[3]
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
MEMBERS_CHANNEL = "CMEMBERS01"
MEMBER_USER = "UMEMBER001"

HOSTILE = """Harbor Security Forum Roundtable - Pipeline Sabotage <!channel> and the Gray Zone

February 20, 2024

Related Categories: Maritime Security; Infrastructure

{intro}

Subsea cables under threat

Dr. Nadia Okafor

{remarks}

Participant Bios:

Dr. Nadia Okafor

Director, Maritime Cables Program <@U999>

Mr. Paul Hendry

Fellow, Harbor Security Forum

© 2024 - Harbor Security Forum
""".format(
    intro="On February 20th, the Harbor Security Forum hosted a roundtable on undersea "
    "infrastructure. The session was moderated by Paul Hendry. The event featured remarks by "
    "Dr. Nadia Okafor. A summary follows:",
    remarks="Undersea pipeline sabotage is the new gray zone <!channel> and <@U999> should read "
    "<https://evil.example|click> before the trawlers come back. Operators must harden landing "
    "stations.",
)

RESTRICTED = """Harbor Security Forum Closed Session - Lithium Stockpiles

March 1, 2024

Related Categories: Strategic Materials

{intro}

Stockpiles

Mr. Tomas Reyes

The lithium stockpile quietly doubled last winter according to warehouse manifests.

Participant Bios:

Mr. Tomas Reyes

Analyst, Strategic Materials Desk

Mr. Paul Hendry

Fellow, Harbor Security Forum
""".format(
    intro="On March 1st, the Harbor Security Forum held a closed session. The session was "
    "moderated by Paul Hendry. The event featured remarks by Mr. Tomas Reyes. A summary follows:"
)

CONFIG = f"""
[answer]
top_k = 1

[server]
max_body_bytes = 20000
rate_limit_per_minute = 1000

[access.members]
channels = ["{MEMBERS_CHANNEL}"]
users = ["{MEMBER_USER}"]

[[access_paths]]
pattern = "members/**"
label = "members"
"""


def _slack_env(standin: SlackStandIn) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BRIEFBOT_"))}
    env.update(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=standin.api_url,
        PYTHONUNBUFFERED="1",
    )
    return env


@dataclass
class Server:
    """A running ``briefbot serve`` and how to talk to it."""

    base: str
    process: subprocess.Popen
    log_path: Path

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes, float]:
        """(status, body, seconds until the response) for one HTTP request."""
        req = urllib.request.Request(
            self.base + path, data=body, method=method, headers=headers or {}
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, resp.read(), time.perf_counter() - started
        except urllib.error.HTTPError as err:
            return err.code, err.read(), time.perf_counter() - started

    @property
    def port(self) -> int:
        return int(self.base.rsplit(":", 1)[1])

    def slack(self, body: str, content_type: str, **extra_headers: str) -> tuple[int, bytes, float]:
        """POST a body to /slack/events, signed exactly as Slack signs it."""
        headers = signed_headers(body, content_type=content_type)
        headers.update(extra_headers)
        reply = post(self.port, body.encode(), headers)
        return reply.status, reply.body, reply.seconds

    def ack(self, body: str, content_type: str, **extra_headers: str) -> int:
        """The HTTP status a signed POST to /slack/events got (what Slack waits 3 s for)."""
        return self.slack(body, content_type, **extra_headers)[0]

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _wait_healthy(server: Server, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(
                f"briefbot serve exited with {server.process.returncode}:\n{server.log()}"
            )
        try:
            status, _, _ = server.request("GET", "/healthz")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"briefbot serve did not become healthy in {timeout}s:\n{server.log()}")


@pytest.fixture(scope="module")
def standin() -> Iterator[SlackStandIn]:
    with SlackStandIn() as server:
        yield server


def make_site(root: Path, config: str, files: dict[str, str] | None = None) -> Path:
    """``root`` as a served site: ``knowledge/`` with the repo's seed briefings and ``files``
    (relative path -> text), and ``briefbot.toml`` holding ``config``."""
    knowledge = root / "knowledge"
    knowledge.mkdir(parents=True, exist_ok=True)
    for seed in (REPO / "knowledge").glob("*.txt"):
        shutil.copy(seed, knowledge / seed.name)
    for name, text in (files or {}).items():
        (knowledge / name).parent.mkdir(parents=True, exist_ok=True)
        (knowledge / name).write_text(text, encoding="utf-8")
    (root / "briefbot.toml").write_text(config, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {"hostile.txt": HOSTILE, "members/closed.txt": RESTRICTED}
    return make_site(tmp_path_factory.mktemp("site"), CONFIG, files)


@contextmanager
def _running_server(
    site: Path, standin: SlackStandIn, *, workers: int = 2, debug: bool = False, **env: str
) -> Iterator[Server]:
    """Start ``briefbot [--debug] serve`` on a free port, wait until healthy, always stop it."""
    port = free_port()
    log_path = site / f"serve-{port}.log"
    command = [sys.executable, "-m", "briefbot", *(["--debug"] if debug else []), "serve",
               "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
               "--knowledge", str(site / "knowledge"), "--config", str(site / "briefbot.toml")]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=site, env={**_slack_env(standin), **env},
                                   stdout=log, stderr=subprocess.STDOUT)
    running = Server(f"http://127.0.0.1:{port}", process, log_path)
    try:
        _wait_healthy(running)
        yield running
    finally:
        stop_process(process)


@pytest.fixture(scope="module")
def server(site: Path, standin: SlackStandIn) -> Iterator[Server]:
    with _running_server(site, standin) as running:
        yield running


def _blocks_text(call) -> str:
    return json.dumps(call.body.get("blocks", []), ensure_ascii=False)


def _button(call, action_id: str) -> str:
    for block in call.body["blocks"]:
        if block["type"] == "actions":
            for element in block["elements"]:
                if element["action_id"] == action_id:
                    return element["value"]
    raise AssertionError(f"no {action_id} button in {_blocks_text(call)}")


def test_healthz_reports_the_loaded_index(server: Server) -> None:
    status, body, _ = server.request("GET", "/healthz")
    assert status == 200
    health = json.loads(body)
    assert health == {
        "status": "ok",
        "index_loaded": True,
        "briefings": 3,
        "passages": health["passages"],
        "index": health["index"],
        "worker": health["worker"],
    }
    assert health["passages"] > 3
    assert health["index"].startswith("idx-") and health["worker"] != server.process.pid


def test_who_said_over_knowledge_names_singleton_at_response_url(
    server: Server, standin: SlackStandIn
) -> None:
    body = slash_command(
        "who said China is ensuring Russia has what it needs",
        response_url=standin.response_url("headline"),
    )
    status, ack, _ = server.slack(body, FORM)
    assert status == 200 and ack == b""
    [reply] = standin.wait_for("response", "headline")
    blocks = _blocks_text(reply)
    for expected in (
        "Craig Singleton",
        "Senior Fellow",
        "Foundation for Defense of Democracies",
        "Beijing-Moscow Nexus",
        "June 8, 2023",
    ):
        assert expected in blocks
    assert "China is ensuring Russia has what it needs" in blocks
    assert reply.body["response_type"] == "ephemeral"
    assert "Craig Singleton" in reply.body["text"] and "June 8, 2023" in reply.body["text"]
    _button(reply, ACTION_SHARE)


def test_share_button_posts_in_channel_saying_who_shared(
    server: Server, standin: SlackStandIn
) -> None:
    server.slack(
        slash_command(
            "who said China is ensuring Russia has what it needs",
            response_url=standin.response_url("ask-share"),
        ),
        FORM,
    )
    [reply] = standin.wait_for("response", "ask-share")
    click = block_action(
        ACTION_SHARE,
        _button(reply, ACTION_SHARE),
        response_url=standin.response_url("click-share"),
        user="USHARER001",
    )
    status, _, _ = server.slack(click, FORM)
    assert status == 200
    [shared] = standin.wait_for("response", "click-share")
    assert shared.body["response_type"] == "in_channel"
    blocks = _blocks_text(shared)
    assert (
        "Shared by <@USHARER001>" in blocks
        and "Craig Singleton" in blocks
        and "June 8, 2023" in blocks
    )


def test_more_results_button_brings_the_next_page(server: Server, standin: SlackStandIn) -> None:
    server.slack(slash_command("China Russia", response_url=standin.response_url("page1")), FORM)
    [first] = standin.wait_for("response", "page1")
    click = block_action(
        ACTION_MORE, _button(first, ACTION_MORE), response_url=standin.response_url("page2")
    )
    server.slack(click, FORM)
    [second] = standin.wait_for("response", "page2")
    assert second.body["replace_original"] is False
    assert "More results for" in _blocks_text(second)
    first_quote = next(b["text"]["text"] for b in first.body["blocks"] if b["type"] == "section")
    second_quote = next(b["text"]["text"] for b in second.body["blocks"] if b["type"] == "section")
    assert first_quote != second_quote


def test_hostile_briefing_is_quoted_harmlessly(server: Server, standin: SlackStandIn) -> None:
    server.slack(
        slash_command(
            "undersea pipeline sabotage gray zone", response_url=standin.response_url("hostile")
        ),
        FORM,
    )
    [reply] = standin.wait_for("response", "hostile")
    payload = json.dumps(reply.body, ensure_ascii=False)
    assert "Nadia Okafor" in payload
    for live in ("<!channel>", "<@U999>", "<https://evil.example", "<!here>"):
        assert live not in payload
    assert "&lt;!channel&gt;" in payload and "&lt;@U999&gt;" in payload
    assert "&lt;https://evil.example|click&gt;" in payload


def test_markup_pasted_into_a_question_never_comes_back_live(
    server: Server, standin: SlackStandIn
) -> None:
    server.slack(
        slash_command(
            "<!channel> <@U123> <http://x|y> China", response_url=standin.response_url("pasted")
        ),
        FORM,
    )
    [reply] = standin.wait_for("response", "pasted")
    payload = json.dumps(reply.body, ensure_ascii=False)
    assert "<!channel>" not in payload and "<@U123>" not in payload and "<http://x" not in payload


def test_mention_is_answered_in_thread_with_eyes(server: Server, standin: SlackStandIn) -> None:
    event = mention_event(
        "who said China is ensuring Russia has what it needs",
        channel="CTHREAD001",
        ts="1700001000.000001",
    )
    status, _, _ = server.slack(event_callback(event), JSON)
    assert status == 200
    [post] = standin.wait_for(
        "api", "chat.postMessage", lambda c: c.body.get("channel") == "CTHREAD001"
    )
    assert post.body["thread_ts"] == "1700001000.000001"
    assert "Craig Singleton" in _blocks_text(post)
    standin.wait_for("api", "reactions.remove", lambda c: c.body.get("channel") == "CTHREAD001")
    added = standin.find("api", "reactions.add", lambda c: c.body.get("channel") == "CTHREAD001")
    assert added and added[0].body["name"] == "eyes"


def test_follow_up_mention_in_thread_is_answered_in_the_same_thread(
    server: Server, standin: SlackStandIn
) -> None:
    event = mention_event(
        "what did Berman say about the Sino-Soviet split?",
        channel="CTHREAD002",
        ts="1700001001.000002",
        thread_ts="1700001000.000009",
    )
    server.slack(event_callback(event), JSON)
    [post] = standin.wait_for(
        "api", "chat.postMessage", lambda c: c.body.get("channel") == "CTHREAD002"
    )
    assert post.body["thread_ts"] == "1700001000.000009"


def test_dm_is_answered_in_the_dm(server: Server, standin: SlackStandIn) -> None:
    server.slack(
        event_callback(
            dm_event("who said China is ensuring Russia has what it needs", channel="DDIRECT777")
        ),
        JSON,
    )
    [post] = standin.wait_for(
        "api", "chat.postMessage", lambda c: c.body.get("channel") == "DDIRECT777"
    )
    assert "Craig Singleton" in _blocks_text(post)


def test_retried_delivery_gets_no_second_reply(server: Server, standin: SlackStandIn) -> None:
    body = event_callback(
        mention_event("China Russia", channel="CRETRY0001"), event_id="EvRETRY00001"
    )
    assert server.slack(body, JSON)[0] == 200
    standin.wait_for("api", "chat.postMessage", lambda c: c.body.get("channel") == "CRETRY0001")
    for attempt in ("1", "2"):  # may land on either worker
        assert (
            server.slack(
                body, JSON, **{"X-Slack-Retry-Num": attempt, "X-Slack-Retry-Reason": "http_timeout"}
            )[0]
            == 200
        )
    standin.settle()
    assert (
        len(
            standin.find("api", "chat.postMessage", lambda c: c.body.get("channel") == "CRETRY0001")
        )
        == 1
    )


def test_own_and_other_bot_messages_and_edits_are_ignored(
    server: Server, standin: SlackStandIn
) -> None:
    for extra in (
        {"bot_id": "BBOTBRIEF1"},
        {"subtype": "bot_message", "bot_id": "BOTHER"},
        {"subtype": "message_changed"},
    ):
        assert (
            server.slack(
                event_callback(dm_event("China Russia", channel="DIGNORE001", **extra)), JSON
            )[0]
            == 200
        )
    standin.settle()
    assert not standin.find(
        "api", "chat.postMessage", lambda c: c.body.get("channel") == "DIGNORE001"
    )


def test_unknown_single_word_is_searched_not_answered_with_the_whole_help(
    server: Server, standin: SlackStandIn
) -> None:
    server.slack(slash_command("frobnicate", response_url=standin.response_url("unknown")), FORM)
    [reply] = standin.wait_for("response", "unknown")
    blocks = _blocks_text(reply)
    assert "frobnicate" in reply.body["text"]
    assert "nothing in the briefings" in blocks and "/brief help" in blocks
    assert "Filters (combine freely" not in blocks


def test_bad_filter_value_says_what_is_accepted(server: Server, standin: SlackStandIn) -> None:
    server.slack(
        slash_command("china after:notadate", response_url=standin.response_url("badfilter")), FORM
    )
    [reply] = standin.wait_for("response", "badfilter")
    assert "after:" in reply.body["text"] and "2023" in reply.body["text"]


def test_restricted_briefing_only_where_the_allowlist_says(
    server: Server, standin: SlackStandIn
) -> None:
    question = "lithium stockpile doubled"
    cases = {
        "public-channel": ("CPUBLIC001", "UOTHER0001", False),
        "member-in-public-channel": ("CPUBLIC001", MEMBER_USER, False),
        "members-channel": (MEMBERS_CHANNEL, "UOTHER0001", True),
        "member-dm": ("DMEMBERDM1", MEMBER_USER, True),
        "outsider-dm": ("DOUTSIDE01", "UOTHER0001", False),
    }
    for name, (channel, user, _) in cases.items():
        server.slack(
            slash_command(
                question, response_url=standin.response_url(name), channel=channel, user=user
            ),
            FORM,
        )
    for name, (_, _, visible) in cases.items():
        [reply] = standin.wait_for("response", name)
        assert ("Tomas Reyes" in json.dumps(reply.body)) is visible, name


def test_share_of_restricted_answer_into_other_channel_is_refused(
    server: Server, standin: SlackStandIn
) -> None:
    server.slack(
        slash_command(
            "lithium stockpile doubled",
            response_url=standin.response_url("member-ask"),
            channel="DMEMBERDM1",
            user=MEMBER_USER,
        ),
        FORM,
    )
    [reply] = standin.wait_for("response", "member-ask")
    assert "Tomas Reyes" in _blocks_text(reply)
    value = _button(reply, ACTION_SHARE)
    click = block_action(
        ACTION_SHARE,
        value,
        response_url=standin.response_url("member-share"),
        user=MEMBER_USER,
        channel="DMEMBERDM1",
    )
    server.slack(click, FORM)
    [refusal] = standin.wait_for("response", "member-share")
    assert refusal.body["response_type"] == "ephemeral"
    assert "Tomas Reyes" not in json.dumps(refusal.body) and "can't share" in refusal.body["text"]
    # The same button value clicked by an outsider gets nothing restricted either.
    server.slack(
        block_action(
            ACTION_MORE,
            value,
            response_url=standin.response_url("outsider-more"),
            user="UOTHER0001",
            channel="CPUBLIC001",
        ),
        FORM,
    )
    [more] = standin.wait_for("response", "outsider-more")
    assert "Tomas Reyes" not in json.dumps(more.body)


def test_web_api_429_is_retried(server: Server, standin: SlackStandIn) -> None:
    standin.throttle("chat.postMessage", times=1)
    server.slack(event_callback(mention_event("China Russia", channel="C429000001")), JSON)
    [ok] = standin.wait_for(
        "api", "chat.postMessage", lambda c: c.body.get("channel") == "C429000001"
    )
    throttled = standin.find("api", "chat.postMessage", lambda c: c.status == 429)
    assert throttled and ok.at - throttled[-1].at >= 0.9


def test_bad_signature_and_stale_timestamp_are_rejected(
    server: Server, standin: SlackStandIn
) -> None:
    body = slash_command("China", response_url=standin.response_url("never"))
    bad = signed_headers(body, content_type=FORM, secret="not-the-secret-000000000000000")
    assert server.request("POST", "/slack/events", body.encode(), bad)[0] == 401
    stale = signed_headers(body, content_type=FORM, timestamp=int(time.time()) - 600)
    assert server.request("POST", "/slack/events", body.encode(), stale)[0] == 401
    standin.settle(quiet=0.5)
    assert not standin.find("response", "never")


def test_url_verification_challenge(server: Server) -> None:
    body = json.dumps(
        {
            "token": "t",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    )
    status, reply, _ = server.slack(body, JSON)
    assert status == 200 and b"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in reply


def test_oversized_body_is_413_and_unknown_paths_404(server: Server) -> None:
    big = "text=" + "a" * 30_000
    status, _, _ = server.request(
        "POST", "/slack/events", big.encode(), signed_headers(big, content_type=FORM)
    )
    assert status == 413
    assert server.request("GET", "/nope")[0] == 404
    assert server.request("GET", "/slack/events")[0] == 405


def test_logs_are_json_with_request_ids_and_no_secrets(
    server: Server, standin: SlackStandIn
) -> None:
    server.slack(slash_command("boom China", response_url=standin.response_url("logcheck")), FORM)
    standin.wait_for("response", "logcheck")
    text = server.log()
    assert BOT_TOKEN not in text and SIGNING_SECRET not in text
    records = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    handled = [r for r in records if r.get("msg") == "answered slash command"]
    assert handled and all(r["request_id"].startswith("r") for r in handled)
    assert any(r.get("msg") == "http request" and r.get("status") == 200 for r in records)


def test_new_briefing_is_served_without_a_restart(
    tmp_path: Path, site: Path, standin: SlackStandIn
) -> None:
    own = tmp_path / "site"
    shutil.copytree(site / "knowledge", own / "knowledge")
    shutil.copy(site / "briefbot.toml", own / "briefbot.toml")
    with _running_server(own, standin, workers=1, BRIEFBOT_SERVER_RELOAD_INTERVAL="0.2") as live:
        (own / "knowledge" / "later.txt").write_text(
            HOSTILE.replace("Nadia Okafor", "Lena Marsh")
            .replace("Undersea pipeline sabotage", "Icebreaker capacity shortfalls")
            .replace("Pipeline Sabotage", "Polar Logistics")
            .replace("February 20", "April 9"),
            encoding="utf-8",
        )
        deadline = time.monotonic() + 30
        while json.loads(live.request("GET", "/healthz")[1])["briefings"] < 4:
            assert time.monotonic() < deadline, live.log()
            time.sleep(0.1)
        live.slack(
            slash_command(
                "icebreaker capacity shortfalls", response_url=standin.response_url("reloaded")
            ),
            FORM,
        )
        [reply] = standin.wait_for("response", "reloaded")
        assert "Lena Marsh" in _blocks_text(reply)


# -- start-up errors ---------------------------------------------------------------------------


def _serve_once(site: Path, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "briefbot",
            "serve",
            "--port",
            str(free_port()),
            "--knowledge",
            str(site / "knowledge"),
            "--config",
            str(site / "briefbot.toml"),
            *extra,
        ],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"SLACK_SIGNING_SECRET": None}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": "xoxp-a-user-token-not-a-bot"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": None}, "SLACK_BOT_TOKEN"),
        ({"SLACK_API_URL": "ftp://nowhere"}, "SLACK_API_URL"),
        ({"SLACK_BOT_TOKEN": "xoxb-0000000000-a-token-slack-rejects"}, "SLACK_BOT_TOKEN"),
    ],
)
def test_bad_environment_stops_startup_naming_the_variable(
    site: Path, standin: SlackStandIn, change: dict, named: str
) -> None:
    env = _slack_env(standin)
    for key, value in change.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    result = _serve_once(site, env)
    assert result.returncode == 2
    assert named in result.stderr
    for secret in (BOT_TOKEN, SIGNING_SECRET, *(v for v in change.values() if v)):
        if secret != change.get("SLACK_API_URL"):
            assert secret not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_socket_mode_needs_the_app_token(site: Path, standin: SlackStandIn) -> None:
    result = _serve_once(site, _slack_env(standin), "--socket")
    assert result.returncode == 2 and "SLACK_APP_TOKEN" in result.stderr
    env = dict(_slack_env(standin), SLACK_APP_TOKEN="xoxb-wrong-kind-of-token")
    result = _serve_once(site, env, "--socket")
    assert (
        result.returncode == 2
        and "SLACK_APP_TOKEN" in result.stderr
        and "xoxb-wrong" not in result.stderr
    )
    assert APP_TOKEN  # the well-formed one is used by the Socket Mode wiring test


def test_bad_config_file_or_missing_knowledge_stops_startup(
    tmp_path: Path, site: Path, standin: SlackStandIn
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[server]\nmax_body_bytes = -1\n", encoding="utf-8")
    result = _serve_once(site, _slack_env(standin), "--config", str(bad))
    assert result.returncode == 2 and "server.max_body_bytes" in result.stderr
    result = _serve_once(site, _slack_env(standin), "--knowledge", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "knowledge folder not found" in result.stderr
    assert "Traceback" not in result.stderr


# Text only the members-only briefing holds and no question below contains (the
# questions themselves are echoed back to the asker, which is no leak).
RESTRICTED_MARKERS = ("warehouse manifests", "Strategic Materials", "March 1, 2024", "2024-03-01")
RESTRICTED_INTENTS = {
    "search": "lithium stockpile doubled",
    "who-said": "who said the lithium stockpile quietly doubled last winter",
    "speaker": "speaker Tomas Reyes",
    "events": "events",
    "events-filtered": "events category:strategic",
    "moderator": "Who moderated the Lithium Stockpiles session?",
    "spoke-at": "Which events did Tomas Reyes speak at?",
    "surname": "What did Reyes say about stockpiles?",
}


def _leaks(call) -> bool:
    text = json.dumps(call.body, ensure_ascii=False)
    return any(marker in text for marker in RESTRICTED_MARKERS)


def test_restricted_briefing_for_every_intent_and_way_in(
    server: Server, standin: SlackStandIn
) -> None:
    contexts = {  # name: (channel, user, may see the members-only briefing)
        "public": ("CPUBLIC001", "UOTHER0001", False),
        "member-in-public": ("CPUBLIC001", MEMBER_USER, False),
        "members-channel": (MEMBERS_CHANNEL, "UOTHER0001", True),
        "member-dm": ("DMEMBERDM1", MEMBER_USER, True),
        "outsider-dm": ("DOUTSIDE01", "UOTHER0001", False),
    }
    expected: dict[str, bool] = {}
    for intent, question in RESTRICTED_INTENTS.items():
        for context, (channel, user, visible) in contexts.items():
            name = f"acl-{intent}-{context}"
            expected[name] = visible
            server.slack(
                slash_command(question, response_url=standin.response_url(name),
                              channel=channel, user=user),
                FORM,
            )
    for name, visible in expected.items():
        [reply] = standin.wait_for("response", name)
        assert _leaks(reply) is visible, name

    # Mentions in channels and DMs follow the same rule.
    for n, (intent, question) in enumerate(RESTRICTED_INTENTS.items()):
        for m, (channel, user, visible) in enumerate(
            [("CPUBLIC002", MEMBER_USER, False), (MEMBERS_CHANNEL, "UOTHER0001", True)]
        ):
            ts = f"1700002{n:03d}.{m:06d}"
            server.slack(event_callback(mention_event(question, channel=channel, ts=ts, user=user)),
                         JSON)
            [post] = standin.wait_for(
                "api", "chat.postMessage",
                lambda c, ts=ts, channel=channel: c.body.get("channel") == channel
                and c.body.get("thread_ts") == ts,
            )
            assert _leaks(post) is visible, (intent, channel)
        for channel, user in [("DMEMBERDM2", MEMBER_USER), ("DOUTSIDE02", "UOTHER0001")]:
            server.slack(event_callback(dm_event(question, channel=channel, user=user)), JSON)
            standin.wait_for(
                "api", "chat.postMessage", lambda c, channel=channel: c.body.get("channel") == channel,
                count=n + 1,
            )
    # DMs: every reply in the member's DM may name the briefing; none in the outsider's.
    member = standin.find("api", "chat.postMessage", lambda c: c.body.get("channel") == "DMEMBERDM2")
    outsider = standin.find("api", "chat.postMessage", lambda c: c.body.get("channel") == "DOUTSIDE02")
    assert len(member) == len(outsider) == len(RESTRICTED_INTENTS)
    assert sum(_leaks(post) for post in member) == len(RESTRICTED_INTENTS)
    assert not any(_leaks(post) for post in outsider)


def test_more_results_button_rechecks_access_for_the_clicker(
    server: Server, standin: SlackStandIn
) -> None:
    # A button value as the bot writes it (question, offset, k): whoever clicks
    # it gets only what their own channel or DM may see.
    value = json.dumps({"q": "lithium stockpile doubled", "o": 0, "k": 1}, separators=(",", ":"))
    for name, user, channel, visible in [
        ("acl-more-member", MEMBER_USER, MEMBERS_CHANNEL, True),
        ("acl-more-outsider", "UOTHER0001", "CPUBLIC001", False),
        ("acl-more-member-public", MEMBER_USER, "CPUBLIC001", False),
    ]:
        server.slack(
            block_action(ACTION_MORE, value, response_url=standin.response_url(name),
                         user=user, channel=channel),
            FORM,
        )
        [more] = standin.wait_for("response", name)
        assert _leaks(more) is visible, name
