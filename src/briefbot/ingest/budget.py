"""A per-file time budget: parsing one file may never hold the whole load up.

``parse_text`` opens a budget for the file (setting ``[ingest] max_parse_seconds``);
the parsers' main loops call ``check_budget()``, which raises ``FormatError``
once the deadline has passed, so an oversized or pathological file is reported
and skipped while every other file still loads. The budget lives in a context
variable so that shared helpers need no extra parameter, and so that threads
parsing different files never see each other's deadline.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from ..errors import FormatError

__all__ = ["parse_budget", "check_budget"]


@dataclass(frozen=True)
class _Budget:
    deadline: float
    seconds: float
    file: str


_CURRENT: ContextVar[_Budget | None] = ContextVar("briefbot_parse_budget", default=None)


@contextlib.contextmanager
def parse_budget(seconds: float, file: str) -> Iterator[None]:
    """Run the body with a deadline ``seconds`` from now for parsing ``file``."""
    token = _CURRENT.set(_Budget(time.monotonic() + seconds, seconds, file))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def check_budget() -> None:
    """Raise ``FormatError`` when the current file's parse budget is spent (cheap to call)."""
    budget = _CURRENT.get()
    if budget is not None and time.monotonic() > budget.deadline:
        raise FormatError(
            f"parsing took longer than {budget.seconds:g} s (setting ingest.max_parse_seconds); "
            "file skipped",
            file=budget.file,
        )
