"""Today's date, as every stage sees it (a leaf module like ``text``).

"last year", "this spring" and "last month" are relative to today. Tests
and evaluations need a today they choose, so the date comes from here:
``frozen(date)`` sets it for the code inside the ``with`` block (per thread
and task, through a context variable), ``BRIEFBOT_TODAY=2025-06-15`` in the
environment sets it for a whole process, and otherwise it is the machine's
local date.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import os
from collections.abc import Iterator

__all__ = ["today", "frozen", "ENV_TODAY"]

ENV_TODAY = "BRIEFBOT_TODAY"
"""Environment variable that fixes today's date (ISO, 2025-06-15) for a process."""

_FROZEN: contextvars.ContextVar[dt.date | None] = contextvars.ContextVar("today", default=None)


def today() -> dt.date:
    """The date relative phrases are read against."""
    fixed = _FROZEN.get()
    if fixed is not None:
        return fixed
    value = os.environ.get(ENV_TODAY, "").strip()
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{ENV_TODAY}={value[:20]!r} is not a date like 2025-06-15") from None
    return dt.date.today()


@contextlib.contextmanager
def frozen(date: dt.date) -> Iterator[dt.date]:
    """Within the block, ``today()`` is ``date``."""
    token = _FROZEN.set(date)
    try:
        yield date
    finally:
        _FROZEN.reset(token)
