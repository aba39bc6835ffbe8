"""An index built from files made ready where they were parsed (a large first
build's worker processes) is the index built from the corpus's passage records."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np

from briefbot.config import Settings
from briefbot.index.columns import PassageColumns
from briefbot.index.documents import CorpusTerms, index_file
from briefbot.index.store import build_from_files, build_index
from briefbot.ingest.loader import load_corpus

DATA = Path(__file__).resolve().parents[1] / "data"


def test_an_index_from_files_made_ready_equals_one_from_the_records() -> None:
    settings = Settings()
    corpus = load_corpus([DATA / "corpus", DATA / "unseen", DATA / "parsers"], settings)
    ready = CorpusTerms()
    for briefing in corpus.briefings:
        ready.add(index_file(SimpleNamespace(
            briefing=briefing,
            passages=tuple(p for p in corpus.passages if p.briefing_id == briefing.id))))
    here = build_index(corpus, settings)
    there = build_from_files(corpus.briefings, corpus.reports, ready, settings)
    assert len(corpus.passages) > 500
    assert list(there.corpus.passages) == list(corpus.passages)
    assert there.bm25.vocabulary == here.bm25.vocabulary
    for name in ("indptr", "doc_ids", "weights", "tf", "idf", "doc_len"):
        assert np.array_equal(getattr(there.bm25, name), getattr(here.bm25, name)), name
    for name in ("ptr", "bounds", "term_ptr", "terms"):
        assert np.array_equal(getattr(there.sentences, name), getattr(here.sentences, name)), name
    for name in ("text_offsets", "order", "span", "speaker", "label", "section", "role", "kind",
                 "pages", "passage_briefing"):
        assert np.array_equal(getattr(there.columns, name), getattr(here.columns, name)), name
    for name in ("speakers", "labels", "sections", "page_labels", "ids"):
        assert getattr(there.columns, name) == getattr(here.columns, name), name
    assert bytes(there.columns.text) == bytes(here.columns.text)
    question = ["arctic", "ship"]
    assert there.bm25.search(question, 10) == here.bm25.search(question, 10)


def test_joined_columns_keep_ids_that_do_not_follow_the_briefing_and_order() -> None:
    corpus = load_corpus([DATA / "corpus"], Settings())
    ids = [b.id for b in corpus.briefings]
    by_briefing = [
        [p if n else p.model_copy(update={"id": f"renamed-{p.id}"})
         for p in corpus.passages if p.briefing_id == briefing.id]
        for n, briefing in enumerate(corpus.briefings)
    ]
    parts = [PassageColumns.from_passages(passages, [ids[n]], np.zeros(len(passages), np.int32))
             for n, passages in enumerate(by_briefing)]
    owner = np.repeat(np.arange(len(ids), dtype=np.int32), [len(p) for p in by_briefing])
    everything = [p for passages in by_briefing for p in passages]
    joined = PassageColumns.join(parts, ids, owner)
    whole = PassageColumns.from_passages(everything, ids, owner)
    assert joined.ids is not None and bytes(joined.ids) == bytes(whole.ids)
    assert [joined.passage(i) for i in range(len(joined))] == everything
