"""Follows in the console: ``follow <question>``, ``following``, ``unfollow <n>``.

A console's follows live in the same state store as Slack's, under a
channel id of their own (``console:<user>``, see ``follows.console_channel``)
that no Slack server posts to, and they see what the console's user sees
(public briefings, plus ``--user``'s own access). While the console runs,
a live-reload thread watches ``knowledge/``; when a briefing is added or
changed, each console follow's digest is printed (``render.digest``),
exactly as a channel would get it in Slack.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import BriefbotError, QueryError, StateError
from ..models import Viewer
from ..render.digest import digest_text
from ..state import MAX_FOLLOW_CHARS, StateStore
from .follows import Digest, Follower, console_channel

__all__ = ["ConsoleFollows", "EngineBox", "FOLLOW_COMMANDS"]

log = logging.getLogger(__name__)

FOLLOW_COMMANDS = ("follow", "following", "unfollow")
_USAGE = (
    "follow <question or filters>  e.g. follow sanctions speaker:berman\n"
    "following                     lists your follows\n"
    "unfollow <number>             stops one"
)


class EngineBox:
    """The console's current engine, which live reload may swap (the reloader's ``Holder``)."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine

    @property
    def loaded(self) -> bool:
        """True while an engine is held."""
        return self._engine is not None

    def __call__(self) -> Any:
        return self._engine

    def swap(self, engine: Any) -> None:
        """Hold ``engine`` from now on."""
        self._engine = engine


class ConsoleFollows:
    """The console's follow commands and the watcher that prints digests."""

    def __init__(
        self,
        store: Callable[[], StateStore],
        settings: Settings,
        viewer: Viewer | None,
        write: Callable[[str], Any] = print,
    ) -> None:
        self._open_store = store
        self._store: StateStore | None = None
        self._lock = threading.RLock()  # the prompt and the start-up check share the store
        self.settings = settings
        self.viewer = viewer
        self.channel = console_channel(viewer)
        self.write = write
        self.follower: Follower | None = None
        self.reloader: Any = None

    @property
    def store(self) -> StateStore:
        """The state store, opened on first use."""
        with self._lock:
            if self._store is None:
                self._store = self._open_store()
            return self._store

    def command(self, line: str, engine: Any) -> str | None:
        """The reply to a follow command, or None when ``line`` is not one."""
        verb, _, rest = line.strip().partition(" ")
        verb, rest = verb.lower(), rest.strip()
        if verb not in FOLLOW_COMMANDS or (verb == "following" and rest):
            return None  # "following up on ..." is a question
        try:
            if verb == "follow":
                return self._follow(rest, engine)
            if verb == "following":
                follows = self.store.follows(self.channel)
                if not follows:
                    return "Nothing is followed yet.\n" + _USAGE
                return "\n".join(f"#{f.id} {f.query}" for f in follows)
            number = rest.lstrip("#")
            if not number.isdigit():
                return "Say which follow to stop by its number, e.g. 'unfollow 3'."
            removed = self.store.remove_follow(self.channel, int(number))
            if removed is None:
                return f"There is no follow #{int(number)}; 'following' lists yours."
            return f"Stopped following #{removed.id} “{removed.query}”."
        except (StateError, OSError) as exc:
            log.warning("console follow command: %s", exc)
            return "The state store is unreachable right now; follows cannot be changed."

    def _follow(self, question: str, engine: Any) -> str:
        if not question or question.lower() == "help":
            return _USAGE
        if len(question) > MAX_FOLLOW_CHARS:
            return f"A follow is at most {MAX_FOLLOW_CHARS:,} characters."
        try:
            engine.ask(question, self.viewer, k=1)
        except QueryError as exc:
            return f"Sorry: {exc}"
        except BriefbotError as exc:
            return f"I could not follow that: {exc}"
        follow = self.store.add_follow(
            channel=self.channel, owner=(self.viewer.user if self.viewer else None) or "console",
            query=question, personal=False,
        )
        self.watching()
        return (
            f"Following #{follow.id} “{follow.query}”: while this console runs, new or "
            "changed briefings that match are printed here."
        )

    # -- watching knowledge/ --------------------------------------------------------

    def follower_for(self) -> Follower:
        """The follower that prints this console's digests."""
        if self.follower is None:

            def render(digest: Digest) -> dict[str, Any]:
                return {"text": digest_text(
                    digest.briefing, digest.hits, question=digest.follow.query,
                    follow_id=digest.follow.id, matched=digest.matched,
                )}

            def post(channel: str, message: dict[str, Any]) -> bool:
                self.write("\n" + message["text"] + "\n")
                return True

            self.follower = Follower(
                self.store, self.settings, render=render, post=post,
                channels=lambda channel: channel == self.channel,
            )
        return self.follower

    def engine(self, current: Any) -> Any:
        """The engine to answer with: the watcher's newest, else ``current``."""
        holder = getattr(self, "_holder", None)
        if self.reloader is None or holder is None or not holder.loaded:
            return current
        return holder()

    def start(self, knowledge: Path, holder: Any, *, background: bool = False) -> None:
        """Watch ``knowledge/`` and print digests as briefings change, if this console follows.

        ``background``: look for earlier follows on a thread, so the prompt
        does not wait for the state store (SQLAlchemy's import alone is ~0.3 s).
        """
        self._knowledge, self._holder = Path(knowledge), holder

        def look() -> None:
            try:
                if self.store.follows(self.channel):
                    self.watching()
            except (StateError, OSError) as exc:
                log.warning("console follows unavailable: %s", exc)

        if background:
            threading.Thread(target=look, name="briefbot-console-follows", daemon=True).start()
        else:
            look()

    def watching(self) -> None:
        """Start the watcher if it is not running (the first follow starts it)."""
        with self._lock:
            if self.reloader is not None or getattr(self, "_holder", None) is None:
                return
            from .live import Reloader

            reloader = Reloader(self._holder, self._knowledge, self.settings)
            reloader.on_swap(self.follower_for().on_swap)
            reloader.start()
            self.reloader = reloader

    def stop(self) -> None:
        """Stop watching."""
        with self._lock:
            if self.reloader is not None:
                self.reloader.stop()
                self.reloader = None
