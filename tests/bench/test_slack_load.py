"""The Slack load benchmark, tiny: every signed /brief acked and answered exactly once.

Counts only; the latencies it reports are for ``bench/RESULTS.md``, never asserted.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from briefbot.benchmarks import slack_load  # noqa: E402

from briefbot.interfaces.cli import main  # noqa: E402

pytestmark = pytest.mark.slow


def test_every_request_is_acked_and_answered_once():
    report = slack_load.run_slack_load(REPO / "knowledge", requests=30, concurrency=5, workers=1)
    assert report["acked_200"] == 30
    assert report["acked_within_3s"] == 30
    assert report["delivered"] == 30
    assert report["errors"] == {"non_200_ack": 0, "connection_failed": 0, "not_delivered": 0,
                                "delivered_twice": 0, "apology_instead_of_answer": 0}
    assert report["error_count"] == 0
    table = slack_load.format_slack_table(report)
    assert "acked within 3 s | 30 / 30" in table


def test_apologies_are_told_apart_from_answers():
    assert slack_load._is_apology(json.dumps({"text": "Sorry, something went wrong."}).encode())
    assert slack_load._is_apology(json.dumps({"text": "You’ve asked 20 questions"}).encode())
    assert slack_load._is_apology(b"not json")
    assert not slack_load._is_apology(json.dumps({"text": "Craig Singleton said ..."}).encode())


def test_bench_slack_flag_prints_the_report(capsys):
    code = main(["bench", "--slack", "--knowledge", str(REPO / "knowledge"), "--requests", "6",
                 "--concurrency", "3", "--workers", "1", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["requests"] == 6 and report["delivered"] == 6 and report["error_count"] == 0
