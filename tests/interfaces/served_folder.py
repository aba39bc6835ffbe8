"""A knowledge folder that a test serves and changes (reload, builder and integrity tests).

- ``seed_knowledge``: a fresh ``knowledge/`` folder holding the repository's
  one seed briefing (the published summary ``knowledge/`` serves);
- ``KRILL``: a briefing to drop into the served folder
  (``tests/data/follows/krill-2024.md``; its people are invented);
- ``wait_until``: a bounded wait for what a background reloader or builder
  will do, failing the test with a message when it never happens.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "knowledge" / "000_3c1aeda5a9c9082e.txt"
KRILL = (REPO / "tests" / "data" / "follows" / "krill-2024.md").read_text(encoding="utf-8")


def seed_knowledge(tmp_path: Path) -> Path:
    """``tmp_path/knowledge`` holding only the seed briefing."""
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    shutil.copy(SEED, knowledge / SEED.name)
    return knowledge


def wait_until(condition: Callable[[], object], timeout: float = 30.0) -> None:
    """Poll ``condition`` every 50 ms; fail the test if it is not true within ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail("condition not met within the time limit")
