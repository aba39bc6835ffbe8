"""Fixtures shared across test folders."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_SEARCH_CORPUS = Path(__file__).parent / "search" / "search_corpus.py"


def _search_corpus():
    """The search tests' small corpus module (loaded by path: tests/ is not a package)."""
    name = "briefbot_test_search_corpus"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, _SEARCH_CORPUS)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def engine():
    """An engine over the small in-code corpus (shared surnames, restricted briefings)."""
    return _search_corpus().build_engine()
