"""Side-by-side retrieval benchmark: briefbot vs rank-bm25 vs bm25s, same tokens.

The parent process generates the scale corpus (``briefbot.benchmarks.scale``), tokenizes
it once with briefbot's tokenizer and writes the tokens to a work folder.
Each engine then runs in fresh child processes, so that peak RSS
(``getrusage``) is the engine's own:

* ``build``: read the tokens, build the index (timed), persist it (timed
  separately), report the size on disk;
* ``serve``: a new process loads the persisted index and answers the first
  query — *cold start* is the wall time from spawning the process to that
  first answer — then answers every query once (latency p50/p99, top 10).

rank-bm25 has no persistence of its own; it is pickled (the only way to keep
it) and is timed on fewer queries at large sizes, because it scores every
document in Python. bm25s runs with its numpy backend and, if numba is
installed, its numba backend. The ``product`` row is briefbot end to end:
the persisted corpus and index (``briefbot.index.store``) loaded into the
answer engine, and ``Engine.ask`` timed on the full question text (query
parsing, retrieval, excerpts).

Two query sets are timed for every engine: the *rare-word* set (2-6 content
words drawn from the long tail, as staff name a topic) and a *common-word*
set (2-5 of the most frequent policy words, whose postings are long: the
case where retrieval does the most work). The product row asks a mix of
question kinds (:func:`~briefbot.benchmarks.scale.generate_mix`) and reports
p50/p90/p99 per kind. An optional engine that is not installed (bm25s,
numba) is skipped with a line naming the extra to install.
"""

from __future__ import annotations

import argparse
import gc
import json
import pickle
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["run_benchmark", "ENGINES", "format_table"]

ENGINES = ("briefbot", "rank_bm25", "bm25s_numpy", "bm25s_numba")
K = 10
K1, B = 1.2, 0.75


