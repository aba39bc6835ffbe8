"""What the staff wording step (search/wording.py) costs per question.

usage: python -m bench.wording_overhead KNOWLEDGE_FOLDER QUESTIONS.jsonl [...]

Asks every question three times (after one warm-up round) with the wording
step and three times with it replaced by the identity, one question at a
time, and prints p50/p90/mean latency of ``Engine.ask`` for both.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from briefbot.config import Settings
from briefbot.errors import QueryError
from briefbot.index.store import open_index
from briefbot.search import engine as engine_module
from briefbot.search.wording import Reworded


def _round(engine, questions: list[str]) -> list[float]:
    times = []
    for question in questions:
        started = time.perf_counter()
        try:
            engine.ask(question)
        except QueryError:  # without the wording, 'after:"june 2024"' is refused: still timed
            pass
        times.append(time.perf_counter() - started)
    return times


def _summary(times: list[float]) -> str:
    ordered = sorted(times)
    pick = lambda share: ordered[int(len(ordered) * share)] * 1000  # noqa: E731
    return f"p50 {pick(0.5):.2f} ms, p90 {pick(0.9):.2f} ms, mean {statistics.mean(times) * 1000:.2f} ms"


def main(argv: list[str]) -> int:
    knowledge, files = Path(argv[0]), [Path(a) for a in argv[1:]]
    questions = [json.loads(line)["question"] for f in files for line in f.read_text().splitlines()
                 if line.strip()]
    settings = Settings()
    with tempfile.TemporaryDirectory() as cache:
        engine = engine_module.Engine(open_index(knowledge, settings, cache_dir=Path(cache)), settings)
        _round(engine, questions)
        with_wording = [t for _ in range(3) for t in _round(engine, questions)]
        real = engine_module.reword
        engine_module.reword = lambda corpus, question, scope, today: Reworded(question)
        try:
            _round(engine, questions)
            without = [t for _ in range(3) for t in _round(engine, questions)]
        finally:
            engine_module.reword = real
    print(f"{len(questions)} questions x 3 over {knowledge}")
    print(f"with wording:    {_summary(with_wording)}")
    print(f"without wording: {_summary(without)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
