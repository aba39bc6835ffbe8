"""Live reload: knowledge/ changes under a stream of concurrent questions."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from served_folder import KRILL, seed_knowledge, wait_until

from briefbot.config import Settings
from briefbot.interfaces.live import Reloader
from briefbot.interfaces.slack.server import EngineHolder
from briefbot.search.engine import Engine


def _settings(tmp_path: Path) -> Settings:
    return Settings(index={"cache_dir": str(tmp_path / "cache")}, server={"reload_interval": 0.05})


def _touch_later(path: Path) -> None:
    # mtime granularity: make sure a rewrite is seen as a change
    stamp = path.stat().st_mtime_ns + 2_000_000_000
    import os

    os.utime(path, ns=(stamp, stamp))


@pytest.mark.slow  # the server's reloader under four asking threads: a stress run
def test_reload_under_concurrent_questions_loses_nothing(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    knowledge = seed_knowledge(tmp_path)
    holder = EngineHolder(lambda: Engine.open(knowledge, settings))
    holder.load()
    reloader = Reloader(holder, knowledge, settings)
    reloader.start()

    failures: list[BaseException] = []
    answered = [0]
    stop = threading.Event()

    def ask_forever() -> None:
        questions = ["who said China is ensuring Russia has what it needs",
                     "What did Berman say about the Sino-Soviet split?",
                     "what was said about krill catch limits"]
        i = 0
        while not stop.is_set():
            try:
                answer = holder().ask(questions[i % len(questions)])
                assert answer.question
                answered[0] += 1
            except BaseException as exc:  # noqa: BLE001 - any failure is the bug we look for
                failures.append(exc)
            i += 1

    workers = [threading.Thread(target=ask_forever) for _ in range(4)]
    for worker in workers:
        worker.start()
    try:
        new = knowledge / "krill-2024.md"
        new.write_text(KRILL, encoding="utf-8")
        wait_until(lambda: not holder().ask("what was said about krill catch limits").no_match)

        # a broken new file is reported and does not take the served index down
        (knowledge / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
        wait_until(lambda: any(r.file.endswith("broken.md") for r in holder().corpus.reports))
        assert not holder().ask("what was said about krill catch limits").no_match

        # changing a file is picked up
        new.write_text(KRILL.replace("krill catch limit", "toothfish quota"), encoding="utf-8")
        _touch_later(new)
        wait_until(lambda: not holder().ask("what was said about the toothfish quota").no_match)

        # removing it is picked up too
        new.unlink()
        wait_until(lambda: holder().ask("what was said about the toothfish quota").no_match)
    finally:
        stop.set()
        for worker in workers:
            worker.join(10)
        reloader.stop()

    assert failures == []
    assert answered[0] > 0
    assert reloader.reloads >= 4
    answer = holder().ask("who said China is ensuring Russia has what it needs")
    assert answer.hits and answer.hits[0].speaker is not None
    assert answer.hits[0].speaker.name == "Craig Singleton"


def test_failed_rebuild_keeps_serving_the_old_index(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    knowledge = seed_knowledge(tmp_path)
    holder = EngineHolder(lambda: Engine.open(knowledge, settings))
    old = holder.load()

    def exploding(_knowledge: Path, _settings: Settings) -> Engine:
        raise OSError("disk went away")

    reloader = Reloader(holder, knowledge, settings, open_engine=exploding)
    (knowledge / "krill-2024.md").write_text(KRILL, encoding="utf-8")
    assert reloader.check() is False
    assert holder() is old
    assert holder().ask("who said China is ensuring Russia has what it needs").hits


def test_unchanged_folder_does_not_rebuild(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    knowledge = seed_knowledge(tmp_path)
    holder = EngineHolder(lambda: Engine.open(knowledge, settings))
    holder.load()
    calls = []
    reloader = Reloader(holder, knowledge, settings,
                        open_engine=lambda k, s: calls.append(1) or Engine.open(k, s))
    assert reloader.check() is False
    assert calls == []
