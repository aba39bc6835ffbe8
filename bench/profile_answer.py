"""Where a full answer's time goes: ``Engine.ask`` on the synthetic scale corpus.

    python -m bench.profile_answer --passages 100000 --work DIR [--profile] [--no-gc]

Builds (once per work folder) the same persisted index ``briefbot.benchmarks.retrieval``'s
product child loads, then times ``Engine.__init__`` and ``Engine.ask`` over
the benchmark's questions exactly as that child does. ``--profile`` prints
the functions that take the most cumulative time; ``--no-gc`` runs with the
garbage collector off, to tell its pauses apart from the engine's own work.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import pstats
import sys
import time
from pathlib import Path

import numpy as np


def _prepare(work: Path, passages: int, queries: int, seed: int) -> None:
    from briefbot.config import Settings
    from briefbot.index.store import build_index, save_index

    from briefbot.benchmarks.scale import generate, generate_queries, to_corpus

    marker = work / "questions.json"
    if marker.exists():
        return
    scale = generate(passages, seed)
    questions = generate_queries(scale, queries, seed)
    settings = Settings()
    save_index(build_index(to_corpus(scale), settings, key="bench"), work / "product", settings)
    marker.write_text(json.dumps(questions), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the measurement and print it (and the profile when asked)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, required=True, help="folder kept between runs")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--no-gc", action="store_true")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    _prepare(args.work, args.passages, args.queries, args.seed)

    from briefbot.config import Settings
    from briefbot.index.store import load_index
    from briefbot.search.engine import Engine

    questions = json.loads((args.work / "questions.json").read_text())[: args.queries]
    settings = Settings()
    t0 = time.perf_counter()
    indexed = load_index(args.work / "product", "bench", settings)
    t1 = time.perf_counter()
    engine = Engine(indexed, settings)
    t2 = time.perf_counter()
    engine.ask(questions[0])
    t3 = time.perf_counter()
    gc.freeze()
    if args.no_gc:
        gc.disable()
    profiler = cProfile.Profile() if args.profile else None
    latencies = []
    for q in questions:
        if profiler:
            profiler.enable()
        s = time.perf_counter()
        engine.ask(q)
        latencies.append(time.perf_counter() - s)
        if profiler:
            profiler.disable()
    ms = np.array(latencies) * 1000
    print(f"load {t1 - t0:.3f}s  Engine.__init__ {t2 - t1:.3f}s  first answer {t3 - t2:.3f}s  "
          f"ask p50 {np.percentile(ms, 50):.2f} ms  p90 {np.percentile(ms, 90):.2f} ms  "
          f"p99 {np.percentile(ms, 99):.2f} ms  mean {ms.mean():.2f} ms")
    if profiler:
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(45)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
