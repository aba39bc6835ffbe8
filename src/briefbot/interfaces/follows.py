"""Follows: a channel's standing question, run over each new or changed briefing.

``/brief follow <question or filters>`` (and the console's ``follow``)
stores a follow in the state store. When live reload swaps in a new index,
``Follower.on_swap(old, new)`` finds what is new — per briefing, the
passages whose identity (speaker + normalised text, ``state.passage_key``)
the old index did not have — and runs every follow over those passages
only, with the follow's own visibility: a channel follow sees what that
channel may see (never a user's wider access), a personal follow (made in
a DM) what its owner may see there. Each (follow, briefing version) yields
at most one digest: event line, the best new excerpts, More results.

**Exactly once across processes and hosts.** Every serving process swaps
its own engine, so every process of every host runs the follows. Which of
them posts is decided by the database alone: ``StateStore.claim_digest``
inserts one row per (follow, briefing, version) under a unique constraint
and records, in the same transaction, the passages the digest shows, so a
later edit of the briefing posts only passages no digest has shown. The
message is stored with the claim; if the claimant dies or Slack is down
before it is posted, ``catch_up`` in any process takes it over once its
lease has passed.

**Under gunicorn** the master swaps engines and forks fresh workers from
it (see ``interfaces/live.py``), so no worker sees a swap: the master's
:class:`NewsHandoff` finds what is new at each swap and every worker it
forks next queues that news and runs it (the database still decides who
posts).

**When the database is unreachable** the news stays in this process's
memory, a warning says how many briefings wait, and ``catch_up`` (called
every few seconds by the server, and on each swap) runs them when it is
back; the answer to any question is unaffected.

Running a follow over one briefing narrows its question with
``event:"<briefing id>"`` (the event filter matches a briefing's id), so
the engine's own intents, filters, scoring and access rules decide what
matches, and only the new passages' hits are kept.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..config import Settings
from ..errors import BriefbotError, StateError
from ..models import Answer, Briefing, Hit, Passage, Viewer
from ..render.digest import within_briefing
from ..state import Follow, StateStore, passage_key

__all__ = [
    "News", "Digest", "Follower", "NewsHandoff", "news_between", "news_since", "briefing_keys",
    "follow_viewer", "console_channel", "is_console_channel",
]

log = logging.getLogger(__name__)

# Hits asked for per follow and briefing: a digest shows a few, the count says how many matched.
_POOL = 50


class EngineLike(Protocol):
    """What follows need of ``briefbot.search.engine.Engine``."""

    @property
    def corpus(self) -> Any: ...

    def ask(
        self, question: str, viewer: Viewer | None = None, *, k: int | None = None,
        offset: int = 0,
    ) -> Answer: ...

    def visible(self, briefing: Briefing, viewer: Viewer | None) -> bool: ...


@dataclass(frozen=True)
class News:
    """What one briefing brought: its version, and the identities of its new passages."""

    briefing_id: str
    version: str
    keys: frozenset[str]


@dataclass(frozen=True)
class Digest:
    """One follow's digest of one briefing, ready for a renderer."""

    follow: Follow
    briefing: Briefing
    hits: tuple[Hit, ...]  # the ones to show, best first
    matched: int  # new passages that matched in all
    keys: tuple[str, ...] = ()  # identity of each hit's passage


def _key(passage: Passage) -> str:
    return passage_key(passage.speaker_id or passage.speaker_label, passage.text)


# An engine's passage identities, computed once per engine (every swap needs the old one's).
_KEYS: weakref.WeakKeyDictionary[Any, dict[str, dict[str, str]]] = weakref.WeakKeyDictionary()
_KEYS_LOCK = threading.Lock()


def briefing_keys(engine: EngineLike) -> dict[str, dict[str, str]]:
    """Per briefing id, each passage id's identity key."""
    try:
        with _KEYS_LOCK:
            found = _KEYS.get(engine)
    except TypeError:  # an engine that cannot be weakly referenced: computed each time
        found = None
    if found is not None:
        return found
    keys: dict[str, dict[str, str]] = {b.id: {} for b in engine.corpus.briefings}
    for passage in engine.corpus.passages:
        keys.setdefault(passage.briefing_id, {})[passage.id] = _key(passage)
    try:
        with _KEYS_LOCK:
            _KEYS[engine] = keys
    except TypeError:
        pass
    return keys


def news_between(old: EngineLike, new: EngineLike) -> list[News]:
    """The briefings of ``new`` with passages ``old`` did not have, and which ones."""
    return news_since(briefing_keys(old), new)


def news_since(before: dict[str, dict[str, str]], new: EngineLike) -> list[News]:
    """``news_between`` given the old engine's ``briefing_keys`` instead of the engine."""
    out: list[News] = []
    for briefing_id, passages in briefing_keys(new).items():
        known = set(before.get(briefing_id, {}).values())
        fresh = frozenset(k for k in passages.values() if k not in known)
        if not fresh:
            continue
        version = hashlib.blake2b(
            "\n".join(sorted(set(passages.values()))).encode(), digest_size=16
        ).hexdigest()
        out.append(News(briefing_id, version, fresh))
    return out


