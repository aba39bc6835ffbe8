"""HTTP mode: a small WSGI front for Bolt, served by gunicorn.

Routes:

* ``POST /slack/events`` — events, slash commands and button clicks, through
  Bolt's WSGI adapter. Bodies larger than ``server.max_body_bytes`` get 413
  before anything reads them; then the request gate (``gate.py``) checks the
  signature and timestamp (401) and the body's shape (400) before Bolt sees
  it. A refused request is logged as one line — ``request refused`` with the
  reason, status and request id, never the body — and nothing that fails
  inside answers with a traceback in the log.
* ``GET /healthz`` — 200 ``{"status": "ok", "index_loaded": true, "briefings": N,
  "passages": M, "index": "idx-…", "worker": pid}`` once the index is loaded
  (``index``: the name of the served index folder, null for one held only in
  memory; ``worker``: the answering process), 503 before.
* anything else — 404.

The index is loaded once, in the gunicorn master before it forks
(``preload_app``): workers share its pages copy-on-write and start answering
at once. The Bolt app (and its ``auth.test``) is built there too, so a bad
token stops ``briefbot serve`` with one clear message instead of a crash loop
of workers; Bolt starts its listener threads lazily, so nothing
thread-related crosses the fork. On ``SIGHUP`` gunicorn calls ``on_reload``
in the master (live reload loads the new index there), then forks new
workers from the master and stops the old ones gracefully.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from ...errors import IndexError_
from .app import SLACK_EVENTS_PATH
from .gate import Refusal, check_request
from .logs import new_request_id, request_id_var

__all__ = ["EngineHolder", "SlackWSGI", "run_gunicorn", "HEALTH_PATH"]

HEALTH_PATH = "/healthz"

log = logging.getLogger(__name__)


class EngineHolder:
    """The current engine, swappable at run time; call it to get the engine.

    Live reload builds a new engine beside the old one and ``swap``s it in:
    a request holds the engine it started with, so it never sees half an index.
    """

    def __init__(self, loader: Callable[[], Any] | None = None) -> None:
        self._loader = loader
        self._engine: Any = None
        self._lock = threading.Lock()

    def load(self) -> Any:
        """Build the engine with the loader (blocking) and make it current."""
        if self._loader is None:
            raise IndexError_("no index loader configured")
        engine = self._loader()
        self.swap(engine)
        return engine

    def swap(self, engine: Any) -> None:
        """Make ``engine`` the one every new request uses."""
        with self._lock:
            self._engine = engine

    @property
    def loaded(self) -> bool:
        """True once an engine is available."""
        return self._engine is not None

    def __call__(self) -> Any:
        engine = self._engine
        if engine is None:
            raise IndexError_("the briefing index is still loading; try again in a moment")
        return engine

    def counts(self) -> tuple[int, int]:
        """(briefings, passages) of the current engine, (0, 0) before it is loaded."""
        engine = self._engine
        if engine is None:
            return 0, 0
        corpus = getattr(engine, "corpus", None)
        if corpus is None:
            return 0, 0
        return len(corpus.briefings), len(corpus.passages)

    def index_name(self) -> str | None:
        """The served index folder's name (``idx-…``); None before loading or when unsaved."""
        directory = getattr(getattr(self._engine, "indexed", None), "directory", None)
        return getattr(directory, "name", None)


def _respond(
    start_response: Callable[..., Any],
    status: str,
    payload: dict[str, Any] | str,
    headers: Iterable[tuple[str, str]] = (),
) -> list[bytes]:
    if isinstance(payload, str):
        data, ctype = payload.encode(), "text/plain; charset=utf-8"
    else:
        data, ctype = json.dumps(payload).encode(), "application/json"
    start_response(status, [("Content-Type", ctype), ("Content-Length", str(len(data))), *headers])
    return [data]


