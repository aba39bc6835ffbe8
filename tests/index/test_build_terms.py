"""An index built from passages tokenized where their files were parsed (a large
first build's worker processes) is the index built by tokenizing them here."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np

from briefbot.config import Settings
from briefbot.index.documents import CorpusTerms, tokenize_passages
from briefbot.index.store import build_index
from briefbot.ingest.loader import load_corpus

DATA = Path(__file__).resolve().parents[1] / "data"


def test_an_index_from_tokenized_files_equals_one_tokenized_here() -> None:
    settings = Settings()
    corpus = load_corpus([DATA / "corpus", DATA / "unseen"], settings)
    numbered = CorpusTerms()
    for briefing in corpus.briefings:
        numbered.add(tokenize_passages(SimpleNamespace(
            briefing=briefing,
            passages=tuple(p for p in corpus.passages if p.briefing_id == briefing.id))))
    here = build_index(corpus, settings)
    there = build_index(corpus, settings, tokenized=numbered)
    assert len(corpus.passages) > 500
    assert there.bm25.vocabulary == here.bm25.vocabulary
    for name in ("indptr", "doc_ids", "weights", "tf", "idf", "doc_len"):
        assert np.array_equal(getattr(there.bm25, name), getattr(here.bm25, name)), name
    for name in ("ptr", "bounds", "term_ptr", "terms"):
        assert np.array_equal(getattr(there.sentences, name), getattr(here.sentences, name)), name
    question = ["arctic", "ship"]
    assert there.bm25.search(question, 10) == here.bm25.search(question, 10)
