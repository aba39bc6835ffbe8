"""A real build from files, and a change to ``knowledge/`` under ``briefbot serve``.

The scale archive (:mod:`.scale`) is written as Markdown briefings, one file
per event, the way staff drop files into ``knowledge/``. Then:

1. **Build from files.** ``briefbot index`` in a child process: wall time,
   CPU seconds (user + system, from the kernel's accounting of the child)
   and peak RSS.
2. **Reload under serve.** ``briefbot serve`` (gunicorn, ``--workers N``)
   on 127.0.0.1 with a local Slack stand-in. Once the server has gone quiet
   (the builder has read its start-up index, the workers have checked theirs:
   under 0.05 CPU-s in half a second), one small briefing is added,
   edited and removed, in turn, ``--changes`` times. For each change:
   *time to served* — from the file's write until every live worker serves
   the index the builder published for it (the ``CURRENT`` pointer names
   it; a worker says what it serves in its log: ``worker serving index``
   when it starts, ``reloaded`` when it swaps, each with its pid and index;
   the server's processes are read from ``/proc`` every 20 ms, so a worker
   still draining requests from the old index counts until it exits);
   *CPU* — user + system seconds of the master, the builder and every
   worker, including workers that exited meanwhile (the master's reaped
   children), from just before the write to one second after it was served,
   in total and split by role (master / builder / workers);
   *memory* — each live worker's PSS (``smaps_rollup``) and private memory
   (its private clean and dirty pages: what it alone holds) before the first
   change and after each one, and the master's and builder's PSS.

Linux only (``/proc``). Nothing here is asserted by the tests: the figures
go to ``bench/RESULTS.md`` with the machine and its load.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np

from .scale import ScaleCorpus, generate

__all__ = ["run_reload", "write_archive", "format_reload"]

_TICKS = os.sysconf("SC_CLK_TCK")


def _yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML strings


def _briefing(corpus: ScaleCorpus, event: int, passages: list[int]) -> str:
    info = corpus.events[event]
    lines = ["---", f"title: {_yaml_text(info['title'])}",
             f"organization: {_yaml_text(info['organization'])}", f"date: {info['date']}",
             "speakers:"]
    for person in info["speakers"]:
        p = corpus.people[person]
        lines.append(f"  - name: {_yaml_text(p['name'])}")
        if p["honorific"]:
            lines.append(f"    honorific: {_yaml_text(p['honorific'])}")
        lines.append(f"    affiliation: {_yaml_text(p['affiliation'])}")
    lines += ["---", "", "## Remarks", ""]
    for i in passages:
        name = corpus.people[int(corpus.passage_speaker[i])]["name"]
        lines += [f"Speaker: {name}", "", corpus.texts[i], ""]
    return "\n".join(lines)


def write_archive(corpus: ScaleCorpus, folder: Path) -> int:
    """Write one Markdown briefing per event into ``folder``; return the number of files."""
    folder.mkdir(parents=True, exist_ok=True)
    owner = np.asarray(corpus.passage_event)
    bounds = np.searchsorted(owner, np.arange(len(corpus.events) + 1))
    written = 0
    for event in range(len(corpus.events)):
        first, last = int(bounds[event]), int(bounds[event + 1])
        if first == last:
            continue
        text = _briefing(corpus, event, list(range(first, last)))
        (folder / f"event-{event:06d}.md").write_text(text, encoding="utf-8")
        written += 1
    return written


def _cpu_seconds(pid: int, *, reaped: bool = False) -> float:
    """User + system CPU seconds of ``pid``; with ``reaped``, of its waited-for children too."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime + stime
    if reaped:
        ticks += int(fields[13]) + int(fields[14])  # cutime + cstime
    return ticks / _TICKS


def _role_cpu(master: int, builders: list[int]) -> dict[str, float]:
    """The server's CPU seconds by role: the master itself, the builder, the workers.

    Workers are the master's live children other than ``builders`` plus the
    children it has reaped (workers replaced at a change; the builder lives on).
    """
    own = _cpu_seconds(master)
    kids = _children(master)
    return {
        "master": own,
        "builder": sum(_cpu_seconds(p) for p in kids if p in builders),
        "workers": _cpu_seconds(master, reaped=True) - own
        + sum(_cpu_seconds(p) for p in kids if p not in builders),
    }


_QUIET_CPU_S = 0.05
"""CPU-seconds the whole server may spend in half a second and count as idle (10% of a core)."""


def _settle(master: int, timeout: float) -> None:
    """Wait until the server (master, builder, workers) spends under ``_QUIET_CPU_S`` per 0.5 s."""
    def spent() -> float:
        return _cpu_seconds(master) + sum(_cpu_seconds(p) for p in _children(master))

    deadline = time.monotonic() + timeout
    before = spent()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = spent()
        if now - before < _QUIET_CPU_S:
            return
        before = now


