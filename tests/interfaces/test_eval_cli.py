"""`briefbot eval`: the table per type, with a parseable last line."""

from __future__ import annotations

import json
from pathlib import Path

from briefbot.interfaces.cli import main

REPO = Path(__file__).resolve().parents[2]


def test_eval_prints_a_table_and_a_parseable_last_line(capsys, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        "\n".join(
            json.dumps(q)
            for q in [
                {"id": "a", "type": "who_said_exact", "question": "their partnership is a transient condition",
                 "expect": {"any": [{"speaker": "Ilan Berman", "file": "000_3c1aeda5a9c9082e.txt",
                                     "contains": "transient condition"}]}},
                {"id": "b", "type": "metadata", "question": "Who moderated the Beijing-Moscow Nexus briefing?",
                 "expect": {"answer": ["Michael Sobolik"]}},
                {"id": "c", "type": "negative", "question": "What was said about squid quotas off the Falklands?",
                 "expect": {"none": True}},
                {"id": "d", "type": "topical", "question": "Is China obligated to defend Russia militarily?",
                 "expect": {"any": [{"speaker": "Mariya Y. Omelicheva", "file": "000_3c1aeda5a9c9082e.txt",
                                     "contains": "China is not obligated to come to Russia’s defense"}]}},
            ]
        ),
        encoding="utf-8",
    )
    config = tmp_path / "c.toml"
    config.write_text(f'[index]\ncache_dir = "{(tmp_path / "cache").as_posix()}"\n', encoding="utf-8")
    code = main(["eval", str(questions), "--knowledge", str(REPO / "knowledge"), "--config", str(config)])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0].split() == ["type", "n", "top1", "recall@3", "mrr", "accuracy", "rejection"]
    last = out.strip().splitlines()[-1]
    assert last.startswith("EVAL ")
    metrics = json.loads(last[5:])
    assert metrics["who_said_exact"]["top1"] == 1.0
    assert metrics["metadata"]["accuracy"] == 1.0
    assert metrics["negative"]["rejection"] == 1.0
    assert metrics["topical"]["recall@3"] == 1.0  # curly and straight quotes match alike
