"""Parsing a large folder in worker processes: the corpus a single process reads,
file by file in the same order, and one bad or crashing file never stops the others."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from test_loader import briefing_md, write

from briefbot.config import IngestSettings, Settings
from briefbot.index.documents import tokenize_passages
from briefbot.ingest import loader
from briefbot.ingest.loader import POOL_MIN_FILES, ingest
from briefbot.ingest.pool import ordered_map

pytestmark = pytest.mark.slow

forks = pytest.mark.skipif(
    os.name != "posix" or threading.active_count() > 1,
    reason="the crash is arranged in the parent and reaches workers forked from it",
)


def _folder(tmp_path: Path, files: int) -> Path:
    knowledge = tmp_path / "knowledge"
    for n in range(files):
        write(knowledge, f"b/{n:03d}.md", briefing_md(
            title=f"Arctic Passage {n}", date=f"2024-03-{n % 28 + 1:02d}",
            remark=f"Shipping route number {n} grows, said the fellow. It is small."))
    # A malformed file in the middle, and a copy of an earlier one.
    write(knowledge, "b/050-bad.md", "---\ntitle: [unclosed\n---\nSpeaker: A\n\nText.\n")
    write(knowledge, "b/051-copy.md", (knowledge / "b/007.md").read_text(encoding="utf-8"))
    return knowledge


def _seen(done: loader.Ingested) -> tuple[object, ...]:
    return done.briefings, done.sources, done.reports


def test_workers_give_the_single_process_corpus_in_file_order(tmp_path: Path) -> None:
    knowledge = _folder(tmp_path, POOL_MIN_FILES + 16)
    alone = ingest([knowledge], Settings(), workers=1, prepare=tokenize_passages)
    pooled = ingest([knowledge], Settings(), workers=2, prepare=tokenize_passages)
    assert _seen(pooled) == _seen(alone)
    assert [r.file for r in pooled.reports] == sorted(r.file for r in pooled.reports)
    bad = {r.file: r for r in pooled.reports}["b/050-bad.md"]
    assert bad.status == "error" and bad.problems[0].line is not None
    assert "front matter" in bad.problems[0].reason or "YAML" in bad.problems[0].reason
    copy = {r.file: r for r in pooled.reports}["b/051-copy.md"]
    assert "duplicate of b/007.md" in copy.problems[-1].reason
    # What each worker tokenized is what the single process tokenized.
    for one, other in zip(alone.prepared, pooled.prepared, strict=True):
        assert list(one.passages()) == list(other.passages())


def test_the_per_file_budget_still_holds_in_a_worker(tmp_path: Path) -> None:
    knowledge = _folder(tmp_path, POOL_MIN_FILES)
    settings = Settings(ingest=IngestSettings(max_parse_seconds=0.000001))
    done = ingest([knowledge], settings, workers=2)
    assert not done.briefings
    timed_out = [r.file for r in done.reports if "max_parse_seconds" in r.problems[0].reason]
    assert len(timed_out) == POOL_MIN_FILES + 1  # all but the one whose front matter is broken


def test_a_worker_logs_reach_the_caller_in_file_order(tmp_path: Path, caplog) -> None:
    knowledge = _folder(tmp_path, POOL_MIN_FILES)
    with caplog.at_level(logging.WARNING, logger="briefbot"):
        ingest([knowledge], Settings(), workers=2)
    lines = [r.getMessage() for r in caplog.records]
    assert any(line.startswith("b/050-bad.md:") for line in lines)
    assert any(line.startswith("b/051-copy.md:") and "duplicate" in line for line in lines)


def _dies_on_three(n: int) -> int:
    if n == 3:
        os._exit(1)  # a worker killed mid-file (out of memory, a crash in a library)
    return n * 10


@forks
def test_a_crashing_item_is_answered_by_on_crash_and_the_others_are_kept() -> None:
    answers = list(ordered_map(_dies_on_three, list(range(12)), workers=2, chunk_size=2,
                               on_crash=lambda n: -n))
    assert answers == [0, 10, 20, -3, 40, 50, 60, 70, 80, 90, 100, 110]


@forks
def test_a_file_that_kills_its_worker_is_reported_and_every_other_file_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    knowledge = _folder(tmp_path, POOL_MIN_FILES)
    real = loader._parse_one

    def crashing(path, rel, *args, **kwargs):
        if rel == "b/010.md":
            os._exit(1)
        return real(path, rel, *args, **kwargs)

    monkeypatch.setattr(loader, "_parse_one", crashing)
    done = ingest([knowledge], Settings(), workers=2)
    reports = {r.file: r for r in done.reports}
    assert reports["b/010.md"].status == "error"
    assert "process parsing this file died" in reports["b/010.md"].problems[0].reason
    served = {b.path for b in done.briefings}
    assert len(served) == POOL_MIN_FILES - 1 and "b/010.md" not in served


_THREADED_CALLER = '''
import json, sys, threading
from pathlib import Path
from briefbot.config import Settings
from briefbot.ingest.loader import ingest

if __name__ == "__main__":
    stop = threading.Event()
    watcher = threading.Thread(target=stop.wait)  # a server's reload thread, say
    watcher.start()
    try:
        done = ingest([Path(sys.argv[1])], Settings(), workers=2)
    finally:
        stop.set()
    print(json.dumps([[r.file, r.status, r.passages] for r in done.reports]))
'''


def test_a_caller_with_threads_gets_the_same_corpus_from_a_forkserver(tmp_path: Path) -> None:
    knowledge = _folder(tmp_path, POOL_MIN_FILES)
    script = tmp_path / "caller.py"
    script.write_text(_THREADED_CALLER, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(knowledge)], capture_output=True,
                          text=True, timeout=300, check=True)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    alone = ingest([knowledge], Settings(), workers=1)
    assert seen == [[r.file, r.status, r.passages] for r in alone.reports]
