"""Two ``briefbot serve`` processes sharing one state store, as two hosts behind a balancer.

Each "host" is a real gunicorn server with two workers, its own port and its
own index cache; all they share is the state store's URL (a database on the
private PostgreSQL, or, for the SQLite default, one file) and the knowledge
folder, as hosts mounting one share would. Requests go to either host the
way a load balancer without sticky sessions would send them; assertions are
on what the local Slack stand-in received: what people would have seen.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path

import pytest
from slack_standin import SlackStandIn, dm_event, event_callback, mention_event, slash_command
from test_slack_http import FORM, JSON, MEMBERS_CHANNEL, REPO, Server, _running_server, make_site

from briefbot.benchmarks.local_slack import free_port

pytestmark = pytest.mark.slow

LIMIT = 3

CONFIG = f"""
[server]
rate_limit_per_minute = {LIMIT}
reload_interval = 0.3

[access.members]
channels = ["{MEMBERS_CHANNEL}"]

[[access_paths]]
pattern = "members/**"
label = "members"
"""

DATA = REPO / "tests" / "data" / "follows"
ARCTIC = (DATA / "arctic.txt").read_text(encoding="utf-8")
CLOSED = (DATA / "members" / "closed.txt").read_text(encoding="utf-8")


def _host(
    site: Path, name: str, standin: SlackStandIn, state_url: str
) -> AbstractContextManager[Server]:
    """One host (a ``briefbot serve`` with two workers) on the shared state store."""
    # Each host keeps its own index, as separate machines would.
    return _running_server(site, standin, BRIEFBOT_STATE_URL=state_url,
                           BRIEFBOT_INDEX_CACHE_DIR=str(site / f"cache-{name}"))


@pytest.fixture(scope="module")
def standin() -> Iterator[SlackStandIn]:
    with SlackStandIn() as server:
        yield server


@pytest.fixture(scope="module", params=["postgresql", "sqlite"])
def hosts(
    request, tmp_path_factory, standin: SlackStandIn
) -> Iterator[tuple[Server, Server, Path]]:
    """Two hosts and their site folder, shared by this module's tests (each uses its own ids)."""
    site = make_site(tmp_path_factory.mktemp(f"hosts-{request.param}"), CONFIG)
    (site / "knowledge" / "members").mkdir()
    if request.param == "postgresql":
        import pg_server

        url = pg_server.fresh_database(request.getfixturevalue("postgres_server"))
    else:
        url = f"sqlite:///{site / 'shared-state.sqlite3'}"
    with ExitStack() as stack:
        pair = [stack.enter_context(_host(site, name, standin, url)) for name in "ab"]
        yield (*pair, site)


def _posts(standin: SlackStandIn, channel: str) -> list:
    return standin.find("api", "chat.postMessage", lambda c: c.body.get("channel") == channel)


def _reply(standin: SlackStandIn, name: str) -> str:
    [call] = standin.wait_for("response", name)
    return json.dumps(call.body.get("blocks", []), ensure_ascii=False)


def test_a_retry_sent_to_the_other_host_is_not_answered_again(hosts, standin):
    a, b, _ = hosts
    channel = f"CRETRY{time.monotonic_ns() % 10_000:04d}"
    body = event_callback(mention_event("China Russia", channel=channel))
    assert a.ack(body, JSON) == 200
    standin.wait_for("api", "chat.postMessage", lambda c: c.body.get("channel") == channel)
    for attempt in ("1", "2"):
        retry = {"X-Slack-Retry-Num": attempt, "X-Slack-Retry-Reason": "http_timeout"}
        assert b.ack(body, JSON, **retry) == 200
        assert a.ack(body, JSON, **retry) == 200
    standin.settle()
    assert len(_posts(standin, channel)) == 1


def test_a_users_rate_limit_holds_across_both_hosts(hosts, standin):
    a, b, _ = hosts
    user = f"ULIMIT{time.monotonic_ns() % 10_000:04d}"
    names = [f"{user}-{n}" for n in range(2 * LIMIT)]
    for n, name in enumerate(names):
        host = (a, b)[n % 2]
        body = slash_command("China Russia", response_url=standin.response_url(name), user=user)
        assert host.ack(body, FORM) == 200
    replies = [_reply(standin, name) for name in names]
    limited = [r for r in replies if "my limit per person" in r]
    assert len(limited) == LIMIT, replies