def _pss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _private_mb(pid: int) -> float | None:
    """Memory only ``pid`` holds (private clean + dirty pages): what another worker costs.

    PSS also counts a share of pages mapped by several processes (the index
    files, the master's heap before copy-on-write), which moves when another
    process maps or touches them.
    """
    try:
        fields = dict(line.split(":", 1) for line in
                      Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])
        kb = int(fields["Private_Clean"].split()[0]) + int(fields["Private_Dirty"].split()[0])
    except (OSError, KeyError, ValueError):
        return None
    return kb / 1024


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat[1]) == pid:
            out.append(int(entry.name))
    return out


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _build_from_files(knowledge: Path, env: dict[str, str]) -> dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [sys.executable, "-m", "briefbot", "index", "--knowledge", str(knowledge), "--json"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False,
                          cwd=knowledge.parent)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:] or [f"exit {done.returncode}"]}
    summary = json.loads(done.stdout)
    return {
        "wall_s": wall,
        "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        # ru_maxrss of the children is the largest child's peak (KB on Linux).
        "peak_rss_mb": after.ru_maxrss / 1024,
        "summary": {k: v for k, v in summary.items() if isinstance(v, int | float | str)},
    }


def _serving_lines(log: Path, offset: int) -> tuple[list[dict[str, Any]], int]:
    """Log lines in which a process says which index it serves, from ``offset`` on."""
    with open(log, "rb") as handle:
        handle.seek(offset)
        data = handle.read()
    end = data.rfind(b"\n") + 1
    out = []
    for line in data[:end].splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if not isinstance(entry, dict) or "pid" not in entry or "index" not in entry:
            continue
        if str(entry.get("msg", "")).startswith(("reloaded", "worker serving")):
            out.append(entry)
    return out, offset + end


