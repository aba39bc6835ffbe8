"""A follow's digest as people see it: in Slack (Block Kit) and in the console (text)."""

from __future__ import annotations

import json

from briefbot.render.digest import digest_slack, digest_text, within_briefing


def _hits(engine):
    answer = engine.ask("older tankers carry insurance from providers outside the mutual clubs")
    assert answer.hits
    return answer.hits[:2]


def test_slack_digest_names_the_follow_the_event_each_speaker_and_offers_more(engine):
    hits = _hits(engine)
    briefing = hits[0].briefing
    message = digest_slack(briefing, hits, question="tanker insurance <!channel>",
                           follow_id=7, matched=5)
    payload = message.payload()["blocks"]
    shown = json.dumps([b for b in payload if b["type"] != "actions"], ensure_ascii=False)
    blocks = json.dumps(payload, ensure_ascii=False)
    assert "follow #7" in shown and "5 new passages" in shown
    assert briefing.title[:40] in shown  # the event line
    assert all(h.speaker is None or h.speaker.name in shown for h in hits)
    assert "<!channel>" not in shown and "&lt;!channel&gt;" in shown  # the question is inert
    assert "More results" in blocks
    assert briefing.title[:40] in message.text  # the notification's fallback


def test_console_digest_cites_each_excerpt_and_says_how_to_see_them_all(engine):
    hits = _hits(engine)
    briefing = hits[0].briefing
    text = digest_text(briefing, hits, question="tanker insurance", follow_id=7,
                       matched=len(hits) + 1)
    assert text.startswith("New in the briefings for follow #7 “tanker insurance”")
    assert f"in “{briefing.title}”" in text
    assert "  1. " in text and "(event summary, not verbatim)" in text  # citation lines
    assert within_briefing("tanker insurance", briefing) in text  # the rest, one question away
