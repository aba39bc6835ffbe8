"""State store benchmarks (issue 17): per-answer overhead, and a Slack load on two hosts.

    python -m bench.state_hosts overhead --postgres URL [--answers 2000]
    python -m bench.state_hosts hosts --state-url URL [--requests 500] [--retries 100]

``overhead`` times what the state store adds to one Slack answer — the
delivery ledger (``first_time``) and the rate limit (``allow``), the two
calls every slash command makes before it is answered — on an SQLite file
and on PostgreSQL, one answer at a time, and prints p50/p99/max in ms.

``hosts`` starts a stand-in for Slack and two ``briefbot serve`` processes
(two gunicorn workers each, own ports, own index caches) that share only
the state store URL, then sends ``requests`` signed ``/brief`` slash
commands alternately to the two hosts from ``concurrency`` threads, plus
``retries`` re-sends of earlier commands (same trigger id,
``X-Slack-Retry-Num: 1``) to the *other* host, as Slack does when an ack is
late. A ``{host}`` in the URL gives each host its own store (the per-host
ledger as it was before issue 17, for comparison). It reports acks (HTTP
200), errors (non-200, failed connections, apologies, answers missing) and
duplicates (a response_url answered more than once). Both print one JSON
object; ``bench/RESULTS.md`` has the runs.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import numpy as np

from briefbot.interfaces.slack.state import SlackState
from briefbot.state import StateStore

__all__ = ["measure_overhead", "run_two_hosts"]

QUESTIONS = (
    "What did the panel say about China and Russia?",
    "who said sanctions evasion",
    "Who spoke at the Beijing-Moscow Nexus briefing?",
    "What did the speakers say about the dollar?",
    "When was the briefing on China-Russia cooperation?",
)


def _stats(seconds: list[float]) -> dict[str, float]:
    ms = np.asarray(seconds) * 1000
    return {"p50_ms": round(float(np.percentile(ms, 50)), 3),
            "p99_ms": round(float(np.percentile(ms, 99)), 3),
            "max_ms": round(float(ms.max()), 3), "answers": len(seconds)}


def measure_overhead(url: str, answers: int = 2000, users: int = 100) -> dict[str, float]:
    """Time ``first_time`` + ``allow`` per answer on the store at ``url``."""
    state = SlackState(StateStore(url))
    for n in range(20):  # connections opened, statements prepared
        state.first_time(f"command:warm{n}")
        state.allow(f"UWARM{n}", 1000)
    times = []
    for n in range(answers):
        started = time.perf_counter()
        state.first_time(f"command:{n}.{time.time_ns()}")
        state.allow(f"UBENCH{n % users:05d}", 1000)
        times.append(time.perf_counter() - started)
    state.store.close()
    return _stats(times)


class _Slack:
    """A stand-in for Slack's Web API and response URLs, counting deliveries per name."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.delivered: dict[str, int] = {}
        self.apologies = 0
        self._cond = threading.Condition()
        slack = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.startswith("/response/"):
                    with slack._cond:
                        name = self.path[len("/response/"):]
                        slack.delivered[name] = slack.delivered.get(name, 0) + 1
                        if b"Sorry" in body or b"my limit per person" in body:
                            slack.apologies += 1
                        slack._cond.notify_all()
                    data = b"ok"
                else:
                    data = json.dumps({
                        "ok": True, "team_id": "TBENCH0001", "user_id": "UBENCHBOT1",
                        "bot_id": "BBENCHBOT1", "url": "https://bench.invalid/", "team": "Bench",
                        "user": "briefbot", "ts": f"{time.time():.6f}",
                    }).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def wait(self, names: list[str], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not set(names) <= self.delivered.keys() and time.monotonic() < deadline:
                self._cond.wait(0.5)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _post(port: int, body: str, secret: str, retry: bool) -> int:
    ts = str(int(time.time()))
    signature = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={signature}"}
    if retry:
        headers.update({"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("POST", "/slack/events", body=body.encode(), headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        conn.close()


def run_two_hosts(
    state_url: str, knowledge: Path = Path("knowledge"), *, requests: int = 500,
    retries: int = 100, concurrency: int = 20, users: int = 100,
) -> dict[str, Any]:
    """The two-host load run; a JSON-able report."""
    secret, token = secrets.token_hex(16), f"xoxb-bench-{secrets.token_hex(8)}"
    scratch = Path(tempfile.mkdtemp(prefix="briefbot-two-hosts-"))
    slack = _Slack(token)
    processes: list[subprocess.Popen] = []
    try:
        site = scratch / "knowledge"
        shutil.copytree(knowledge, site, ignore=shutil.ignore_patterns(".*"))
        ports = [_free_port(), _free_port()]
        for host, port in enumerate(ports):
            env = {k: v for k, v in os.environ.items()
                   if not k.startswith(("SLACK_", "BRIEFBOT_"))}
            env.update(SLACK_BOT_TOKEN=token, SLACK_SIGNING_SECRET=secret,
                       SLACK_API_URL=slack.base + "/api/",
                       BRIEFBOT_STATE_URL=state_url.replace("{host}", str(host)),
                       BRIEFBOT_INDEX_CACHE_DIR=str(scratch / f"cache-{host}"),
                       # The limit is not what is measured here (tests check it across hosts).
                       BRIEFBOT_SERVER_RATE_LIMIT_PER_MINUTE="1000")
            with open(scratch / f"host{host}.log", "wb") as log:
                processes.append(subprocess.Popen(
                    [sys.executable, "-m", "briefbot", "serve", "--host", "127.0.0.1",
                     "--port", str(port), "--workers", "2", "--knowledge", str(site)],
                    cwd=scratch, env=env, stdout=log, stderr=subprocess.STDOUT))
        for port, process in zip(ports, processes, strict=True):
            deadline = time.monotonic() + 120
            while True:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("a host did not start: see its log")
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                try:
                    conn.request("GET", "/healthz")
                    if conn.getresponse().status == 200:
                        break
                except OSError:
                    pass
                finally:
                    conn.close()
                time.sleep(0.1)

        bodies = [urlencode({
            "team_id": "TBENCH0001", "channel_id": "CBENCH0001", "channel_name": "general",
            "user_id": f"UBENCH{n % users:05d}", "command": "/brief",
            "text": QUESTIONS[n % len(QUESTIONS)], "api_app_id": "ABENCH0001",
            "response_url": f"{slack.base}/response/r{n}", "trigger_id": f"{n}.{time.time_ns()}.b",
        }) for n in range(requests)]
        # Each request to one host; every (requests // retries)-th also re-sent to the other.
        step = max(1, requests // retries) if retries else 0
        sends = [(bodies[n], ports[n % 2], False) for n in range(requests)]
        if step:
            sends += [(bodies[n], ports[(n + 1) % 2], True) for n in range(0, requests, step)]
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            statuses = list(pool.map(lambda s: _post(s[1], s[0], secret, s[2]), sends))
        sending_s = time.monotonic() - started
        names = [f"r{n}" for n in range(requests)]
        slack.wait(names, 180)
        time.sleep(3)  # a late duplicate would arrive now
        with slack._cond:
            delivered = dict(slack.delivered)
            apologies = slack.apologies
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
        slack.server.shutdown()
        shutil.rmtree(scratch, ignore_errors=True)
    missing = [n for n in names if n not in delivered]
    twice = [n for n, count in delivered.items() if count > 1]
    bad_acks = sum(status != 200 for status in statuses)
    return {
        "state_store": StateStore(state_url, check=False).location,
        "hosts": 2, "workers_per_host": 2, "requests": requests,
        "retries_to_other_host": len(sends) - requests, "acks_200": len(statuses) - bad_acks,
        "answers": len(delivered), "missing": len(missing), "apologies": apologies,
        "duplicates": len(twice), "errors": bad_acks + len(missing) + apologies,
        "sending_s": round(sending_s, 2),
    }


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.state_hosts", description=__doc__)
    sub = parser.add_subparsers(dest="what", required=True)
    overhead = sub.add_parser("overhead")
    overhead.add_argument("--postgres", required=True, help="a PostgreSQL URL to measure")
    overhead.add_argument("--answers", type=int, default=2000)
    hosts = sub.add_parser("hosts")
    hosts.add_argument("--state-url", required=True)
    hosts.add_argument("--knowledge", type=Path, default=Path("knowledge"))
    hosts.add_argument("--requests", type=int, default=500)
    hosts.add_argument("--retries", type=int, default=100)
    hosts.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args(argv)
    if args.what == "overhead":
        folder = Path(tempfile.mkdtemp(prefix="briefbot-state-bench-"))
        try:
            report = {
                "sqlite": measure_overhead(f"sqlite:///{folder / 'state.sqlite3'}", args.answers),
                "postgresql": measure_overhead(args.postgres, args.answers),
            }
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    else:
        report = run_two_hosts(args.state_url, args.knowledge, requests=args.requests,
                               retries=args.retries, concurrency=args.concurrency)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
