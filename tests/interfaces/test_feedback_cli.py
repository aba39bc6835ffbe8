"""``briefbot feedback export``: the 👎 answers as eval questions a reviewer can finish."""

from __future__ import annotations

import json
from pathlib import Path

from briefbot.config import load_settings
from briefbot.interfaces.cli import main
from briefbot.interfaces.feedback import open_store, record
from briefbot.search.evaluation import load_questions


def test_export_writes_bad_votes_in_the_eval_format(engine, tmp_path: Path, capsys):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    config = tmp_path / "briefbot.toml"
    config.write_text(f'[index]\ncache_dir = "{(tmp_path / "cache").as_posix()}"\n', encoding="utf-8")
    store = open_store(knowledge, load_settings(config))
    bad = engine.ask("What did Joanna Kang say about submarines?")
    good = engine.ask("Who talked about heavy icebreaker hulls?")
    record(store, bad, request_id="req-bad", vote="bad", voter="U1", user_id="U1",
           channel_id="C1", interface="slack")
    record(store, good, request_id="req-good", vote="good", voter="U1", interface="slack")

    out = tmp_path / "review.jsonl"
    assert main(["feedback", "export", "--knowledge", str(knowledge), "--config", str(config),
                 "-o", str(out)]) == 0
    assert "1 👎 answer written" in capsys.readouterr().err
    (case,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert case["question"] == "What did Joanna Kang say about submarines?"
    assert case["type"] == "topical" and case["expect"] == {"any": []}
    assert case["review"]["shown"][0] == {
        "speaker": "Joanna Kang", "file": "taiwan.txt", "contains": bad.hits[0].excerpt,
    }
    assert "U1" not in out.read_text(encoding="utf-8")  # who voted stays in the store
    assert load_questions([out])[0].question == case["question"]  # `briefbot eval` reads it
