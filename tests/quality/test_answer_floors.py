"""Answer quality on the development corpus, held to the floors of ``tests/floors.py``.

Real ingest and index over ``tests/data/corpus`` (dev + seed briefings),
asked the dev and seed questions and, separately, ``dev2.jsonl``: more
questions written from the same briefings in other wording (misremembered
lines, people named by surname, title or first name, metadata in varied
words, many questions the corpus cannot answer). dev2 was used as a
regression gate while tuning, so it is a second development set, not a
held-out one; the held-out set (``tests/data/heldout/``) is only reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from floors import DEV, DEV2

from briefbot.config import Settings
from briefbot.index.store import open_index
from briefbot.search.engine import Engine
from briefbot.search.evaluation import evaluate, load_questions, summarize

DATA = Path(__file__).resolve().parents[1] / "data"
CORPUS = DATA / "corpus"
QUESTION_SETS = {
    "dev": ([DATA / "eval" / "dev.jsonl", DATA / "eval" / "seed.jsonl"], DEV),
    "dev2": ([DATA / "eval" / "dev2.jsonl"], DEV2),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    settings = Settings()
    cache = tmp_path_factory.mktemp("cache")
    return Engine(open_index(CORPUS, settings, rebuild=True, cache_dir=cache), settings)


@pytest.fixture(scope="module")
def metrics(engine: Engine) -> dict[str, dict[str, dict[str, float]]]:
    return {
        name: summarize(evaluate(engine, load_questions(files)))
        for name, (files, _) in QUESTION_SETS.items()
    }


def test_dev2_set_has_every_kind_and_many_negatives() -> None:
    questions = load_questions(QUESTION_SETS["dev2"][0])
    assert {q.type for q in questions} == set(DEV2)
    assert sum(q.type == "negative" for q in questions) >= 20


@pytest.mark.parametrize(
    "question_set, kind",
    [(name, kind) for name, (_, floors) in QUESTION_SETS.items() for kind in floors],
)
def test_floor(metrics: dict, question_set: str, kind: str) -> None:
    metric, floor = QUESTION_SETS[question_set][1][kind]
    got = metrics[question_set][kind][metric]
    assert got >= floor, f"{question_set} {kind} {metric} = {got:.3f} < floor {floor}"
