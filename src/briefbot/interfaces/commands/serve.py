"""``briefbot serve``: run the Slack app (HTTP under gunicorn, or Socket Mode).

Everything that can be wrong is checked before the server binds a port: the
settings file, the Slack environment variables (named, never echoed), the
knowledge folder, the index, and the bot token (Slack's ``auth.test``). Any
of them stops start-up with one line on stderr and exit code 2.

Live reload (``interfaces/live.py``): in HTTP mode the gunicorn master
starts one index builder process before it forks; the builder watches the
knowledge folder (file events, and a full check every
``server.reload_interval`` seconds) and writes each new index incrementally,
and every worker only follows it, swapping to the new memory-mapped index
within a quarter of a second — no worker reads a briefing or builds.
``kill -HUP`` on the master restarts the workers, which catch up on start.
In Socket Mode the one process builds and swaps itself; ``kill -HUP`` asks
for a check at once.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
from pathlib import Path

from ...errors import ConfigError, StateError
from .common import add_common, settings_from

__all__ = ["register", "run"]

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``serve`` to the CLI."""
    parser = subparsers.add_parser(
        "serve",
        help="run the Slack app",
        description=(
            "Run the Slack app: HTTP mode under gunicorn (POST /slack/events, GET /healthz), "
            "or Socket Mode with --socket. Needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET "
            "(and SLACK_APP_TOKEN for --socket) in the environment."
        ),
    )
    parser.add_argument("--host", help="address to listen on; default: settings [server] host")
    parser.add_argument(
        "--port", type=int, help="port to listen on; default: settings [server] port"
    )
    parser.add_argument(
        "--workers", type=int, help="gunicorn worker processes; default: settings [server] workers"
    )
    parser.add_argument(
        "--socket",
        action="store_true",
        help="use Socket Mode instead of HTTP (needs SLACK_APP_TOKEN)",
    )
    add_common(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check everything, load the index once, then serve until stopped."""
    from slack_bolt.error import BoltError
    from slack_sdk.errors import SlackClientError

    from ...search.engine import Engine
    from ..live import Reloader, freeze_heap, start_builder_process
    from ...index.store import cache_root
    from ..slack import reactions
    from ..slack.app import create_app
    from ..slack.digests import start_follower
    from ..slack.logs import configure_logging
    from ..slack.server import EngineHolder, SlackWSGI, run_gunicorn
    from ..slack.settings import load_slack_env
    from ..feedback import open_store
    from ..slack.socket_mode import run_socket_mode
    from ..slack.state import SlackState

    settings, knowledge = settings_from(args)
    env = load_slack_env(socket_mode=args.socket)
    configure_logging(
        logging.DEBUG if getattr(args, "debug", False) else logging.INFO, env.secrets()
    )
    host = args.host or settings.server.host
    port = settings.server.port if args.port is None else args.port
    workers = args.workers or settings.server.workers
    if not 0 <= port <= 65535:
        raise ConfigError(f"--port must be between 0 and 65535, got {port}")
    if workers < 1:
        raise ConfigError(f"--workers must be at least 1, got {workers}")
    if not Path(knowledge).exists():
        raise ConfigError(f"knowledge folder not found: {knowledge}")

    # The checksum check runs in each serving process's reload thread, not before start-up.
    # Warmed in the master, so the tables first questions would build are shared by workers.
    holder = EngineHolder(lambda: Engine.open(Path(knowledge), settings, verify="later").warm())
    holder.load()
    freeze_heap()  # before gunicorn forks: the index also stays shared copy-on-write
    briefings, passages = holder.counts()
    log.info("index loaded", extra={"briefings": briefings, "passages": passages})

    # One state store for every worker and every host: delivered events, rate
    # limits, feedback, follows (see briefbot.state). Created or upgraded here,
    # before the workers fork; an unreachable database does not stop answers.
    store = open_store(Path(knowledge), settings, check=False)
    try:
        log.info("state store ready", extra={
            "schema_version": store.version(), "state_store": store.location})
    except StateError as exc:
        log.warning("state store unreachable at start (%s): answering anyway; follows and "
                    "feedback wait for it, and a Slack retry may be answered twice", exc)
    store.close()  # no connection crosses the fork; each worker opens its own
    state = SlackState(store)
    try:
        app = create_app(holder, settings, env, state=state, store=store)
    except BoltError:
        raise ConfigError(
            "Slack rejected SLACK_BOT_TOKEN (auth.test failed): check the token and "
            "that the app is installed in the workspace"
        ) from None
    except SlackClientError as exc:
        raise ConfigError(
            f"could not reach Slack's Web API at SLACK_API_URL ({type(exc).__name__})"
        ) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ConfigError(
            f"could not reach Slack's Web API at SLACK_API_URL ({reason})"
        ) from None

    # 👀 left on askers' messages by a previous run (killed mid-answer) come off
    # now; each serving process sweeps what its own dead predecessors leave.
    reactions.track(cache_root(Path(knowledge), settings) / "pending-reactions.sqlite3")
    reactions.sweep(app.client, older_than=0)

    def start_reloader() -> Reloader:
        # Each process watches knowledge/ itself and swaps its own engine; each runs
        # the follows over what changed, and the state store lets one post each digest.
        # HTTP workers only follow the builder process; Socket Mode builds itself.
        reloader = Reloader(holder, Path(knowledge), settings, follow=not args.socket)
        follower = start_follower(
            store, settings, app.client, holder,
            interval=max(1.0, min(10.0, settings.server.reload_interval or 10.0)),
        )
        reloader.on_swap(follower.on_swap)
        reloader.start()
        reloader.request()  # a worker restarted by `kill -HUP <master>` catches up at once
        reactions.start_sweeper(app.client)
        return reloader

    if args.socket:
        start_reloader().install_sighup()
        run_socket_mode(app, env)
    else:
        log.info("serving", extra={"host": host, "port": port, "workers": workers})
        master = os.getpid()
        builder = start_builder_process(Path(knowledge), settings)
        try:
            run_gunicorn(
                SlackWSGI(app, holder, max_body_bytes=settings.server.max_body_bytes,
                          signing_secret=env.signing_secret),
                host=host,
                port=port,
                workers=workers,
                on_worker_start=start_reloader,
            )
        finally:
            # Workers unwind through here too (SystemExit); only the master stops the builder.
            if os.getpid() == master:
                builder.terminate()
                try:
                    builder.wait(10)
                except subprocess.TimeoutExpired:
                    builder.kill()
    return 0
