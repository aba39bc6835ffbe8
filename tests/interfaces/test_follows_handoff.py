"""Follows under gunicorn: the master finds the news at its swap, the workers it forks post it."""

from __future__ import annotations

import pytest
from test_follows import (
    ARCTIC,
    EDIT,
    OTHER_CHANNEL,
    _around,
    _engine,
    _follower,
    _text,
    make_follow_site,
)

from briefbot.errors import StateError
from briefbot.interfaces.follows import NewsHandoff
from briefbot.state import StateStore


@pytest.fixture
def follow_site(tmp_path):
    return make_follow_site(tmp_path)


def _fork_workers(handoff: NewsHandoff, store, settings, engine, posts, n: int = 2) -> None:
    """What each worker forked after a swap does: queue the master's news and run it."""
    for _ in range(n):
        worker = _follower(store, settings, posts)
        worker.queue(handoff.news())
        worker.catch_up(engine)


def test_news_found_by_the_master_is_posted_once_by_the_workers_it_forks(follow_site):
    knowledge, settings = follow_site
    store = StateStore()
    store.add_follow(channel=OTHER_CHANNEL, owner="U1", query="icebreaker")
    old, new = _around(knowledge, settings, "arctic.txt", ARCTIC)
    handoff = NewsHandoff(store)
    handoff.on_swap(old, new)
    posts: list = []
    _fork_workers(handoff, store, settings, new, posts)
    assert [channel for channel, _ in posts] == [OTHER_CHANNEL]
    assert "Lena Marsh" in _text(posts[0][1])

    (knowledge / "arctic.txt").write_text(EDIT, encoding="utf-8")
    edited = _engine(knowledge, settings)
    handoff.on_swap(new, edited)
    assert [n.briefing_id for n in handoff.news()] == ["arctic"]  # only the edit is news now
    _fork_workers(handoff, store, settings, edited, posts)
    assert len(posts) == 2 and "Coast Guard" in _text(posts[1][1])


def test_news_that_waits_for_the_store_is_handed_to_later_workers(follow_site, monkeypatch):
    knowledge, settings = follow_site
    store = StateStore()
    store.add_follow(channel=OTHER_CHANNEL, owner="U1", query="icebreaker")
    old, new = _around(knowledge, settings, "arctic.txt", ARCTIC)
    real = store.follows

    def unreachable(*args, **kwargs):
        raise StateError("state store postgresql://db/briefbot: connection refused")

    handoff = NewsHandoff(store)
    monkeypatch.setattr(store, "follows", unreachable)
    handoff.on_swap(old, new)
    posts: list = []
    _fork_workers(handoff, store, settings, new, posts)  # these workers cannot post
    assert posts == []

    handoff.on_swap(new, new)  # another swap, still unreachable: the news is kept
    monkeypatch.setattr(store, "follows", real)
    handoff.on_swap(new, new)  # reachable again, nothing new: the next workers get the news
    assert [n.briefing_id for n in handoff.news()] == ["arctic"]
    _fork_workers(handoff, store, settings, new, posts)
    assert len(posts) == 1

    handoff.on_swap(new, new)  # handed out with the store reachable: not handed again
    assert handoff.news() == []


def test_without_follows_the_master_compares_nothing():
    handoff = NewsHandoff(StateStore())
    handoff.on_swap(object(), object())  # no corpus to read: it was never looked at
    assert handoff.news() == []


def test_news_is_found_when_the_master_let_the_old_engine_go_first(follow_site):
    knowledge, settings = follow_site
    store = StateStore()
    store.add_follow(channel=OTHER_CHANNEL, owner="U1", query="icebreaker")
    old, new = _around(knowledge, settings, "arctic.txt", ARCTIC)
    handoff = NewsHandoff(store)
    handoff.release(old)
    del old  # what the master does: only the passages' identities are kept
    handoff.on_swap(None, new)
    posts: list = []
    _fork_workers(handoff, store, settings, new, posts)
    assert [channel for channel, _ in posts] == [OTHER_CHANNEL]
    handoff.release(new)  # the next reload brings nothing new
    handoff.on_swap(None, new)
    assert handoff.news() == []
