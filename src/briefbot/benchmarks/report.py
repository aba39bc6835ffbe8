"""Render the tables of bench/RESULTS.md from ``briefbot bench --json`` reports.

Usage: ``python -m briefbot.benchmarks.report REPORT.json [REPORT.json ...]`` (prints
Markdown). A report of ``briefbot bench --slack --json`` is rendered as the
Slack load table.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import numpy as np

from .retrieval import format_table
from .slack_load import format_slack_table


def machine() -> str:
    """nproc, CPU model, memory, Python and numpy versions."""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next((ln.split(":", 1)[1].strip() for ln in lscpu.splitlines()
                      if ln.startswith("Model name")), platform.processor())
    except OSError:
        model = platform.processor()
    try:
        mem_kb = int(next(ln.split()[1] for ln in open("/proc/meminfo") if ln.startswith("MemTotal")))
        memory = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        memory = "unknown"
    return (f"{os.cpu_count()} CPUs ({model}), {memory} RAM, Python {platform.python_version()}, "
            f"numpy {np.__version__}, {platform.system()} {platform.release()}")


def render(reports: list[dict]) -> str:
    """Markdown sections, one per report."""
    out = []
    for report in reports:
        if "acked_200" in report:
            out.append("### Slack load\n")
            out.append(format_slack_table(report) + "\n")
            continue
        out.append(f"### {report['passages']:,} passages\n")
        out.append(f"{report['tokens']:,} tokens, {report['vocabulary']:,} distinct terms, "
                   f"{report['queries']} queries, top {report['k']}, k1={report['k1']}, "
                   f"b={report['b']}; generating took {report['generate_s']:.1f}s, "
                   f"tokenizing {report['tokenize_s']:.1f}s.\n")
        out.append(format_table(report) + "\n")
        product = report["engines"].get("product", {})
        if "engine_init_s" in product:
            out.append(f"Full product cold start {product['cold_start_s']:.2f} s = Python start-up "
                       f"and imports, then loading the persisted corpus index "
                       f"{product['load_s']:.3f} s, building the answer engine "
                       f"{product['engine_init_s']:.2f} s, and the first answer.\n")
        if "scifact" in report:
            sf = report["scifact"]
            out.append(f"SciFact {sf['split']} ({sf['queries']} queries, {sf['documents']} docs), "
                       f"settings {sf['settings']}:\n")
            out.append("| engine | nDCG@10 | Recall@100 |\n|---|---|---|")
            for name, row in sf["engines"].items():
                out.append(f"| {name} | {row['ndcg@10']:.4f} | {row['recall@100']:.4f} |")
            out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    loaded = [json.loads(Path(p).read_text()) for p in sys.argv[1:]]
    print(f"Machine: {machine()}\nDate: {dt.date.today().isoformat()}\n")
    print(render(loaded))
