"""Slack load benchmark: ``briefbot serve`` under many signed ``/brief`` requests.

What it does, all on 127.0.0.1:

1. starts :class:`LocalSlack`, a tiny stand-in for Slack: the Web API
   methods ``briefbot serve`` calls at start-up (``auth.test``) and while
   answering, and one ``response_url`` per request
   (``/response/<n>``), recording when each answer arrives;
2. copies the knowledge folder into a scratch folder (the index cache is
   written beside it, never into the source tree) and starts
   ``briefbot serve`` as a real gunicorn process with a random signing
   secret and bot token in its environment, ``SLACK_API_URL`` pointing at
   the stand-in; waits for ``/healthz``;
3. sends ``requests`` form-encoded ``/brief`` slash commands, each signed
   ``v0=HMAC-SHA256(secret, "v0:{ts}:{body}")`` as Slack signs them and each
   with its own response_url, from a pool of ``concurrency`` threads; a
   request's *ack latency* is the time from sending it to the HTTP response;
4. waits (bounded) until every answer reached its response_url, then stops
   the server.

The report: acks with HTTP 200, acks within Slack's 3 s, ack p50/p99/max,
answers delivered, answer latency (request sent -> answer received), and
errors (non-200 acks, failed connections, answers never delivered, answers
delivered twice). Askers are spread over ``users`` distinct Slack users so
the per-user rate limit (20 a minute by default) is not what is measured.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import numpy as np

from .local_slack import LocalServer, free_port, post, signature_headers, stop_process

__all__ = ["LocalSlack", "run_slack_load", "format_slack_table", "QUESTIONS"]

ACK_LIMIT_S = 3.0
"""Slack drops a slash command not acknowledged within 3 seconds."""

QUESTIONS = (
    "What did the panel say about China and Russia?",
    "who said sanctions evasion",
    "What was said about energy exports?",
    "Who spoke at the Beijing-Moscow Nexus briefing?",
    "What did they say about drones?",
    "help",
    "What did the speakers say about the dollar?",
    "When was the briefing on China-Russia cooperation?",
    "What is the view on Arctic shipping?",
    "What about public diplomacy and information operations?",
)


class LocalSlack(LocalServer):
    """Slack's Web API and response URLs on 127.0.0.1, counting what arrives and when.

    Kept apart from the tests' ``SlackStandIn``: under hundreds of requests it
    only counts arrivals (and spots apologies), where the tests' stand-in keeps
    and parses every call, answers each Web API method in kind and can throttle.
    """

    def __init__(self, bot_token: str) -> None:
        self.bot_token = bot_token
        self.delivered: dict[str, list[float]] = {}  # response_url name -> arrival times
        self.apologies = 0  # answers that only say something went wrong, or "slow down"
        self.api_calls: dict[str, int] = {}
        self._cond = threading.Condition()
        super().__init__(self._handler())

    def wait_delivered(self, names: Sequence[str], timeout: float) -> None:
        """Block until every name got an answer, or ``timeout`` seconds passed."""
        deadline = time.monotonic() + timeout
        wanted = set(names)
        with self._cond:
            while not wanted <= self.delivered.keys():
                left = deadline - time.monotonic()
                if left <= 0:
                    return
                self._cond.wait(min(left, 0.5))

    def _record(self, kind: str, name: str, body: bytes = b"") -> None:
        arrived = time.monotonic()
        with self._cond:
            if kind == "response":
                self.delivered.setdefault(name, []).append(arrived)
                if _is_apology(body):
                    self.apologies += 1
            else:
                self.api_calls[name] = self.api_calls.get(name, 0) + 1
            self._cond.notify_all()

    def _api(self, method: str, authorization: str | None) -> dict[str, Any]:
        if authorization != f"Bearer {self.bot_token}":
            return {"ok": False, "error": "invalid_auth"}
        if method == "auth.test":
            return {"ok": True, "url": "https://bench.invalid/", "team": "Bench", "user": "briefbot",
                    "team_id": "TBENCH0001", "user_id": "UBENCHBOT1", "bot_id": "BBENCHBOT1",
                    "is_enterprise_install": False}
        return {"ok": True, "ts": f"{time.time():.6f}", "message_ts": f"{time.time():.6f}"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        slack = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # keep the console quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if self.path.startswith("/response/"):
                    slack._record("response", self.path[len("/response/"):], body)
                    data, ctype = b"ok", "text/plain"
                elif self.path.startswith("/api/"):
                    method = self.path[len("/api/"):]
                    slack._record("api", method)
                    data = json.dumps(slack._api(method, self.headers.get("Authorization"))).encode()
                    ctype = "application/json"
                else:
                    data, ctype = b"not found", "text/plain"
                self.send_response(200 if data != b"not found" else 404)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def _is_apology(body: bytes) -> bool:
    """Whether a response_url post is briefbot's apology instead of an answer.

    briefbot's failure replies start with "Sorry" and its rate-limit reply
    with "You've asked"; answers, "nothing found" replies and help never do.
    """
    try:
        text = json.loads(body or b"{}").get("text") or ""
    except (ValueError, AttributeError):
        return True  # not even JSON: certainly not an answer
    return text.lstrip().lower().replace("’", "'").startswith(("sorry", "you've asked"))


def _slash_command(text: str, n: int, response_url: str, user: str) -> str:
    return urlencode({
        "token": "unused-legacy-token", "team_id": "TBENCH0001", "team_domain": "bench",
        "channel_id": "CBENCH0001", "channel_name": "general", "user_id": user,
        "user_name": user.lower(), "command": "/brief", "text": text,
        "api_app_id": "ABENCH0001", "is_enterprise_install": "false",
        "response_url": response_url, "trigger_id": f"{n}.{time.time_ns()}.bench",
    })


def _post(port: int, body: str, secret: str, timeout: float) -> tuple[int, float]:
    """(HTTP status, seconds to the response) of one signed POST /slack/events; 0 on failure."""
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               **signature_headers(body, secret)}
    started = time.monotonic()
    try:
        reply = post(port, body.encode(), headers, timeout=timeout)
    except OSError:
        return 0, time.monotonic() - started
    return reply.status, reply.seconds


def _wait_healthy(port: int, process: subprocess.Popen, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"briefbot serve exited with code {process.returncode}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return time.monotonic() - started
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.1)
    raise RuntimeError(f"briefbot serve was not healthy within {timeout:.0f}s")


def _percentile(values: list[float], q: float) -> float | None:
    return float(np.percentile(values, q)) if values else None


def run_slack_load(
    knowledge: Path | None = None,
    *,
    requests: int = 500,
    concurrency: int = 25,
    users: int | None = None,
    workers: int | None = None,
    delivery_timeout: float = 120.0,
    start_timeout: float = 120.0,
    log_path: Path | None = None,
) -> dict[str, Any]:
    """Run the load benchmark against a fresh ``briefbot serve``; returns a JSON-able report."""
    knowledge = Path(knowledge) if knowledge is not None else Path("knowledge")
    if not knowledge.is_dir():
        raise FileNotFoundError(f"no knowledge folder at {knowledge}")
    if requests < 1 or concurrency < 1:
        raise ValueError("requests and concurrency must be at least 1")
    users = users or max(1, requests // 5)
    secret, token = secrets.token_hex(16), f"xoxb-bench-{secrets.token_hex(8)}"
    scratch = Path(tempfile.mkdtemp(prefix="briefbot-slack-load-"))
    slack = LocalSlack(token).start()
    process: subprocess.Popen | None = None
    try:
        site = scratch / "knowledge"
        shutil.copytree(knowledge, site, ignore=shutil.ignore_patterns(".*"))
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BRIEFBOT_"))}
        env.update(SLACK_BOT_TOKEN=token, SLACK_SIGNING_SECRET=secret,
                   SLACK_API_URL=slack.api_url, PYTHONUNBUFFERED="1")
        command = [sys.executable, "-m", "briefbot", "serve", "--host", "127.0.0.1",
                   "--port", str(port), "--knowledge", str(site)]
        if workers:
            command += ["--workers", str(workers)]
        log_file = open(log_path or scratch / "serve.log", "wb")  # noqa: SIM115 - closed below
        try:
            process = subprocess.Popen(command, cwd=scratch, env=env, stdout=log_file,
                                       stderr=subprocess.STDOUT)
        finally:
            log_file.close()
        ready_s = _wait_healthy(port, process, start_timeout)

        names = [f"r{n}" for n in range(requests)]
        sent_at: dict[str, float] = {}

        def one(n: int) -> tuple[int, float]:
            name = names[n]
            body = _slash_command(QUESTIONS[n % len(QUESTIONS)], n, slack.response_url(name),
                                  f"UBENCH{n % users:05d}")
            sent_at[name] = time.monotonic()
            return _post(port, body, secret, timeout=10.0)

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            results = list(pool.map(one, range(requests)))
        sending_s = time.monotonic() - started
        slack.wait_delivered(names, delivery_timeout)
        all_done_s = time.monotonic() - started
        with slack._cond:
            delivered = {k: list(v) for k, v in slack.delivered.items()}
            apologies = slack.apologies

        acks = [seconds for status, seconds in results if status == 200]
        answer_latency = [delivered[n][0] - sent_at[n] for n in names if n in delivered]
        missing = sum(1 for n in names if n not in delivered)
        duplicated = sum(1 for n in names if len(delivered.get(n, ())) > 1)
        bad_status = sum(1 for status, _ in results if status not in (0, 200))
        failed = sum(1 for status, _ in results if status == 0)
        return {
            "requests": requests,
            "concurrency": concurrency,
            "users": users,
            "workers": workers or "default",
            "server_ready_s": ready_s,
            "acked_200": len(acks),
            "acked_within_3s": sum(1 for s in acks if s <= ACK_LIMIT_S),
            "ack_p50_ms": _ms(_percentile(acks, 50)),
            "ack_p99_ms": _ms(_percentile(acks, 99)),
            "ack_max_ms": _ms(max(acks) if acks else None),
            "delivered": requests - missing,
            "answer_p50_ms": _ms(_percentile(answer_latency, 50)),
            "answer_p99_ms": _ms(_percentile(answer_latency, 99)),
            "sending_s": sending_s,
            "requests_per_s": requests / sending_s if sending_s else None,
            "all_answered_s": all_done_s,
            "errors": {"non_200_ack": bad_status, "connection_failed": failed,
                       "not_delivered": missing, "delivered_twice": duplicated,
                       "apology_instead_of_answer": apologies},
            "error_count": bad_status + failed + missing + duplicated + apologies,
            "server_exit": process.poll(),
        }
    finally:
        if process is not None:
            stop_process(process)
        slack.stop()
        shutil.rmtree(scratch, ignore_errors=True)


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


def format_slack_table(report: dict[str, Any]) -> str:
    """The report as a Markdown table."""
    def fmt(value: Any, spec: str = ".1f") -> str:
        return "—" if value is None else format(value, spec)

    errors = report["errors"]
    rows = [
        ("requests (concurrency)", f"{report['requests']} ({report['concurrency']}), "
                                   f"{report['users']} users, workers {report['workers']}"),
        ("acked with HTTP 200", f"{report['acked_200']} / {report['requests']}"),
        ("acked within 3 s", f"{report['acked_within_3s']} / {report['requests']}"),
        ("ack p50 / p99 / max ms", f"{fmt(report['ack_p50_ms'])} / {fmt(report['ack_p99_ms'])} / "
                                   f"{fmt(report['ack_max_ms'])}"),
        ("answers delivered to their response_url", f"{report['delivered']} / {report['requests']}"),
        ("answer p50 / p99 ms (sent -> delivered)",
         f"{fmt(report['answer_p50_ms'])} / {fmt(report['answer_p99_ms'])}"),
        ("send rate", f"{fmt(report['requests_per_s'])} requests/s"),
        ("errors", f"{report['error_count']} (non-200 {errors['non_200_ack']}, connection "
                   f"{errors['connection_failed']}, undelivered {errors['not_delivered']}, "
                   f"duplicated {errors['delivered_twice']}, "
                   f"apologies {errors['apology_instead_of_answer']})"),
    ]
    return "\n".join(["| Slack load | measured |", "|---|---|",
                      *(f"| {a} | {b} |" for a, b in rows)])


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="briefbot.benchmarks.slack_load")
    parser.add_argument("--knowledge", type=Path)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=25)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = run_slack_load(args.knowledge, requests=args.requests,
                            concurrency=args.concurrency, workers=args.workers)
    print(json.dumps(report, indent=1) if args.json else format_slack_table(report))
    return 0 if report["error_count"] == 0 else 1


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
