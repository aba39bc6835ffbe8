"""Answer quality on every question set, side by side per type (issue 13), and the reranker's cost.

    python -m bench.answer_sets quality [--label NAME]
    python -m bench.answer_sets reranker-cost [--weight 1.0]

``quality`` runs ``briefbot eval --json`` (the type metrics, MRR included)
and ``../shared/tools/score.py`` on ``briefbot ask --json -`` output (the
outside judge) over the development sets — ``../shared/eval/dev.jsonl``,
``real.jsonl``, ``seed.jsonl`` with their corpora and ``tests/data/eval/
dev2.jsonl`` — and the held-out sets ``tests/data/heldout/`` and
``tests/data/heldout2/`` (partly spent), ``tests/data/heldout3/`` (spent for
the rules its README lists) and ``tests/data/heldout4/`` (fresh: a Supreme
Court argument and three congressional hearings), and prints one line per set. Settings
come from the environment as usual, so ``BRIEFBOT_ANSWER_SEMANTIC_WEIGHT=1.0``
measures the optional reranker. The held-out figures are for reporting only
(each folder's README).

``reranker-cost`` times ``Engine.ask`` over the real set's questions (three
rounds after a warm-up round, one question at a time) with the semantic
reranker off and at ``--weight``, and prints p50/p90/mean in ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SETS = {
    "dev": (SHARED / "eval" / "dev.jsonl", SHARED / "corpus" / "dev"),
    "real": (SHARED / "eval" / "real.jsonl", SHARED / "real"),
    "seed": (SHARED / "eval" / "seed.jsonl", SHARED / "corpus" / "seed"),
    "dev2": (REPO / "tests" / "data" / "eval" / "dev2.jsonl", REPO / "tests" / "data" / "corpus"),
    # The held-out folders, each with its questions and corpus.
    **{name: (REPO / "tests" / "data" / name / "questions.jsonl",
              REPO / "tests" / "data" / name / "corpus")
       for name in ("heldout", "heldout2", "heldout3", "heldout4")},
}
# The metric each type is judged by in ``briefbot eval`` (as tests/floors.py).
METRIC = {
    "who_said_exact": "top1",
    "who_said_paraphrase": "top1",
    "topical": "recall@3",
    "speaker_topic": "top1",
    "metadata": "accuracy",
    "negative": "rejection",
}


def quality(label: str) -> None:
    cache = tempfile.mkdtemp(prefix="answer-sets-")
    env = dict(os.environ, BRIEFBOT_INDEX_CACHE_DIR=cache)
    cli = [sys.executable, "-m", "briefbot"]
    for name, (questions, corpus) in SETS.items():
        if not questions.exists() or not corpus.exists():
            print(f"{label} {name}: not here ({questions})")
            continue
        run = subprocess.run(
            [*cli, "eval", "--json", str(questions), "--knowledge", str(corpus)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        metrics = json.loads(run.stdout)["metrics"]
        cells = []
        for kind, values in sorted(metrics.items()):
            cell = f"{kind}={values[METRIC[kind]]:.3f}/{values['n']}"
            if "mrr" in values:
                cell += f" (MRR {values['mrr']:.3f})"
            cells.append(cell)
        print(f"{label} {name}: " + "; ".join(cells))
        asked = [
            json.loads(line)["question"]
            for line in questions.open(encoding="utf-8")
            if line.strip()
        ]
        answers = subprocess.run(
            [*cli, "ask", "--json", "-", "--knowledge", str(corpus)],
            input="\n".join(asked) + "\n",
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        with tempfile.NamedTemporaryFile(
            "w", suffix=".jsonl", delete=False, encoding="utf-8"
        ) as out:
            out.write(answers.stdout)
        judged = subprocess.run(
            [sys.executable, str(SHARED / "tools" / "score.py"), str(questions), out.name],
            capture_output=True,
            text=True,
            check=False,
        )
        lines = [line for line in judged.stdout.splitlines() if line.strip()]
        print(f"{label} {name} score.py: " + " | ".join(" ".join(line.split()) for line in lines))


def reranker_cost(weight: float) -> None:
    from briefbot.config import Settings
    from briefbot.search.engine import Engine

    questions_file, corpus = SETS["real"]
    asked = [
        json.loads(line)["question"]
        for line in questions_file.open(encoding="utf-8")
        if line.strip()
    ]
    cache = tempfile.mkdtemp(prefix="answer-sets-")
    for w in (0.0, weight):
        settings = Settings.model_validate(
            {"index": {"cache_dir": cache}, "answer": {"semantic_weight": w}}
        )
        engine = Engine.open(corpus, settings)
        for question in asked:  # warm-up: passage vectors are kept on the corpus
            engine.ask(question)
        times = []
        for _ in range(3):
            for question in asked:
                started = time.perf_counter()
                engine.ask(question)
                times.append((time.perf_counter() - started) * 1000)
        times.sort()
        print(
            f"semantic_weight {w}: p50 {statistics.median(times):.2f} ms, "
            f"p90 {times[int(len(times) * 0.9)]:.2f} ms, mean {statistics.mean(times):.2f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    q = sub.add_parser("quality", help="per-type figures on every question set")
    q.add_argument("--label", default="now")
    c = sub.add_parser("reranker-cost", help="time of an answer with the semantic reranker")
    c.add_argument("--weight", type=float, default=1.0)
    args = parser.parse_args()
    if args.command == "quality":
        quality(args.label)
    else:
        reranker_cost(args.weight)


if __name__ == "__main__":
    main()
