"""Wall time, CPU and peak memory of a full build from files (issue 16: 1M passages <= 3 GB).

Runs ``python -m briefbot index --knowledge FOLDER --rebuild --json`` in a
child process with the source tree named by ``--src`` (default: the installed
package) and, every ``--every`` seconds, adds up the resident memory of the
builder and of every process below it (the parsing workers). Printed: the
wall time, the CPU seconds of the builder and its workers, the builder's own
peak (the kernel's high-water mark, what ``/usr/bin/time -v`` calls "Maximum
resident set size"), the largest sampled sum over the process tree and the
process that held the largest sample, and the load average at the start and
the end. MB are 2**20 bytes, as ``/usr/bin/time`` counts them.

The archive of the reload benchmark is made with ``--make N`` (the
``briefbot.benchmarks.scale`` corpus of N passages, seed 0, one Markdown
file per event: 1,000,000 gives 1,428,218 passages in 25,000 files) into
FOLDER/knowledge, once; the index is written under FOLDER/.briefbot-cache,
removed before each run.

    python -m bench.build_memory FOLDER [--make 1000000] [--src path/to/src] [--runs 1]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(x) for x in handle.read().split()]
    except OSError:
        return []


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += _children(current)
    return found


def build_once(folder: Path, src: str | None, every: float) -> dict[str, object]:
    """One build of FOLDER/knowledge from nothing; what it cost."""
    shutil.rmtree(folder / ".briefbot-cache", ignore_errors=True)
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    command = [sys.executable, "-m", "briefbot", "index", "--knowledge", "knowledge",
               "--rebuild", "--json"]
    load_start = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL)
    tree_peak, single_peak, holder = 0.0, 0.0, ""
    while child.poll() is None:
        sizes = [(_rss_mb(pid), pid) for pid in _tree(child.pid)]
        tree_peak = max(tree_peak, sum(size for size, _ in sizes))
        size, pid = max(sizes)
        if size > single_peak:
            single_peak = size
            holder = "the builder" if pid == child.pid else f"a worker (pid {pid})"
        time.sleep(every)
    output = child.stdout.read() if child.stdout else b""
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if child.returncode != 0:
        raise SystemExit(f"briefbot index failed (exit {child.returncode})")
    summary = json.loads(output)
    return {
        "passages": summary.get("passages"),
        "wall_s": round(wall, 1),
        "cpu_s": round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 1),
        # The largest peak of one process waited for (KB on Linux): the builder or a worker.
        "builder_peak_mb": round(after.ru_maxrss / 1024),
        "tree_peak_sampled_mb": round(tree_peak),
        "largest_sample_held_by": holder,
        "load": f"{load_start:.2f} -> {os.getloadavg()[0]:.2f}",
    }


def main() -> None:
    """Make the archive if asked, then build it ``--runs`` times, one JSON line a run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="holds knowledge/ (made by --make)")
    parser.add_argument("--make", type=int, default=0,
                        help="write the scale archive of this many passages first")
    parser.add_argument("--src", default=None, help="source tree to build with (PYTHONPATH)")
    parser.add_argument("--runs", type=int, default=1, help="builds to run (default 1)")
    parser.add_argument("--every", type=float, default=0.1,
                        help="seconds between memory samples (default 0.1)")
    args = parser.parse_args()
    if args.make:
        from briefbot.benchmarks.reload import write_archive
        from briefbot.benchmarks.scale import generate

        files = write_archive(generate(args.make, 0), args.folder / "knowledge")
        print(json.dumps({"archive_files": files}))
    for _ in range(args.runs):
        print(json.dumps(build_once(args.folder, args.src, args.every)), flush=True)


if __name__ == "__main__":
    main()
