"""``briefbot feedback export``: the 👎 answers as eval questions, for review.

    briefbot feedback export                 # JSONL on stdout
    briefbot feedback export -o review.jsonl

Each line is a question in the ``../shared/eval`` format with an empty
``expect`` for the reviewer to fill in and a ``review`` object saying what
the answer showed (see ``briefbot.interfaces.feedback``). Votes come from
the state store beside the knowledge folder's index cache.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .common import add_common, settings_from

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``feedback`` sub-command."""
    parser = subparsers.add_parser(
        "feedback",
        help="export 👎 answers as eval questions for review",
        description="Work with the feedback people gave on answers "
        "(Slack 👍/👎, console :good/:bad).",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write 👎 answers as eval JSONL for review")
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    add_common(export)
    export.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write one eval question per 👎 answer; exit 0 (also when there is none)."""
    from ..feedback import eval_cases, open_store

    settings, knowledge = settings_from(args)
    store = open_store(knowledge, settings)
    cases = list(eval_cases(store.feedback("bad")))
    lines = "".join(json.dumps(case, ensure_ascii=False) + "\n" for case in cases)
    if args.output:
        Path(args.output).write_text(lines, encoding="utf-8")
        print(f"{len(cases)} 👎 answer{'s' if len(cases) != 1 else ''} written to {args.output}",
              file=sys.stderr)
    else:
        sys.stdout.write(lines)
    return 0
