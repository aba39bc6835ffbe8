"""The quality floors of issue 3, on ../shared/eval over ../shared/corpus (real ingest + index).

Floors, not targets: the same metrics are taken on briefings and questions
nobody here has seen. A metric still below its floor is marked xfail with
the figure measured, so the gap stays visible in every test run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbot.config import Settings
from briefbot.search.engine import Engine
from briefbot.search.evaluation import evaluate, load_questions, summarize

SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "corpus"
EVAL_FILES = [SHARED / "eval" / "dev.jsonl", SHARED / "eval" / "seed.jsonl"]

pytestmark = pytest.mark.skipif(
    not all(p.exists() for p in [CORPUS, *EVAL_FILES]), reason="../shared corpus and eval files not present"
)

FLOORS = [
    ("who_said_exact", "top1", 1.0),
    ("who_said_paraphrase", "top1", 0.85),
    ("topical", "recall@3", 0.90),
    ("speaker_topic", "top1", 0.90),
    ("metadata", "accuracy", 0.95),
    ("negative", "rejection", 0.90),
]
# Measured below the floor at the time of writing; see the engineer's report.
KNOWN_SHORT: set[str] = set()


@pytest.fixture(scope="module")
def metrics(tmp_path_factory):
    settings = Settings()
    from briefbot.index.store import open_index

    indexed = open_index(CORPUS, settings, rebuild=True, cache_dir=tmp_path_factory.mktemp("cache"))
    engine = Engine(indexed, settings)
    return summarize(evaluate(engine, load_questions(EVAL_FILES)))


@pytest.mark.parametrize(
    "kind, metric, floor",
    [
        pytest.param(*f, marks=pytest.mark.xfail(reason="below floor; lexical matching only", strict=False))
        if f[0] in KNOWN_SHORT
        else f
        for f in FLOORS
    ],
)
def test_floor(metrics, kind, metric, floor):
    assert metrics[kind][metric] >= floor, f"{kind} {metric} = {metrics[kind][metric]:.3f} < {floor}"
