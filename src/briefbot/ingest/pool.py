"""One function over many items in worker processes, the answers in the items' order.

Parsing is pure Python, so threads would share one core: a first build of a
large folder reads its files in a pool of processes instead. The items go
out in small chunks, a few chunks per worker at a time (so answers never pile
up in memory faster than the caller takes them), and come back in the order
given whatever order the workers finish in, so the build is the one a single
process would make.

A worker that dies (killed for memory, a crash in a compiled library) does
not stop the others: the items it held are tried again one by one in a new
pool, and an item that kills its worker again gets ``on_crash(item)`` as its
answer — for a file, an error report naming it — while every other item is
answered. A pool that breaks before any worker answered (the processes
could not start) leaves the items to the calling process.

Workers are forked from the caller when it runs a single thread (nothing is
imported again; a fork copies the parsers and caches as they are). A process
with other threads could be forked while one of them holds a lock (logging's,
say) that the child would then wait on forever, so from such a process the
workers are forked from a fresh server process instead (``forkserver``; as
with any process pool, a script that calls this must guard its top level
with ``if __name__ == "__main__":``).
"""

from __future__ import annotations

import collections
import multiprocessing
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

__all__ = ["ordered_map"]

Item = TypeVar("Item")
Answer = TypeVar("Answer")

_CHUNKS_PER_WORKER = 4  # in flight per worker: enough to keep it busy, few enough to bound memory


def _run_chunk(function: Callable[[Item], Answer], chunk: Sequence[Item]) -> list[Answer]:
    return [function(item) for item in chunk]


def ordered_map(
    function: Callable[[Item], Answer],
    items: Sequence[Item],
    *,
    workers: int,
    chunk_size: int,
    on_crash: Callable[[Item], Answer],
    preload: Sequence[str] = (),
) -> Iterator[Answer]:
    """``function(item)`` for every item, computed in ``workers`` processes, yielded in order.

    ``function`` must be picklable by name (a module-level function, or a
    ``functools.partial`` of one). ``preload`` names modules a server
    process imports once for its workers (when the caller has threads).
    """
    if threading.active_count() == 1:
        context = multiprocessing.get_context("fork")
    else:
        context = multiprocessing.get_context("forkserver")
        if preload:
            context.set_forkserver_preload(list(preload))
    chunks = [list(items[i : i + chunk_size]) for i in range(0, len(items), chunk_size)]
    done = 0  # chunks answered, in order
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        window: collections.deque[Future[list[Answer]]] = collections.deque()
        try:
            while done < len(chunks):
                while (done + len(window) < len(chunks)
                       and len(window) < workers * _CHUNKS_PER_WORKER):
                    window.append(pool.submit(_run_chunk, function, chunks[done + len(window)]))
                answers = window.popleft().result()
                done += 1
                yield from answers
        except BrokenProcessPool:
            pass  # the unanswered chunks are tried again below
    retry = [item for chunk in chunks[done:] for item in chunk]
    if retry and not done:
        yield from map(function, retry)
    elif retry:
        yield from _one_by_one(function, retry, workers, on_crash, context)


def _one_by_one(
    function: Callable[[Item], Answer],
    items: Sequence[Item],
    workers: int,
    on_crash: Callable[[Item], Answer],
    context: multiprocessing.context.BaseContext,
) -> Iterator[Answer]:
    """Each item in a chunk of its own; a pool broken by one item is replaced for the next."""
    done = 0
    while done < len(items):
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(_run_chunk, function, [item]) for item in items[done:]]
            for future in futures:
                try:
                    yield from future.result()
                except BrokenProcessPool:
                    # The first broken future is the item that broke it, or an
                    # innocent one beside it: that one alone is called crashed
                    # only if it breaks a pool again on its own.
                    break
                done += 1
            else:
                continue
        if done < len(items):
            item = items[done]
            alone = _alone(function, item, context)
            yield alone if alone is not None else on_crash(item)
            done += 1


def _alone(
    function: Callable[[Item], Answer],
    item: Item,
    context: multiprocessing.context.BaseContext,
) -> Answer | None:
    """The item's answer from a pool of one process; None if it breaks that pool too."""
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        try:
            return pool.submit(_run_chunk, function, [item]).result()[0]
        except BrokenProcessPool:
            return None