CONSOLE_PREFIX = "console:"


def console_channel(viewer: Viewer | None) -> str:
    """The channel id of a console's follows: never a Slack channel, so no server posts there."""
    user = viewer.user if viewer is not None and viewer.user else "-"
    return f"{CONSOLE_PREFIX}{user}"


def is_console_channel(channel: str) -> bool:
    """Whether a follow belongs to a console rather than to Slack."""
    return channel.startswith(CONSOLE_PREFIX)


def follow_viewer(follow: Follow) -> Viewer:
    """Whose eyes a follow sees with: the channel's alone, or its owner's in a DM."""
    if is_console_channel(follow.channel):  # as the console sees: its user, no channel
        user = follow.channel[len(CONSOLE_PREFIX):]
        return Viewer(channel=None, user=None if user == "-" else user)
    return Viewer(channel=follow.channel, user=follow.owner if follow.personal else None)


class Follower:
    """Runs the follows over news and posts digests; one per serving process or console.

    ``post(channel, message)`` delivers one stored message and returns
    True when it reached the channel. ``render(digest)`` builds that message
    (a ``{"text", "blocks"}`` dict for Slack, ``{"text"}`` for the console).
    ``channels`` picks the follows this process serves: Slack channels by
    default; a console serves its own ``console:`` channel only.
    """

    def __init__(
        self,
        store: StateStore,
        settings: Settings,
        *,
        render: Callable[[Digest], dict[str, Any]],
        post: Callable[[str, dict[str, Any]], bool],
        channels: Callable[[str], bool] = lambda channel: not is_console_channel(channel),
    ) -> None:
        self.store = store
        self.channels = channels
        self.settings = settings
        self.render = render
        self.post = post
        self._pending: dict[str, News] = {}
        self._pending_lock = threading.Lock()  # this process's own queue, not shared state
        self._run_lock = threading.Lock()
        self.outage = False

    # -- what is new ------------------------------------------------------------------

    def on_swap(self, old: EngineLike | None, new: EngineLike | None) -> None:
        """The hook live reload calls after a swap: queue what is new, then run the follows."""
        if old is None or new is None:
            return
        try:
            if not any(self.channels(f.channel) for f in self.store.follows()):
                return  # nothing to run: spare every process the comparison
        except StateError:
            pass  # the store is down: keep the news, the follows may exist
        try:
            news = news_between(old, new)
        except Exception:  # a follow must never break a reload
            log.exception("follows: could not compare the old and new index")
            return
        if news:
            log.info("follows: %d briefing(s) with new passages", len(news))
            self.queue(news)
        self.catch_up(new)

    def queue(self, news: Iterable[News]) -> None:
        """Add news to this process's queue (a newer version of a briefing joins the older)."""
        with self._pending_lock:
            for item in news:
                earlier = self._pending.get(item.briefing_id)
                if earlier is not None:
                    item = News(item.briefing_id, item.version, earlier.keys | item.keys)
                self._pending[item.briefing_id] = item

    @property
    def pending(self) -> int:
        """Briefings whose news has not been run against the follows yet."""
        with self._pending_lock:
            return len(self._pending)

    # -- running ------------------------------------------------------------------------

    def catch_up(self, engine: EngineLike | None) -> int:
        """Run queued news and post digests nobody posted; digests posted by this call.

        Never raises. While the store is unreachable the news stays queued.
        """
        if engine is None:
            return 0
        with self._run_lock:  # one run at a time in this process; the database decides the rest
            try:
                posted = self._run(engine)
                posted += self._post_unposted()
            except StateError as exc:
                if not self.outage:
                    log.warning(
                        "follows: state store unreachable (%s); %d briefing(s) wait and "
                        "will be posted when it is back", exc, self.pending,
                    )
                self.outage = True
                return 0
            except Exception:
                log.exception("follows: run failed")
                return 0
            if self.outage:
                log.warning("follows: state store reachable again; caught up")
            self.outage = False
            return posted

    def _run(self, engine: EngineLike) -> int:
        with self._pending_lock:
            queued = list(self._pending.values())
        if not queued:
            return 0
        follows = [f for f in self.store.follows() if self.channels(f.channel)]
        briefings = {b.id: b for b in engine.corpus.briefings}
        keys = briefing_keys(engine)
        posted = 0
        for news in queued:
            briefing = briefings.get(news.briefing_id)
            for follow in follows if briefing is not None else ():
                digest = self.digest(engine, follow, briefing, news, keys[news.briefing_id])
                if digest is not None and self._deliver(follow, digest, news):
                    posted += 1
            with self._pending_lock:
                if self._pending.get(news.briefing_id) == news:
                    del self._pending[news.briefing_id]
        return posted

    def digest(
        self,
        engine: EngineLike,
        follow: Follow,
        briefing: Briefing,
        news: News,
        keys: dict[str, str],
    ) -> Digest | None:
        """The follow's new matches in one briefing, as its viewer may see them; None if none."""
        viewer = follow_viewer(follow)
        if not engine.visible(briefing, viewer):
            return None  # a restricted briefing this channel may not see: not even its title
        try:
            answer = engine.ask(within_briefing(follow.query, briefing), viewer, k=_POOL)
        except BriefbotError as exc:
            log.info("follow #%d not run: %s", follow.id, exc)
            return None
        if answer.no_match:
            return None
        # A shown passage may join two of a turn; it is new when its first one is.
        found = [
            (keys[h.passage.id], h) for h in answer.hits
            if h.briefing.id == briefing.id and keys.get(h.passage.id) in news.keys
        ]
        if not found:
            return None
        return Digest(
            follow, briefing, tuple(h for _, h in found), len(found), tuple(k for k, _ in found)
        )

    def _deliver(self, follow: Follow, digest: Digest, news: News) -> bool:
        by_key: dict[str, Hit] = {}
        for key, hit in zip(digest.keys, digest.hits, strict=True):
            by_key.setdefault(key, hit)

        def render(fresh: frozenset[str]) -> dict[str, Any] | None:
            shown = tuple(h for k, h in by_key.items() if k in fresh)
            if not shown:
                return None
            limit = self.settings.state.follow_results
            keys = tuple(k for k in by_key if k in fresh)
            return self.render(
                Digest(follow, digest.briefing, shown[:limit], len(shown), keys[:limit])
            )

        claim = self.store.claim_digest(
            follow_id=follow.id, briefing_id=digest.briefing.id, version=news.version,
            passage_keys=list(by_key), render=render,
        )
        if claim is None or claim.message is None:
            return False  # another process has it, or nothing it shows is new to this follow
        if self.post(follow.channel, claim.message):
            self.store.mark_posted(claim.id)
            return True
        log.warning("follow #%d: digest %d not delivered; it will be retried", follow.id, claim.id)
        return False

    def _post_unposted(self) -> int:
        posted = 0
        for pending in self.store.take_unposted(channels=self.channels):
            if self.post(pending.channel, pending.message):
                self.store.mark_posted(pending.id)
                posted += 1
        return posted


