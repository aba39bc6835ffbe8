"""Fixtures of the search tests: an engine over the small corpus of ``search_corpus``."""

from __future__ import annotations

import pytest
from search_corpus import build_engine


@pytest.fixture(scope="session")
def engine():
    return build_engine()
