"""``briefbot eval FILE.jsonl...``: score question files against the engine.

Prints a table per question type (who said top-1; topical and
speaker_topic Recall@3, MRR and top-1; metadata accuracy; negative
rejection rate), the questions that failed, and as the last line
``EVAL {json}`` with every metric, for scripts. ``--json`` prints one JSON
document with the metrics and every question's outcome instead.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ...search.engine import Engine
from ...search.evaluation import evaluate, load_questions, summarize
from ..live import freeze_heap
from .common import add_common, settings_from

__all__ = ["register", "run", "format_table"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``eval`` sub-command."""
    parser = subparsers.add_parser(
        "eval",
        help="score question files (JSONL) against the briefings",
        description="Score eval questions: who said, topical, speaker, metadata, negative.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE.jsonl", help="question files")
    parser.add_argument("--json", action="store_true", help="print metrics and outcomes as JSON")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the index first")
    add_common(parser)
    parser.set_defaults(func=run)


def format_table(metrics: dict[str, dict[str, float]]) -> str:
    """The metrics as an aligned text table."""
    columns = ["n", "top1", "recall@3", "mrr", "accuracy", "rejection"]
    lines = [f"{'type':<22}" + "".join(f"{c:>11}" for c in columns)]
    for kind, row in metrics.items():
        cells = []
        for c in columns:
            value = row.get(c)
            if value is None:
                cells.append(f"{'':>11}")
            elif c == "n":
                cells.append(f"{int(value):>11}")
            else:
                cells.append(f"{value:>11.3f}")
        lines.append(f"{kind:<22}" + "".join(cells))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Ask every question and print the metrics."""
    settings, knowledge = settings_from(args)
    questions = load_questions(Path(f) for f in args.files)
    engine = Engine.open(knowledge, settings, rebuild=args.rebuild)
    freeze_heap()
    results = evaluate(engine, questions)
    metrics = summarize(results)
    if args.json:
        outcome = [
            {
                "id": r.question.id,
                "type": r.question.type,
                "question": r.question.question,
                "correct": r.correct,
                "rank": r.rank,
                "no_match": r.no_match,
                "answer": r.answer,
                "top": r.top,
                "error": r.error,
            }
            for r in results
        ]
        print(json.dumps({"metrics": metrics, "questions": outcome}, ensure_ascii=False, indent=1))
        return 0
    print(format_table(metrics))
    failed = [r for r in results if not r.correct]
    if failed:
        print("\nMissed:")
        for r in failed:
            got = r.error or ("no match" if r.no_match else (r.answer or "; ".join(r.top) or "nothing"))
            print(f"  {r.question.id} [{r.question.type}] {r.question.question}\n      got: {got[:200]}")
    print("EVAL " + json.dumps(metrics, sort_keys=True))
    return 0
