"""`briefbot ask`: the README's corpus, JSON lines from stdin, and the viewer options."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from briefbot.interfaces.cli import main

REPO = Path(__file__).resolve().parents[2]
KNOWLEDGE = REPO / "knowledge"


@pytest.fixture
def config(tmp_path) -> Path:
    """Settings that keep the index cache inside tmp_path."""
    path = tmp_path / "briefbot.toml"
    path.write_text(f'[index]\ncache_dir = "{(tmp_path / "cache").as_posix()}"\n', encoding="utf-8")
    return path


def _ask(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["ask", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_who_said_over_the_shipped_knowledge(capsys, config):
    code, out, _ = _ask(
        capsys, "--knowledge", str(KNOWLEDGE), "--config", str(config),
        "who said China is ensuring Russia has what it needs",
    )
    assert code == 0
    assert "Craig Singleton" in out
    assert "Senior Fellow, Foundation for Defense of Democracies" in out
    assert "The Beijing-Moscow Nexus" in out
    assert "June 8, 2023" in out
    # The shipped briefing is an event summary: its lines are attributed, never "said".
    answer_line = out.splitlines()[0]
    assert answer_line.startswith("Attributed to Mr. Craig Singleton")
    assert "as the event summary reports it (not verbatim)" in answer_line


def test_json_contract(capsys, config):
    code, out, _ = _ask(
        capsys, "--json", "-k", "2", "--knowledge", str(KNOWLEDGE), "--config", str(config),
        "What did Singleton say about Taiwan?",
    )
    data = json.loads(out)
    assert code == 0
    assert {"question", "intent", "answer", "no_match", "results"} <= set(data)
    first = data["results"][0]
    assert first["speaker"] == "Craig Singleton"
    assert first["affiliation"] == "Senior Fellow, Foundation for Defense of Democracies"
    assert first["event"]["date"] == "2023-06-08"
    assert "Taiwan" in first["excerpt"] and len(data["results"]) <= 2


def test_stdin_gives_one_json_object_per_line(capsys, config, monkeypatch):
    questions = "who said their partnership is a transient condition\n\nWhat was said about krill fishing?\nx after:never\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(questions))
    code, out, _ = _ask(capsys, "--json", "--knowledge", str(KNOWLEDGE), "--config", str(config), "-")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert len(lines) == 3
    assert lines[0]["intent"] == "who_said" and lines[0]["results"][0]["speaker"] == "Ilan Berman"
    assert lines[1]["no_match"] is True and lines[1]["results"] == []
    assert "after: expects a date" in lines[2]["error"]


def test_bad_filter_is_a_one_line_error(capsys, config):
    code, out, err = _ask(
        capsys, "--knowledge", str(KNOWLEDGE), "--config", str(config), "sanctions before:2024-99"
    )
    assert code == 2 and not out
    assert err.startswith("briefbot: before:") and "Traceback" not in err


def test_channel_and_user_decide_what_is_visible(capsys, tmp_path):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "members.md").write_text(
        "---\ntitle: Closed Door Krill Talk\norganization: Test Org\ndate: 2024-01-02\n"
        "access: members\nspeakers:\n  - name: Zora Hiddenfeld\n    affiliation: Envoy, Hidden Ministry\n"
        "---\n\nIntro of the organization.\n\n## Krill\nSpeaker: Zora Hiddenfeld\n\n"
        "Krill fishing quotas in Antarctic waters are outdated and must be revised.\n",
        encoding="utf-8",
    )
    config = tmp_path / "briefbot.toml"
    config.write_text(
        f'[index]\ncache_dir = "{(tmp_path / "cache").as_posix()}"\n'
        '[access.members]\nchannels = ["CMEM"]\nusers = ["UMEM"]\n',
        encoding="utf-8",
    )
    base = ["--json", "--knowledge", str(knowledge), "--config", str(config), "krill quotas"]
    def results(*extra):
        _, out, _ = _ask(capsys, *extra, *base)
        return [r["speaker"] for r in json.loads(out)["results"]]

    assert results() == []
    assert results("--channel", "CPUBLIC") == []
    assert results("--channel", "CPUBLIC", "--user", "UMEM") == []
    assert results("--channel", "CMEM") == ["Zora Hiddenfeld"]
    assert results("--user", "UMEM") == ["Zora Hiddenfeld"]
