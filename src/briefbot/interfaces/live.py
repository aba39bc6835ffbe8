"""Live reload: one builder per host writes the next index; serving processes swap to it.

Three roles:

**Builder** — notices changes under ``knowledge/`` and builds the next
index *incrementally* (``briefbot.index.store.open_index`` with the
previous index: only new or changed files are read, see ``index/splice.py``),
writing it atomically and pointing ``CURRENT`` at it. Changes are noticed
through the operating system's file events (``watchfiles``: inotify on
Linux) when available, with a full check every ``server.reload_interval``
seconds as well (and as the only means without ``watchfiles``); a check
compares each file's content digest, reading only files whose stat changed.
There is one builder per host and knowledge folder: it holds an exclusive
lock on ``builder.lock`` in the index cache folder (:class:`BuilderLock`),
which the kernel releases when the process dies.

**Follower** — watches only the ``CURRENT`` pointer (one small read every
:data:`FOLLOW_INTERVAL` seconds) and, when it names a new index, loads it
memory-mapped — no file is read or parsed, nothing is built — and swaps the
new engine in with one assignment, so a question is answered by either the
old or the new index, never half of one. Every process on the host maps the
same files, so the index's pages are shared, not copied per worker.

**Recycling master** — under ``briefbot serve`` (gunicorn) the follower
is the master itself, not each worker. The master starts one builder
process (:func:`start_builder_process` with ``notify=True``), which sends
the master ``SIGHUP`` after each index it publishes. Gunicorn handles that
signal on the master's main thread: its ``on_reload`` hook calls the
master's :meth:`Reloader.check`, which loads the new index, builds and warms
its engine and swaps it in — once per host — and then gunicorn forks fresh
workers from the master and stops the old ones gracefully (each finishes
the requests it holds; none accepts a new one). A new worker shares the
master's engine copy-on-write: it builds nothing and its memory does not
grow from reload to reload. The master answers no question, so it lets its
engine go before building the next (``release_first``; the old workers
keep their own copy until they stop), and its heap stays the same size.
Nothing runs on a thread in the master, so no fork ever copies a lock some
thread holds. A worker's own reload thread only checks the served index's
checksums (``start(watch=False)``). Socket Mode, tests and a single
process use a :class:`Reloader` that builds itself.

If building fails, the old engine keeps serving and the failure is logged;
a new broken file does not fail the build at all — ingestion reports it and
serves every other file. In a process that builds itself, ``SIGHUP`` asks
for a check at once (the handler only sets an event; the work happens on
the reload thread).

The reload thread's first job is the served index's checksum check (see
``briefbot.index.integrity``), so start-up does not wait for it: when a file
does not match, the engine is taken out of service at once (questions get
"still loading" instead of an answer from a damaged index), the index is
rebuilt from knowledge/ and the new engine swapped in, with a warning.

After every swap each callback registered with :meth:`Reloader.on_swap` is
called in the serving process as ``callback(old_engine, new_engine)``
(``old_engine`` is None when nothing was served, or when it was let go
first); a failing callback is logged and never stops the others or the
reload.

``freeze_heap`` is called by every interface once an engine is loaded: the
index's millions of long-lived objects are moved out of the garbage
collector's sight, so its full collections stop pausing answers (at 100k
passages they made the slowest 1% of answers several times slower).
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import functools
import gc
import importlib
import json
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from ..config import Settings
from ..heap import collection_paused
from ..index.store import (
    IndexedCorpus,
    cache_root,
    check_current,
    current_name,
    files_with_errors,
    folder_key,
    load_current,
    open_index,
    read_files,
)

__all__ = [
    "BuilderLock",
    "FOLLOW_INTERVAL",
    "Holder",
    "Reloader",
    "SwapListener",
    "freeze_heap",
    "start_builder_process",
]

log = logging.getLogger(__name__)

FOLLOW_INTERVAL = 0.25
"""Seconds between a follower's looks at ``CURRENT`` (one small file read)."""
_LOCK_NAME = "builder.lock"
_DEBOUNCE_MS = 150  # file events closer together than this are one change (an editor's save)

