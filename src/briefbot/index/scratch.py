"""Reusable per-document score buffers, so a query pays for its postings, not the corpus.

Adding a query's postings per document needs one float per document.
``np.bincount`` allocates and zeroes such an array for every query: at a
million passages that is 8 MB written (or page-faulted in) for a query that
touches a few thousand postings — most of a rare-word query's time. A
:class:`ScratchPool` lends a buffer that is already zero, and the query
zeroes again only the slots it wrote before handing it back.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

__all__ = ["ScratchPool"]


class ScratchPool:
    """Zeroed float64 buffers of ``size`` slots, lent one query at a time (thread-safe).

    At most ``keep`` buffers are kept between queries; a query that finds
    them all lent gets a new one, dropped when it is done.
    """

    def __init__(self, size: int, keep: int = 2):
        self.size = size
        self.keep = keep
        self._free: list[np.ndarray] = []
        self._lock = threading.Lock()

    @contextmanager
    def borrow(self, touched: np.ndarray) -> Iterator[np.ndarray]:
        """A zeroed buffer; on exit the slots ``touched`` (document ids) are zeroed again."""
        with self._lock:
            buffer = self._free.pop() if self._free else None
        if buffer is None:
            buffer = np.zeros(self.size, dtype=np.float64)
        try:
            yield buffer
        finally:
            buffer[touched] = 0.0
            with self._lock:
                if len(self._free) < self.keep:
                    self._free.append(buffer)
