"""briefbot.heap: the collector is off while a corpus loads, and back on after."""

from __future__ import annotations

import gc

import pytest

from briefbot.heap import collection_paused


def test_the_collector_is_paused_inside_and_resumes_after_the_last_user():
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer user still holds it
    assert gc.isenabled()


def test_it_resumes_after_an_error_and_works_as_a_decorator():
    @collection_paused()
    def build() -> None:
        assert not gc.isenabled()
        raise ValueError("bad file")

    with pytest.raises(ValueError):
        build()
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off():
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


class _Node:
    """A weak-referenceable object that can sit in a reference cycle."""

    def __init__(self) -> None:
        self.other: _Node | None = None


def test_what_the_pause_made_is_aged_unscanned_and_still_collectable():
    import weakref

    gc.unfreeze()  # a heap an earlier test froze would (rightly) keep the pause from aging
    with collection_paused():
        kept = [{"n": [i]} for i in range(10_000)]
        marker = kept[-1]
        a, b = _Node(), _Node()
        a.other, b.other = b, a  # garbage in a cycle: only the collector can free it
        gone = weakref.ref(a)
        del a, b
    # The load's objects went to the oldest generation in one step, so the
    # next young collection does not walk them all ...
    assert any(o is marker for o in gc.get_objects(generation=2))
    # ... and a full collection still frees the pause's garbage.
    gc.collect()
    assert gone() is None
    assert len(kept) == 10_000


def test_a_heap_frozen_by_an_interface_stays_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collection_paused():
            [{"n": [i]} for i in range(1_000)]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
