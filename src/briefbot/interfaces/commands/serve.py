"""``briefbot serve``: run the Slack app (HTTP under gunicorn, or Socket Mode).

Everything that can be wrong is checked before the server binds a port: the
settings file, the Slack environment variables (named, never echoed), the
knowledge folder, the index, and the bot token (Slack's ``auth.test``). Any
of them stops start-up with one line on stderr and exit code 2.

Live reload (``interfaces/live.py``): in HTTP mode the gunicorn master
starts one index builder process; the builder watches the knowledge folder
(file events, and a full check every ``server.reload_interval`` seconds),
writes each new index incrementally and sends the master ``SIGHUP``. The
master then loads the new memory-mapped index and warms its engine — once
per host — and gunicorn forks fresh workers from it and stops the old ones
gracefully: no worker reads a briefing, builds or loads anything, and every
worker shares the master's engine. ``kill -HUP`` on the master does the
same by hand; when the live index is the one served, the workers are kept.
In Socket Mode the one process builds and swaps itself; ``kill -HUP`` asks
for a check at once.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import threading
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

    from ...index.store import cache_root
    from ...search.engine import Engine
    from ..feedback import open_store
    from ..follows import NewsHandoff
    from ..live import Reloader, freeze_heap, start_builder_process
    from ..slack import reactions
    from ..slack.app import create_app
    from ..slack.digests import start_follower
    from ..slack.logs import configure_logging
    from ..slack.server import EngineHolder, SlackWSGI, run_gunicorn
    from ..slack.settings import load_slack_env
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

    follow_every = max(1.0, min(10.0, settings.server.reload_interval or 10.0))

    if args.socket:
        # The one process watches knowledge/, builds and swaps its own engine, and runs
        # the follows over what changed (the state store lets one post each digest).
        reloader = Reloader(holder, Path(knowledge), settings)
        follower = start_follower(store, settings, app.client, holder, interval=follow_every)
        reloader.on_swap(follower.on_swap)
        reloader.start()
        reloader.request()  # check the folder once the checksums are checked
        reactions.start_sweeper(app.client)
        reloader.install_sighup()
        run_socket_mode(app, env)
        return 0

    log.info("serving", extra={"host": host, "port": port, "workers": workers})
    master = os.getpid()
    builders: list[subprocess.Popen[bytes]] = []
    # The master follows the builder: on SIGHUP (the builder's, or an admin's) it loads
    # the new index and warms its engine on gunicorn's main thread, then gunicorn forks
    # fresh workers that share it. What the swap brought is handed to those workers.
    # It answers no question, so it lets its engine go before building the next one.
    master_reloader = Reloader(holder, Path(knowledge), settings, follow=True, release_first=True)
    handoff = NewsHandoff(store)
    master_reloader.on_release(handoff.release)
    master_reloader.on_swap(handoff.on_swap)

    def start_builder() -> None:
        # Started once gunicorn handles SIGHUP: the builder's first signal must not end us.
        builders.append(start_builder_process(Path(knowledge), settings, notify=True,
                                              served=holder.index_name()))

    def start_worker() -> None:
        # Only the checksum check runs here (first workers: the start-up index's);
        # new indexes reach a worker by its being forked from the master.
        reloader = Reloader(holder, Path(knowledge), settings, follow=True)
        follower = start_follower(store, settings, app.client, holder, interval=follow_every)
        reloader.on_swap(follower.on_swap)
        reloader.start(watch=False)
        news = handoff.news()
        if news and holder.loaded:
            follower.queue(news)
            threading.Thread(target=follower.catch_up, args=(holder(),),
                             name="briefbot-follows-start", daemon=True).start()
        elif news:
            follower.queue(news)  # the catch-up thread runs it once an index is served
        reactions.start_sweeper(app.client)
        log.info("worker serving index %s", holder.index_name(),
                 extra={"pid": os.getpid(), "index": holder.index_name()})

    try:
        run_gunicorn(
            SlackWSGI(app, holder, max_body_bytes=settings.server.max_body_bytes,
                      signing_secret=env.signing_secret),
            host=host,
            port=port,
            workers=workers,
            on_worker_start=start_worker,
            on_reload=master_reloader.check,
            when_ready=start_builder,
            # Answers acked but still being prepared finish before the worker ends.
            on_worker_exit=lambda: app.listener_runner.listener_executor.shutdown(wait=True),
        )
    finally:
        # Workers unwind through here too (SystemExit); only the master stops the builder.
        if os.getpid() == master:
            for builder in builders:
                builder.terminate()
                try:
                    builder.wait(10)
                except subprocess.TimeoutExpired:
                    builder.kill()
    return 0
