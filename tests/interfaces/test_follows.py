"""Follows over real engines: new passages only, the channel's visibility, once per briefing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefbot.config import Settings, load_settings
from briefbot.interfaces.follows import Follower, news_between
from briefbot.render.digest import digest_slack
from briefbot.search.engine import Engine
from briefbot.state import StateStore

REPO = Path(__file__).resolve().parents[2]
MEMBERS_CHANNEL = "CMEMBERS01"
OTHER_CHANNEL = "CGENERAL01"

DATA = REPO / "tests" / "data" / "follows"
ARCTIC = (DATA / "arctic.txt").read_text(encoding="utf-8")
CLOSED = (DATA / "members" / "closed.txt").read_text(encoding="utf-8")

# The edit adds a section above the first one: every old passage moves down.
EDIT = ARCTIC.replace(
    "Icebreakers\n\nDr. Lena Marsh",
    "Funding\n\nDr. Lena Marsh\n\nIcebreaker funding would let the Coast Guard enforce "
    "sanctions in the Bering Strait year round.\n\nIcebreakers\n\nDr. Lena Marsh",
)

_CONFIG = """
[server]
reload_interval = 0.2

[access.members]
channels = ["CMEMBERS01"]
users = ["UMEMBER001"]

[[access_paths]]
pattern = "members/**"
label = "members"
"""


def make_follow_site(tmp_path: Path) -> tuple[Path, Settings]:
    """(knowledge folder, settings): the shipped briefings; members/** only for CMEMBERS01."""
    knowledge = tmp_path / "knowledge"
    (knowledge / "members").mkdir(parents=True)
    for seed in (REPO / "knowledge").glob("*.txt"):
        shutil.copy(seed, knowledge / seed.name)
    (tmp_path / "briefbot.toml").write_text(_CONFIG, encoding="utf-8")
    return knowledge, load_settings(tmp_path / "briefbot.toml", environ={})


@pytest.fixture
def follow_site(tmp_path: Path) -> tuple[Path, Settings]:
    """A knowledge folder and settings for one test (``make_follow_site``)."""
    return make_follow_site(tmp_path)


def _engine(knowledge: Path, settings) -> Engine:
    return Engine.open(knowledge, settings, rebuild=True)


def _around(knowledge: Path, settings, name: str, text: str) -> tuple[Engine, Engine]:
    """Engines over the folder just before and just after ``name`` is written with ``text``."""
    before = _engine(knowledge, settings)
    (knowledge / name).write_text(text, encoding="utf-8")
    return before, _engine(knowledge, settings)


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


def test_a_new_briefing_posts_one_digest_per_matching_follow(follow_site):
    knowledge, settings = follow_site
    store = StateStore()
    icebreakers = store.add_follow(channel=OTHER_CHANNEL, owner="U1", query="icebreaker capacity")
    store.add_follow(channel=OTHER_CHANNEL, owner="U1", query="speaker:berman sanctions")
    old, new = _around(knowledge, settings, "arctic.txt", ARCTIC)
    posts: list = []
    follower = _follower(store, settings, posts)
    follower.on_swap(old, new)
    assert [channel for channel, _ in posts] == [OTHER_CHANNEL]  # Berman said nothing new
    text = _text(posts[0][1])
    assert "Polar Logistics" in text and "Lena Marsh" in text and "April 9, 2024" in text
    assert f"follow #{icebreakers.id}" in text
    [button] = [e for b in posts[0][1]["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert button["text"]["text"] == "More results"
    assert json.loads(button["value"])["q"] == 'icebreaker capacity event:"arctic"'
    follower.on_swap(old, new)  # the same swap seen again (another worker): nothing more
    assert len(posts) == 1


def test_an_edit_posts_only_the_new_passage(follow_site):
    knowledge, settings = follow_site
    store = StateStore()
    store.add_follow(channel=OTHER_CHANNEL, owner="U1", query="icebreaker")
    first, second = _around(knowledge, settings, "arctic.txt", ARCTIC)
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


def test_a_channel_follow_never_posts_restricted_text_it_may_not_see(follow_site):
    knowledge, settings = follow_site
    store = StateStore()
    outside = store.add_follow(channel=OTHER_CHANNEL, owner="UMEMBER01", query="icebreaker")
    inside = store.add_follow(channel=MEMBERS_CHANNEL, owner="U2", query="icebreaker")
    old, new = _around(knowledge, settings, "members/closed.txt", CLOSED)
    posts: list = []
    _follower(store, settings, posts).on_swap(old, new)
    assert [channel for channel, _ in posts] == [MEMBERS_CHANNEL]
    assert "Lithium" in _text(posts[0][1])
    assert store.digests(outside.id) == [] and len(store.digests(inside.id)) == 1


def test_a_personal_follow_in_a_dm_sees_what_its_owner_may_see(follow_site):
    knowledge, settings = follow_site
    store = StateStore()
    # The same member follows the same words in a DM and in an ordinary channel.
    personal = store.add_follow(channel="DMEMBER01", owner="UMEMBER001", query="lithium",
                                personal=True)
    channel = store.add_follow(channel=OTHER_CHANNEL, owner="UMEMBER001", query="lithium")
    old, new = _around(knowledge, settings, "members/closed.txt", CLOSED)
    posts: list = []
    _follower(store, settings, posts).on_swap(old, new)
    assert [c for c, _ in posts] == ["DMEMBER01"] and "Lithium" in _text(posts[0][1])
    assert len(store.digests(personal.id)) == 1 and store.digests(channel.id) == []


def test_slash_follow_in_a_dm_is_personal_and_a_bad_filter_is_refused(follow_site):
    from briefbot.interfaces.slack.following import follow_reply

    knowledge, settings = follow_site
    engine = _engine(knowledge, settings)

    class Asking:  # the part of Answering the follow commands use
        store = StateStore()

        def ask(self, question, viewer, *, k=None, offset=0):
            return engine.ask(question, viewer, k=k, offset=offset)

        def help_text(self, viewer):
            return "help"

    answering = Asking()
    dm = follow_reply(answering, "follow lithium stockpile", user="UMEMBER001",
                      channel="DMEMBER01", channel_name="directmessage")
    assert "with what you may see" in dm.text
    (follow,) = answering.store.follows("DMEMBER01")
    assert follow.personal and follow.owner == "UMEMBER001"
    refused = follow_reply(answering, "follow sanctions after:someday", user="U2",
                           channel=OTHER_CHANNEL)
    assert answering.store.follows(OTHER_CHANNEL) == [] and "after" in refused.text
    listed = follow_reply(answering, "following", user="U2", channel="DMEMBER01")
    assert f"#{follow.id}" in listed.text and "lithium stockpile" in listed.text
    assert follow_reply(answering, "what did Berman say", user="U2", channel="C1") is None
    assert follow_reply(answering, "following up on sanctions", user="U2", channel="C1") is None


def test_news_is_by_identity_not_position(follow_site):
    knowledge, settings = follow_site
    (knowledge / "arctic.txt").write_text(ARCTIC, encoding="utf-8")
    before = _engine(knowledge, settings)
    # The same passages under a new title and with blank lines moved: nothing new to say.
    (knowledge / "arctic.txt").write_text(
        ARCTIC.replace("Polar Logistics", "Polar Logistics (revised)"), encoding="utf-8"
    )
    after = _engine(knowledge, settings)
    assert news_between(before, after) == []


def test_follows_wait_for_the_store_and_catch_up(follow_site, monkeypatch):
    from briefbot.errors import StateError

    knowledge, settings = follow_site
    store = StateStore()
    store.add_follow(channel=OTHER_CHANNEL, owner="U1", query="icebreaker")
    old, new = _around(knowledge, settings, "arctic.txt", ARCTIC)
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


def test_without_follows_a_swap_compares_nothing():
    from briefbot.config import Settings

    follower = Follower(StateStore(), Settings(), render=dict, post=lambda c, m: True)
    follower.on_swap(object(), object())  # no corpus to read: it was never looked at
    assert follower.pending == 0