SwapListener = Callable[[Any, Any], None]
"""``callback(old_engine, new_engine)``, called after each swap in the serving process."""


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
        _give_back_free_memory()
    gc.freeze()


def _give_back_free_memory() -> None:
    """Return the C heap's free pages to the system (glibc ``malloc_trim``; elsewhere nothing).

    The old engine's large blocks are freed into the C heap, which keeps
    them resident: in a gunicorn master, every worker forked later would
    count a share of those dead pages, and the master's memory would grow
    from reload to reload.
    """
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library this process already runs on
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)


def _warm(engine: Any) -> None:
    """``engine.warm()`` when the engine has one (test doubles may not)."""
    warm = getattr(engine, "warm", None)
    if callable(warm):
        warm()


def _engine(indexed: IndexedCorpus, settings: Settings) -> Any:
    from ..search.engine import Engine

    return Engine(indexed, settings)


def _rebuild_engine(knowledge: Path, settings: Settings) -> Any:
    from ..search.engine import Engine

    return Engine.open(knowledge, settings, rebuild=True)


class BuilderLock:
    """The host's builder lock for one knowledge folder's index cache (``flock``)."""

    def __init__(self, root: Path) -> None:
        self.path = Path(root) / _LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock if no other process holds it. True when this process holds it."""
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        """Let another process build."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def held_elsewhere(self) -> bool:
        """Whether some other process holds the lock now."""
        if self._fd is not None:
            return False
        if self.acquire():
            self.release()
            return False
        return True


