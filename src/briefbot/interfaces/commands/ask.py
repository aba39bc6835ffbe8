"""``briefbot ask``: one question (or one per stdin line) answered on stdout.

    briefbot ask "who said China is ensuring Russia has what it needs"
    briefbot ask --json -k 5 "What did Singleton say about Taiwan?"
    printf 'q1\\nq2\\n' | briefbot ask --json -      # one JSON object per line

``--channel ID --user ID`` answer as that Slack context would see it;
without them only public briefings are visible. The JSON shape is the
stable contract documented in ``briefbot.render.jsonout``.
"""

from __future__ import annotations

import argparse
import json
import sys

from ...errors import QueryError
from ...models import Viewer
from ...render.jsonout import answer_to_json
from ...render.text import help_text, render_answer
from ...search.engine import Engine
from ..live import freeze_heap
from .common import add_common, settings_from

__all__ = ["register", "run", "add_viewer", "viewer_from"]


def add_viewer(parser: argparse.ArgumentParser) -> None:
    """Add ``--channel`` and ``--user``: answer as that Slack context would see it."""
    parser.add_argument("--channel", metavar="ID", help="answer as seen in this Slack channel")
    parser.add_argument("--user", metavar="ID", help="answer as seen by this Slack user")


def viewer_from(args: argparse.Namespace) -> Viewer | None:
    """The asker the options describe; None (public only) when neither is given."""
    if not args.channel and not args.user:
        return None
    return Viewer(channel=args.channel or None, user=args.user or None)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``ask`` sub-command."""
    parser = subparsers.add_parser(
        "ask",
        help="answer one question (or one per line of stdin with '-')",
        description="Answer a question from the briefings, with attributed excerpts.",
    )
    parser.add_argument("question", nargs="+", help="the question; '-' reads one per line from stdin")
    parser.add_argument("--json", action="store_true", help="print the answer as JSON")
    parser.add_argument("-k", type=int, metavar="N", help="results per answer (default: settings)")
    add_viewer(parser)
    add_common(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Answer and print; exit 0 when answered, 1 when nothing matched, 2 on a bad question."""
    settings, knowledge = settings_from(args)
    if args.k is not None and not 1 <= args.k <= 50:
        raise QueryError("-k expects a number from 1 to 50")
    engine = Engine.open(knowledge, settings)
    freeze_heap()
    viewer = viewer_from(args)
    if args.question == ["-"]:
        for line in sys.stdin:
            question = line.rstrip("\r\n")
            if not question.strip():
                continue
            _answer_one(engine, question, viewer, args, stream=True)
        return 0
    return _answer_one(engine, " ".join(args.question), viewer, args, stream=False)


def _answer_one(engine: Engine, question: str, viewer, args, *, stream: bool) -> int:
    try:
        answer = engine.ask(question, viewer, k=args.k)
    except QueryError as exc:
        if args.json:
            print(json.dumps({"question": question, "error": str(exc)}, ensure_ascii=False), flush=True)
            return 2
        if stream:
            print(f"briefbot: {exc}", file=sys.stderr)
            return 2
        raise
    if args.json:
        print(json.dumps(answer_to_json(answer), ensure_ascii=False), flush=True)
    else:
        help_shown = None
        if answer.intent == "help":
            from ...search.examples import help_examples

            examples = help_examples(engine, viewer)
            help_shown = help_text(examples.questions, examples.filters, briefings=examples.briefings)
        print(render_answer(answer, help=help_shown))
        if stream:
            print()
    return 1 if answer.no_match else 0
