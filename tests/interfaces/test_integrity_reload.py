"""A damaged index found after start-up is taken out of service and rebuilt (issue 14)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from served_folder import seed_knowledge

from briefbot.config import Settings
from briefbot.index import store
from briefbot.interfaces.live import Reloader
from briefbot.interfaces.slack.server import EngineHolder
from briefbot.search.engine import Engine

QUESTION = "who said China is ensuring Russia has what it needs"


def test_a_flipped_byte_found_in_the_background_means_a_rebuild_not_a_wrong_answer(
    tmp_path: Path, caplog
) -> None:
    knowledge = seed_knowledge(tmp_path)
    settings = Settings(index={"cache_dir": str(tmp_path / "cache")}, server={"reload_interval": 0})
    expected = Engine.open(knowledge, settings).ask(QUESTION).model_dump_json()
    root = store.cache_root(knowledge, settings)
    live = root / json.loads((root / "CURRENT").read_text())["directory"]
    weights = live / "weights.npy"
    data = bytearray(weights.read_bytes())
    data[-3] ^= 0x40
    weights.write_bytes(bytes(data))

    holder = EngineHolder(lambda: Engine.open(knowledge, settings, verify="later"))
    holder.load()  # start-up does not wait for the check
    served: list[bool] = []
    original_swap = holder.swap
    holder.swap = lambda engine: (served.append(engine is not None), original_swap(engine))[1]
    reloader = Reloader(holder, knowledge, settings)
    with caplog.at_level(logging.WARNING):
        assert reloader.verify_served() is True
    assert served == [False, True]  # out of service first, then the rebuilt engine
    assert holder().ask(QUESTION).model_dump_json() == expected
    assert any("checksums" in r.getMessage() for r in caplog.records)
    assert reloader.verify_served() is False  # the rebuilt one is sound


def test_a_fifo_dropped_into_knowledge_is_reported_by_reload_and_check(
    tmp_path: Path, caplog, capsys
) -> None:
    import os

    from briefbot.interfaces.cli import main

    knowledge = seed_knowledge(tmp_path)
    settings = Settings(index={"cache_dir": str(tmp_path / "cache")}, server={"reload_interval": 0})
    holder = EngineHolder(lambda: Engine.open(knowledge, settings))
    holder.load()
    os.mkfifo(knowledge / "pipe.txt")  # opening it would block the reload forever
    reloader = Reloader(holder, knowledge, settings)
    with caplog.at_level(logging.INFO):
        assert reloader.check() is True
    [report] = [r for r in holder().corpus.reports if r.file == "pipe.txt"]
    assert report.status == "error" and "FIFO" in report.problems[0].reason
    assert any("pipe.txt" in r.getMessage() for r in caplog.records)
    main(["check", str(knowledge)])
    assert "pipe.txt" in capsys.readouterr().out
