"""What one asker may see, fixed once per question.

A ``Scope`` holds the asker's visible briefings and passages and the BM25
statistics of those passages. ``Engine.ask`` computes it (``SearchCorpus.scope``)
and sets it for the question with ``answering_as``; the corpus reads the
vocabulary, idf and acronyms through it, so nothing a question sees comes
from a briefing the asker may not see.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from ..index.bm25 import ScopeStats
from ..models import Viewer

__all__ = ["Scope", "current_scope", "answering_as"]


@dataclass(frozen=True)
class Scope:
    """What one asker may see: masks over briefings and passages, and their statistics."""

    viewer: Viewer | None
    briefings: np.ndarray  # bool per briefing
    passages: np.ndarray  # bool per passage
    # BM25 statistics of the visible passages; None when every passage is visible.
    stats: ScopeStats | None = None
    key: bytes = b""  # the same for every asker who sees the same briefings


# The scope of the question being answered on this thread (set by ``answering_as``):
# the vocabulary and the BM25 statistics are read through it.
_CURRENT: contextvars.ContextVar[Scope | None] = contextvars.ContextVar(
    "briefbot_scope", default=None
)


def current_scope() -> Scope | None:
    """The scope of the question being answered on this thread, if any."""
    return _CURRENT.get()


@contextmanager
def answering_as(scope: Scope) -> Iterator[None]:
    """Read vocabulary and statistics through ``scope`` for the duration of one question."""
    token = _CURRENT.set(scope)
    try:
        yield
    finally:
        _CURRENT.reset(token)
