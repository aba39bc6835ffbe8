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
