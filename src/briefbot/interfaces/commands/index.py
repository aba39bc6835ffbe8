"""``briefbot index``: build (or check) the persisted search index.

Ingests the knowledge folder, builds the BM25 index and saves it where
``briefbot console``, ``ask`` and ``serve`` will load it at start-up. If a
current index is already saved it is only loaded, unless ``--rebuild``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from ...index.store import cache_root, current_name, open_index
from .common import add_common, settings_from

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``index`` sub-command."""
    parser = subparsers.add_parser(
        "index",
        help="build and save the search index of the knowledge folder",
        description="Build the BM25 index of the knowledge folder and save it so start-up "
        "only loads it. An index that is already current is reused unless --rebuild.",
    )
    parser.add_argument("--rebuild", action="store_true", help="rebuild even if current")
    parser.add_argument(
        "--cache-dir", metavar="DIR", help="where to keep the index (default: [index] cache_dir)"
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    add_common(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build or load the index and print what it holds; 1 if a briefing file had an error."""
    settings, knowledge = settings_from(args)
    cache_dir = Path(args.cache_dir) if args.cache_dir else None
    root = cache_root(knowledge, settings, cache_dir)
    before = current_name(root)
    started = time.perf_counter()
    indexed = open_index(knowledge, settings, rebuild=args.rebuild, cache_dir=cache_dir)
    seconds = time.perf_counter() - started
    # The live index kept its directory: it was current, and loaded rather than built.
    reused = before is not None and indexed.directory is not None and (
        indexed.directory.name == before)
    corpus = indexed.corpus
    errors = [r for r in corpus.reports if r.status == "error"]
    summary = {
        "knowledge": str(knowledge),
        "index": str(root),
        "status": "reused" if reused else "built",
        "briefings": len(corpus.briefings),
        "passages": len(corpus.passages),
        "files": len(corpus.reports),
        "files_with_errors": len(errors),
        "terms": len(getattr(indexed.bm25, "vocabulary", ())),
        "seconds": round(seconds, 3),
    }
    if args.json:
        print(json.dumps(summary, indent=1))
    else:
        verb = "Loaded current" if reused else "Built"
        print(
            f"{verb} index of {summary['passages']} passages from {summary['briefings']} "
            f"briefings in {seconds:.2f}s -> {root}"
        )
        for report in errors:
            for problem in report.problems:
                print(f"  {problem}")
        if errors:
            print(f"{len(errors)} file(s) not indexed; run `briefbot check` for details.")
    return 1 if errors else 0
