"""``briefbot bench``: measure retrieval, answers, builds and reloads side by side.

Runs the benchmarks shipped in ``briefbot.benchmarks`` (so it works from an
installed package): a synthetic archive of ``--passages`` passages searched
by briefbot, rank-bm25 and bm25s on the same tokens with a rare-word and a
common-word query set (build, cold start, latency, memory, disk), the full
answer engine on a mix of question kinds (p50/p90/p99 per kind), and, when
the SciFact dataset is found, nDCG@10 and Recall@100 on its test queries.
An optional engine that is not installed is skipped with a line naming the
extra to install. ``--reload`` writes the archive as briefing files, times
a full ``briefbot index`` from them and then adds, edits and removes one
briefing under ``briefbot serve`` with ``--workers`` workers (time until
every worker serves it, CPU, worker memory). ``--slack`` runs the Slack
load benchmark instead: ``briefbot serve`` under ``--requests`` signed
``/brief`` commands at ``--concurrency``. Prints tables, or JSON with ``--json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ...errors import BriefbotError

__all__ = ["register", "run"]

_SCIFACT = Path("..") / "shared" / "datasets" / "scifact"
"""Where the SciFact dataset is looked for by default, from the working directory."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``bench`` sub-command."""
    parser = subparsers.add_parser(
        "bench",
        help="benchmark retrieval against rank-bm25 and bm25s (speed, memory, SciFact quality)",
        description="Generate a synthetic briefing archive and measure briefbot's index next "
        "to rank-bm25 and bm25s on the same tokens; score SciFact if available.",
    )
    parser.add_argument("--passages", type=int, default=100_000,
                        help="archive size (default 100000)")
    parser.add_argument("--queries", type=int, default=200, help="queries timed (default 200)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument(
        "--rank-bm25-queries", type=int, metavar="N",
        help="queries timed for rank-bm25 (default: fewer at large sizes)",
    )
    parser.add_argument(
        "--scifact", metavar="PATH",
        help="SciFact folder in BEIR layout (default: ../shared/datasets/scifact if present)",
    )
    parser.add_argument(
        "--reload", action="store_true",
        help="time a build from files and add/edit/remove one briefing under serve instead",
    )
    parser.add_argument(
        "--changes", type=int, default=10, help="--reload: changes made (default 10)",
    )
    parser.add_argument("--no-scifact", action="store_true", help="skip the quality benchmark")
    parser.add_argument("--no-product", action="store_true", help="skip the full-answer row")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    slack = parser.add_argument_group(
        "Slack load", "--slack runs the Slack load benchmark instead: `briefbot serve` (gunicorn) "
        "on 127.0.0.1 over a copy of --knowledge, a local Slack stand-in, signed /brief requests")
    slack.add_argument("--slack", action="store_true", help="run the Slack load benchmark")
    slack.add_argument("--knowledge", metavar="DIR", default="knowledge",
                       help="briefings to serve (default: knowledge)")
    slack.add_argument("--requests", type=int, default=500,
                       help="slash commands sent (default 500)")
    slack.add_argument("--concurrency", type=int, default=25,
                       help="requests in flight at once (default 25)")
    slack.add_argument("--workers", type=int, help="server workers (default: [server] workers)")
    parser.set_defaults(func=run)


def _progress(args: argparse.Namespace):
    return None if args.json else (lambda m: print(f"  … {m}", file=sys.stderr, flush=True))


def _run_slack(args: argparse.Namespace) -> int:
    """The Slack load benchmark; exit code 1 if any request failed."""
    from ...benchmarks import slack_load

    if args.requests < 1 or args.concurrency < 1:
        raise BriefbotError("--requests and --concurrency must be at least 1")
    knowledge = Path(args.knowledge)
    if not knowledge.is_dir():
        raise BriefbotError(f"knowledge folder not found: {knowledge}")
    report = slack_load.run_slack_load(knowledge, requests=args.requests,
                                       concurrency=args.concurrency, workers=args.workers)
    print(json.dumps(report, indent=1) if args.json else slack_load.format_slack_table(report))
    return 0 if report["error_count"] == 0 else 1


def _run_reload(args: argparse.Namespace) -> int:
    """The build-from-files and reload benchmark; exit code 1 if a change was never served."""
    from ...benchmarks import reload

    if args.passages < 20 or args.changes < 1:
        raise BriefbotError("--passages must be at least 20 and --changes at least 1")
    report = reload.run_reload(args.passages, workers=args.workers or 2, changes=args.changes,
                               seed=args.seed, progress=_progress(args))
    print(json.dumps(report, indent=1) if args.json else reload.format_reload(report))
    return 0 if all(r["served_s"] is not None for r in report.get("changes", [])) else 1


def run(args: argparse.Namespace) -> int:
    """Run the benchmark and print the table (or JSON)."""
    if args.slack:
        return _run_slack(args)
    if args.reload:
        return _run_reload(args)
    from ...benchmarks import retrieval, scifact

    if args.passages < 20 or args.queries < 1:
        raise BriefbotError("--passages must be at least 20 and --queries at least 1")
    progress = _progress(args)
    report = retrieval.run_benchmark(
        args.passages, args.queries, args.seed,
        rank_bm25_queries=args.rank_bm25_queries, product=not args.no_product,
        progress=progress,
    )
    folder = Path(args.scifact) if args.scifact else _SCIFACT
    if not args.no_scifact and (folder / "queries.jsonl").is_file():
        report["scifact"] = scifact.run_scifact(folder, "test")
    elif args.scifact and not args.no_scifact:
        raise BriefbotError(f"no SciFact dataset (BEIR layout) in {folder}")
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    for name, row in report["engines"].items():
        if "skipped" in row:
            print(f"{name}: {row['skipped']}")
    print(f"{report['passages']:,} passages, {report['tokens']:,} tokens, "
          f"{report['vocabulary']:,} distinct terms; top {report['k']}, "
          f"k1={report['k1']}, b={report['b']}; tokenizing took {report['tokenize_s']:.1f}s")
    print(retrieval.format_table(report))
    if "scifact" in report:
        sf = report["scifact"]
        print(f"\nSciFact {sf['split']} ({sf['queries']} queries, {sf['documents']} documents):")
        print("| engine | nDCG@10 | Recall@100 |\n|---|---|---|")
        for name, row in sf["engines"].items():
            if "skipped" in row:
                print(f"{name}: {row['skipped']}")
                continue
            print(f"| {name} | {row['ndcg@10']:.4f} | {row['recall@100']:.4f} |")
    return 0
