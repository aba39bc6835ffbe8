"""The state store shared by several processes and hosts, on SQLite and on PostgreSQL.

Each "host" here is a separate process with its own ``StateStore`` built
from the URL alone, as a second machine would: the database is the only
thing they share. Every rule is checked by racing processes at it.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefbot.state import StateStore
from briefbot.state.store import SCHEMA_VERSION

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store's URL: an SQLite file, or a database on the private PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def opened() -> Iterator[Callable[..., StateStore]]:
    """Open stores (each one a "host") that are closed when the test ends."""
    stores: list[StateStore] = []

    def open_store(url: str, **options) -> StateStore:
        stores.append(StateStore(url, **options))
        return stores[-1]

    yield open_store
    for store in stores:
        store.close()


def _race(target, url: str, processes: int, *args, prepare: bool = True) -> list:
    """Run ``target(store, n, *args)`` in ``processes`` processes started together; their results.

    ``prepare``: create the schema first, as serve does before it forks.
    """
    if prepare:
        StateStore(url).close()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    start = context.Event()
    workers = [
        context.Process(target=_run, args=(target, url, n, start, results, *args))
        for n in range(processes)
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    return [results.get(timeout=5) for _ in workers]


def _run(target, url, n, start, results, *args) -> None:
    store = StateStore(url)
    start.wait(10)
    try:
        results.put(target(store, n, *args))
    finally:
        store.close()


def _take_deliveries(store: StateStore, n: int) -> list[str]:
    won = []
    for event in range(30):
        # Slack's original and its retry carry the same event id; each host sees both.
        if store.first_delivery([f"event:Ev{event}", f"trigger:{event}"]):
            won.append(f"Ev{event}")
    return won


def test_each_delivery_is_taken_by_exactly_one_host(url: str, opened):
    taken = _race(_take_deliveries, url, 4)
    everyone = [event for won in taken for event in won]
    assert sorted(everyone) == sorted(f"Ev{n}" for n in range(30))  # each once, none lost


def _ask(store: StateStore, n: int) -> int:
    return sum(store.allow("UHEAVY", limit=5, window=60) == 0.0 for _ in range(5))


def test_a_users_rate_limit_holds_across_hosts(url: str, opened):
    allowed = _race(_ask, url, 4)
    assert sum(allowed) == 5  # 20 questions at once from one user on 4 hosts: 5 answered
    assert opened(url).allow("UOTHER", limit=5) == 0.0  # someone else is not held back


def _claim(store: StateStore, n: int, follow_id: int) -> bool:
    claim = store.claim_digest(
        follow_id=follow_id, briefing_id="arctic", version="v1", passage_keys=["p1", "p2"],
        render=lambda keys: {"text": f"from {n}", "blocks": []},
    )
    return claim is not None


def test_a_digest_is_claimed_once_when_hosts_notice_together(url: str, opened):
    follow = opened(url).add_follow(channel="C1", owner="U1", query="icebreakers")
    claims = _race(_claim, url, 6, follow.id)
    assert sum(claims) == 1
    (digest,) = opened(url).digests(follow.id)
    assert digest["message"] is not None and digest["posted_at"] is None


def test_an_edited_briefing_posts_only_new_passages(url: str, opened):
    store = opened(url)
    follow = store.add_follow(channel="C1", owner="U1", query="icebreakers")
    shown: list[frozenset[str]] = []

    def render(keys):
        shown.append(keys)
        return {"text": "digest", "blocks": []}

    first = store.claim_digest(follow_id=follow.id, briefing_id="arctic", version="v1",
                               passage_keys=["p1", "p2"], render=render)
    store.mark_posted(first.id)
    # The edit keeps p1 and p2 (moved, perhaps) and adds p3: only p3 is news.
    second = store.claim_digest(follow_id=follow.id, briefing_id="arctic", version="v2",
                                passage_keys=["p2", "p1", "p3"], render=render)
    # An edit that only moves passages has nothing to post.
    third = store.claim_digest(follow_id=follow.id, briefing_id="arctic", version="v3",
                               passage_keys=["p3", "p1"], render=render)
    assert shown == [frozenset({"p1", "p2"}), frozenset({"p3"})]
    assert second.passage_keys == {"p3"} and third.message is None


def test_unposted_digests_are_taken_over_once_after_the_lease(url: str, opened):
    now = [1000.0]
    store = opened(url, clock=lambda: now[0])
    other_host = opened(url, clock=lambda: now[0])
    follow = store.add_follow(channel="C1", owner="U1", query="icebreakers")
    claim = store.claim_digest(follow_id=follow.id, briefing_id="arctic", version="v1",
                               passage_keys=["p1"], render=lambda k: {"text": "t", "blocks": []})
    assert other_host.take_unposted(lease=120) == []  # the claimant may still be posting
    now[0] += 121  # ... but it died before it could
    (pending,) = other_host.take_unposted(lease=120)
    assert pending.id == claim.id and pending.channel == "C1" and pending.message["text"] == "t"
    assert store.take_unposted(lease=120) == []  # taken over by one host only
    other_host.mark_posted(pending.id)
    now[0] += 1000
    assert store.take_unposted(lease=120) == []


def test_follows_listed_per_channel_and_unfollowed(url: str, opened):
    store = opened(url)
    first = store.add_follow(channel="C1", owner="U1", query='org:"Atlas Forum"')
    store.add_follow(channel="C2", owner="U2", query="sanctions speaker:brennan")
    assert [f.query for f in store.follows("C1")] == ['org:"Atlas Forum"']
    assert store.remove_follow("C2", first.id) is None  # another channel's follow stays
    assert store.remove_follow("C1", first.id) == first
    assert store.follows("C1") == [] and len(store.follows()) == 1


def _open(store: StateStore, n: int) -> int:
    return store.version()


def test_hosts_starting_together_upgrade_once(url: str, opened):
    # Every process finds an empty database and upgrades it at the same moment.
    assert set(_race(_open, url, 4, prepare=False)) == {SCHEMA_VERSION}
    assert opened(url).version() == SCHEMA_VERSION


def test_context_is_shared_between_hosts(url: str, opened):
    opened(url).remember_context("U1", "1700000000.1", {"speaker": "Kang"}, 60)
    assert opened(url).recall_context("U1", "1700000000.1") == {"speaker": "Kang"}
