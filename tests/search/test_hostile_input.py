"""Any question string either parses or raises QueryError — and always terminates."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefbot.errors import QueryError
from briefbot.models import Answer, Viewer
from briefbot.search.query import parse

from search_corpus import build_engine

_PIECES = st.sampled_from(
    [
        "who said ", "speaker ", "events ", "help", "/brief ", "speaker:", "org:", "event:",
        "category:", "after:", "before:2024", "after:2023-01", '"', "-", "<@U123>", "<!channel>",
        "<http://x|y>", "Kang", "Dr. ", "Lindqvist", "Østergaard", "krill", "?", "*", "(", "[",
        "\\", "$", "^", "|", "\u202e", "\u200f", "مرحبا", "🙂", "\x00", "\n", "What did ", "'s ",
        "Who moderated the ", "When was the ", " event", "sanctions", "' OR 1=1 --", ".*+?",
    ]
)
QUESTIONS = st.one_of(
    st.text(max_size=300),
    st.lists(_PIECES, max_size=12).map("".join),
    st.lists(st.one_of(_PIECES, st.text(max_size=10)), max_size=8).map(" ".join),
)

_ENGINE = None


def _engine():
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = build_engine()
    return _ENGINE


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUESTIONS)
def test_parse_never_raises_anything_but_query_error(text):
    try:
        parse(text)
    except QueryError:
        pass


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUESTIONS, st.sampled_from([None, Viewer(channel="CMEMBERS"), Viewer(user="UMEMBER")]))
def test_engine_answers_anything(text, viewer):
    try:
        answer = _engine().ask(text, viewer)
    except QueryError as exc:
        assert str(exc)
        return
    assert isinstance(answer, Answer)


def test_huge_and_odd_questions(engine):
    for text in ["x" * 10_000, "krill " * 3000, "\x00\x01\x02", "<@U1> <!here>", "\u202eabc", '"""', "-"]:
        answer = engine.ask(text)
        assert isinstance(answer, Answer)
