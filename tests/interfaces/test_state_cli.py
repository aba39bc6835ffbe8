"""``briefbot state check``: where the store is, its schema version, its rows; never a password."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from briefbot.interfaces.cli import main
from briefbot.state import StateStore
from briefbot.state.store import SCHEMA_VERSION


def _knowledge(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    return folder


def test_check_reports_version_and_counts_of_the_default_store(tmp_path: Path, capsys,
                                                               monkeypatch):
    monkeypatch.delenv("BRIEFBOT_STATE_URL", raising=False)
    knowledge = _knowledge(tmp_path)
    assert main(["state", "check", "--knowledge", str(knowledge)]) == 0
    out = capsys.readouterr().out
    assert f"schema version: {SCHEMA_VERSION}" in out and "sqlite" in out
    assert re.search(r"follows\s+0", out)


def test_check_names_the_configured_store_without_its_password(tmp_path: Path, capsys,
                                                               monkeypatch):
    path = tmp_path / "shared.sqlite3"
    store = StateStore(path=path)
    follow = store.add_follow(channel="C1", owner="U1", query="icebreakers")
    store.claim_digest(follow_id=follow.id, briefing_id="arctic", version="v1",
                       passage_keys=["p1"], render=lambda keys: {"text": "t", "blocks": []})
    store.close()
    monkeypatch.setenv("BRIEFBOT_STATE_URL", f"sqlite:///{path}")
    assert main(["state", "check", "--json", "--knowledge", str(_knowledge(tmp_path))]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rows"]["follows"] == 1 and report["schema_version"] == SCHEMA_VERSION
    assert report["unposted_digests"] == 1  # claimed, never posted: a server will retry it


def test_an_unreachable_database_is_one_line_without_the_password(tmp_path: Path, capsys,
                                                                  monkeypatch):
    monkeypatch.setenv("BRIEFBOT_STATE_URL", "postgresql+psycopg://bot:hunter2@127.0.0.1:1/x")
    assert main(["state", "check", "--knowledge", str(_knowledge(tmp_path))]) == 2
    err = capsys.readouterr().err
    assert err.startswith("briefbot: state store postgresql+psycopg://bot:***@127.0.0.1:1/x")
    assert "hunter2" not in err and err.count("\n") == 1


@pytest.mark.slow
def test_check_on_postgresql(tmp_path: Path, capsys, monkeypatch, postgres_url: str):
    monkeypatch.setenv("BRIEFBOT_STATE_URL", postgres_url)
    assert main(["state", "check", "--knowledge", str(_knowledge(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "(postgresql)" in out and f"schema version: {SCHEMA_VERSION}" in out
