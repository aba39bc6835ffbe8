"""The first question of each kind, with and without warming the engine (issue 16, p99).

Builds the synthetic archive of ``briefbot bench`` once (``--passages``,
default 100,000), then answers its mix of question kinds in two fresh
processes, side by side: ``cold`` (tables made on first use, by the first
question that needs each) and ``warm`` (``Engine.warm()`` first, as
``briefbot serve`` and the console do). Prints p50/p99 overall and per kind,
and the warm-up time.

    python -m bench.answer_warm [--passages 100000] [--queries 200]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
from pathlib import Path

from briefbot.benchmarks.retrieval import _spawn
from briefbot.benchmarks.scale import generate, generate_mix, to_corpus
from briefbot.config import Settings
from briefbot.index.store import build_index, save_index


def main() -> None:
    """Build once, answer cold and warm, print both."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="briefbot-warm-"))
    try:
        scale = generate(args.passages, 0)
        (work / "mix.json").write_text(json.dumps(generate_mix(scale, args.queries, 0)))
        settings = Settings()
        save_index(build_index(to_corpus(scale), settings, key="bench"), work / "product",
                   settings)
        for mode in ("cold", "warm", "cold", "warm"):
            row = _spawn(["product", str(work), str(args.queries), mode], 1800)
            kinds = "; ".join(f"{k} p99 {v['p99_ms']:.1f}" for k, v in sorted(row["kinds"].items()))
            print(f"{mode}: warm-up {row['engine_warm_s']:.2f} s, answers p50 "
                  f"{row['answer_p50_ms']:.2f} ms, p99 {row['answer_p99_ms']:.1f} ms "
                  f"(load {os.getloadavg()[0]:.1f}) | {kinds}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