class Reloader:
    """Keeps ``holder`` serving the newest index of ``knowledge``.

    ``follow=False`` (the default): this process checks the folder and builds
    (one process serving alone). ``follow=True``: it only swaps to what the
    host's builder writes.

    ``release_first=True`` (with ``follow``; the gunicorn master, which
    answers no question — each worker holds its own copy of the engine):
    once the new index is known to be sound (``check_current``: this
    version's, every file matching its checksum), the served engine is let
    go *before* the new one is loaded and built, so the new engine's objects
    take the old one's memory instead of growing the heap at every reload
    (measured at 142,890 passages: 88 -> 109 MB of heap over eight reloads
    when both are alive at once, 88 -> 77-83 MB this way). Should the load
    fail all the same, the index is rebuilt from the files. ``on_release``
    callbacks see the old engine before it goes, and ``on_swap`` listeners
    get ``old_engine=None``.
    """

    def __init__(
        self,
        holder: Holder,
        knowledge: Path,
        settings: Settings,
        *,
        interval: float | None = None,
        open_engine: Callable[[Path, Settings], Any] | None = None,
        rebuild_engine: Callable[[Path, Settings], Any] | None = None,
        follow: bool = False,
        release_first: bool = False,
        cache_dir: Path | None = None,
    ) -> None:
        self.holder = holder
        self.knowledge = Path(knowledge)
        self.settings = settings
        self.follow = follow
        self.release_first = release_first and follow
        self.releasing: list[Callable[[Any], None]] = []
        self.root = cache_root(self.knowledge, settings, cache_dir)
        self.interval = settings.server.reload_interval if interval is None else interval
        self._open = open_engine or self._open_incrementally
        self._rebuild = rebuild_engine or _rebuild_engine
        self.listeners: list[SwapListener] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._stamps: tuple[int, dict] | None = None  # (id of the served index, its stamps)
        self.reloads = 0

    # -- swapping ---------------------------------------------------------------

    def on_swap(self, callback: SwapListener) -> SwapListener:
        """Call ``callback(old_engine, new_engine)`` after every swap (usable as a decorator)."""
        self.listeners.append(callback)
        return callback

    def on_release(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        """Call ``callback(old_engine)`` just before ``release_first`` lets the engine go."""
        self.releasing.append(callback)
        return callback

    def _served(self) -> IndexedCorpus | None:
        if not self.holder.loaded:
            return None
        return getattr(self.holder(), "indexed", None)

    def _announce(self, old: Any, new: Any) -> None:
        for callback in list(self.listeners):
            try:
                callback(old, new)
            except Exception:  # noqa: BLE001 - one listener must not stop the others
                log.exception("a reload listener failed")

    def _go_live(self, engine: Any) -> None:
        _warm(engine)  # before the swap: no question waits for a table to be built
        old = self.holder() if self.holder.loaded else None
        self.holder.swap(engine)
        self.reloads += 1
        self._announce(old, engine)
        # The old engine must be unreachable before the heap is frozen again:
        # frozen, it would never be collected (memory would grow every reload).
        released = old is None  # let go before loading (release_first): nothing to collect
        del old
        freeze_heap(collect=not released)
        corpus = getattr(engine, "corpus", None)
        if corpus is not None:
            errors = files_with_errors(corpus.reports)
            directory = getattr(getattr(engine, "indexed", None), "directory", None)
            log.info(
                "reloaded: %d briefings, %d passages, %d file(s) with errors%s",
                len(corpus.briefings), len(corpus.passages), len(errors),
                f" ({', '.join(errors[:5])})" if errors else "",
                extra={"pid": os.getpid(), "index": getattr(directory, "name", None)},
            )

    # -- checking -----------------------------------------------------------------

    def check(self) -> bool:
        """Bring the served engine up to date. True when a new engine went live.

        Never raises: a failed build or load is logged and the old engine stays.
        """
        with self._lock:
            try:
                engine = self._follow() if self.follow else self._build()
            except Exception:  # the served engine must outlive any failure here
                if self.holder.loaded:
                    log.exception("reload failed; still serving the previous index")
                else:
                    log.exception("reload failed; no index is served until the next one loads")
                return False
            if engine is None:
                return False
            try:
                self._go_live(engine)
            except Exception:  # noqa: BLE001 - swapped already, or only warming failed
                log.exception("reloaded, but warming or reporting on the new index failed")
                if not self.holder.loaded:  # released first: an unwarmed engine beats none
                    self.holder.swap(engine)
            return True

    def _follow(self) -> Any:
        """The engine of the index the builder last wrote, if it is not the one served."""
        name = current_name(self.root)
        served = self._served()
        directory = getattr(served, "directory", None)
        if name is None or (directory is not None and directory.name == name):
            return None
        if not self.release_first or not self.holder.loaded:
            return _engine(load_current(self.root, self.settings), self.settings)
        # Before the served engine goes, the new index must be sound: this version's,
        # every file matching its checksum. It is then loaded once, into the memory the
        # old engine leaves (loading it first as the check cost ~0.7 CPU-s more at 1M).
        checked = check_current(self.root)
        del served  # now nothing holds the old engine
        self._release()
        try:  # the index checked, even if the builder has published another since
            return _engine(load_current(self.root, self.settings, name=checked), self.settings)
        except Exception:  # noqa: BLE001 - the engine is gone: never leave nothing served
            log.exception("loading the new index a second time failed; rebuilding from files")
            return self._rebuild(self.knowledge, self.settings)

    def _release(self) -> None:
        """Tell the ``on_release`` callbacks, then let the served engine go and collect it."""
        old = self.holder()
        for callback in list(self.releasing):
            try:
                callback(old)
            except Exception:  # noqa: BLE001 - one callback must not stop the reload
                log.exception("a release callback failed")
        self.holder.swap(None)
        del old
        freeze_heap(collect=True)

    def _unchanged(self, served: IndexedCorpus) -> bool:
        """Whether the folder still holds what the served index was built from."""
        if self._stamps is None or self._stamps[0] != id(served):
            self._stamps = (id(served), read_files(served)[0])
        key, _ = folder_key(self.knowledge, self.settings, self._stamps[1])
        return key == served.key

    def _build(self) -> Any:
        served = self._served()
        if served is not None and self._unchanged(served):
            return None
        log.info("knowledge changed under %s: updating the index", self.knowledge)
        engine = self._open(self.knowledge, self.settings)
        if getattr(engine, "indexed", None) is served:
            return None
        return engine

    def _open_incrementally(self, knowledge: Path, settings: Settings) -> Any:
        served = self._served()
        verification = getattr(served, "verification", None)
        # Splice from the served index only when its files are known to be sound.
        trusted = served if verification is None or verification.passed else None
        indexed = open_index(knowledge, settings, previous=trusted)
        if indexed is served:
            return self.holder()
        return _engine(indexed, settings)

    def verify_served(self) -> bool:
        """Check the served index's checksums; on a mismatch rebuild and swap. True if rebuilt.

        Never raises. Blocks until the check is done (call it on the reload thread).
        """
        with self._lock:
            if not self.holder.loaded:
                return False
            old = self.holder()
            indexed = getattr(old, "indexed", None)
            verification = getattr(indexed, "verification", None)
            if verification is None:
                return False
            directory = getattr(indexed, "directory", None)
            if self.follow and directory is not None and current_name(self.root) != (
                    directory.name):
                return False  # the builder has written a newer index: the next check loads it
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
            _warm(engine)
            self.holder.swap(engine)
            self.reloads += 1
            self._announce(old, engine)
            del old
            freeze_heap(collect=True)
            log.warning("index rebuilt after a checksum mismatch; serving again")
            return True

    # -- the thread -------------------------------------------------------------------

    def request(self) -> None:
        """Ask the reload thread to check now (safe from a signal handler)."""
        self._wake.set()

    def start(self, *, watch: bool = True) -> None:
        """Start the reload thread.

        ``watch=False``: the thread only checks the served index's checksums
        (and rebuilds on a mismatch), then ends — a gunicorn worker, whose
        master loads each new index and forks fresh workers from it.
        """
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, args=(watch,), name="briefbot-reload",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the reload thread."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def install_sighup(self) -> None:
        """Make ``kill -HUP <pid>`` trigger a reload (main thread only)."""
        signal.signal(signal.SIGHUP, lambda _signum, _frame: self.request())

    def _run(self, watch: bool = True) -> None:
        self.verify_served()
        if not watch:
            return
        # interval 0 disables polling the folder; the thread then only answers SIGHUP.
        polling = self.interval if self.interval > 0 else None
        wait = FOLLOW_INTERVAL if self.follow else polling
        while not self._stop.is_set():
            self._wake.wait(wait)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                self.check()
            except Exception:  # noqa: BLE001 - the thread must outlive anything a check meets
                log.exception("live reload check failed")


# -- the builder process ------------------------------------------------------------


def run_builder(
    knowledge: Path,
    settings: Settings,
    stop: threading.Event,
    *,
    cache_dir: Path | None = None,
    parent: int | None = None,
    notify: Callable[[], None] | None = None,
    served: str | None = None,
) -> int:
    """Watch ``knowledge`` and keep its index current until ``stop`` (or ``parent`` dies).

    ``notify()`` is called each time the live index differs from the one
    last served (under serve: ``SIGHUP`` to the gunicorn master) —
    ``served`` names the index the server loaded (default: the live one
    when the builder starts). Returns 0, or 3 when another process already
    builds for this folder.
    """
    root = cache_root(Path(knowledge), settings, cache_dir)
    lock = BuilderLock(root)
    if not lock.acquire():
        log.info("another process builds the index of %s", knowledge)
        return 3
    if served is None:
        served = current_name(root)  # what the serving processes loaded before this builder ran

    def published() -> None:
        nonlocal served
        name = current_name(root)
        if name != served and name is not None:
            served = name
            if notify is not None:
                notify()

    try:
        # Verified, and read into memory: every splice reads all of its arrays.
        current = open_index(Path(knowledge), settings, cache_dir=cache_dir, mmap=False)
        _ready_to_splice(current)
        _freeze_long_lived()
        published()  # the folder changed while the server started, or the index was rebuilt
        log.info("index builder ready", extra={"passages": len(current.corpus.passages)})
        for _ in _changes(Path(knowledge), settings.server.reload_interval, stop, parent):
            try:
                with collection_paused():  # see _freeze_long_lived
                    current = open_index(Path(knowledge), settings, cache_dir=cache_dir,
                                         previous=current)
            except Exception:  # noqa: BLE001 - the builder outlives a failed build
                log.exception("building the index failed; the previous one stays live")
                continue
            _freeze_long_lived()
            published()
    finally:
        lock.release()
    return 0


def _ready_to_splice(current: IndexedCorpus) -> None:
    """Do at start what the first change would otherwise pay for, while nothing waits.

    The parsers and the splicer are imported on first use, and a loaded
    index's file records are read from its ``files.json`` at each build
    until a build has kept them in memory: at 142,890 passages the first
    change cost the builder ~0.6 CPU-s more than the next ones.
    """
    importlib.import_module("briefbot.ingest")
    importlib.import_module("briefbot.index.splice")
    if not current.records and not current.stamps:
        current.stamps, current.records = read_files(current)


def _freeze_long_lived() -> None:
    """Take the index the builder holds out of the collector's sight (``gc.freeze``).

    The builder keeps one index's records (at 1M passages, millions of objects)
    and each change allocates enough to set off full collections that walk them
    all: 0.7-2.8 CPU-s of a change at 1M. They hold no reference cycle, so the
    index a change replaces is freed by reference counting, frozen or not
    (tests/interfaces/test_builder.py). A change runs with the collector
    paused; what it leaves in cycles (the standard JSON encoder's closures)
    is then young, and one collection of the young generations frees it
    before the survivors are frozen.
    """
    gc.collect(1)
    gc.freeze()


def _changes(folder: Path, interval: float, stop: threading.Event, parent: int | None):
    """Yield once per burst of file events, and every ``interval`` seconds regardless."""
    period = interval if interval > 0 else 5.0
    try:
        from watchfiles import watch
    except ImportError:  # polling only
        while not stop.wait(min(period, 1.0)) and _parent_alive(parent):
            yield
        return
    for _events in watch(folder, stop_event=stop, debounce=_DEBOUNCE_MS, step=20,
                         rust_timeout=int(min(period, 1.0) * 1000), yield_on_timeout=True,
                         raise_interrupt=False):
        if stop.is_set() or not _parent_alive(parent):
            return
        yield


def _parent_alive(parent: int | None) -> bool:
    return parent is None or os.getppid() == parent


def start_builder_process(
    knowledge: Path,
    settings: Settings,
    *,
    cache_dir: Path | None = None,
    notify: bool = False,
    served: str | None = None,
) -> subprocess.Popen[bytes]:
    """Start the host's builder as a child process (``python -m briefbot.interfaces.live``).

    The child gets the settings as JSON on its standard input and exits when
    this process does. ``notify``: it sends this process ``SIGHUP`` after
    each index it publishes, and at once if the live index is not
    ``served`` (the one this process loaded) — start it only once a handler
    for that signal is in place (gunicorn's), since the default action ends
    the process.
    """
    payload = json.dumps({
        "knowledge": str(Path(knowledge).resolve()),
        "settings": settings.model_dump(mode="json"),
        "cache_dir": None if cache_dir is None else str(cache_dir),
        "parent": os.getpid(),
        "notify": notify,
        "served": served,
    })
    child = subprocess.Popen([sys.executable, "-m", "briefbot.interfaces.live"],
                             stdin=subprocess.PIPE, start_new_session=False)
    assert child.stdin is not None
    child.stdin.write(payload.encode())
    child.stdin.close()
    return child


def _main() -> int:
    """The builder process: settings from standard input, logs to standard error."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s builder %(levelname)s %(message)s")
    body = json.loads(sys.stdin.read())
    settings = Settings.model_validate(body["settings"])
    stop = threading.Event()
    # SIGTERM and SIGINT end it at once, even mid-build: an index is only ever
    # published whole (CURRENT is replaced last), so nothing half-written is served.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    cache_dir = Path(body["cache_dir"]) if body.get("cache_dir") else None
    parent = body.get("parent")
    notify = None
    if body.get("notify") and isinstance(parent, int):
        notify = functools.partial(_hang_up, parent)
    served = body.get("served")
    return run_builder(Path(body["knowledge"]), settings, stop, cache_dir=cache_dir,
                       parent=parent, notify=notify,
                       served=served if isinstance(served, str) else None)


def _hang_up(parent: int) -> None:
    """``SIGHUP`` to the serving master: a new index is published."""
    if _parent_alive(parent):  # never signal a process that took over a dead parent's pid
        os.kill(parent, signal.SIGHUP)


if __name__ == "__main__":
    sys.exit(_main())
