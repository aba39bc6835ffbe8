"""The benchmark: deterministic corpus, a tiny end-to-end run, nDCG by hand."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from briefbot.benchmarks import retrieval, scale, scifact  # noqa: E402

from briefbot.interfaces.cli import main  # noqa: E402


def test_generator_is_deterministic_and_reads_like_remarks():
    first, again = scale.generate(300, seed=4), scale.generate(300, seed=4)
    assert first.texts == again.texts and first.events == again.events
    assert scale.generate(300, seed=5).texts != first.texts
    assert len(first.texts) == 300
    assert all((t[0].isupper() or t[0].isdigit()) and t.endswith(".") for t in first.texts)
    words = [len(t.split()) for t in first.texts]
    assert 12 <= min(words) and 40 < sum(words) / len(words) < 110
    assert scale.generate_queries(first, 5, 1) == scale.generate_queries(again, 5, 1)
    corpus = scale.to_corpus(first)
    assert len(corpus.passages) == 300
    assert {p.briefing_id for p in corpus.passages} <= {b.id for b in corpus.briefings}


def test_the_answer_mix_asks_every_kind_and_the_common_set_uses_frequent_words():
    corpus = scale.generate(400, seed=2)
    mix = scale.generate_mix(corpus, 40, seed=2)
    assert mix == scale.generate_mix(scale.generate(400, seed=2), 40, seed=2)
    assert {kind for kind, _ in mix} == set(scale.KINDS)
    assert all(q.startswith("speaker ") for k, q in mix if k == "speaker")
    assert all(q.startswith("events org:") for k, q in mix if k == "events")
    common = scale.generate_common_queries(corpus, 30, seed=2)
    words = [w.strip(".") for w in " ".join(corpus.texts).lower().split()]
    asked = {w.strip("?") for q in common for w in q.lower().split()}
    counts = {w: words.count(w) for w in asked - {"what", "was", "said", "about"}}
    # Each common word occurs in the text far more often than a rare-set word does.
    assert min(counts.values()) > 5


def test_a_missing_optional_engine_is_skipped_with_the_extra_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "bm25s", None)  # as without the bench extra
    assert retrieval.skip_reason("briefbot") is None
    reason = retrieval.skip_reason("bm25s_numpy")
    assert "bm25s not installed" in reason and "briefbot[bench]" in reason


def test_ndcg_and_recall_on_a_hand_made_example():
    relevant = {"a": 1, "b": 1}
    # a at rank 1, b at rank 3: DCG = 1 + 1/log2(4); ideal = 1 + 1/log2(3)
    expected = (1 + 1 / 2) / (1 + 1 / math.log2(3))
    assert scifact.ndcg_at(["a", "x", "b"], relevant, 10) == pytest.approx(expected)
    assert scifact.ndcg_at(["a", "b"], relevant, 10) == pytest.approx(1.0)
    assert scifact.ndcg_at(["x", "y"], relevant, 10) == 0.0
    assert scifact.ndcg_at(["x", "a"], relevant, 1) == 0.0
    assert scifact.recall_at(["a", "x"], relevant, 100) == 0.5
    run = {"q1": ["a", "b"], "q2": []}
    assert scifact.evaluate(run, {"q1": relevant, "q2": {"c": 1}}) == {
        "ndcg@10": pytest.approx(0.5), "recall@100": pytest.approx(0.5)}


def test_scifact_loader_reads_the_beir_layout(tmp_path):
    (tmp_path / "qrels").mkdir()
    (tmp_path / "corpus.jsonl").write_text(
        json.dumps({"_id": "d1", "title": "Aspirin", "text": "reduces fever."}) + "\n")
    (tmp_path / "queries.jsonl").write_text(
        json.dumps({"_id": "1", "text": "aspirin fever"}) + "\n"
        + json.dumps({"_id": "2", "text": "train only"}) + "\n")
    (tmp_path / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\n1\td1\t1\n")
    docs, queries, qrels = scifact.load_beir(tmp_path, "test")
    assert docs == {"d1": "Aspirin reduces fever."}
    assert queries == {"1": "aspirin fever"} and qrels == {"1": {"d1": 1}}


@pytest.mark.slow
def test_a_tiny_benchmark_run_produces_every_figure(tmp_path):
    engines = ("briefbot", "rank_bm25", "bm25s_numpy")
    report = retrieval.run_benchmark(500, 20, 1, engines=engines, work=tmp_path, timeout=300)
    assert {"passages", "queries", "tokens", "vocabulary", "tokenize_s", "engines"} <= set(report)
    for name in engines:
        row = report["engines"][name]
        assert "error" not in row, row
        for key in ("build_s", "cold_start_s", "p50_ms", "p99_ms", "serve_peak_rss_mb", "disk_mb"):
            assert row[key] > 0, (name, key)
    assert report["engines"]["rank_bm25"]["p50_vs_briefbot"] > 0
    assert "answer_p50_ms" in report["engines"]["product"] or "error" in report["engines"]["product"]
    table = retrieval.format_table(report)
    assert "| briefbot |" in table and "bm25s_numpy" in table


@pytest.mark.slow
def test_bench_runs_from_anywhere_without_the_bench_extra(tmp_path, monkeypatch, capsys):
    """Installed use: no source checkout in the working directory, no bm25s."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "bm25s", None)
    beir = tmp_path / "scifact"
    (beir / "qrels").mkdir(parents=True)
    (beir / "corpus.jsonl").write_text(
        json.dumps({"_id": "d1", "title": "Aspirin", "text": "reduces fever."}) + "\n")
    (beir / "queries.jsonl").write_text(json.dumps({"_id": "1", "text": "aspirin fever"}) + "\n")
    (beir / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\n1\td1\t1\n")
    code = main(["bench", "--passages", "300", "--queries", "16", "--scifact", str(beir)])
    out = capsys.readouterr().out
    assert code == 0
    assert "bm25s_numpy: skipped: bm25s not installed (pip install 'briefbot[bench]')" in out
    assert "bm25s: skipped: bm25s not installed" in out
    assert "| briefbot | " in out and "| rank_bm25 | " in out
    for kind in scale.KINDS:
        assert f"| {kind} | 2 | " in out


@pytest.mark.slow
def test_bench_command_prints_json(capsys):
    code = main(["bench", "--passages", "300", "--queries", "5", "--no-scifact",
                 "--no-product", "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["passages"] == 300 and "briefbot" in report["engines"]
