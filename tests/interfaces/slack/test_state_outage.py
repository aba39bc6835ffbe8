"""The Slack app while the state store is unreachable: answers keep flowing, and it says so."""

from __future__ import annotations

import logging
import socket

import pytest

from briefbot.errors import StateError
from briefbot.interfaces.slack.state import SlackState
from briefbot.state import StateStore


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket closes


@pytest.fixture
def down() -> StateStore:
    url = f"postgresql+psycopg://briefbot:secret-pw@127.0.0.1:{_closed_port()}/briefbot"
    return StateStore(url, check=False)  # a server starts even so


def test_a_delivery_is_answered_and_the_possible_double_answer_is_logged(
    down: StateStore, caplog: pytest.LogCaptureFixture
):
    state = SlackState(down)
    with caplog.at_level(logging.WARNING):
        assert state.first_time("event:Ev1") is True
        assert state.first_time("event:Ev1") is True  # a retry: answered again, not dropped
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("may be answered twice" in w for w in warnings)
    assert not any("secret-pw" in w for w in warnings)  # the URL is logged without its password


def test_the_rate_limiter_raises_a_state_error_the_app_can_ignore(down: StateStore):
    with pytest.raises(StateError) as caught:
        SlackState(down).allow("U1", 5)
    assert "secret-pw" not in str(caught.value)


def test_an_unreachable_store_is_refused_where_a_person_asked_for_it():
    with pytest.raises(StateError, match="state store postgresql"):
        StateStore(f"postgresql+psycopg://briefbot@127.0.0.1:{_closed_port()}/briefbot")


def test_a_vote_during_an_outage_is_held_and_stored_when_the_store_is_back(down: StateStore):
    from briefbot.interfaces.feedback import HeldVotes
    from briefbot.models import Answer

    held = HeldVotes()
    answer = Answer(question="What did Kang say about Taiwan?", intent="search")
    fields = dict(request_id="r1", vote="bad", voter="U1", user_id="U1", channel_id="C1",
                  interface="slack")
    assert held.record(down, answer, **fields) is None and len(held) == 1
    assert held.flush(down) == 0 and len(held) == 1  # still down: kept
    back = StateStore()  # the database answers again
    assert held.flush(back) == 1 and len(held) == 0
    (vote,) = back.feedback()
    assert (vote.request_id, vote.voter, vote.vote, vote.question) == (
        "r1", "U1", "bad", "What did Kang say about Taiwan?")


def test_after_a_failed_connection_calls_fail_at_once_for_a_few_seconds(down: StateStore,
                                                                         monkeypatch):
    from briefbot.state import store as module

    attempts = []
    real = down._db
    monkeypatch.setattr(down, "_db", lambda: attempts.append(1) or real())
    down._down_until = 0.0  # as if the failed start-up were long ago
    with pytest.raises(StateError, match="connection"):
        down.allow("U1", 5)
    with pytest.raises(StateError, match="unreachable a moment ago"):
        down.allow("U1", 5)  # no second connection attempt: answers do not wait on it
    assert len(attempts) == 1
    monkeypatch.setattr(module, "RETRY_AFTER_SECONDS", 0.0)
    down._down_until = 0.0
    with pytest.raises(StateError, match="connection"):
        down.allow("U1", 5)
    assert len(attempts) == 2  # once the pause is over it tries again