def test_a_new_briefing_posts_one_digest_per_follow_whichever_host_notices(hosts, standin):
    a, b, site = hosts
    tag = f"{time.monotonic_ns() % 10_000:04d}"
    public, general = f"CFOLLOW{tag}", f"CGENERA{tag}"
    follows = [
        (a, public, "icebreaker capacity"),
        (b, general, "icebreaker"),  # the members-only briefing also matches: never shown here
        (b, MEMBERS_CHANNEL, "lithium stockpile"),
        (a, general, "speaker:berman sanctions"),  # nothing new matches
    ]
    for n, (host, channel, question) in enumerate(follows):
        name = f"follow-{tag}-{n}"
        body = slash_command(f"follow {question}", response_url=standin.response_url(name),
                             user=f"UFOLLOW{n:03d}", channel=channel)
        assert host.ack(body, FORM) == 200
        assert "Following #" in _reply(standin, name)
    dm = f"DFOLLOW{tag}"  # a personal follow, typed as a plain DM to the bot
    assert b.ack(event_callback(dm_event("follow icebreaker capacity", channel=dm,
                                           user="UDMUSER01")), JSON) == 200
    [confirmed] = standin.wait_for("api", "chat.postMessage",
                                   lambda c: c.body.get("channel") == dm)
    assert "with what you may see" in json.dumps(confirmed.body["blocks"])
    listing = f"list-{tag}"
    assert a.ack(slash_command("following", response_url=standin.response_url(listing),
                                 channel=general), FORM) == 200
    listed = _reply(standin, listing)
    assert "icebreaker" in listed and "speaker:berman sanctions" in listed
    members_before = len(_posts(standin, MEMBERS_CHANNEL))

    knowledge = site / "knowledge"
    (knowledge / "arctic.txt").write_text(ARCTIC, encoding="utf-8")
    (knowledge / "members" / "closed.txt").write_text(CLOSED, encoding="utf-8")
    standin.wait_for("api", "chat.postMessage", lambda c: c.body.get("channel") == public,
                     timeout=60)
    standin.wait_for("api", "chat.postMessage", lambda c: c.body.get("channel") == general,
                     timeout=60)
    standin.wait_for("api", "chat.postMessage",
                     lambda c: c.body.get("channel") == MEMBERS_CHANNEL,
                     count=members_before + 1, timeout=60)
    standin.settle(quiet=3.0, timeout=30)  # four processes have all swapped and run follows

    [digest] = _posts(standin, public)
    assert "Polar Logistics" in json.dumps(digest.body["blocks"])
    [general_digest] = _posts(standin, general)  # one: Berman's follow has nothing new
    shown = json.dumps(general_digest.body["blocks"]) + general_digest.body.get("text", "")
    assert "Lena Marsh" in shown and "Lithium" not in shown and "Reyes" not in shown
    dm_posts = [c for c in _posts(standin, dm) if "New in the briefings" in c.body["text"]]
    assert len(dm_posts) == 1 and "Lena Marsh" in json.dumps(dm_posts[0].body["blocks"])
    members = _posts(standin, MEMBERS_CHANNEL)[members_before:]
    assert len(members) == 1 and "Lithium" in json.dumps(members[0].body["blocks"])

    stop = f"unfollow-{tag}"
    assert b.ack(slash_command("unfollow 999999", response_url=standin.response_url(stop),
                                 channel=general), FORM) == 200
    assert "no follow #999999" in _reply(standin, stop)


# -- the database goes away -----------------------------------------------------------------


def _one_host(tmp_path: Path, standin: SlackStandIn, url: str) -> AbstractContextManager[Server]:
    """A single host on the state store at ``url`` (a context manager)."""
    return _host(make_site(tmp_path, CONFIG), "solo", standin, url)


def test_answers_keep_flowing_while_the_database_is_unreachable(tmp_path, standin):
    dead = f"postgresql+psycopg://briefbot:not-logged@127.0.0.1:{free_port()}/briefbot"
    with _one_host(tmp_path, standin, dead) as host:
        name = f"outage-{time.monotonic_ns()}"
        body = slash_command("China Russia", response_url=standin.response_url(name))
        assert host.ack(body, FORM) == 200
        assert "Singleton" in _reply(standin, name) or "Berman" in _reply(standin, name)
        follow = f"outage-follow-{time.monotonic_ns()}"
        assert host.ack(slash_command("follow icebreakers",
                                      response_url=standin.response_url(follow)), FORM) == 200
        assert "can't reach my state store" in _reply(standin, follow)
    log = host.log()
    assert "may be answered twice" in log and "not-logged" not in log


def test_follows_wait_for_the_database_and_catch_up_when_it_returns(tmp_path, standin,
                                                                     postgres_server):
    import pg_server

    if pg_server.find_bindir() is None:  # an exported server cannot be stopped from here
        pytest.skip("needs the PostgreSQL server binaries to stop and restart a server")
    folder, url = pg_server.start()
    try:
        with _one_host(tmp_path, standin, url) as host:
            channel = f"CCATCH{time.monotonic_ns() % 10_000:04d}"
            name = f"catch-{channel}"
            assert host.ack(slash_command("follow icebreaker", channel=channel,
                                          response_url=standin.response_url(name)), FORM) == 200
            assert "Following #" in _reply(standin, name)
            pg_server.pause(folder)
            (tmp_path / "knowledge" / "arctic.txt").write_text(ARCTIC, encoding="utf-8")
            deadline = time.monotonic() + 60
            while "follows: state store unreachable" not in host.log():
                assert time.monotonic() < deadline, host.log()
                time.sleep(0.2)
            assert _posts(standin, channel) == []
            pg_server.resume(folder)
            standin.wait_for("api", "chat.postMessage", lambda c: c.body.get("channel") == channel,
                             timeout=60)
            standin.settle(quiet=2.0)
            [digest] = _posts(standin, channel)
            assert "Lena Marsh" in json.dumps(digest.body["blocks"])
    finally:
        pg_server.stop(folder)
