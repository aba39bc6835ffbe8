"""Button values are read strictly: only what ``encode_state`` writes comes back (issue 14)."""

from __future__ import annotations

import json

import pytest

from briefbot.errors import QueryError
from briefbot.render.slack import decode_state, encode_state


@pytest.mark.parametrize(
    "value",
    [
        json.dumps({"q": "China", "o": True, "k": 3}),
        json.dumps({"q": "China", "o": 0, "k": True}),
        json.dumps({"q": "China", "o": 0.0, "k": 3}),
        json.dumps({"q": "China", "o": "0", "k": 3}),
        json.dumps({"q": "China", "o": -1, "k": 3}),
        json.dumps({"q": ["China"], "o": 0, "k": 3}),
        json.dumps({"q": "China", "o": 0, "k": 3, "r": 5}),
        json.dumps({"q": "China", "o": 0, "k": 3, "b": False}),
        json.dumps(["China", 0, 3]),
        "[" * 5000 + "]" * 5000,
        "null",
        "",
    ],
)
def test_a_forged_or_loosely_typed_button_value_is_refused(value: str) -> None:
    with pytest.raises(QueryError):
        decode_state(value)


def test_what_encode_state_writes_reads_back() -> None:
    value = encode_state("who said China", 3, 3, request_id="r1", briefing_id="b/x")
    state = decode_state(value)
    assert (state.question, state.offset, state.k, state.request_id, state.briefing_id) == (
        "who said China", 3, 3, "r1", "b/x")
