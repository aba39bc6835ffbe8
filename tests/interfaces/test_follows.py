"""Follows over real engines: new passages only, the channel's visibility, once per briefing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefbot.config import load_settings
from briefbot.interfaces.follows import Follower, news_between
from briefbot.render.digest import digest_slack
from briefbot.search.engine import Engine
from briefbot.state import StateStore

REPO = Path(__file__).resolve().parents[2]
MEMBERS_CHANNEL = "CMEMBERS01"
OTHER_CHANNEL = "CGENERAL01"

ARCTIC = """Harbor Security Forum Roundtable - Polar Logistics

April 9, 2024

Related Categories: Arctic; Infrastructure

On April 9th, the Harbor Security Forum hosted a roundtable on polar logistics. The session was \
moderated by Paul Hendry. The event featured remarks by Dr. Lena Marsh. A summary follows:

Icebreakers

Dr. Lena Marsh

Icebreaker capacity shortfalls leave the northern sea route to others. The fleet is aging and \
no new hulls are funded this decade.

Participant Bios:

Dr. Lena Marsh

Director, Polar Program

Mr. Paul Hendry

Fellow, Harbor Security Forum
"""

# The edit adds a section above the first one: every old passage moves down.
EDIT = ARCTIC.replace(
    "Icebreakers\n\nDr. Lena Marsh",
    "Funding\n\nDr. Lena Marsh\n\nIcebreaker funding would let the Coast Guard enforce "
    "sanctions in the Bering Strait year round.\n\nIcebreakers\n\nDr. Lena Marsh",
)

CLOSED = """Harbor Security Forum Closed Session - Lithium Stockpiles

March 1, 2024

Related Categories: Strategic Materials

On March 1st, the Harbor Security Forum held a closed session. The session was moderated by \
Paul Hendry. The event featured remarks by Mr. Tomas Reyes. A summary follows:

Stockpiles

Mr. Tomas Reyes

Icebreaker escorts carried the lithium stockpile north; it quietly doubled last winter \
according to warehouse manifests.

Participant Bios:

Mr. Tomas Reyes

Analyst, Strategic Materials Desk
"""

CONFIG = f"""
[access.members]
channels = ["{MEMBERS_CHANNEL}"]

[[access_paths]]
pattern = "members/**"
label = "members"
"""


@pytest.fixture
def site(tmp_path: Path):
    knowledge = tmp_path / "knowledge"
    (knowledge / "members").mkdir(parents=True)
    for seed in (REPO / "knowledge").glob("*.txt"):
        shutil.copy(seed, knowledge / seed.name)
    (tmp_path / "briefbot.toml").write_text(CONFIG, encoding="utf-8")
    settings = load_settings(tmp_path / "briefbot.toml", environ={})
    return knowledge, settings


def _engine(knowledge: Path, settings) -> Engine:
    return Engine.open(knowledge, settings, rebuild=True)


def _follower(store: StateStore, settings, posts: list):
    def render(digest):
        return digest_slack(
            digest.briefing, digest.hits, question=digest.follow.query,
            follow_id=digest.follow.id, matched=digest.matched,
        ).payload()

    def post(channel, message):
        posts.append((channel, message))
        return True

    return Follower(store, settings, render=render, post=post)


def _text(message) -> str:
    return json.dumps(message["blocks"], ensure_ascii=False)


def test_a_new_briefing_posts_one_digest_per_matching_follow(site):
    knowledge, settings = site
    store = StateStore()
    icebreakers = store.add_follow(channel=OTHER_CHANNEL, owner="U1", query="icebreaker capacity")
    store.add_follow(channel=OTHER_CHANNEL, owner="U1", query="speaker:berman sanctions")
    old = _engine(knowledge, settings)
    (knowledge / "arctic.txt").write_text(ARCTIC, encoding="utf-8")
    new = _engine(knowledge, settings)
    posts: list = []
    follower = _follower(store, settings, posts)
    follower.on_swap(old, new)
    assert [channel for channel, _ in posts] == [OTHER_CHANNEL]  # Berman said nothing new
    text = _text(posts[0][1])
    assert "Polar Logistics" in text and "Lena Marsh" in text and "April 9, 2024" in text
    assert f"follow #{icebreakers.id}" in text
    follower.on_swap(old, new)  # the same swap seen again (another worker): nothing more
    assert len(posts) == 1


def test_an_edit_posts_only_the_new_passage(site):
    knowledge, settings = site
    store = StateStore()
    store.add_follow(channel=OTHER_CHANNEL, owner="U1", query="icebreaker")
    first = _engine(knowledge, settings)
    (knowledge / "arctic.txt").write_text(ARCTIC, encoding="utf-8")
    second = _engine(knowledge, settings)
    posts: list = []
    follower = _follower(store, settings, posts)
    follower.on_swap(first, second)
    (knowledge / "arctic.txt").write_text(EDIT, encoding="utf-8")
    third = _engine(knowledge, settings)
    follower.on_swap(second, third)
    assert len(posts) == 2
    edit = _text(posts[1][1])
    assert "Coast Guard" in edit and "Lena Marsh" in edit
    assert "capacity shortfalls" not in edit  # posted before, moved since: not again


def test_a_channel_follow_never_posts_restricted_text_it_may_not_see(site):
    knowledge, settings = site
    store = StateStore()
    outside = store.add_follow(channel=OTHER_CHANNEL, owner="UMEMBER01", query="icebreaker")
    inside = store.add_follow(channel=MEMBERS_CHANNEL, owner="U2", query="icebreaker")
    old = _engine(knowledge, settings)
    (knowledge / "members" / "closed.txt").write_text(CLOSED, encoding="utf-8")
    new = _engine(knowledge, settings)
    posts: list = []
    _follower(store, settings, posts).on_swap(old, new)
    assert [channel for channel, _ in posts] == [MEMBERS_CHANNEL]
    assert "Lithium" in _text(posts[0][1])
    assert store.digests(outside.id) == [] and len(store.digests(inside.id)) == 1


def test_news_is_by_identity_not_position(site):
    knowledge, settings = site
    (knowledge / "arctic.txt").write_text(ARCTIC, encoding="utf-8")
    before = _engine(knowledge, settings)
    # The same passages under a new title and with blank lines moved: nothing new to say.
    (knowledge / "arctic.txt").write_text(
        ARCTIC.replace("Polar Logistics", "Polar Logistics (revised)"), encoding="utf-8"
    )
    after = _engine(knowledge, settings)
    assert news_between(before, after) == []


def test_follows_wait_for_the_store_and_catch_up(site, monkeypatch):
    from briefbot.errors import StateError

    knowledge, settings = site
    store = StateStore()
    store.add_follow(channel=OTHER_CHANNEL, owner="U1", query="icebreaker")
    old = _engine(knowledge, settings)
    (knowledge / "arctic.txt").write_text(ARCTIC, encoding="utf-8")
    new = _engine(knowledge, settings)
    posts: list = []
    follower = _follower(store, settings, posts)
    real = store.follows

    def unreachable(*args, **kwargs):
        raise StateError("state store postgresql://db/briefbot: connection refused")

    monkeypatch.setattr(store, "follows", unreachable)
    follower.on_swap(old, new)
    assert posts == [] and follower.outage and follower.pending == 1
    monkeypatch.setattr(store, "follows", real)
    assert follower.catch_up(new) == 1
    assert len(posts) == 1 and not follower.outage and follower.pending == 0
