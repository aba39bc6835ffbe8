"""A replaced engine is freed the moment the last reference goes, not by the collector.

Under ``serve`` the master lets its engine go at every change (``Reloader``
with ``release_first``). If the engine's objects formed reference cycles, only
a full collection could free them — a pass over every object of the old
engine (1.4 s of the master's 5 CPU-s per change at 1M passages, measured in
bench/RESULTS.md). So nothing the engine keeps, its per-question caches
included, may hold the engine's corpus.
"""

from __future__ import annotations

import gc
import json
import weakref
from pathlib import Path

from briefbot.config import Settings
from briefbot.search.engine import Engine

DATA = Path(__file__).resolve().parents[1] / "data"


def test_an_engine_that_answered_every_kind_of_question_is_freed_without_the_collector(
        tmp_path: Path) -> None:
    settings = Settings(index={"cache_dir": str(tmp_path / "cache")})
    questions = [json.loads(line)["question"]
                 for line in (DATA / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    kinds = {json.loads(line)["type"]
             for line in (DATA / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()}
    assert len(kinds) >= 6 and len(questions) >= 60  # who said, topical, metadata, ...
    engine = Engine.open(DATA / "corpus" / "dev", settings).warm()
    for question in questions + ["speaker Whitcombe", "events in 2024", "help"]:
        engine.ask(question)
    gone = weakref.ref(engine.core)
    person = weakref.ref(next(iter(engine.core.people.persons.values())))
    gc.collect()
    gc.disable()
    try:
        del engine
        assert gone() is None, "the corpus is in a reference cycle"
        assert person() is None
    finally:
        gc.enable()
