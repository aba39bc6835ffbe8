"""One builder per host: it writes each new index; followers only swap to it."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from served_folder import KRILL, seed_knowledge, wait_until

from briefbot.config import Settings
from briefbot.index import store
from briefbot.interfaces import live
from briefbot.interfaces.live import BuilderLock, Reloader, run_builder
from briefbot.interfaces.slack.server import EngineHolder
from briefbot.search.engine import Engine

KRILL_Q = "what was said about krill trawlers"


@pytest.fixture
def folder(tmp_path):
    knowledge = seed_knowledge(tmp_path)
    settings = Settings(knowledge=str(knowledge), index={"cache_dir": str(tmp_path / "cache")},
                        server={"reload_interval": 0.2})
    return knowledge, settings


def test_a_follower_never_builds_and_swaps_to_what_the_builder_wrote(folder, monkeypatch):
    knowledge, settings = folder
    holder = EngineHolder(lambda: Engine.open(knowledge, settings))
    first = holder.load()
    follower = Reloader(holder, knowledge, settings, follow=True)
    swaps = []
    follower.on_swap(lambda old, new: swaps.append((old, new)))

    (knowledge / "krill-2024.md").write_text(KRILL, encoding="utf-8")
    builds = []
    real_open = store.open_index
    monkeypatch.setattr(live, "open_index",
                        lambda *a, **k: builds.append(1) or real_open(*a, **k))
    assert follower.check() is False  # the folder changed, but nobody built yet
    assert holder().ask(KRILL_Q).no_match and builds == []

    store.open_index(knowledge, settings)  # the builder's work, in another process
    assert follower.check() is True
    assert builds == []
    assert not holder().ask(KRILL_Q).no_match
    assert swaps == [(first, holder())]
    assert follower.check() is False  # nothing new


def test_listeners_see_old_and_new_engine_and_a_failing_one_stops_nothing(folder):
    knowledge, settings = folder
    holder = EngineHolder(lambda: Engine.open(knowledge, settings))
    first = holder.load()
    reloader = Reloader(holder, knowledge, settings)
    seen = []

    @reloader.on_swap
    def broken(old, new):
        raise RuntimeError("listener bug")

    reloader.on_swap(lambda old, new: seen.append((old, new)))
    (knowledge / "krill-2024.md").write_text(KRILL, encoding="utf-8")
    assert reloader.check() is True
    assert seen == [(first, holder())]
    assert not holder().ask(KRILL_Q).no_match


def test_only_one_holder_of_the_builder_lock_at_a_time(tmp_path):
    # flock belongs to an open file: a second opener (here or in another process) is refused.
    mine, other = BuilderLock(tmp_path), BuilderLock(tmp_path)
    assert mine.acquire()
    assert not other.acquire() and other.held_elsewhere()
    mine.release()
    assert other.acquire() and mine.held_elsewhere()
    other.release()


@pytest.mark.slow  # a watching builder thread and a following reloader, end to end
def test_the_builder_notices_a_new_briefing_and_followers_serve_it(folder):
    knowledge, settings = folder
    holder = EngineHolder(lambda: Engine.open(knowledge, settings))
    holder.load()
    stop = threading.Event()
    builder = threading.Thread(target=run_builder, args=(knowledge, settings, stop))
    builder.start()
    follower = Reloader(holder, knowledge, settings, follow=True)
    follower.start()
    try:
        time.sleep(0.5)
        # A second builder for the same folder steps aside.
        assert run_builder(knowledge, settings, threading.Event()) == 3
        (knowledge / "krill-2024.md").write_text(KRILL, encoding="utf-8")
        wait_until(lambda: not holder().ask(KRILL_Q).no_match)
        (knowledge / "krill-2024.md").unlink()
        wait_until(lambda: holder().ask(KRILL_Q).no_match)
    finally:
        stop.set()
        follower.stop()
        builder.join(10)
    assert not builder.is_alive()
    assert follower.reloads == 2


def test_the_replaced_engine_is_freed_after_a_swap(folder):
    """Frozen with the heap it would never be collected: memory would grow every reload."""
    import gc
    import weakref

    from briefbot.interfaces.live import freeze_heap

    knowledge, settings = folder
    holder = EngineHolder(lambda: Engine.open(knowledge, settings))
    holder.load()
    freeze_heap()  # as serve does after loading
    reloader = Reloader(holder, knowledge, settings)
    seen = []
    # Freed by reference counting (tests/search/test_engine_release.py); the collector is
    # the safety net for what a library keeps in a cycle.
    reloader.on_swap(lambda old, new: seen.append(weakref.ref(old.core)))
    (knowledge / "krill-2024.md").write_text(KRILL, encoding="utf-8")
    assert reloader.check() is True
    gc.collect()  # collects nothing frozen: the old engine must not have been frozen
    assert seen and seen[0]() is None
    gc.unfreeze()


@pytest.mark.slow  # a watching builder thread, end to end
def test_the_builder_tells_the_server_after_each_new_index_and_only_then(folder):
    """Under serve the signal makes the gunicorn master load the index and recycle workers."""
    knowledge, settings = folder
    root = store.cache_root(knowledge, settings)
    store.open_index(knowledge, settings)  # the index the server loaded at start
    told: list[str | None] = []
    stop = threading.Event()
    builder = threading.Thread(target=run_builder, args=(knowledge, settings, stop),
                               kwargs={"notify": lambda: told.append(store.current_name(root))})
    builder.start()
    try:
        time.sleep(1.0)
        assert told == []  # nothing new at start: no needless restart of the workers
        path = knowledge / "krill-2024.md"
        path.write_text(KRILL, encoding="utf-8")
        wait_until(lambda: len(told) == 1)
        assert told == [store.current_name(root)]
        path.write_text(KRILL, encoding="utf-8")  # the same bytes saved again
        time.sleep(1.0)
        assert len(told) == 1
        path.unlink()
        wait_until(lambda: len(told) == 2)
        assert told[1] != told[0] and told[1] == store.current_name(root)
    finally:
        stop.set()
        builder.join(10)


def test_a_master_lets_its_engine_go_before_loading_the_next_and_keeps_it_if_that_fails(folder):
    """release_first: the old engine is gone before the new one is built; a bad index changes
    nothing."""
    import gc
    import json
    import weakref

    knowledge, settings = folder
    holder = EngineHolder(lambda: Engine.open(knowledge, settings))
    first = holder.load()
    master = Reloader(holder, knowledge, settings, follow=True, release_first=True)
    released, swaps = [], []
    master.on_release(lambda old: released.append(weakref.ref(old)))
    master.on_swap(lambda old, new: swaps.append((old, new)))

    root = store.cache_root(knowledge, settings)
    pointer = (root / "CURRENT").read_text(encoding="utf-8")
    (root / "CURRENT").write_text(json.dumps({"directory": "idx-missing"}), encoding="utf-8")
    assert master.check() is False  # the new index does not load: the engine was never let go
    assert holder() is first and released == []
    (root / "CURRENT").write_text(pointer, encoding="utf-8")

    (knowledge / "krill-2024.md").write_text(KRILL, encoding="utf-8")
    store.open_index(knowledge, settings)  # the builder's work
    assert master.check() is True
    assert not holder().ask(KRILL_Q).no_match
    del first
    gc.collect()
    assert len(released) == 1 and released[0]() is None  # the old engine is gone
    assert swaps == [(None, holder())]
    gc.unfreeze()


def test_the_index_a_change_replaces_is_freed_without_the_collector(folder):
    """The builder freezes the index it holds (live._freeze_long_lived): only an index
    without reference cycles is freed once the next one replaces it."""
    import gc
    import weakref

    knowledge, settings = folder
    current = store.open_index(knowledge, settings, mmap=False)
    live._ready_to_splice(current)
    for change in ("add", "edit", "remove"):
        path = knowledge / "krill-2024.md"
        if change == "remove":
            path.unlink()
        else:
            path.write_text(KRILL + ("\n\nEdited." if change == "edit" else ""),
                            encoding="utf-8")
        gone = weakref.ref(current)
        gc.collect()
        gc.disable()
        try:
            current = store.open_index(knowledge, settings, previous=current)
            assert current.directory is not None and gone() is None, change
        finally:
            gc.enable()


def test_a_master_loads_the_index_it_checked_even_if_the_pointer_moved_since(folder,
                                                                           monkeypatch):
    import json

    knowledge, settings = folder
    holder = EngineHolder(lambda: Engine.open(knowledge, settings))
    served = holder.load().indexed.directory.name
    master = Reloader(holder, knowledge, settings, follow=True, release_first=True)
    (knowledge / "krill-2024.md").write_text(KRILL, encoding="utf-8")
    new = store.open_index(knowledge, settings).directory.name  # the builder's work
    root = store.cache_root(knowledge, settings)
    real_check = live.check_current

    def check_then_point_elsewhere(at):
        checked = real_check(at)
        (root / "CURRENT").write_text(json.dumps({"directory": served}), encoding="utf-8")
        return checked

    monkeypatch.setattr(live, "check_current", check_then_point_elsewhere)
    assert master.check() is True
    assert holder().indexed.directory.name == new != served
    assert not holder().ask(KRILL_Q).no_match


def test_a_master_keeps_its_engine_when_the_new_index_does_not_match_its_checksums(folder):
    """The check before letting the engine go reads every file, not only the pointer."""
    knowledge, settings = folder
    holder = EngineHolder(lambda: Engine.open(knowledge, settings))
    first = holder.load()
    master = Reloader(holder, knowledge, settings, follow=True, release_first=True)
    released = []
    master.on_release(released.append)
    (knowledge / "krill-2024.md").write_text(KRILL, encoding="utf-8")
    new = store.open_index(knowledge, settings).directory  # the builder's work
    weights = new / "weights.npy"
    damaged = bytearray(weights.read_bytes())
    damaged[-1] ^= 0xFF
    weights.write_bytes(bytes(damaged))
    assert master.check() is False
    assert holder() is first and released == []
    assert holder().ask(KRILL_Q).no_match  # still the index it served


@pytest.mark.slow  # a watching builder thread
def test_the_builder_tells_the_server_at_once_when_it_serves_an_older_index(folder):
    """Someone ran `briefbot index` between the server's load and the builder's start."""
    knowledge, settings = folder
    root = store.cache_root(knowledge, settings)
    store.open_index(knowledge, settings)
    told: list[str | None] = []
    stop = threading.Event()
    builder = threading.Thread(target=run_builder, args=(knowledge, settings, stop),
                               kwargs={"notify": lambda: told.append(store.current_name(root)),
                                       "served": "idx-what-the-server-loaded"})
    builder.start()
    try:
        wait_until(lambda: told == [store.current_name(root)])
    finally:
        stop.set()
        builder.join(10)


def test_the_builder_starts_ready_to_splice(folder, caplog):
    # The builder reads its start-up index into memory and keeps its file records,
    # so its first change costs what the next ones do: no page of a mapped index to
    # fault in, no files.json to read again, no parser to import.
    knowledge, settings = folder
    store.open_index(knowledge, settings)
    current = store.open_index(knowledge, settings, mmap=False)
    assert not current.bm25.mapped
    assert not current.records
    on_disk = store.read_files(current)
    live._ready_to_splice(current)
    assert (current.stamps, tuple(current.records)) == on_disk
    (current.directory / "files.json").unlink()  # what a build reads from now on is kept
    (knowledge / "krill-2024.md").write_text(KRILL, encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="briefbot.index.store"):
        spliced = store.open_index(knowledge, settings, previous=current)
    assert len(spliced.corpus.briefings) == len(current.corpus.briefings) + 1
    assert "(1 file(s) read" in caplog.text  # the others' records were kept
