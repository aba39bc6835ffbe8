"""Slack answers over the dev, seed and real briefing sets: quotable, attributed, within limits.

Every question of each set's eval file is answered and rendered as Block
Kit, and what a reader would see is checked: a summary passage is never put
in quotation marks, every result carries a complete citation (speaker,
event, organization, date), each event's line appears once, no block
breaks Slack's limits, and a three-result answer fits a phone screen.
"""

from __future__ import annotations

import json
import re
import statistics
from pathlib import Path

import pytest

from briefbot.config import Settings
from briefbot.render.citation import citation, passage_kind, quote_marks, speaker_words
from briefbot.render.slack import MAX_BLOCKS, event_line, render_answer
from briefbot.search.engine import Engine
from briefbot.text import date_words

DATA = Path(__file__).resolve().parents[1] / "data"
SETS = {
    "dev": (DATA / "corpus" / "dev", DATA / "eval" / "dev.jsonl"),
    "seed": (DATA / "corpus" / "seed", DATA / "eval" / "seed.jsonl"),
    "real": (DATA / "real", DATA / "eval" / "real.jsonl"),
}
PHONE_CHARS = 1200


def visible_text(payload: dict) -> str:
    """The text a reader sees: section/context text and button labels, markup removed."""
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                out.append(node["text"])
            for key, value in node.items():
                if key not in ("text", "value", "url", "action_id") or not isinstance(value, str):
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(payload["blocks"])
    text = re.sub(r"<[^|>]+\|([^>]+)>", r"\1", "\n".join(out))
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return re.sub(r"[*_`]", "", text)


@pytest.fixture(scope="module", params=sorted(SETS))
def answered(request, tmp_path_factory):
    folder, questions = SETS[request.param]
    if not folder.exists() or not questions.exists():
        pytest.skip(f"{request.param} set not copied into tests/data")
    settings = Settings.model_validate(
        {"index": {"cache_dir": str(tmp_path_factory.mktemp("cache"))}}
    )
    engine = Engine.open(folder, settings)
    out = []
    for line in questions.read_text(encoding="utf-8").splitlines():
        if line.strip():
            question = json.loads(line)["question"]
            answer = engine.ask(question, k=3)
            payload = render_answer(answer, k=3, share_button=True, request_id="r1").payload()
            out.append((answer, payload))
    return request.param, out


def test_no_summary_passage_is_shown_in_quotation_marks(answered):
    _, pairs = answered
    summaries = 0
    for answer, payload in pairs:
        sections = [b["text"]["text"] for b in payload["blocks"] if b["type"] == "section"]
        for hit in answer.hits:
            if passage_kind(hit) != "summary":
                continue
            summaries += 1
            assert not citation(hit).startswith("“")
            assert "(event summary, not verbatim)" in citation(hit)
            first_words = re.sub(r"[*_]", "", hit.excerpt)[:30]
            shown = [s for s in sections if first_words[:20] in re.sub(r"[*_]", "", s)]
            assert shown and all("“" + first_words[:10] not in re.sub(r"[*_]", "", s) for s in shown)
            assert all("Summary, not verbatim:" in s for s in shown)
    assert summaries or answered[0] == "real"


def test_every_result_has_a_complete_citation(answered):
    _, pairs = answered
    for answer, _ in pairs:
        for hit in answer.hits:
            line = citation(hit)
            assert speaker_words(hit) in line
            assert f"at “{hit.briefing.title}”" in line
            if hit.briefing.organization:
                assert hit.briefing.organization in line
            assert (date_words(hit.briefing.date) or "date unknown") in line
            quote = hit.excerpt.strip()
            assert (quote if passage_kind(hit) == "summary" else quote_marks(quote)) in line


def test_each_event_line_appears_once_and_blocks_fit_slack(answered):
    _, pairs = answered
    for answer, payload in pairs:
        assert len(payload["blocks"]) <= MAX_BLOCKS
        texts = [
            e["text"] for b in payload["blocks"] if b["type"] == "context" for e in b["elements"]
        ]
        for briefing in {h.briefing.id: h.briefing for h in answer.hits}.values():
            assert texts.count(event_line(briefing)) == 1
        for block in payload["blocks"]:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= 3000
        assert len(payload["text"]) <= 3000


def test_three_results_fit_a_phone_screen(answered):
    name, pairs = answered
    sizes = [len(visible_text(p)) for a, p in pairs if len(a.hits) == 3]
    if not sizes:
        pytest.skip(f"no three-result answer in the {name} set")
    # About 1,200 characters: typical answers within it, none far beyond.
    assert statistics.median(sizes) <= PHONE_CHARS * 1.05, sizes
    assert max(sizes) <= PHONE_CHARS * 1.25, sizes
