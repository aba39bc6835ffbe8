"""``briefbot check``: the per-file report, its JSON shape, GOLD metadata and exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from briefbot.interfaces.cli import main

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "data" / "corpus"
GOLD_FILES = sorted(CORPUS.glob("*/GOLD.json"))

MARKDOWN = """\
---
title: "The Arctic Passage"
organization: Meridian Policy Institute
date: 2024-03-14
moderator: Dana Whitfield
speakers:
  - name: Dana Whitfield
    honorific: Ms.
    affiliation: Director of Programs, Meridian Policy Institute
  - name: Omar Reyes
    honorific: Dr.
    affiliation: Senior Fellow, Meridian Policy Institute
---

The Institute hosted a discussion on Arctic shipping.

## Opening
Speaker: Dana Whitfield

Welcome to our panel on the Arctic. Let us begin.

## The Route
Speaker: Omar Reyes

Shipping through the Arctic is growing but remains small.
"""


def squash(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


def speaker_facts(speakers: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted(
        (squash(s["name"]), squash(s["honorific"]), squash(s["affiliation"])) for s in speakers
    )


def run_check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["check", *argv])
    return code, capsys.readouterr().out


def assert_matches_gold(reports: list[dict[str, Any]]) -> None:
    by_name: dict[str, dict[str, Any]] = {}
    for report in reports:
        name = Path(report["file"]).name
        assert name not in by_name, f"two reports for {name}"
        by_name[name] = report
    compared = 0
    for gold_file in GOLD_FILES:
        for gold in json.loads(gold_file.read_text(encoding="utf-8")):
            got = by_name.get(gold["file"])
            assert got is not None, f"no report for {gold['file']}"
            where = gold["file"]
            assert got["status"] != "error", (where, got["problems"])
            assert got["passages"] > 0, where
            assert got["format"] == gold["format"], where
            assert squash(got["title"]).casefold() == squash(gold["title"]).casefold(), where
            for key in ("organization", "series", "date", "location", "moderator"):
                assert squash(got[key]) == squash(gold[key]), (where, key)
            assert speaker_facts(got["speakers"]) == speaker_facts(gold["speakers"]), where
            assert [squash(c) for c in got["categories"]] == [
                squash(c) for c in gold["categories"]
            ], where
            compared += 1
    assert compared == 11


def test_check_json_on_the_dev_corpus_matches_both_gold_files(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out = run_check(capsys, str(CORPUS), "--json")
    reports = json.loads(out)
    assert_matches_gold(reports)
    # 'file' is the path under the PATH argument.
    assert "seed/000_3c1aeda5a9c9082e.txt" in {r["file"] for r in reports}
    assert code == 0


@pytest.mark.slow
def test_check_json_through_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "briefbot", "check", str(CORPUS), "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert_matches_gold(json.loads(done.stdout))


def test_seed_summary_attribution(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_check(capsys, str(REPO / "knowledge"), "--json")
    (report,) = [r for r in json.loads(out) if r["file"] == "000_3c1aeda5a9c9082e.txt"]
    per_speaker = report["passages_per_speaker"]
    for name in ("Mariya Y. Omelicheva", "Craig Singleton", "Ilan Berman", "(organization)"):
        assert per_speaker.get(name, 0) > 0, name
    assert "Michael Sobolik" not in per_speaker  # the moderator has no remarks in the summary
    assert report["moderator"] == "Michael Sobolik"


def test_the_shipped_knowledge_folder_checks_ok(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_check(capsys, str(REPO / "knowledge"))
    assert code == 0, out
    assert "000_3c1aeda5a9c9082e.txt: " in out
    assert re.search(r"\n\d+ files?: \d+ ok, \d+ warning, 0 error$", out.rstrip())
    assert "README" not in out


def test_defaults_to_the_knowledge_folder_of_the_settings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "talk.md").write_text(MARKDOWN, encoding="utf-8")
    config = tmp_path / "b.toml"
    config.write_text('knowledge = "kb"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = run_check(capsys, "--config", str(config), "--json")
    assert [r["file"] for r in json.loads(out)] == ["talk.md"]
    assert code == 0


def test_text_report_shows_metadata_speakers_passages_and_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "talk.md").write_text(MARKDOWN, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    code, out = run_check(capsys, str(tmp_path))
    assert code == 1
    assert "empty.txt: error\n  empty.txt: error: empty file" in out
    assert "talk.md: ok" in out
    for expected in (
        "title:        The Arctic Passage",
        "organization: Meridian Policy Institute",
        "date:         2024-03-14",
        "moderator:    Dana Whitfield",
        "Ms. Dana Whitfield — Director of Programs, Meridian Policy Institute",
        "Dr. Omar Reyes — Senior Fellow, Meridian Policy Institute",
        "access:       public",
        "Omar Reyes 1",
    ):
        assert expected in out, expected
    assert out.rstrip().endswith("2 files: 1 ok, 0 warning, 1 error")


def test_json_report_of_a_broken_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"%PDF-1.5\n\x00\x01")
    code, out = run_check(capsys, str(tmp_path), "--json")
    (report,) = json.loads(out)
    assert code == 1
    assert report["status"] == "error"
    assert report["title"] is None and report["passages"] == 0
    assert report["problems"] == [
        {
            "file": "bin.txt",
            "line": None,
            "severity": "error",
            "reason": "binary file, not a briefing (PDF document)",
        }
    ]


def test_a_missing_path_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = main(["check", str(tmp_path / "nope")])
    err = capsys.readouterr().err
    assert code == 2
    assert "no such file or folder" in err


def test_an_empty_folder_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out = run_check(capsys, str(tmp_path))
    assert code == 0
    assert "no briefing files found" in out
