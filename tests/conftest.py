"""Fixtures and rules shared across test folders.

- ``shared``: the project's shared folder beside the repository (``../shared``),
  which may add extra checks; every quality gate reads ``tests/data`` instead,
  so a bare clone runs them all.
- ``slow``: a test that starts a server or a process, or otherwise takes
  seconds (a stress run, the real documents end to end). ``-m "not slow"`` is
  the fast edit-test loop; the full suite runs everything. Tests that use the
  local Slack stand-in server are marked here, by fixture; a fast test that
  starts a process fails and says to mark it.
- ``postgres_url``: an empty database on a private PostgreSQL server, the
  one CI exports (``BRIEFBOT_TEST_POSTGRES_URL``) or one started here when
  the server binaries exist (``tests/pg_server.py``). Without either it
  skips, except in CI (``CI`` or ``BRIEFBOT_CI`` set), where it fails:
  the several-hosts tests must run there.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

_SEARCH_CORPUS = Path(__file__).parent / "search" / "search_corpus.py"
# The one place ../shared is looked for: beside the repository.
_SHARED = Path(__file__).resolve().parents[2] / "shared"
# Fixtures that start a server: a test using one is slow.
_SERVER_FIXTURES = {"standin", "postgres_url"}
# A fast test taking this long (setup, call and teardown) is named at the end of the run.
_FAST_TEST_SECONDS = 2.0
_FAST_SECONDS: dict[str, float] = {}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``slow`` every test that starts a server through a fixture."""
    for item in items:
        if _SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Note each fast test's time, to name those that slow the fast loop down."""
    if "slow" not in report.keywords:
        _FAST_SECONDS[report.nodeid] = _FAST_SECONDS.get(report.nodeid, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter) -> None:
    """Name the fast tests that took seconds: the fast loop must stay under 30 s."""
    heavy = sorted((s, n) for n, s in _FAST_SECONDS.items() if s >= _FAST_TEST_SECONDS)
    if heavy:
        terminalreporter.section("fast tests that took seconds: make them faster or mark them slow")
        for seconds, nodeid in reversed(heavy):
            terminalreporter.write_line(f"{seconds:5.1f} s  {nodeid}")


@pytest.fixture(autouse=True)
def _fast_tests_start_no_process(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """Keep ``-m "not slow"`` fast: a test not marked slow may not start a process."""
    if request.node.get_closest_marker("slow") is None:
        nodeid = request.node.nodeid

        def refuse(*args, **kwargs):
            raise AssertionError(f"{nodeid} starts a process: mark it @pytest.mark.slow")

        monkeypatch.setattr(subprocess, "Popen", refuse)


@pytest.fixture(scope="session")
def shared() -> Path:
    """``../shared`` beside the repository, for extra checks; they skip when it is absent."""
    if not _SHARED.is_dir():
        pytest.skip("no ../shared beside the repository: its extra checks are skipped")
    return _SHARED


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


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a private PostgreSQL server for this run (see the module docstring)."""
    exported = os.environ.get("BRIEFBOT_TEST_POSTGRES_URL")
    if exported:
        yield exported
        return
    import pg_server

    in_ci = bool(os.environ.get("CI") or os.environ.get("BRIEFBOT_CI"))
    if pg_server.find_bindir() is None:
        reason = (
            "no PostgreSQL server binaries on this machine (initdb, pg_ctl) and no "
            "BRIEFBOT_TEST_POSTGRES_URL: the PostgreSQL tests cannot run"
        )
        if in_ci:
            pytest.fail(reason + " — CI must run them (.ci/run starts a server)")
        pytest.skip(reason)
    folder, url = pg_server.start()
    try:
        yield url
    finally:
        pg_server.stop(folder)


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """An empty database of its own on the private PostgreSQL server."""
    import pg_server

    return pg_server.fresh_database(postgres_server)
