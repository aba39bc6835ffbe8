"""The persisted index: round trip, invalidation, atomic writes, corrupt files."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import numpy as np
import pytest

from briefbot.config import IndexSettings, Settings
from briefbot.index import store
from briefbot.index.bm25 import BM25Index, ReferenceBM25
from briefbot.index.sentences import SentenceIndex
from briefbot.index.store import build_index, document_terms, open_index
from briefbot.index.tokenize import tokenize


def ask(indexed, text: str, k: int = 3) -> list[str]:
    """Passage ids of the top results for a question."""
    return [indexed.corpus.passages[i].id for i, _ in indexed.search(tokenize(text), k)]


def test_speaker_title_and_section_are_searchable_once(knowledge, loader):
    corpus = loader([knowledge], Settings())
    indexed = build_index(corpus, Settings())
    assert ask(indexed, "Berman", 1) == ["sanctions#1"]
    assert set(ask(indexed, "evasion", 5)) == {"sanctions#0", "sanctions#1"}
    briefing = corpus.briefings[1]
    terms = document_terms(corpus.passages[2], briefing)
    assert terms.count("singleton") == 1 and terms.count("sanction") == 1
    assert terms[: len(tokenize(corpus.passages[2].text))] == tokenize(corpus.passages[2].text)
    # Terms tokenized beforehand give the same document.
    assert document_terms(corpus.passages[2], briefing, tokenize(corpus.passages[2].text)) == terms
    assert indexed.briefing_of(3).title == "Sanctions Evasion Panel"


def test_the_build_tokenizes_once_into_the_same_sentence_index(knowledge, loader):
    corpus = loader([knowledge], Settings())
    indexed = build_index(corpus, Settings())
    alone = SentenceIndex.build((p.text for p in corpus.passages), indexed.bm25.term_ids)
    for name in ("ptr", "bounds", "term_ptr", "terms"):
        assert np.array_equal(getattr(indexed.sentences, name), getattr(alone, name))


def test_second_start_loads_instead_of_reparsing(knowledge, loader):
    first = open_index(knowledge, Settings(), loader=loader)
    second = open_index(knowledge, Settings(), loader=loader)
    assert loader.calls == 1
    assert second.corpus == first.corpus
    assert ask(second, "China ensuring Russia needs") == ask(first, "China ensuring Russia needs")
    assert ask(second, "China ensuring Russia needs", 1) == ["sanctions#0"]
    assert isinstance(second.bm25, BM25Index) and second.bm25.mapped
    assert (knowledge.parent / ".briefbot-cache").is_dir()  # beside the knowledge folder


def test_persisted_files_need_no_pickle(knowledge, tmp_path, loader):
    open_index(knowledge, Settings(), loader=loader, cache_dir=tmp_path / "c")
    arrays = list((tmp_path / "c").rglob("*.npy"))
    # BM25 postings (tf included), passage_briefing, passage columns, sentences, briefing tables
    assert len(arrays) == 6 + 1 + 9 + 4 + 3
    for path in arrays:
        assert np.load(path, allow_pickle=False).dtype != object


def test_a_changed_added_or_removed_file_rebuilds(knowledge, loader):
    open_index(knowledge, Settings(), loader=loader)
    path = knowledge / "arctic.txt"
    path.write_text(path.read_text() + "Anna Lind: Greenland matters.\n", encoding="utf-8")
    indexed = open_index(knowledge, Settings(), loader=loader)
    assert loader.calls == 2 and ask(indexed, "Greenland", 1) == ["arctic#2"]
    (knowledge / "new.txt").write_text("New Event\nZed Zee: quantum cryptography.\n")
    assert ask(open_index(knowledge, Settings(), loader=loader), "quantum", 1) == ["new#0"]
    (knowledge / "new.txt").unlink()
    assert ask(open_index(knowledge, Settings(), loader=loader), "quantum") == []
    assert loader.calls == 4
    open_index(knowledge, Settings(), loader=loader)
    assert loader.calls == 4


def test_a_same_size_edit_rebuilds(knowledge, loader):
    open_index(knowledge, Settings(), loader=loader)
    path = knowledge / "arctic.txt"
    stat = path.stat()
    path.write_text(path.read_text().replace("Arctic and", "Baltic and"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert ask(open_index(knowledge, Settings(), loader=loader), "Baltic", 1) == ["arctic#0"]
    assert loader.calls == 2


def test_a_changed_setting_rebuilds_but_an_unrelated_one_does_not(knowledge, loader):
    open_index(knowledge, Settings(), loader=loader)
    tuned = Settings(index=IndexSettings(k1=0.9))
    assert open_index(knowledge, tuned, loader=loader).bm25.k1 == 0.9
    assert loader.calls == 2
    open_index(knowledge, tuned.model_copy(update={"knowledge": "elsewhere"}), loader=loader)
    assert loader.calls == 2


def test_a_crash_while_writing_leaves_the_old_index_served(knowledge, monkeypatch, loader):
    open_index(knowledge, Settings(), loader=loader)
    (knowledge / "new.txt").write_text("New Event\nZed Zee: quantum cryptography.\n")

    def crash(self, directory):
        (Path(directory) / "indptr.npy").write_bytes(b"\x93NUMPY half")
        raise KeyboardInterrupt  # the process dies half-way through the write

    monkeypatch.setattr(BM25Index, "save", crash)
    with pytest.raises(KeyboardInterrupt):
        open_index(knowledge, Settings(), loader=loader)
    monkeypatch.undo()
    (knowledge / "new.txt").unlink()  # back to the files of the first index
    indexed = open_index(knowledge, Settings(), loader=loader)
    assert loader.calls == 2  # the old, complete index was loaded
    assert ask(indexed, "Berman", 1) == ["sanctions#1"]
    root = store.cache_root(knowledge, Settings())
    assert not [p for p in root.iterdir() if p.name.startswith("tmp-")]


def test_a_crash_before_the_switch_leaves_the_old_index_served(knowledge, monkeypatch, loader):
    open_index(knowledge, Settings(), loader=loader)

    def crash(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(store.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        open_index(knowledge, Settings(), loader=loader, rebuild=True)
    monkeypatch.undo()
    open_index(knowledge, Settings(), loader=loader)
    assert loader.calls == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: (d / "weights.npy").write_bytes((d / "weights.npy").read_bytes()[:-8]),
        lambda d: (d / "doc_ids.npy").write_bytes(b""),
        lambda d: (d / "briefings.json").write_text("{not json"),
        lambda d: (d / "vocab.json").unlink(),
        lambda d: (d / "manifest.json").write_text(json.dumps({"format": 999, "key": "x"})),
        lambda d: (d.parent / "CURRENT").write_text("garbage"),
        lambda d: (d.parent / "CURRENT").write_text(json.dumps({"directory": "../../etc"})),
    ],
    ids=["truncated", "empty", "corpus", "vocab", "version", "pointer", "escape"],
)
def test_a_damaged_index_is_rebuilt_with_a_log_line(knowledge, damage, caplog, loader):
    open_index(knowledge, Settings(), loader=loader)
    root = store.cache_root(knowledge, Settings())
    live = root / json.loads((root / "CURRENT").read_text())["directory"]
    damage(live)
    with caplog.at_level(logging.INFO, logger="briefbot.index.store"):
        indexed = open_index(knowledge, Settings(), loader=loader)
    assert loader.calls == 2
    assert ask(indexed, "Berman", 1) == ["sanctions#1"]
    assert any("building the index" in r.getMessage() for r in caplog.records)
    open_index(knowledge, Settings(), loader=loader)  # and the repaired index loads again
    assert loader.calls == 2


def test_reference_engine_ranks_like_the_fast_one(knowledge, loader):
    fast = open_index(knowledge, Settings(), loader=loader)
    slow = open_index(knowledge, Settings(index=IndexSettings(engine="rank_bm25")), loader=loader)
    assert isinstance(slow.bm25, ReferenceBM25)
    for question in ("China Russia", "Arctic", "Singleton drones", "nothing here"):
        fast_hits = fast.search(tokenize(question), 4)
        slow_hits = slow.search(tokenize(question), 4)
        assert [d for d, _ in fast_hits] == [d for d, _ in slow_hits]
        np.testing.assert_allclose([s for _, s in fast_hits], [s for _, s in slow_hits])


def test_candidates_restrict_to_one_briefing(knowledge, loader):
    indexed = open_index(knowledge, Settings(), loader=loader)
    arctic = np.flatnonzero(np.asarray(indexed.passage_briefing) == 0)
    assert ask(indexed, "China Russia")[0] == "sanctions#0"
    hits = indexed.search(tokenize("China Russia"), 3, arctic)
    assert {indexed.corpus.passages[i].briefing_id for i, _ in hits} == {"arctic"}


@pytest.mark.parametrize("change", ["unknown role", "missing speaker field"])
def test_a_stored_speaker_that_no_briefing_model_holds_is_refused(knowledge, loader, change):
    import zlib

    from briefbot.errors import IndexError_

    open_index(knowledge, Settings(), loader=loader)
    root = store.cache_root(knowledge, Settings())
    live = root / json.loads((root / "CURRENT").read_text())["directory"]
    briefings = json.loads((live / "briefings.json").read_text())
    speaker = next(s for b in briefings for s in b["speakers"])
    if change == "unknown role":
        speaker["role"] = "narrator"
    else:
        del speaker["affiliation"]
    raw = json.dumps(briefings).encode()
    (live / "briefings.json").write_bytes(raw)
    manifest = json.loads((live / "manifest.json").read_text())
    manifest["crc32"]["briefings.json"] = zlib.crc32(raw)  # the quick check passes
    (live / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexError_, match="corrupt index"):
        store.load_current(root, Settings())
