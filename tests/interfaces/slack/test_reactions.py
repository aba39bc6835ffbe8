"""A 👀 left by an answer that never finished is swept off the asker's message (issue 14)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_sdk import WebClient
from slack_standin import BOT_TOKEN, SlackStandIn

from briefbot.interfaces.slack import reactions
from briefbot.interfaces.slack.delivery import working_reaction


@pytest.fixture
def tracked(tmp_path: Path) -> Iterator[reactions.PendingReactions]:
    pending = reactions.track(tmp_path / "pending.sqlite3")
    assert pending is not None
    yield pending
    reactions.track(None)


def _client(standin: SlackStandIn) -> WebClient:
    return WebClient(token=BOT_TOKEN, base_url=standin.api_url)


def _removed(standin: SlackStandIn) -> list[str]:
    return [c.body.get("timestamp") for c in standin.find("api", "reactions.remove")]


def test_a_finished_answer_leaves_nothing_listed(standin, tracked) -> None:
    with working_reaction(_client(standin), "C1", "1.000001"):
        assert tracked.older_than(-1) == [("C1", "1.000001", "eyes")]
    assert tracked.older_than(-1) == []
    assert _removed(standin) == ["1.000001"]


def test_an_answer_killed_midway_leaves_eyes_that_the_sweep_removes(standin, tracked) -> None:
    client = _client(standin)
    dying = working_reaction(client, "C1", "2.000002")
    dying.__enter__()  # the worker dies here: its ``finally`` never runs
    assert [c.name for c in standin.find("api")] == ["reactions.add"]
    assert reactions.sweep(client, older_than=60) == 0  # too recent: may still be answering
    assert reactions.sweep(client, older_than=0) == 1
    assert _removed(standin) == ["2.000002"]
    assert tracked.older_than(-1) == []
    assert reactions.sweep(client, older_than=0) == 0
    del dying


def test_without_tracking_nothing_is_recorded(standin, tmp_path) -> None:
    reactions.track(None)
    with working_reaction(_client(standin), "C1", "3.000003"):
        pass
    assert reactions.sweep(_client(standin), older_than=0) == 0