class SlackWSGI:
    """The WSGI application gunicorn runs."""

    def __init__(
        self,
        app: App,
        holder: EngineHolder,
        *,
        max_body_bytes: int,
        signing_secret: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.bolt = SlackRequestHandler(app, path=SLACK_EVENTS_PATH)
        self.holder = holder
        self.max_body_bytes = max_body_bytes
        # The same secret Bolt verifies with, unless given.
        self._secret = signing_secret if signing_secret is not None else getattr(
            app, "_signing_secret", "")
        self._clock = clock

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        token = request_id_var.set(new_request_id())
        started = time.perf_counter()
        status_seen: list[str] = []
        refused: list[Refusal] = []

        def recording_start(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            status_seen.append(status)
            return start_response(
                status, headers + [("X-Request-Id", request_id_var.get())], exc_info
            )

        try:
            return self._route(environ, recording_start, refused)
        except Exception as exc:  # noqa: BLE001 - a request must never take a worker's log down
            # One line, no traceback: an exception text may quote what was sent.
            refused.append(Refusal(500, f"internal error: {type(exc).__name__}"))
            return _respond(recording_start, "500 Internal Server Error", "Internal Server Error")
        finally:
            fields = {
                "method": environ.get("REQUEST_METHOD"),
                "path": environ.get("PATH_INFO"),
                "status": int(status_seen[0].split()[0]) if status_seen else 0,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }
            if refused:
                level = logging.ERROR if refused[0].status >= 500 else logging.WARNING
                log.log(level, "request refused", extra={**fields, "reason": refused[0].reason})
            else:
                # Health probes arrive every few seconds; keep them out of the INFO log.
                log.log(
                    logging.DEBUG if environ.get("PATH_INFO") == HEALTH_PATH else logging.INFO,
                    "http request",
                    extra=fields,
                )
            request_id_var.reset(token)

    def _route(
        self,
        environ: dict[str, Any],
        start_response: Callable[..., Any],
        refused: list[Refusal],
    ) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == HEALTH_PATH:
            if method not in ("GET", "HEAD"):
                return _respond(
                    start_response,
                    "405 Method Not Allowed",
                    "Method Not Allowed",
                    [("Allow", "GET")],
                )
            return self._health(start_response)
        if path != SLACK_EVENTS_PATH:
            return _respond(start_response, "404 Not Found", "Not Found")
        if method != "POST":
            return _respond(
                start_response, "405 Method Not Allowed", "Method Not Allowed", [("Allow", "POST")]
            )
        body = self._read_body(environ)
        if isinstance(body, Refusal):
            refused.append(body)
            if body.status == 413:
                return _respond(start_response, "413 Content Too Large", "Request body too large")
            return _respond(start_response, body.status_line, "Bad Request")
        headers = {
            key[5:].replace("_", "-").lower(): value
            for key, value in environ.items()
            if key.startswith("HTTP_") and isinstance(value, str)
        }
        headers["content-type"] = str(environ.get("CONTENT_TYPE") or "")
        refusal = check_request(headers, body, secret=self._secret, now=self._clock())
        if refusal is not None:
            refused.append(refusal)
            text = "Unauthorized" if refusal.status == 401 else "Bad Request"
            return _respond(start_response, refusal.status_line, text)
        environ = dict(environ)
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return self.bolt(environ, start_response)

    def _read_body(self, environ: dict[str, Any]) -> bytes | Refusal:
        """The whole body, or why it is refused (413 over the limit, 400 unreadable)."""
        declared = environ.get("CONTENT_LENGTH") or ""
        stream = environ.get("wsgi.input")
        too_large = Refusal(413, f"request body over {self.max_body_bytes} bytes")
        if declared.strip():
            if not declared.strip().isascii() or not declared.strip().isdigit():
                return Refusal(400, "malformed Content-Length header")
            length = int(declared)
            if length > self.max_body_bytes:
                return too_large
            try:
                data = stream.read(length) if stream is not None and length else b""
            except OSError:
                return Refusal(400, "request body could not be read")
            return data if len(data) == length else Refusal(400, "request body cut short")
        # Chunked upload without a length: read at most one byte past the limit.
        try:
            data = stream.read(self.max_body_bytes + 1) if stream is not None else b""
        except OSError:
            return Refusal(400, "request body could not be read")
        return too_large if len(data) > self.max_body_bytes else data

    def _health(self, start_response: Callable[..., Any]) -> Iterable[bytes]:
        if not self.holder.loaded:
            return _respond(
                start_response,
                "503 Service Unavailable",
                {"status": "loading", "index_loaded": False},
            )
        briefings, passages = self.holder.counts()
        return _respond(
            start_response,
            "200 OK",
            {"status": "ok", "index_loaded": True, "briefings": briefings, "passages": passages,
             "index": self.holder.index_name(), "worker": os.getpid()},
        )


def run_gunicorn(
    wsgi: SlackWSGI,
    *,
    host: str,
    port: int,
    workers: int,
    threads: int = 8,
    on_worker_start: Callable[[], Any] | None = None,
    on_reload: Callable[[], bool] | None = None,
    when_ready: Callable[[], Any] | None = None,
    on_worker_exit: Callable[[], Any] | None = None,
) -> None:
    """Serve ``wsgi`` with gunicorn's threaded workers until stopped (blocking).

    ``on_worker_start`` runs in each worker after the fork (threads do not
    survive a fork, so per-worker threads such as live reload start there).
    ``on_reload`` runs in the master on ``SIGHUP``, on its main thread; when
    it returns True gunicorn forks new workers and stops the old ones, when
    it returns False (nothing new to serve) the workers are kept, warm
    caches and all; ``when_ready`` runs in the master
    once its signal handlers are in place, before the first workers fork.
    ``on_worker_exit`` runs in a worker that stopped gracefully, once it
    has answered every request it held; it must finish any work the worker
    still does in the background — then the worker ends at once
    (:func:`_leave`).
    """
    from gunicorn.app.base import BaseApplication
    from gunicorn.arbiter import Arbiter

    worker_class = _prompt_exit_worker()

    class _Arbiter(Arbiter):  # type: ignore[misc]
        def handle_hup(self) -> None:
            # gunicorn replaces every worker on SIGHUP; only a new engine is worth that.
            if on_reload is not None and not on_reload():
                self.log.info("Hang up: nothing new to serve; the workers are kept")
                return
            super().handle_hup()

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "worker_class": worker_class,
                "threads": threads,
                "preload_app": True,
                "timeout": 30,
                "graceful_timeout": 10,
                "keepalive": 5,
                "accesslog": None,  # SlackWSGI logs every request, as JSON, with its id
                "proc_name": "briefbot-serve",
            }
            if on_worker_start is not None:
                options["post_worker_init"] = lambda _worker: on_worker_start()
            if when_ready is not None:
                options["when_ready"] = lambda _arbiter: when_ready()
            if on_worker_exit is not None:
                options["worker_exit"] = lambda _arbiter, worker: _leave(worker, on_worker_exit)
            # gunicorn 27's control socket is a thread in the master (and a file in
            # $HOME) that briefbot does not use: without it, the master forks with no
            # other thread running.
            if "control_socket_disable" in self.cfg.settings:
                options["control_socket_disable"] = True
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> SlackWSGI:
            return wsgi

        def run(self) -> None:
            # BaseApplication.run with the arbiter above.
            try:
                _Arbiter(self).run()
            except RuntimeError as exc:
                print(f"\nError: {exc}\n", file=sys.stderr)
                sys.stderr.flush()
                sys.exit(1)

    _Server().run()


def _prompt_exit_worker() -> type:
    """gunicorn's threaded worker, which stops accepting as soon as it is told to stop.

    Told to stop (``SIGTERM``: live reload replaces the workers at each
    change), the threaded worker only notices at its event loop's next
    one-second timeout and keeps accepting until then, answering from the
    old index. Waking its loop from the signal handler (gunicorn 27's
    wake-up pipe; older gunicorns have none and keep the timeout) makes it
    stop at once; the requests it holds still finish.
    """
    from gunicorn.workers.gthread import ThreadWorker

    class PromptExitWorker(ThreadWorker):  # type: ignore[misc]
        def handle_exit(self, sig: int, frame: Any) -> None:
            super().handle_exit(sig, frame)
            wake = getattr(getattr(self, "method_queue", None), "defer", None)
            if callable(wake):
                with contextlib.suppress(Exception):  # before the loop has set it up
                    wake(lambda: None)

    return PromptExitWorker


def _leave(worker: Any, finish: Callable[[], Any]) -> None:
    """End a gracefully stopped worker without Python's teardown.

    Python's own exit frees every object of the engine one by one, writing
    to each page it shares with the master — at 100k passages about 0.2
    CPU-seconds per worker, and live reload stops every worker at each
    change. A worker that failed (exit code other than 0) or never booted
    exits the usual way, so gunicorn still sees its exit code.
    """
    exc = sys.exc_info()[1]
    code = exc.code if isinstance(exc, SystemExit) else 0
    if not getattr(worker, "booted", False) or code not in (0, None):
        return
    try:
        finish()
    except Exception:  # noqa: BLE001 - still leave: the worker's part is over
        log.exception("finishing the worker's background work failed")
    logging.shutdown()  # flush every handler
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(0)
