"""The ``briefbot`` command: one sub-command per module in ``commands/``.

Each command module exposes ``register(subparsers)``, which adds its parser
and sets ``func(args) -> int``. Only the module of the command being run is
imported (all of them for ``--help``), so a command starts without paying
for the others' imports: cold start is part of the product. A ``BriefbotError`` becomes a one-line
message on stderr and exit code 2; nothing else prints a stack trace
unless ``--debug`` is given.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from ..errors import BriefbotError

COMMANDS = ("check", "ask", "console", "eval", "index", "bench", "serve", "feedback", "state")

log = logging.getLogger(__name__)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The top-level parser with every sub-command, or just ``only`` when it names one."""
    parser = argparse.ArgumentParser(
        prog="briefbot",
        description="Find who said what, where and when in your briefing corpus.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in (only,) if only in COMMANDS else COMMANDS:
        importlib.import_module(f"{__package__}.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``briefbot`` console script."""
    argv = sys.argv[1:] if argv is None else list(argv)
    command = next((arg for arg in argv if not arg.startswith("-")), None)
    parser = build_parser(only=command)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except BriefbotError as exc:
        if args.debug:
            raise
        print(f"briefbot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
