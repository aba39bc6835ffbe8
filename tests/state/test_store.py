"""The state store: versioned schema, votes kept once per person and answer, several processes."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from briefbot.errors import StateError
from briefbot.state import StateStore, default_state_path
from briefbot.state.store import SCHEMA_VERSION


def _vote(store: StateStore, request_id: str = "r1", voter: str = "U1", vote: str = "bad") -> bool:
    return store.record_feedback(
        request_id=request_id, voter=voter, vote=vote, question="What did Kang say?",
        passages=[{"passage_id": "taiwan#1", "citation": "“…” — Dr. Joanna Kang"}],
        intent="search", user_id=voter, channel_id="C1",
    )


def test_new_store_is_at_the_current_schema_and_keeps_votes(tmp_path: Path):
    path = tmp_path / "state.sqlite3"
    store = StateStore(path=path)
    assert store.version() == SCHEMA_VERSION
    assert _vote(store) is True
    assert _vote(store, vote="good") is False  # the same person again: replaced, not added
    assert _vote(store, voter="U2") is True
    store.close()
    again = StateStore(path=path)  # reopening upgrades nothing and loses nothing
    votes = {(v.voter, v.vote) for v in again.feedback()}
    assert votes == {("U1", "good"), ("U2", "bad")}
    (bad,) = again.feedback("bad")
    assert bad.passages[0]["passage_id"] == "taiwan#1" and bad.channel_id == "C1"
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]


def test_a_store_from_a_newer_briefbot_is_refused(tmp_path: Path):
    path = tmp_path / "state.sqlite3"
    StateStore(path=path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(StateError, match="newer than this briefbot"):
        StateStore(path=path)


def test_an_older_schema_is_upgraded_without_losing_rows(tmp_path: Path, monkeypatch):
    from briefbot.state import store as module

    path = tmp_path / "state.sqlite3"
    old = StateStore(path=path)
    _vote(old)
    old.close()

    def later(conn):  # what a later issue's step looks like: add, never drop
        conn.exec_driver_sql("CREATE TABLE later_notes (id INTEGER PRIMARY KEY, user_id TEXT)")

    monkeypatch.setattr(module, "_MIGRATIONS", (*module._MIGRATIONS, later))
    monkeypatch.setattr(module, "SCHEMA_VERSION", len(module._MIGRATIONS))
    upgraded = StateStore(path=path)
    assert upgraded.version() == SCHEMA_VERSION + 1
    assert [v.request_id for v in upgraded.feedback()] == ["r1"]


def test_conversation_context_is_recalled_until_it_expires(tmp_path: Path):
    path = tmp_path / "state.sqlite3"
    store = StateStore(path=path)
    assert store.recall_context("U1", "1700000000.000100") is None
    store.remember_context("U1", "1700000000.000100", {"speaker": "Kang"}, 600, now=1000.0)
    store.remember_context("U2", "1700000000.000100", {"speaker": "Brennan"}, 600, now=1000.0)
    # Another worker reads what this one wrote; each user keeps their own.
    other = StateStore(path=path)
    assert other.recall_context("U1", "1700000000.000100", now=1500.0) == {"speaker": "Kang"}
    assert other.recall_context("U2", "1700000000.000100", now=1500.0) == {"speaker": "Brennan"}
    other.remember_context("U1", "1700000000.000100", {"speaker": "Lee"}, 600, now=1500.0)
    assert store.recall_context("U1", "1700000000.000100", now=2000.0) == {"speaker": "Lee"}
    assert store.recall_context("U2", "1700000000.000100", now=1600.0) is None  # expired


def test_a_feedback_only_store_gains_the_context_table_and_keeps_its_votes(
    tmp_path: Path, monkeypatch
):
    from briefbot.state import store as module

    path = tmp_path / "state.sqlite3"
    with monkeypatch.context() as first_release:  # the store as schema version 1 wrote it
        first_release.setattr(module, "_MIGRATIONS", module._MIGRATIONS[:1])
        first_release.setattr(module, "SCHEMA_VERSION", 1)
        old = StateStore(path=path)
        _vote(old)
        old.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(1,)]
    store = StateStore(path=path)
    assert store.version() == SCHEMA_VERSION
    assert [v.request_id for v in store.feedback()] == ["r1"]
    store.remember_context("U1", "t1", {"k": 1}, 60)
    assert store.recall_context("U1", "t1") == {"k": 1}


def test_unknown_vote_is_rejected():
    store = StateStore()
    with pytest.raises(ValueError):
        _vote(store, vote="meh")


def test_default_path_sits_beside_the_index_cache(tmp_path: Path):
    expected = tmp_path / "cache" / "ab12.state.sqlite3"
    assert default_state_path(tmp_path / "cache" / "ab12") == expected


def _many_votes(path: str, worker: int) -> None:
    store = StateStore(path=path)
    for n in range(40):
        # Everyone votes on the same 10 answers, twice: one row per (answer, voter) must remain.
        _vote(store, request_id=f"r{n % 10}", voter=f"U{worker}", vote="good" if n < 20 else "bad")


@pytest.mark.slow
def test_several_processes_write_at_once(tmp_path: Path):
    path = tmp_path / "state.sqlite3"
    StateStore(path=path).close()  # created before the fork, as briefbot serve does
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_many_votes, args=(str(path), w)) for w in range(4)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(60)
        assert process.exitcode == 0
    votes = StateStore(path=path).feedback()
    assert len(votes) == 40  # 10 answers x 4 voters
    assert {v.vote for v in votes} == {"bad"}


def test_a_passage_is_its_speaker_and_its_words_not_their_spacing_case_or_quotes():
    from briefbot.state import passage_key

    said = passage_key("lena-marsh", "The fleet is “aging” and  no new hulls are funded.")
    assert said == passage_key("lena-marsh", "the fleet is \"aging\" and no new hulls\nare funded.")
    assert said != passage_key("paul-hendry", "The fleet is “aging” and no new hulls are funded.")
    assert said != passage_key("lena-marsh", "The fleet is aging and two new hulls are funded.")