def _ts(entry: dict[str, Any]) -> float:
    stamp = dt.datetime.strptime(entry["ts"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
    return stamp.timestamp()


def _current(root: Path) -> str | None:
    try:
        return str(json.loads((root / "CURRENT").read_text(encoding="utf-8"))["directory"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _healthy(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError("briefbot serve did not become healthy")


def run_reload(
    passages: int = 100_000,
    *,
    workers: int = 2,
    changes: int = 10,
    seed: int = 0,
    work: Path | None = None,
    progress: Any = None,
    start_timeout: float = 600.0,
    change_timeout: float = 120.0,
) -> dict[str, Any]:
    """Build from files, then add/edit/remove one briefing under serve; a JSON-able report."""
    from .local_slack import free_port
    from .slack_load import LocalSlack

    def say(message: str) -> None:
        if progress:
            progress(message)

    owned = work is None
    work = Path(tempfile.mkdtemp(prefix="briefbot-reload-")) if work is None else Path(work)
    knowledge = work / "knowledge"
    report: dict[str, Any] = {"passages_generated": passages, "workers": workers}
    slack = None
    process = None
    try:
        t0 = time.perf_counter()
        corpus = generate(passages, seed)
        report["files"] = write_archive(corpus, knowledge)
        say(f"wrote {report['files']} briefing files in {time.perf_counter() - t0:.1f}s")
        env = {**os.environ, "BRIEFBOT_KNOWLEDGE": str(knowledge)}
        say("briefbot index: a full build from files")
        report["build"] = _build_from_files(knowledge, env)
        say(f"built: {report['build']}")

        token, secret = f"xoxb-bench-{secrets.token_hex(8)}", secrets.token_hex(16)
        slack = LocalSlack(token).start()
        port = free_port()
        env.update({"SLACK_BOT_TOKEN": token, "SLACK_SIGNING_SECRET": secret,
                    "SLACK_API_URL": slack.base + "/api/"})
        log_path = work / "serve.log"
        with open(log_path, "wb") as log_file:
            process = subprocess.Popen(
                [sys.executable, "-m", "briefbot", "serve", "--host", "127.0.0.1", "--port",
                 str(port), "--workers", str(workers), "--knowledge", str(knowledge)],
                cwd=work, env=env, stdout=log_file, stderr=subprocess.STDOUT)
        _healthy(port, start_timeout)
        master = process.pid

        def roles() -> tuple[list[int], list[int]]:
            kids = _children(master)
            builder = [p for p in kids if "briefbot.interfaces.live" in _cmdline(p)]
            return builder, [p for p in kids if p not in builder]

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            builder, serving = roles()
            if builder and len(serving) >= workers:
                break
            time.sleep(0.2)
        # The builder reads and verifies its start-up index and the workers check theirs:
        # the first change is timed only once the server has gone quiet, so none of that
        # start-up work is counted in it.
        _settle(master, timeout=change_timeout)
        builder, serving = roles()
        index_root = Path(str(report["build"].get("summary", {}).get("index", "")))
        if not (index_root / "CURRENT").exists():
            index_root = next((work / ".briefbot-cache").glob("*/CURRENT")).parent
        pss = {"before": [_pss_mb(p) for p in serving]}
        report["worker_private_mb"] = {"before": [_private_mb(p) for p in serving]}
        report["master_pss_mb"] = {"before": _pss_mb(master)}
        served_by: dict[int, str] = {}  # pid -> the index it last said it serves
        lines, offset = _serving_lines(log_path, 0)
        for entry in lines:
            served_by[int(entry["pid"])] = str(entry["index"])

        target = knowledge / "zz-bench-added.md"
        extra = generate(200, seed + 7)
        runs = []
        for n in range(changes):
            action = ("add", "edit", "remove")[n % 3]
            published = _current(index_root)
            roles_before = _role_cpu(master, builder)
            written = time.time()
            if action == "remove":
                target.unlink()
            else:
                picked = list(range(5 * (n % 7), 5 * (n % 7) + 5))
                target.write_text(_briefing(extra, 0, picked), encoding="utf-8")
            served_at, serving_new = None, 0
            limit = time.monotonic() + change_timeout
            while served_at is None and time.monotonic() < limit:
                time.sleep(0.02)
                lines, offset = _serving_lines(log_path, offset)
                for entry in lines:
                    served_by[int(entry["pid"])] = str(entry["index"])
                name = _current(index_root)
                if name is None or name == published:
                    continue
                _, live = roles()
                serving_new = sum(served_by.get(p) == name for p in live)
                if len(live) == workers and serving_new == workers:
                    served_at = time.time()
            time.sleep(1.0)
            spent = _role_cpu(master, builder)
            by_role = {role: spent[role] - roles_before[role] for role in spent}
            cpu = sum(by_role.values())
            builder, serving = roles()
            runs.append({
                "change": action,
                "served_s": None if served_at is None else served_at - written,
                "workers_served": serving_new,
                "workers": serving,
                "cpu_s": cpu,
                "cpu_by_role_s": by_role,
                "worker_pss_mb": [_pss_mb(p) for p in serving],
                "worker_private_mb": [_private_mb(p) for p in serving],
                "master_pss_mb": _pss_mb(master),
            })
            say(f"{action}: {runs[-1]}")
        report["changes"] = runs
        pss["after"] = runs[-1]["worker_pss_mb"] if runs else pss["before"]
        pss["peak"] = [max((v for r in runs for v in r["worker_pss_mb"] if v is not None),
                           default=None)]
        report["pss_mb"] = pss
        report["master_pss_mb"]["after"] = runs[-1]["master_pss_mb"] if runs else None
        report["worker_private_mb"]["after"] = (runs[-1]["worker_private_mb"] if runs
                                                else report["worker_private_mb"]["before"])
        report["builder_pss_mb"] = [_pss_mb(p) for p in builder]
        served_times = [r["served_s"] for r in runs if r["served_s"] is not None]
        if served_times:
            report["served_s"] = {"median": float(np.median(served_times)),
                                  "max": float(max(served_times))}
            report["cpu_s"] = {"median": float(np.median([r["cpu_s"] for r in runs])),
                               "max": float(max(r["cpu_s"] for r in runs))}
        return report
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        if slack is not None:
            slack.stop()
        if owned:
            shutil.rmtree(work, ignore_errors=True)


def format_reload(report: dict[str, Any]) -> str:
    """The reload report as Markdown."""
    build = report.get("build", {})
    lines = [f"{report.get('files')} files; full build from files (`briefbot index`): "
             f"{build.get('wall_s', 0):.1f} s wall, {build.get('cpu_s', 0):.1f} CPU-s, "
             f"peak RSS {build.get('peak_rss_mb', 0):.0f} MB; "
             f"{build.get('summary', {}).get('passages', '?')} passages",
             "", f"| change | served by all {report['workers']} workers s | CPU-s (all processes) "
             "| CPU-s master / builder / workers | worker PSS MB | worker private MB "
             "| master PSS MB |", "|---|---|---|---|---|---|---|"]

    def fmt(values: list[float | None]) -> str:
        return " / ".join("—" if v is None else f"{v:.0f}" for v in values)

    for run in report.get("changes", []):
        served = "—" if run["served_s"] is None else f"{run['served_s']:.2f}"
        roles = run.get("cpu_by_role_s", {})
        split = " / ".join(f"{roles.get(r, 0.0):.2f}" for r in ("master", "builder", "workers"))
        lines.append(f"| {run['change']} | {served} | {run['cpu_s']:.2f} | {split} | "
                     f"{fmt(run['worker_pss_mb'])} | {fmt(run.get('worker_private_mb', []))} | "
                     f"{fmt([run.get('master_pss_mb')])} |")
    pss = report.get("pss_mb", {})
    if pss:
        master = report.get("master_pss_mb", {})
        lines += ["", f"Worker PSS MB before the first change: {fmt(pss['before'])}; after the "
                  f"last: {fmt(pss['after'])}; peak: {fmt(pss['peak'])}. Master PSS MB: "
                  f"{fmt([master.get('before')])} -> {fmt([master.get('after')])}. Builder PSS "
                  f"MB: {fmt(report.get('builder_pss_mb', []))}."]
        private = report.get("worker_private_mb", {})
        if private:
            lines.append(f"Worker private MB before the first change: "
                         f"{fmt(private.get('before', []))}; after the last: "
                         f"{fmt(private.get('after', []))}.")
    served = report.get("served_s")
    if served:
        lines.append(f"Served median {served['median']:.2f} s (max {served['max']:.2f}); CPU-s "
                     f"per change median {report['cpu_s']['median']:.2f} "
                     f"(max {report['cpu_s']['max']:.2f}).")
    return "\n".join(lines)
