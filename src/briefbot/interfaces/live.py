"""Live reload: notice changes under ``knowledge/`` and swap in a new engine.

A background thread compares the index key of the knowledge folder (file
names, sizes and modification times, plus the settings that shape the index;
see ``briefbot.index.store.index_key``) with the key of the engine being
served. When they differ it builds a complete new engine *beside* the old one
and swaps it in with one assignment, so a question is always answered by
either the old or the new index, never half of one. If building fails, the
old engine keeps serving and the failure is logged; a new broken file does
not fail the build at all — ingestion reports it and serves every other file.

``SIGHUP`` asks for a check at once (the handler only sets an event; the
work happens on the reload thread).

The reload thread's first job is the served index's checksum check (see
``briefbot.index.integrity``), so start-up does not wait for it: when a file
does not match, the engine is taken out of service at once (questions get
"still loading" instead of an answer from a damaged index), the index is
rebuilt from knowledge/ and the new engine swapped in, with a warning.

``freeze_heap`` is called by every interface once an engine is loaded: the
index's millions of long-lived objects are moved out of the garbage
collector's sight, so its full collections stop pausing answers (at 100k
passages they made the slowest 1% of answers several times slower).
"""

from __future__ import annotations

import gc
import logging
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from ..config import Settings
from ..index.store import index_key

__all__ = ["Reloader", "Holder", "freeze_heap"]

log = logging.getLogger(__name__)


class Holder(Protocol):
    """What the reloader swaps engines in: the Slack server's ``EngineHolder``."""

    loaded: bool

    def __call__(self) -> Any: ...

    def swap(self, engine: Any) -> None: ...


def freeze_heap(*, collect: bool = False) -> None:
    """Exempt everything alive now (the loaded engine) from future GC passes.

    ``collect`` first makes a previously frozen heap collectable again and
    collects it: used after a reload, so the old engine can be freed.
    """
    if collect:
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def _open_engine(knowledge: Path, settings: Settings) -> Any:
    from ..search.engine import Engine

    return Engine.open(knowledge, settings)


def _rebuild_engine(knowledge: Path, settings: Settings) -> Any:
    from ..search.engine import Engine

    return Engine.open(knowledge, settings, rebuild=True)


class Reloader:
    """Keeps ``holder`` serving the engine that matches ``knowledge`` on disk."""

    def __init__(
        self,
        holder: Holder,
        knowledge: Path,
        settings: Settings,
        *,
        interval: float | None = None,
        open_engine: Callable[[Path, Settings], Any] | None = None,
        rebuild_engine: Callable[[Path, Settings], Any] | None = None,
    ) -> None:
        self.holder = holder
        self.knowledge = Path(knowledge)
        self.settings = settings
        self.interval = settings.server.reload_interval if interval is None else interval
        self._open = open_engine or _open_engine
        self._rebuild = rebuild_engine or _rebuild_engine
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.reloads = 0

    def _served_key(self) -> str | None:
        if not self.holder.loaded:
            return None
        engine = self.holder()
        indexed = getattr(engine, "indexed", None)
        return getattr(indexed, "key", None)

    def check(self) -> bool:
        """Rebuild and swap if the folder changed. True when a new engine went live.

        Never raises: a failed build is logged and the old engine stays.
        """
        with self._lock:
            try:
                key = index_key(self.knowledge, self.settings)
                if key == self._served_key():
                    return False
                log.info("knowledge changed under %s: rebuilding the index", self.knowledge)
                engine = self._open(self.knowledge, self.settings)
            except Exception:  # the served engine must outlive any failure here
                log.exception("reload failed; still serving the previous index")
                return False
            self.holder.swap(engine)
            freeze_heap(collect=True)
            self.reloads += 1
            corpus = getattr(engine, "corpus", None)
            if corpus is not None:
                errors = [r.file for r in corpus.reports if r.status == "error"]
                log.info(
                    "reloaded: %d briefings, %d passages, %d file(s) with errors%s",
                    len(corpus.briefings), len(corpus.passages), len(errors),
                    f" ({', '.join(errors[:5])})" if errors else "",
                )
            return True

    def verify_served(self) -> bool:
        """Check the served index's checksums; on a mismatch rebuild and swap. True if rebuilt.

        Never raises. Blocks until the check is done (call it on the reload thread).
        """
        with self._lock:
            if not self.holder.loaded:
                return False
            indexed = getattr(self.holder(), "indexed", None)
            verification = getattr(indexed, "verification", None)
            if verification is None:
                return False
            try:
                problems = verification.result()
            except Exception:  # noqa: BLE001 - treat an unverifiable index as damaged
                problems = ["verification failed"]
            if not problems:
                return False
            log.warning(
                "index files do not match their checksums (%s): rebuilding; questions wait",
                "; ".join(problems[:5]),
            )
            self.holder.swap(None)  # never answer from it knowingly
            try:
                engine = self._rebuild(self.knowledge, self.settings)
            except Exception:
                log.exception("rebuilding the damaged index failed; nothing is served")
                return False
            self.holder.swap(engine)
            freeze_heap(collect=True)
            self.reloads += 1
            log.warning("index rebuilt after a checksum mismatch; serving again")
            return True

    def request(self) -> None:
        """Ask the reload thread to check now (safe from a signal handler)."""
        self._wake.set()

    def start(self) -> None:
        """Start the polling thread (no-op when the interval is 0 and no signal is wanted)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="briefbot-reload", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the polling thread."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def install_sighup(self) -> None:
        """Make ``kill -HUP <pid>`` trigger a reload (main thread only)."""
        signal.signal(signal.SIGHUP, lambda _signum, _frame: self.request())

    def _run(self) -> None:
        self.verify_served()
        while not self._stop.is_set():
            # interval 0 disables polling; the thread then only answers SIGHUP.
            self._wake.wait(self.interval if self.interval > 0 else None)
            self._wake.clear()
            if self._stop.is_set():
                return
            self.check()
