"""What segments merged at query time would cost retrieval: weights computed per question.

Issue 16 asked for a change to be a small segment merged at query time, with
exact BM25 statistics. briefbot stores each posting's BM25 weight, computed
with the corpus's N, df and average passage length; a new segment changes
all three, so with segments every weight would have to be computed while the
question is answered, from the posting's term frequency and its passage's
length (as Lucene does). The index already has that path: a restricted
visibility scope's statistics (``BM25Index.search(..., stats=...)``). This
script times both over the same index and the same questions, alternated:

* ``stored`` — the stored weights (what every question uses today);
* ``computed`` — each weight computed at query time from tf and length, with
  the whole corpus's statistics (the scores are the same: checked).

Queries: the reload and retrieval benchmarks' common-word set and rare-word
set (``briefbot.benchmarks.scale``). Printed: p50 / p99 ms of each and the
ratio, with the load average.

    python -m bench.query_time_weights [--passages 100000] [--queries 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from briefbot.benchmarks.scale import generate, generate_common_queries, generate_queries, to_corpus
from briefbot.config import Settings
from briefbot.index.store import build_index
from briefbot.index.tokenize import tokenize


def _times(search, queries, k: int) -> list[float]:
    out = []
    for terms in queries:
        start = time.perf_counter()
        search(terms, k)
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()

    scale = generate(args.passages, 0)
    indexed = build_index(to_corpus(scale), Settings(), key="bench")
    bm25 = indexed.bm25
    everything = bm25.scope_stats(np.ones(bm25.n_docs, dtype=bool))
    sets = {
        "common": [tokenize(q) for q in generate_common_queries(scale, args.queries, 0)],
        "rare": [tokenize(q) for q in generate_queries(scale, args.queries, 0)],
    }
    for terms in sets["common"][:50] + sets["rare"][:50]:
        stored = bm25.search(terms, args.k)
        computed = bm25.search(terms, args.k, stats=everything)
        assert [d for d, _ in stored] == [d for d, _ in computed], terms
        assert np.allclose([s for _, s in stored], [s for _, s in computed], rtol=1e-12)

    def stored_search(terms, k):
        return bm25.search(terms, k)

    def computed_search(terms, k):
        return bm25.search(terms, k, stats=everything)

    print(f"{bm25.n_docs} passages, load {os.getloadavg()[0]:.2f}")
    for name, queries in sets.items():
        for _ in range(args.rounds):
            stored = _times(stored_search, queries, args.k)
            computed = _times(computed_search, queries, args.k)
            p = {label: (np.percentile(t, 50), np.percentile(t, 99))
                 for label, t in (("stored", stored), ("computed", computed))}
            print(f"{name:6} stored p50 {p['stored'][0]:.3f} p99 {p['stored'][1]:.3f} | "
                  f"computed p50 {p['computed'][0]:.3f} p99 {p['computed'][1]:.3f} | "
                  f"p50 x{p['computed'][0] / p['stored'][0]:.2f}")
    print(f"load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