def _peak_rss_mb() -> float:
    """This process's peak resident set size, in MB.

    Linux carries ``getrusage``'s ru_maxrss across exec, so a child spawned
    by a large parent would report the parent's peak; the kernel's VmHWM of
    the current address space does not, so it is preferred when available.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _dir_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


_EXTRA = "pip install 'briefbot[bench]'"
_NEEDS = {"bm25s_numpy": ("bm25s",), "bm25s_numba": ("bm25s", "numba")}
"""The optional modules each engine needs (all in the ``bench`` extra)."""


def missing_modules(engine: str) -> list[str]:
    """The modules ``engine`` needs that are not installed."""
    import importlib.util

    return [m for m in _NEEDS.get(engine, ()) if importlib.util.find_spec(m) is None]


def skip_reason(engine: str) -> str | None:
    """Why ``engine`` cannot run here (a missing optional module and the extra), or None."""
    missing = missing_modules(engine)
    if not missing:
        return None
    return f"skipped: {' and '.join(missing)} not installed ({_EXTRA})"


# -- child processes -----------------------------------------------------------


def _read_tokens(work: Path) -> list[list[str]]:
    vocab = json.loads((work / "vocab.json").read_text(encoding="utf-8"))
    flat = np.load(work / "tokens.npy", allow_pickle=False)
    offsets = np.load(work / "offsets.npy", allow_pickle=False).tolist()
    words = [vocab[i] for i in flat.tolist()]
    return [words[offsets[i] : offsets[i + 1]] for i in range(len(offsets) - 1)]


def _child_build(engine: str, work: Path) -> dict[str, Any]:
    docs = _read_tokens(work)
    target = work / f"index-{engine}"
    shutil.rmtree(target, ignore_errors=True)
    started = time.perf_counter()
    if engine == "briefbot":
        from briefbot.index.bm25 import BM25Index

        model: Any = BM25Index.build(docs, k1=K1, b=B)
        built = time.perf_counter()
        model.save(target)
    elif engine == "rank_bm25":
        from rank_bm25 import BM25Okapi

        model = BM25Okapi(docs, k1=K1, b=B)
        built = time.perf_counter()
        target.mkdir()
        with open(target / "model.pkl", "wb") as handle:
            pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)
    else:
        import bm25s

        model = bm25s.BM25(k1=K1, b=B, method="lucene", backend=engine.split("_")[1])
        model.index(docs, show_progress=False)
        built = time.perf_counter()
        model.save(str(target))
    saved = time.perf_counter()
    return {
        "build_s": built - started,
        "save_s": saved - built,
        "disk_mb": _dir_size(target) / 1e6,
        "build_peak_rss_mb": _peak_rss_mb(),
    }


def _child_serve(engine: str, work: Path, n_queries: int, query_set: str = "queries"
                 ) -> dict[str, Any]:
    queries: list[list[str]] = json.loads((work / f"{query_set}.json").read_text())[:n_queries]
    target = work / f"index-{engine}"
    started = time.perf_counter()
    if engine == "briefbot":
        from briefbot.index.bm25 import BM25Index

        index = BM25Index.load(target, mmap=True)

        def answer(q: list[str]) -> list[int]:
            return [d for d, _ in index.search(q, K)]
    elif engine == "rank_bm25":
        with open(target / "model.pkl", "rb") as handle:
            model = pickle.load(handle)  # noqa: S301 - our own file, written just before

        def answer(q: list[str]) -> list[int]:
            scores = model.get_scores(q)
            top = np.argpartition(scores, scores.size - K)[scores.size - K :]
            return top[np.argsort(-scores[top])].tolist()
    else:
        import bm25s

        backend = engine.split("_")[1]
        model = bm25s.BM25.load(str(target), mmap=True)
        model.backend = backend
        vocab = model.vocab_dict

        def answer(q: list[str]) -> list[int]:
            known = [t for t in q if t in vocab]
            if not known:  # bm25s cannot score a query with no indexed term
                return []
            found, _ = model.retrieve([known], k=K, show_progress=False, n_threads=0,
                                      backend_selection=backend)
            return found[0].tolist()
    loaded = time.perf_counter()
    answer(queries[0])
    first_at = time.time()
    first = time.perf_counter()
    latencies = []
    for q in queries:
        t0 = time.perf_counter()
        answer(q)
        latencies.append(time.perf_counter() - t0)
    ms = np.array(latencies) * 1000
    return {
        "load_s": loaded - started,
        "first_query_ms": (first - loaded) * 1000,
        "first_answer_at": first_at,
        "queries": len(queries),
        "p50_ms": float(np.percentile(ms, 50)),
        "p99_ms": float(np.percentile(ms, 99)),
        "mean_ms": float(ms.mean()),
        "serve_peak_rss_mb": _peak_rss_mb(),
    }


def _child_product(work: Path, n_queries: int, warm: bool = True) -> dict[str, Any]:
    from briefbot.config import Settings
    from briefbot.index.store import load_index
    from briefbot.search.engine import Engine

    mix: list[tuple[str, str]] = json.loads((work / "mix.json").read_text())
    questions = [q for _, q in mix][:n_queries]
    settings = Settings()
    started = time.perf_counter()
    indexed = load_index(work / "product", "bench", settings)
    loaded = time.perf_counter()
    engine = Engine(indexed, settings)
    ready = time.perf_counter()
    if warm:
        engine.warm()  # as ``briefbot serve`` and ``console`` do before the first question
    warmed = time.perf_counter()
    gc.freeze()  # as ``briefbot serve``/``ask``/``console`` do once the engine is loaded
    engine.ask(questions[0])
    first_at = time.time()
    by_kind: dict[str, list[float]] = {}
    intents: dict[str, dict[str, int]] = {}
    for kind, q in mix:
        t0 = time.perf_counter()
        answer = engine.ask(q)
        by_kind.setdefault(kind, []).append(time.perf_counter() - t0)
        seen = intents.setdefault(kind, {})
        seen[answer.intent] = seen.get(answer.intent, 0) + 1
    ms = np.array([t for times in by_kind.values() for t in times]) * 1000
    kinds = {}
    for kind, times in by_kind.items():
        kind_ms = np.array(times) * 1000
        kinds[kind] = {"queries": len(times), "intents": intents[kind],
                       **{f"p{q}_ms": float(np.percentile(kind_ms, q)) for q in (50, 90, 99)}}
    return {
        "load_s": loaded - started,
        "engine_init_s": ready - loaded,
        "engine_warm_s": warmed - ready,
        "first_answer_at": first_at,
        "queries": int(ms.size),
        "answer_p50_ms": float(np.percentile(ms, 50)),
        "answer_p90_ms": float(np.percentile(ms, 90)),
        "answer_p99_ms": float(np.percentile(ms, 99)),
        "kinds": kinds,
        "serve_peak_rss_mb": _peak_rss_mb(),
    }


def _spawn(args: list[str], timeout: float) -> dict[str, Any]:
    """Run this module as a child; return its JSON and when it was spawned."""
    spawned = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "briefbot.benchmarks.retrieval", *args],
        capture_output=True, text=True, timeout=timeout, check=False,
    )
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-3:]
        return {"error": " | ".join(tail) or f"exit code {done.returncode}"}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if "first_answer_at" in result:
        result["cold_start_s"] = result.pop("first_answer_at") - spawned
    return result


# -- the parent ----------------------------------------------------------------


def _write_tokens(work: Path, docs: list[list[str]], queries: list[list[str]]) -> None:
    vocab: dict[str, int] = {}
    flat = np.fromiter((vocab.setdefault(t, len(vocab)) for d in docs for t in d),
                       dtype=np.int32, count=sum(len(d) for d in docs))
    offsets = np.zeros(len(docs) + 1, dtype=np.int64)
    np.cumsum([len(d) for d in docs], out=offsets[1:])
    np.save(work / "tokens.npy", flat, allow_pickle=False)
    np.save(work / "offsets.npy", offsets, allow_pickle=False)
    (work / "vocab.json").write_text(json.dumps(list(vocab)), encoding="utf-8")
    (work / "queries.json").write_text(json.dumps(queries), encoding="utf-8")


def run_benchmark(
    passages: int = 100_000,
    queries: int = 200,
    seed: int = 0,
    *,
    engines: tuple[str, ...] = ENGINES,
    rank_bm25_queries: int | None = None,
    rank_bm25_max_passages: int = 200_000,
    product: bool = True,
    work: Path | None = None,
    timeout: float = 3600.0,
    progress: Any = None,
) -> dict[str, Any]:
    """Generate, tokenize, and measure every engine; returns a JSON-able dict."""
    from briefbot.config import Settings
    from briefbot.index.store import build_index, save_index
    from briefbot.index.tokenize import tokenize

    from .scale import generate, generate_common_queries, generate_mix, generate_queries, to_corpus

    def say(message: str) -> None:
        if progress:
            progress(message)

    owned = work is None
    work = Path(tempfile.mkdtemp(prefix="briefbot-bench-")) if work is None else work
    work.mkdir(parents=True, exist_ok=True)
    try:
        t0 = time.perf_counter()
        scale = generate(passages, seed)
        questions = generate_queries(scale, queries, seed)
        generate_s = time.perf_counter() - t0
        say(f"generated {passages} passages in {generate_s:.1f}s")
        t0 = time.perf_counter()
        docs = [tokenize(text) for text in scale.texts]
        tokenize_s = time.perf_counter() - t0
        query_tokens = [tokenize(q) for q in questions]
        _write_tokens(work, docs, query_tokens)
        common = [tokenize(q) for q in generate_common_queries(scale, queries, seed)]
        (work / "common.json").write_text(json.dumps(common), encoding="utf-8")
        (work / "questions.json").write_text(json.dumps(questions), encoding="utf-8")
        (work / "mix.json").write_text(json.dumps(generate_mix(scale, queries, seed)),
                                       encoding="utf-8")
        say(f"tokenized in {tokenize_s:.1f}s")
        n_tokens = sum(len(d) for d in docs)
        vocabulary = len({t for d in docs for t in d})
        del docs

        results: dict[str, Any] = {}
        for engine in engines:
            reason = skip_reason(engine)
            if reason is not None:
                results[engine] = {"skipped": reason}
                say(f"{engine}: {reason}")
                continue
            if engine == "rank_bm25" and passages > rank_bm25_max_passages:
                results[engine] = {"skipped": f"rank-bm25 not run above {rank_bm25_max_passages} "
                                              "passages (minutes per build, seconds per query)"}
                continue
            say(f"{engine}: building")
            row = _spawn(["build", engine, str(work)], timeout)
            if "error" not in row:
                n = queries
                if engine == "rank_bm25":
                    n = rank_bm25_queries or max(20, min(queries, 2_000_000 // max(passages, 1)))
                say(f"{engine}: serving {n} queries")
                row.update(_spawn(["serve", engine, str(work), str(n)], timeout))
                common_row = _spawn(["serve", engine, str(work), str(n), "common"], timeout)
                for key in ("p50_ms", "p99_ms", "mean_ms"):
                    if key in common_row:
                        row[f"common_{key}"] = common_row[key]
            results[engine] = row
        if product:
            say("product: building the persisted corpus index")
            settings = Settings()
            t0 = time.perf_counter()
            corpus = to_corpus(scale)
            indexed = build_index(corpus, settings, key="bench")
            build_s = time.perf_counter() - t0
            save_index(indexed, work / "product", settings)
            row = {"build_s": build_s, "disk_mb": _dir_size(work / "product") / 1e6}
            del corpus, indexed
            say("product: answering")
            row.update(_spawn(["product", str(work), str(queries)], timeout))
            results["product"] = row
        _add_ratios(results)
        return {
            "passages": passages,
            "queries": queries,
            "seed": seed,
            "k": K,
            "k1": K1,
            "b": B,
            "tokens": n_tokens,
            "vocabulary": vocabulary,
            "generate_s": generate_s,
            "tokenize_s": tokenize_s,
            "engines": results,
        }
    finally:
        if owned:
            shutil.rmtree(work, ignore_errors=True)


def _add_ratios(results: dict[str, Any]) -> None:
    ours = results.get("briefbot", {})
    for name, row in results.items():
        if name in ("briefbot", "product") or "p50_ms" not in row or "p50_ms" not in ours:
            continue
        row["p50_vs_briefbot"] = row["p50_ms"] / ours["p50_ms"]
        if row.get("common_p50_ms") and ours.get("common_p50_ms"):
            row["common_p50_vs_briefbot"] = row["common_p50_ms"] / ours["common_p50_ms"]
        if ours.get("build_s"):
            row["build_vs_briefbot"] = row["build_s"] / ours["build_s"]


def _fmt(value: Any, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def _ratio(value: float | None) -> str:
    if not value:
        return "—"
    return f"{value:,.0f}x" if value >= 10 else f"{value:.2f}x"


def format_table(report: dict[str, Any]) -> str:
    """The report as Markdown tables (ratios are 'x slower than briefbot')."""
    header = ("| engine | build s | cold start s | rare p50 ms | rare p99 ms | rare p50 vs ours "
              "| common p50 ms | common p99 ms | common p50 vs ours | queries "
              "| peak RSS MB (build / serve) | disk MB |")
    lines = [header, "|" + "---|" * 12]
    for name, row in report["engines"].items():
        if "skipped" in row or "error" in row:
            lines.append(f"| {name} | {row.get('skipped') or 'error: ' + row['error']} |"
                         + " |" * 10)
            continue
        if name == "product":
            p50, p99 = row.get("answer_p50_ms"), row.get("answer_p99_ms")
            label = "briefbot full answer (Engine.ask, mix of kinds)"
        else:
            p50, p99 = row.get("p50_ms"), row.get("p99_ms")
            label = name
        ours = name == "briefbot"
        lines.append(
            f"| {label} | {_fmt(row.get('build_s'), '.2f')}"
            f" | {_fmt(row.get('cold_start_s'), '.2f')}"
            f" | {_fmt(p50, '.3f')} | {_fmt(p99, '.3f')}"
            f" | {'1x' if ours else _ratio(row.get('p50_vs_briefbot'))}"
            f" | {_fmt(row.get('common_p50_ms'), '.3f')}"
            f" | {_fmt(row.get('common_p99_ms'), '.3f')}"
            f" | {'1x' if ours else _ratio(row.get('common_p50_vs_briefbot'))}"
            f" | {row.get('queries', '—')}"
            f" | {_fmt(row.get('build_peak_rss_mb'), '.0f')}"
            f" / {_fmt(row.get('serve_peak_rss_mb'), '.0f')}"
            f" | {_fmt(row.get('disk_mb'), '.1f')} |"
        )
    kinds = report["engines"].get("product", {}).get("kinds")
    if kinds:
        lines += ["", "| question kind | queries | p50 ms | p90 ms | p99 ms | answered as |",
                  "|---|---|---|---|---|---|"]
        for kind, row in kinds.items():
            intents = ", ".join(f"{k} {v}" for k, v in sorted(row["intents"].items()))
            lines.append(f"| {kind} | {row['queries']} | {row['p50_ms']:.2f} | "
                         f"{row['p90_ms']:.2f} | {row['p99_ms']:.2f} | {intents} |")
    return "\n".join(lines)


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="briefbot.benchmarks.retrieval")
    parser.add_argument("mode", choices=["build", "serve", "product"])
    parser.add_argument("rest", nargs="*")
    args = parser.parse_args(argv)
    if args.mode == "build":
        result = _child_build(args.rest[0], Path(args.rest[1]))
    elif args.mode == "serve":
        result = _child_serve(args.rest[0], Path(args.rest[1]), int(args.rest[2]),
                              *(f"{name}" for name in args.rest[3:4]))
    else:
        result = _child_product(Path(args.rest[0]), int(args.rest[1]),
                                warm=args.rest[2:3] != ["cold"])
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
