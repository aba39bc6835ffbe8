"""What a stand-in for Slack needs on 127.0.0.1: a local server, Slack's signature, a POST.

Shared by the benchmarks that drive a real ``briefbot serve`` (``slack_load``,
``reload``) and by the end-to-end tests, so there is one copy of the rule
every signed request must follow and one copy of the server plumbing:

- :class:`LocalServer`: a threaded HTTP server on 127.0.0.1 and a free port,
  started and stopped in a background thread; subclasses give the handler
  (what Slack's Web API and the response URLs answer);
- :func:`signature_headers`: ``v0=HMAC-SHA256(secret, "v0:{ts}:{body}")``
  and its timestamp, exactly as Slack signs a request
  (https://api.slack.com/authentication/verifying-requests-from-slack);
- :func:`post`: one POST to a local server with raw bytes and headers sent
  as given (UTF-8 where not ASCII), so malformed requests can be sent too;
- :func:`free_port` and :func:`stop_process` for the server process itself.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

__all__ = ["LocalServer", "Reply", "signature_headers", "post", "free_port", "stop_process"]


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 (a free port), served from a background thread."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> Self:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base(self) -> str:
        """``http://127.0.0.1:<port>``."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        """What ``SLACK_API_URL`` points at: ``<base>/api/``."""
        return self.base + "/api/"

    def response_url(self, name: str) -> str:
        """The response_url to hand out with request ``name``: ``<base>/response/<name>``."""
        return f"{self.base}/response/{name}"


def signature_headers(
    body: bytes | str, secret: str, timestamp: int | str | None = None
) -> dict[str, str]:
    """The ``X-Slack-Request-Timestamp`` and ``X-Slack-Signature`` Slack would send with ``body``."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    raw = body.encode() if isinstance(body, str) else body
    digest = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + raw, hashlib.sha256)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": "v0=" + digest.hexdigest()}


@dataclass(frozen=True)
class Reply:
    """What one POST got back, and how long it took."""

    status: int
    body: bytes
    request_id: str  # the X-Request-Id header, "" when absent
    seconds: float


def post(
    port: int,
    body: bytes,
    headers: dict[str, str],
    *,
    path: str = "/slack/events",
    timeout: float = 10.0,
) -> Reply:
    """POST ``body`` to 127.0.0.1:``port``; headers go out as given. OSError if unreachable."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.monotonic()
    try:
        conn.putrequest("POST", path)
        for key, value in {**headers, "Content-Length": str(len(body))}.items():
            conn.putheader(key, value.encode("utf-8"))
        conn.endheaders(body)
        response = conn.getresponse()
        data = response.read()
        return Reply(response.status, data, response.getheader("X-Request-Id") or "",
                     time.monotonic() - started)
    finally:
        conn.close()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop_process(process: subprocess.Popen, timeout: float = 15.0) -> None:
    """Terminate a server process, and kill it if it has not exited within ``timeout`` s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
