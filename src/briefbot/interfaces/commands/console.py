"""``briefbot console``: an interactive prompt over the same engine as Slack.

Accepts everything ``/brief`` accepts, with or without the leading
``/brief``; ``more`` shows the next results of the last question; ``quit``,
``exit`` or end of input (Ctrl-D) leave. Line editing and history come from
the standard library's ``readline`` when the platform has it (history in
``~/.briefbot_history``); without it the prompt still works.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from pathlib import Path

from ...errors import BriefbotError
from ...render.text import help_text, render_answer
from ...search.engine import Engine
from .ask import add_viewer, viewer_from
from ..live import freeze_heap
from .common import add_common, settings_from

__all__ = ["register", "run", "repl"]

log = logging.getLogger(__name__)

HISTORY_FILE = ".briefbot_history"
_QUIT = {"quit", "exit", ":q", "/quit", "/exit", "bye"}


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
    engine = Engine.open(knowledge, settings)
    freeze_heap()
    interactive = sys.stdin.isatty()
    if interactive:
        _setup_readline()
    return repl(engine, viewer_from(args), k=args.k, interactive=interactive)


def repl(engine: Engine, viewer=None, *, k: int | None = None, interactive: bool = True,
         read=input, write=print) -> int:
    """Read questions and print answers; never ends on a bad question."""
    emphasis = "ansi" if interactive and sys.stdout.isatty() else "plain"
    visible = sum(engine.visible(b, viewer) for b in engine.corpus.briefings)
    if interactive:
        write(f"briefbot — {visible} briefings. Type a question, 'help', or 'quit'.")
    last: str | None = None
    offset = 0
    more_available = False
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
            answer = engine.ask(last, viewer, k=k, offset=offset)
        except BriefbotError as exc:
            write(f"Sorry: {exc}\n")
            write(help_text())
            continue
        except Exception:  # the prompt must survive anything; the log keeps the details
            log.exception("unexpected error answering %r", last)
            write("Sorry, something went wrong answering that. Try rephrasing, or type 'help'.")
            continue
        more_available = answer.has_more
        write(render_answer(answer, emphasis=emphasis))
        write("")
