"""A private PostgreSQL server for the tests: started in a temporary folder, on a free port.

Used two ways:

- ``.ci/run`` runs ``python tests/pg_server.py start`` before pytest and
  ``python tests/pg_server.py stop <folder>`` after it; ``start`` prints two
  lines, the folder and the server's URL, which CI exports as
  ``BRIEFBOT_TEST_POSTGRES_URL``;
- the ``postgres_url`` fixture (tests/conftest.py) starts one itself when no
  URL is exported and the server binaries are on this machine.

The binaries are found at run time: ``BRIEFBOT_PG_BINDIR``, then ``initdb``
on ``PATH``, then ``pg_config --bindir``, then Debian's layout (one folder
per major version under ``/usr/lib/postgresql``; the newest is taken).
PostgreSQL refuses to run as root, so as root the server runs as the
``postgres`` account the packages create. Authentication is ``trust`` on
127.0.0.1 only: the server lives as long as the test run and holds nothing.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

SUPERUSER = "briefbot"
_DEBIAN_LAYOUT = Path("/usr/lib/postgresql")


def find_bindir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, or None when this machine has none."""
    named = os.environ.get("BRIEFBOT_PG_BINDIR")
    if named:
        return Path(named) if (Path(named) / "initdb").exists() else None
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        candidate = Path(found.stdout.strip())
        if found.returncode == 0 and (candidate / "initdb").exists():
            return candidate
    if _DEBIAN_LAYOUT.is_dir():
        versions = sorted(
            (p for p in _DEBIAN_LAYOUT.iterdir() if (p / "bin" / "initdb").exists()),
            key=lambda p: int(p.name) if p.name.isdigit() else -1,
        )
        if versions:
            return versions[-1] / "bin"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_owner(argv: list[str]) -> list[str]:
    """Run as the ``postgres`` account when we are root (initdb and postgres refuse root)."""
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


def start(bindir: Path | None = None) -> tuple[Path, str]:
    """Start a server; (its folder, its SQLAlchemy URL). Raises RuntimeError with the log."""
    bindir = bindir or find_bindir()
    if bindir is None:
        raise RuntimeError("no PostgreSQL server binaries found (initdb, pg_ctl)")
    folder = Path(tempfile.mkdtemp(prefix="briefbot-pg-"))
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(folder, account.pw_uid, account.pw_gid)
    data = folder / "data"
    port = _free_port()
    initdb = subprocess.run(
        _as_owner([str(bindir / "initdb"), "-D", str(data), "-U", SUPERUSER,
                   "--auth=trust", "--encoding=UTF8", "--no-sync"]),
        capture_output=True, text=True,
    )
    if initdb.returncode != 0:
        raise RuntimeError(f"initdb failed:\n{initdb.stdout}\n{initdb.stderr}")
    (data / "briefbot-port").write_text(str(port))
    resume(folder, bindir)
    return folder, f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/postgres"


def resume(folder: Path, bindir: Path | None = None) -> None:
    """Start (again) the server whose data is in ``folder``, on its port."""
    bindir = bindir or find_bindir()
    assert bindir is not None
    data = folder / "data"
    port = (data / "briefbot-port").read_text().strip()
    options = (
        f"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off "
        "-c max_connections=200"
    )
    started = subprocess.run(
        _as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-o", options,
                   "-l", str(folder / "server.log"), "-w", "-t", "60", "start"]),
        capture_output=True, text=True,
    )
    if started.returncode != 0:
        log = (folder / "server.log").read_text(errors="replace") if (
            folder / "server.log").exists() else ""
        raise RuntimeError(f"pg_ctl start failed:\n{started.stdout}\n{started.stderr}\n{log}")


def pause(folder: Path, bindir: Path | None = None) -> None:
    """Stop the server in ``folder`` and keep its data (``resume`` starts it again)."""
    bindir = bindir or find_bindir()
    assert bindir is not None
    subprocess.run(
        _as_owner([str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate",
                   "-w", "stop"]),
        capture_output=True, text=True,
    )


def stop(folder: Path, bindir: Path | None = None) -> None:
    """Stop the server started in ``folder`` and delete the folder."""
    bindir = bindir or find_bindir()
    if bindir is not None and (folder / "data" / "postmaster.pid").exists():
        subprocess.run(
            _as_owner([str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast",
                       "-w", "stop"]),
            capture_output=True, text=True,
        )
    shutil.rmtree(folder, ignore_errors=True)


def fresh_database(server_url: str) -> str:
    """Create an empty database on the server; its URL (each test gets its own)."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    plain = server_url.replace("postgresql+psycopg://", "postgresql://", 1)
    deadline = time.monotonic() + 10
    while True:
        try:
            with psycopg.connect(plain, autocommit=True, connect_timeout=3) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            break
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    return server_url.rsplit("/", 1)[0] + "/" + name


def main(argv: list[str]) -> int:
    """``start`` prints the folder and the URL; ``stop <folder>`` stops that server."""
    if argv[:1] == ["start"]:
        folder, url = start()
        print(folder)
        print(url)
        return 0
    if len(argv) == 2 and argv[0] == "stop":
        stop(Path(argv[1]))
        return 0
    print("usage: pg_server.py start | stop <folder>", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
