"""How long one large transcript takes to parse (issue 9: a 2 MB transcript in under 2 s).

The GPO hearing of ``tests/data/real`` (300 KB, saved as ``<pre>`` HTML) is
rendered to its text once, then repeated until the text passes the target
size, and ``parse_text`` reads it as a transcript without a participant list
(the turn grammar of ``ingest/turns.py``: labels scanned, names resolved from
the document). Each size is timed ``--runs`` times in this process; the best
and the median wall time, the best CPU time (what one core spends, less
swayed by other jobs) and the machine's load average are printed.

    python -m bench.transcript_parse [--mb 2] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from briefbot.config import IngestSettings
from briefbot.ingest.parse import parse_text
from briefbot.ingest.plain import html_to_lines_text

HEARING = (Path(__file__).resolve().parent.parent / "tests" / "data" / "real"
           / "chrg-1997-01-21-gulf-war-syndrome-hearing.htm")


def transcript_of_size(megabytes: float) -> str:
    """The hearing's text repeated to at least ``megabytes`` MB."""
    text = html_to_lines_text(HEARING.read_text(encoding="utf-8", errors="replace"))
    copies = max(1, int(megabytes * 1_000_000 // len(text.encode()) + 1))
    return "\n".join([text] * copies)


def main() -> None:
    """Time the parse and print one line per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=2.0, help="target size in MB (default 2)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs (default 3)")
    args = parser.parse_args()
    text = transcript_of_size(args.mb)
    settings = IngestSettings(max_parse_seconds=600)
    times, cpu = [], []
    for _ in range(args.runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = parse_text(text, "transcript", path="hearing.txt", briefing_id="h",
                            settings=settings)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    load = os.getloadavg()[0]
    print(f"{len(text.encode()) / 1e6:.2f} MB, {len(result.passages)} passages, "
          f"{len(result.briefing.speakers)} speakers: best {min(times):.2f} s, "
          f"median {statistics.median(times):.2f} s; CPU best {min(cpu):.2f} s "
          f"({args.runs} runs, load {load:.1f})")


if __name__ == "__main__":
    main()
