"""Slack output: no invisible or direction-changing characters, no live ``~`` (issue 14)."""

from __future__ import annotations

import datetime as dt
import json

from test_slack import BRIEFING, SINGLETON, _hit

from briefbot.models import Answer
from briefbot.render.inert import inert_text, inert_url
from briefbot.render.slack import render_answer

RLO, LRI, PDI, ZWSP, BOM, SHY = "\u202e", "\u2066", "\u2069", "\u200b", "\ufeff", "\u00ad"
HIDDEN = (RLO, LRI, PDI, ZWSP, BOM, SHY, "\u200f", "\u061c", "\U000e0041", "\x85", "\x07")


def _visible(payload):
    """The payload without button values: state carried back to the app, never shown."""
    if isinstance(payload, dict):
        return {k: _visible(v) for k, v in payload.items() if k != "value"}
    if isinstance(payload, list):
        return [_visible(v) for v in payload]
    return payload


def test_inert_text_strips_invisible_and_bidi_characters_and_tildes() -> None:
    text = f"Pay {RLO}0001${PDI} now ~struck~ {ZWSP}and{BOM} done{SHY}\u2028next"
    out = inert_text(text)
    assert not any(ch in out for ch in HIDDEN)
    assert "~" not in out and "struck" in out
    assert out == "Pay 0001$ now \u223cstruck\u223c and done next"
    assert inert_text("Straße, 日本, émigré — “quotes” 👍") == "Straße, 日本, émigré — “quotes” 👍"


def test_inert_url_encodes_tildes_and_refuses_hidden_characters() -> None:
    assert inert_url("https://example.org/~team/page") == "https://example.org/%7Eteam/page"
    assert inert_url(f"https://example.org/{RLO}gpj.exe") is None
    assert inert_url("https://example.org/a b") is None


def test_slack_answer_shows_no_hidden_character_and_no_strike() -> None:
    briefing = BRIEFING.model_copy(
        update={"title": f"Nexus {RLO}txt.exe ~gone~", "source": "https://example.org/~x/~y~"}
    )
    speaker = SINGLETON.model_copy(update={"affiliation": f"Fellow{ZWSP}{LRI}, FDD{PDI}"})
    hit = _hit(f"China is ~not~ {RLO}ensuring{BOM} Russia wins.", briefing=briefing,
               speaker=speaker, highlights=())
    answer = Answer(question=f"who said ~this~ {RLO}?", intent="search", hits=(hit,),
                    notes=(f"a note ~x~{SHY}",), searched="dates 2023")
    message = render_answer(answer, k=3)
    shown = json.dumps(_visible(message.payload()), ensure_ascii=False)
    assert not any(ch in shown for ch in HIDDEN), [hex(ord(c)) for c in HIDDEN if c in shown]
    assert "~" not in shown.replace("%7E", "")
    assert "https://example.org/%7Ex/%7Ey%7E" in shown
    assert dt.date(2023, 6, 8)  # the hit renders as before otherwise
    assert "Russia wins" in shown
