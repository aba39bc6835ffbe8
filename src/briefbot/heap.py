"""The garbage collector held off while a corpus and its engine are built.

Loading an index and building the answer engine over it create millions of
long-lived objects (records, dicts, tuples, sets) and almost no garbage.
CPython's collector still runs every few hundred allocations, and as the
heap grows its older generations are scanned again and again: at 1M
passages, loading, building and warming an engine took 3.9-4.6 s with the
collector running and 2.3-2.5 s without (bench/RESULTS.md). Interfaces call
``gc.freeze()`` once the engine is loaded, so these objects are never
scanned afterwards either.

The collector is process-wide, so the pause counts its users: it resumes
when the last one is done, and never if it was off before the first.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collection_paused"]

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """No garbage collection inside (also a decorator); nested and threaded uses count."""
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                _age_young_objects()
                gc.enable()


def _age_young_objects() -> None:
    """Move what the pause allocated to the oldest generation without scanning it.

    Every object made during the pause is still in the youngest generation;
    the first allocation after ``gc.enable()`` would make the collector walk
    all of them (~0.17 s after loading 1M passages) only to find them alive.
    ``freeze()`` then ``unfreeze()`` moves them to the oldest generation in
    one step, where a full collection still reaches them (nothing leaks).
    Only when nothing is frozen: an interface's frozen heap stays frozen.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
