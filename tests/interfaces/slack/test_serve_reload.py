"""Live reload under ``briefbot serve``: a change reaches every worker, and no request fails.

A real gunicorn server with two workers over a small knowledge folder. A
briefing is added, edited and removed while other threads keep asking
``/healthz`` and sending signed slash commands. After each change, every
live worker (found under the server's process in ``/proc``) must have
answered ``/healthz`` with the new index, and the workers must be new
processes (the master loads each index once and forks fresh workers from
it); every request sent meanwhile must have got its 200 and every slash
command its answer.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from slack_standin import SlackStandIn, slash_command
from test_slack_http import (
    CONFIG,
    FORM,
    HOSTILE,
    RESTRICTED,
    Server,
    _blocks_text,
    _running_server,
    make_site,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)"),
]

WORKERS = 2
LATER = (
    HOSTILE.replace("Nadia Okafor", "Lena Marsh")
    .replace("Undersea pipeline sabotage", "Icebreaker capacity shortfalls")
    .replace("Pipeline Sabotage", "Polar Logistics")
    .replace("February 20", "April 9")
)


def _workers(server: Server) -> set[int]:
    """The serving workers' pids: the master's children other than the index builder."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if parent == server.process.pid and b"briefbot.interfaces.live" not in command:
            found.add(int(entry.name))
    return found


def _health(server: Server) -> dict:
    status, body, _ = server.request("GET", "/healthz")
    assert status == 200, body
    return json.loads(body)


def _served_everywhere(server: Server, done: Callable[[dict], bool], timeout: float = 60.0
                       ) -> tuple[str, set[int]]:
    """Ask ``/healthz`` until every live worker has answered with an index ``done`` accepts.

    Returns that index's name and the workers that served it. Several threads
    ask at once, so the kernel hands the connections to every worker.
    """
    deadline = time.monotonic() + timeout
    seen: dict[int, dict] = {}
    lock = threading.Lock()

    def ask() -> None:
        for _ in range(8):
            health = _health(server)
            with lock:
                seen[health["worker"]] = health

    while time.monotonic() < deadline:
        askers = [threading.Thread(target=ask) for _ in range(4)]
        for asker in askers:
            asker.start()
        for asker in askers:
            asker.join()
        live = _workers(server)
        with lock:
            fresh = {pid: h for pid, h in seen.items() if pid in live and done(h)}
            stale = {pid: h for pid, h in seen.items() if pid in live and not done(h)}
        names = {h["index"] for h in fresh.values()}
        if len(live) == WORKERS and set(fresh) == live and len(names) == 1:
            return names.pop(), live
        for pid in stale:  # a worker that answered from the old index: ask it again
            seen.pop(pid, None)
        time.sleep(0.1)
    raise AssertionError(f"not every worker serves the change: {seen}\n{server.log()[-4000:]}")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    files = {"hostile.txt": HOSTILE, "members/closed.txt": RESTRICTED}
    return make_site(tmp_path / "site", CONFIG, files)


@pytest.fixture(scope="module")
def standin():
    with SlackStandIn() as server:
        yield server


def test_a_change_is_served_by_every_worker_and_no_request_fails(
    site: Path, standin: SlackStandIn
) -> None:
    with _running_server(site, standin, workers=WORKERS,
                         BRIEFBOT_SERVER_RELOAD_INTERVAL="0.2") as server:
        first, before = _served_everywhere(server, lambda h: h["briefings"] == 3)

        statuses: list[tuple[str, int]] = []
        errors: list[BaseException] = []
        sent: list[str] = []
        stop = threading.Event()
        names = itertools.count()

        def keep_asking() -> None:
            while not stop.is_set():
                try:
                    statuses.append(("healthz", server.request("GET", "/healthz")[0]))
                    name = f"during-{next(names)}"
                    status = server.slack(slash_command(
                        "China Russia", response_url=standin.response_url(name)), FORM)[0]
                    statuses.append(("slash", status))
                    if status == 200:
                        sent.append(name)
                except BaseException as exc:  # noqa: BLE001 - any failure is what we look for
                    errors.append(exc)
                stop.wait(0.2)  # a steady stream, within the asker's rate limit

        askers = [threading.Thread(target=keep_asking) for _ in range(3)]
        for asker in askers:
            asker.start()
        try:
            later = site / "knowledge" / "later.txt"
            later.write_text(LATER, encoding="utf-8")
            added, after_add = _served_everywhere(server, lambda h: h["briefings"] == 4)
            assert added != first
            assert not after_add & before  # fresh workers, forked from the master

            later.write_text(LATER.replace("Icebreaker", "Ice-class tanker"), encoding="utf-8")
            edited, after_edit = _served_everywhere(
                server, lambda h: h["briefings"] == 4 and h["index"] not in (first, added))
            assert not after_edit & after_add

            server.slack(slash_command("ice-class tanker capacity shortfalls",
                                       response_url=standin.response_url("edited"),
                                       user="UEDITOR001"), FORM)
            [reply] = standin.wait_for("response", "edited", timeout=30)
            assert "Lena Marsh" in _blocks_text(reply)

            later.unlink()
            _served_everywhere(
                server, lambda h: h["briefings"] == 3 and h["index"] not in (first, added, edited))
        finally:
            stop.set()
            for asker in askers:
                asker.join(30)

        assert errors == []
        assert statuses and all(status == 200 for _, status in statuses), statuses
        assert sum(kind == "slash" for kind, _ in statuses) >= 3
        for name in sent:  # every question sent during the swaps was answered
            standin.wait_for("response", name, timeout=30)
        assert "Traceback" not in server.log()


def test_a_broken_new_file_is_reported_and_the_rest_served(
    site: Path, standin: SlackStandIn
) -> None:
    with _running_server(site, standin, workers=WORKERS,
                         BRIEFBOT_SERVER_RELOAD_INTERVAL="0.2") as server:
        (site / "knowledge" / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n",
                                                     encoding="utf-8")
        (site / "knowledge" / "later.txt").write_text(LATER, encoding="utf-8")
        _served_everywhere(server, lambda h: h["briefings"] == 4)
        server.slack(slash_command("icebreaker capacity shortfalls",
                                   response_url=standin.response_url("after-broken")), FORM)
        [reply] = standin.wait_for("response", "after-broken")
        assert "Lena Marsh" in _blocks_text(reply)
        assert "broken.md" in server.log()


def test_a_hang_up_with_nothing_new_keeps_the_workers(site: Path, standin: SlackStandIn) -> None:
    # gunicorn replaces every worker on SIGHUP; with the live index already served
    # that would only throw away warm workers.
    with _running_server(site, standin, workers=WORKERS,
                         BRIEFBOT_SERVER_RELOAD_INTERVAL="0.2") as server:
        first, before = _served_everywhere(server, lambda h: h["briefings"] == 3)
        os.kill(server.process.pid, signal.SIGHUP)
        deadline = time.monotonic() + 30
        while "the workers are kept" not in server.log() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "the workers are kept" in server.log()
        assert _served_everywhere(server, lambda h: h["index"] == first) == (first, before)

        (site / "knowledge" / "later.txt").write_text(LATER, encoding="utf-8")
        _, after = _served_everywhere(server, lambda h: h["briefings"] == 4)
        assert not after & before  # a real change still replaces them
