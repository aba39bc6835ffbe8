"""``briefbot state check``: is the state store reachable, at which schema, holding what.

    briefbot state check           # text
    briefbot state check --json    # one JSON object

Opens the store the way ``briefbot serve`` would (``[state] url`` or
``BRIEFBOT_STATE_URL``, else the SQLite file beside the index cache),
creating or upgrading its schema, and prints where it is (the URL without
its password), the schema version, the rows in each table and how many
follow digests wait to be posted (retried by the servers). An
unreachable database is a one-line error and exit code 2.
"""

from __future__ import annotations

import argparse
import json

from .common import add_common, settings_from

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``state`` sub-command."""
    parser = subparsers.add_parser(
        "state",
        help="check the state store (schema version, row counts, where it is)",
        description="Work with the state store: delivered Slack events, rate limits, "
        "feedback, conversation context and follows.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="open the store and show its version and counts")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    add_common(check)
    check.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the store's report; exit 0 when it is reachable and at the current schema."""
    from ...state.store import SCHEMA_VERSION
    from ..feedback import open_store

    settings, knowledge = settings_from(args)
    store = open_store(knowledge, settings)
    try:
        report = store.report()
    finally:
        store.close()
    if args.json:
        print(json.dumps({
            "store": report.location, "backend": report.backend,
            "schema_version": report.version, "current_schema_version": SCHEMA_VERSION,
            "rows": report.counts, "unposted_digests": report.unposted_digests,
        }))
        return 0
    print(f"state store: {report.location} ({report.backend})")
    print(f"schema version: {report.version} (this briefbot: {SCHEMA_VERSION})")
    width = max(len(name) for name in report.counts)
    for name, count in report.counts.items():
        print(f"  {name:<{width}}  {count:,}")
    print(f"follow digests claimed but not yet posted: {report.unposted_digests:,}")
    return 0