class NewsHandoff:
    """What the gunicorn master found new at its swaps, for the workers it forks next.

    ``on_swap`` is the master's swap hook; each new worker queues ``news()``
    in its own :class:`Follower` and runs it. News is handed to one
    generation of workers when the store was reachable at the swap (the
    workers run it as they start); while the store is unreachable it is
    kept and handed to every later generation too, so news that waits for
    the database is not lost when the workers that held it are replaced.
    Running news twice posts nothing twice: claims are unique per follow,
    briefing and version.
    """

    def __init__(
        self,
        store: StateStore,
        *,
        channels: Callable[[str], bool] = lambda channel: not is_console_channel(channel),
    ) -> None:
        self.store = store
        self.channels = channels
        self._news: dict[str, News] = {}
        self._handed_reachable = False  # the current news went out with the store reachable
        self._before: dict[str, dict[str, str]] | None = None  # what the released engine held
        self._released_reachable = False

    def _follows(self) -> tuple[bool, bool]:
        """(whether follows may exist, whether the store answered)."""
        try:
            return any(self.channels(f.channel) for f in self.store.follows()), True
        except StateError:
            return True, False  # the follows may exist: keep the news

    def release(self, old: EngineLike) -> None:
        """Keep what ``old`` held (its passages' identities), as the master lets it go.

        The master lets its engine go before it loads the next one (see
        ``interfaces/live.py``); ``on_swap(None, new)`` then compares with this.
        """
        self._before = None
        follows, self._released_reachable = self._follows()
        if follows:
            try:
                self._before = briefing_keys(old)
            except Exception:  # a follow must never break a reload
                log.exception("follows: could not read the old index")

    def on_swap(self, old: EngineLike | None, new: EngineLike | None) -> None:
        """Find what ``new`` has that ``old`` had not, for the next workers (never raises).

        ``old`` None: compare with what ``release`` kept, if anything.
        """
        before, self._before = self._before, None
        if new is None:
            return
        if self._handed_reachable:
            self._news = {}  # the previous workers ran it as they started
        if old is None and before is None:  # released when no follow existed: nothing to run
            self._handed_reachable = self._released_reachable
            return
        follows, reachable = self._follows()
        if follows:
            try:
                news = news_since(briefing_keys(old) if old is not None else before, new)
            except Exception:  # a follow must never break a reload
                log.exception("follows: could not compare the old and new index")
                news = []
            for item in news:
                earlier = self._news.get(item.briefing_id)
                if earlier is not None:
                    item = News(item.briefing_id, item.version, earlier.keys | item.keys)
                self._news[item.briefing_id] = item
            if news:
                log.info("follows: %d briefing(s) with new passages", len(news))
        self._handed_reachable = reachable

    def news(self) -> list[News]:
        """The news a worker forked now should run."""
        return list(self._news.values())


def describe(follows: Sequence[Follow]) -> list[str]:
    """'#3 sanctions speaker:brennan (by <owner>)' lines for a list of follows."""
    return [f"#{f.id} {f.query}" for f in follows]
