"""``briefbot console``: an interactive prompt over the same engine as Slack.

Accepts everything ``/brief`` accepts, with or without the leading
``/brief``; ``more`` shows the next results of the last question; a
follow-up ("what else did she say", "and Berman?", "more on that", "at the
other event") is read against the last answer's speaker, event and topic;
``:good`` / ``:bad`` record feedback on the last answer (as Slack's 👍/👎,
kept in the state store); ``follow <question>``, ``following`` and
``unfollow <n>`` manage follows, whose digests are printed when a briefing
in ``knowledge/`` is added or changed while the console runs (the console
then answers from the new index too); ``quit``, ``exit`` or end
of input (Ctrl-D) leave. Line editing and history come from
the standard library's ``readline`` when the platform has it (history in
``~/.briefbot_history``); without it the prompt still works.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import BriefbotError
from ...render.text import help_text, plural, render_answer
from ...search.dialogue import converse
from ...search.engine import Engine
from ...search.examples import help_examples
from ..console_follows import ConsoleFollows, EngineBox
from ..live import freeze_heap
from .ask import add_viewer, viewer_from
from .common import add_common, settings_from

if TYPE_CHECKING:  # the store (SQLAlchemy) is imported only once feedback is given
    from ...state import StateStore

__all__ = ["register", "run", "repl"]

log = logging.getLogger(__name__)

HISTORY_FILE = ".briefbot_history"
_QUIT = {"quit", "exit", ":q", "/quit", "/exit", "bye"}
_VOTES = {
    ":good": "good", ":bad": "bad", ":+1": "good", ":-1": "bad", "👍": "good", "👎": "bad",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``console`` sub-command."""
    parser = subparsers.add_parser(
        "console",
        help="ask questions interactively",
        description="An interactive prompt: ask what you would ask briefbot in Slack.",
    )
    parser.add_argument("-k", type=int, metavar="N", help="results per answer (default: settings)")
    add_viewer(parser)
    add_common(parser)
    parser.set_defaults(func=run)


def _setup_readline() -> None:
    try:
        import readline
    except ImportError:  # e.g. Windows without pyreadline: plain input() still works
        return
    history = Path.home() / HISTORY_FILE
    with contextlib.suppress(OSError):
        readline.read_history_file(history)
    readline.set_history_length(1000)

    def save() -> None:
        with contextlib.suppress(OSError):
            readline.write_history_file(history)

    import atexit

    atexit.register(save)


def run(args: argparse.Namespace) -> int:
    """Load the index and run the prompt until quit or end of input."""
    settings, knowledge = settings_from(args)
    engine = Engine.open(knowledge, settings).warm()
    freeze_heap()
    interactive = sys.stdin.isatty()
    if interactive:
        _setup_readline()

    def store() -> StateStore:
        # Opened on the first vote or follow: SQLAlchemy is not worth a slower start.
        from ..feedback import open_store

        return open_store(knowledge, settings)

    viewer = viewer_from(args)
    follows = ConsoleFollows(store, settings, viewer)
    follows.start(knowledge, EngineBox(engine), background=True)
    try:
        return repl(engine, viewer, k=args.k, interactive=interactive, store=store,
                    follows=follows)
    finally:
        follows.stop()


def _help(engine: Engine, viewer) -> str:
    examples = help_examples(engine, viewer)
    return help_text(examples.questions, examples.filters, briefings=examples.briefings)


def repl(engine: Engine, viewer=None, *, k: int | None = None, interactive: bool = True,
         read=input, write=print,
         store: StateStore | Callable[[], StateStore] | None = None,
         follows: ConsoleFollows | None = None) -> int:
    """Read questions and print answers; never ends on a bad question."""
    emphasis = "ansi" if interactive and sys.stdout.isatty() else "plain"
    visible = sum(engine.visible(b, viewer) for b in engine.corpus.briefings)
    if interactive:
        write(f"briefbot — {plural(visible, 'briefing')}. Type a question, 'help', or 'quit'.")
    last: str | None = None
    offset = 0
    more_available = False
    shown = None  # the last answer printed, and its request id, for :good / :bad
    context = None  # what the last answer was about, for follow-ups ("and Berman?")
    while True:
        try:
            line = read("brief> " if interactive else "")
        except EOFError:
            if interactive:
                write("")
            return 0
        except KeyboardInterrupt:
            write("")
            continue
        question = line.strip()
        if not question:
            continue
        if question.lower() in _QUIT:
            return 0
        if follows is not None:
            engine = follows.engine(engine)  # the newest index once knowledge/ changed
            reply = follows.command(question, engine)
            if reply is not None:
                write(reply)
                continue
        if question.lower() in _VOTES:
            if callable(store):
                try:
                    store = store()
                except (BriefbotError, OSError) as exc:
                    log.warning("feedback will not be kept: %s", exc)
                    store = None
            write(_vote(store, shown, _VOTES[question.lower()], viewer))
            continue
        if question.lower() in {"more", "next", "/brief more"}:
            if last is None:
                write("Nothing to continue yet: ask a question first.")
                continue
            if not more_available:
                write("No more results for that question.")
                continue
            offset += k or engine.settings.answer.top_k
        else:
            last, offset = question, 0
        try:
            if offset:
                answer = engine.ask(last, viewer, k=k, offset=offset)
            else:
                answer, context = converse(engine, last, viewer, context, k=k)
        except BriefbotError as exc:
            write(f"Sorry: {exc}\n")
            write(_help(engine, viewer))
            continue
        except Exception:  # the prompt must survive anything; the log keeps the details
            log.exception("unexpected error answering %r", last)
            write("Sorry, something went wrong answering that. Try rephrasing, or type 'help'.")
            continue
        more_available = answer.has_more
        shown = (answer, uuid.uuid4().hex[:12])
        help_shown = _help(engine, viewer) if answer.intent == "help" else None
        write(render_answer(answer, emphasis=emphasis, help=help_shown))
        write("")


def _vote(store: StateStore | None, shown, vote: str, viewer) -> str:
    """Record a vote on the last answer; the line to print."""
    if shown is None:
        return "Nothing to rate yet: ask a question first."
    if store is None:
        return "Feedback cannot be kept here (no state store); sorry."
    from ..feedback import record

    answer, request_id = shown
    try:
        new = record(
            store, answer, request_id=request_id, vote=vote, voter="console",
            user_id=getattr(viewer, "user", None), channel_id=getattr(viewer, "channel", None),
            interface="console",
        )
    except BriefbotError as exc:
        log.warning("feedback not stored: %s", exc)
        return "Sorry, that feedback could not be stored."
    thanks = "Thanks — noted" if vote == "good" else "Thanks — noted for review"
    return f"{thanks}." if new else f"{thanks} (your earlier vote on this answer was replaced)."
