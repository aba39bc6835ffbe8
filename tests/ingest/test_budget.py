"""The per-file parse budget: a file that takes too long is reported and skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbot.config import IngestSettings, Settings
from briefbot.errors import FormatError
from briefbot.ingest import load_corpus
from briefbot.ingest.parse import parse_text


def _long_transcript(turns: int) -> str:
    head = (
        "Harbor Forum\nA Long Conversation\nMay 2, 2024\n\n"
        "PARTICIPANTS:\nDr. Jane Roe, Fellow, Harbor Forum\nMr. John Poe, Analyst, Bay Group\n\n"
    )
    body = "".join(
        f"DR. ROE: Point {i} is about ports. It has two sentences.\n\n"
        f"MR. POE: Reply {i} is about ships. It also has two.\n\n"
        for i in range(turns)
    )
    return head + body


def test_a_tiny_budget_skips_the_file_with_a_clear_reason() -> None:
    text = _long_transcript(3000)
    with pytest.raises(FormatError, match=r"longer than 1e-06 s .*max_parse_seconds"):
        parse_text(
            text,
            "transcript",
            path="long.txt",
            briefing_id="long",
            settings=IngestSettings(max_parse_seconds=0.000001),
        )


def test_the_budget_applies_per_file_and_the_others_still_load(tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text(_long_transcript(3000), encoding="utf-8")
    settings = Settings(ingest=IngestSettings(max_parse_seconds=0.000001))
    corpus = load_corpus([tmp_path], settings)
    (report,) = corpus.reports
    assert report.status == "error"
    assert "max_parse_seconds" in report.problems[0].reason
    # With the default budget the same file loads.
    corpus = load_corpus([tmp_path], Settings())
    assert corpus.reports[0].status == "ok"
    assert corpus.reports[0].passages > 1000
