"""Retrieval quality on SciFact (BEIR layout): nDCG@10 and Recall@100.

The dataset is read from a folder holding ``corpus.jsonl.gz`` (or
``corpus.jsonl``), ``queries.jsonl`` and ``qrels/{test,train}.tsv``. Each
document is its title and abstract joined by a space, as BEIR does. All
engines get the same tokens, produced by briefbot's tokenizer; bm25s is
also run with its own tokenizer (English stopwords, Snowball stemmer) for
comparison with published figures.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import math
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from briefbot.config import IndexSettings
from briefbot.index.bm25 import BM25Index
from briefbot.index.tokenize import tokenize

__all__ = ["load_beir", "ndcg_at", "recall_at", "evaluate", "run_scifact"]

Qrels = dict[str, dict[str, int]]
Run = dict[str, list[str]]


def load_beir(folder: Path, split: str = "test") -> tuple[dict[str, str], dict[str, str], Qrels]:
    """(doc id -> text, query id -> text, qrels) with only the split's queries."""
    corpus_path = folder / "corpus.jsonl.gz"
    opener: Callable[..., Any] = gzip.open if corpus_path.exists() else open
    if not corpus_path.exists():
        corpus_path = folder / "corpus.jsonl"
    docs: dict[str, str] = {}
    with opener(corpus_path, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            docs[str(row["_id"])] = f"{row.get('title') or ''} {row.get('text') or ''}".strip()
    qrels: Qrels = {}
    with open(folder / "qrels" / f"{split}.tsv", encoding="utf-8") as handle:
        next(handle)  # header
        for line in handle:
            qid, did, score = line.rstrip("\n").split("\t")
            qrels.setdefault(qid, {})[did] = int(score)
    queries: dict[str, str] = {}
    with open(folder / "queries.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if str(row["_id"]) in qrels:
                queries[str(row["_id"])] = row["text"]
    return docs, queries, qrels


def ndcg_at(ranked: Sequence[str], relevant: Mapping[str, int], k: int = 10) -> float:
    """nDCG@k with graded gains rel / log2(rank + 1), the trec_eval form BEIR reports."""
    dcg = sum(relevant.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted((g for g in relevant.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: Sequence[str], relevant: Mapping[str, int], k: int = 100) -> float:
    """Share of the relevant documents found in the top k."""
    wanted = {d for d, g in relevant.items() if g > 0}
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 0.0


def evaluate(run: Run, qrels: Qrels) -> dict[str, float]:
    """Mean nDCG@10 and Recall@100 over the queries of the qrels."""
    ids = list(qrels)
    return {
        "ndcg@10": float(np.mean([ndcg_at(run.get(q, []), qrels[q], 10) for q in ids])),
        "recall@100": float(np.mean([recall_at(run.get(q, []), qrels[q], 100) for q in ids])),
    }


def _ours(doc_tokens, query_tokens, doc_ids, **params) -> list[list[str]]:
    index = BM25Index.build(doc_tokens, **params)
    return [[doc_ids[i] for i, _ in index.search(q, 100)] for q in query_tokens]


def _rank_bm25(doc_tokens, query_tokens, doc_ids) -> list[list[str]]:
    from rank_bm25 import BM25Okapi

    model = BM25Okapi(doc_tokens)  # its own defaults: k1=1.5, b=0.75, epsilon=0.25
    out = []
    for q in query_tokens:
        scores = model.get_scores(q)
        top = np.lexsort((np.arange(scores.size), -scores))[:100]
        out.append([doc_ids[i] for i in top])
    return out


def _bm25s(doc_tokens, query_tokens, doc_ids) -> list[list[str]]:
    import bm25s

    model = bm25s.BM25()  # its defaults: Lucene idf, k1=1.5, b=0.75
    model.index(doc_tokens, show_progress=False)
    queries = [q or [""] for q in query_tokens]
    found, _ = model.retrieve(queries, k=100, show_progress=False)
    return [[doc_ids[i] for i in row] for row in found]


def _bm25s_own_tokenizer(texts, query_texts, doc_ids) -> list[list[str]]:
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("english")
    model = bm25s.BM25()
    model.index(bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False),
                show_progress=False)
    queries = bm25s.tokenize(query_texts, stopwords="en", stemmer=stemmer, show_progress=False)
    found, _ = model.retrieve(queries, k=100, show_progress=False)
    return [[doc_ids[i] for i in row] for row in found]


def run_scifact(folder: Path, split: str = "test",
                settings: IndexSettings | None = None) -> dict[str, Any]:
    """Every engine's nDCG@10 and Recall@100 on one split, with the shipped defaults."""
    settings = settings or IndexSettings()
    docs, queries, qrels = load_beir(folder, split)
    doc_ids = list(docs)
    texts = [docs[d] for d in doc_ids]
    query_ids = list(queries)
    started = time.perf_counter()
    doc_tokens = [tokenize(t) for t in texts]
    query_tokens = [tokenize(queries[q]) for q in query_ids]
    tokenize_s = time.perf_counter() - started
    params = {"variant": settings.variant, "k1": settings.k1, "b": settings.b,
              "epsilon": settings.epsilon}
    engines: dict[str, Callable[[], list[list[str]]]] = {
        "briefbot": lambda: _ours(doc_tokens, query_tokens, doc_ids, **params),
        "rank_bm25": lambda: _rank_bm25(doc_tokens, query_tokens, doc_ids),
        "bm25s": lambda: _bm25s(doc_tokens, query_tokens, doc_ids),
        "bm25s_own_tokenizer": lambda: _bm25s_own_tokenizer(
            texts, [queries[q] for q in query_ids], doc_ids),
    }
    results: dict[str, Any] = {}
    for name, engine in engines.items():
        if name.startswith("bm25s") and importlib.util.find_spec("bm25s") is None:
            results[name] = {"skipped": "skipped: bm25s not installed "
                                        "(pip install 'briefbot[bench]')"}
            continue
        started = time.perf_counter()
        ranked = engine()
        run = dict(zip(query_ids, ranked, strict=True))
        results[name] = {**evaluate(run, qrels), "seconds": round(time.perf_counter() - started, 3)}
    return {
        "split": split,
        "documents": len(doc_ids),
        "queries": len(query_ids),
        "tokenize_seconds": round(tokenize_s, 3),
        "settings": params,
        "engines": results,
    }
