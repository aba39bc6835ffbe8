"""Incremental builds: only changed files are read, and the index is exactly a full build's."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from briefbot.config import Settings
from briefbot.index import store
from briefbot.index.store import IndexedCorpus, load_current, open_index
from briefbot.ingest import loader

DEV = Path(__file__).resolve().parents[1] / "data" / "corpus" / "dev"


@pytest.fixture
def folder(tmp_path):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(DEV, knowledge)
    (knowledge / "GOLD.json").unlink()
    return knowledge


@pytest.fixture(autouse=True)
def fixed_code(monkeypatch):
    """The index basis without briefbot's source stats: other edits of the tree must not
    turn an incremental build into a full one in the middle of a test."""
    monkeypatch.setattr(store, "index_basis", lambda settings: "basis")


@pytest.fixture
def reads(monkeypatch):
    """The files ingestion reads and parses, by path."""
    seen: list[str] = []
    real = loader._parse_one

    def counting(path, rel, *args, **kwargs):
        seen.append(rel)
        return real(path, rel, *args, **kwargs)

    monkeypatch.setattr(loader, "_parse_one", counting)
    return seen


def _settings(knowledge: Path) -> Settings:
    return Settings(knowledge=str(knowledge))


def _scratch(knowledge: Path, tmp_path: Path) -> IndexedCorpus:
    fresh = tmp_path / f"scratch-{len(list(tmp_path.iterdir()))}"
    return open_index(knowledge, _settings(knowledge), cache_dir=fresh, rebuild=True)


def _assert_same(got: IndexedCorpus, want: IndexedCorpus) -> None:
    """Everything a user can reach is the full build's: records, order, scores to the bit."""
    assert got.corpus.briefings == want.corpus.briefings
    assert tuple(got.corpus.reports) == tuple(want.corpus.reports)
    assert list(got.corpus.passages) == list(want.corpus.passages)
    assert np.array_equal(got.passage_briefing, want.passage_briefing)
    # The file records the next change starts from are a full build's too.
    assert store.read_files(got)[1] == store.read_files(want)[1]
    a, b = got.bm25, want.bm25
    assert a.n_docs == b.n_docs and a.avgdl == b.avgdl
    assert sorted(a.vocabulary) == sorted(b.vocabulary)
    assert np.array_equal(a.doc_len, b.doc_len)
    every = np.arange(b.n_docs)
    words = sorted(b.vocabulary)
    queries = [[w] for w in words[::7]] + [words[i:i + 3] for i in range(0, len(words), 11)]
    for terms in queries:
        assert got.search(terms, 10) == want.search(terms, 10), terms
        assert np.array_equal(got.score(terms, every), want.score(terms, every)), terms
    for i in range(b.n_docs):
        assert got.sentences.spans(i) == want.sentences.spans(i)
        ids = {t: t for t in range(len(a.vocabulary))}
        got_terms = [{a.vocabulary[t] for t in s} for s in got.sentences.sentence_terms(i, ids)]
        want_ids = {t: t for t in range(len(b.vocabulary))}
        want_terms = [{b.vocabulary[t] for t in s}
                      for s in want.sentences.sentence_terms(i, want_ids)]
        assert got_terms == want_terms
    _assert_same_tables(got, want)


def _assert_same_tables(got: IndexedCorpus, want: IndexedCorpus) -> None:
    """The per-briefing tables written with the index (briefing_tables.py) are a full build's."""
    a, b = got.briefing_tables, want.briefing_tables
    assert a is not None and b is not None
    for field in dataclasses.fields(b):
        mine, theirs = getattr(a, field.name), getattr(b, field.name)
        if isinstance(theirs, np.ndarray):
            assert mine.dtype == theirs.dtype and np.array_equal(mine, theirs), field.name
        else:
            assert mine == theirs, field.name


def test_add_edit_remove_read_only_the_changed_file_and_match_a_full_build(
    folder, tmp_path, reads
):
    settings = _settings(folder)
    cache = tmp_path / "cache"
    first = open_index(folder, settings, cache_dir=cache)
    assert len(reads) == len(first.corpus.reports)

    # Add a briefing (a new event, not a copy of one).
    source = (folder / "transcript-drones-2023.txt").read_text(encoding="utf-8")
    added = source.replace("Drone", "Glider").replace("drone", "glider")
    assert added != source
    (folder / "transcript-gliders-2023.txt").write_text(added, encoding="utf-8")
    reads.clear()
    after_add = open_index(folder, settings, cache_dir=cache, previous=first)
    assert reads == ["transcript-gliders-2023.txt"]
    _assert_same(after_add, _scratch(folder, tmp_path))

    # Edit one: a sentence more in the Arctic summary.
    arctic = folder / "summary-arctic-2024.txt"
    arctic.write_text(arctic.read_text(encoding="utf-8").rstrip()
                      + "\n\nThe panel closed with a word on icebreaker budgets and tundra.\n",
                      encoding="utf-8")
    reads.clear()
    after_edit = open_index(folder, settings, cache_dir=cache)  # from the saved index
    assert reads == ["summary-arctic-2024.txt"]
    _assert_same(after_edit, _scratch(folder, tmp_path))

    # Remove one.
    (folder / "european-energy-2023.md").unlink()
    reads.clear()
    after_remove = open_index(folder, settings, cache_dir=cache, previous=after_edit)
    assert reads == []
    assert all(b.path != "european-energy-2023.md" for b in after_remove.corpus.briefings)
    _assert_same(after_remove, _scratch(folder, tmp_path))
    # What was written loads back as the same index.
    _assert_same(load_current(after_remove.directory.parent, settings), after_remove)


def test_saving_the_same_bytes_again_rebuilds_nothing(folder, tmp_path, reads):
    settings = _settings(folder)
    cache = tmp_path / "cache"
    first = open_index(folder, settings, cache_dir=cache)
    path = folder / "summary-minerals-2023.txt"
    path.write_bytes(path.read_bytes())
    os.utime(path, ns=(1, 1))  # a new stat: the file is read for its digest, not parsed
    reads.clear()
    again = open_index(folder, settings, cache_dir=cache)
    assert reads == []
    assert again.directory == first.directory


def test_a_copy_of_a_briefing_is_reported_as_a_duplicate_and_its_removal_restores_it(
    folder, tmp_path, reads
):
    settings = _settings(folder)
    cache = tmp_path / "cache"
    open_index(folder, settings, cache_dir=cache)
    shutil.copy(folder / "summary-minerals-2023.txt", folder / "a-copy-of-minerals.txt")
    with_copy = open_index(folder, settings, cache_dir=cache)
    report = {r.file: r for r in with_copy.corpus.reports}["summary-minerals-2023.txt"]
    assert report.status == "error" and "duplicate of a-copy-of-minerals.txt" in str(
        report.problems)
    _assert_same(with_copy, _scratch(folder, tmp_path))
    (folder / "a-copy-of-minerals.txt").unlink()
    reads.clear()
    without = open_index(folder, settings, cache_dir=cache)
    assert reads == ["summary-minerals-2023.txt"]  # its passages were never indexed
    _assert_same(without, _scratch(folder, tmp_path))


def test_a_file_turned_unreadable_is_reported_and_the_others_still_served(folder, tmp_path):
    settings = _settings(folder)
    cache = tmp_path / "cache"
    first = open_index(folder, settings, cache_dir=cache)
    (folder / "summary-arctic-2024.txt").write_bytes(b"\x00\x01\x02 binary \xff" * 50)
    after = open_index(folder, settings, cache_dir=cache, previous=first)
    report = {r.file: r for r in after.corpus.reports}["summary-arctic-2024.txt"]
    assert report.status == "error"
    assert len(after.corpus.briefings) == len(first.corpus.briefings) - 1
    _assert_same(after, _scratch(folder, tmp_path))


def test_a_loaded_index_names_its_files_with_errors_without_parsing_every_report(
        folder, tmp_path, monkeypatch):
    """Live reload logs them at every swap: from the manifest, not 28 MB of reports at 1M."""
    settings = _settings(folder)
    cache = tmp_path / "cache"
    (folder / "summary-arctic-2024.txt").write_bytes(b"\x00\x01\x02 binary \xff" * 50)
    (folder / "zz-empty.md").write_text("", encoding="utf-8")
    built = open_index(folder, settings, cache_dir=cache)
    expected = [r.file for r in built.corpus.reports if r.status == "error"]
    assert "summary-arctic-2024.txt" in expected
    monkeypatch.setattr(store._LazyReports, "_load", lambda self: pytest.fail("reports parsed"))
    loaded = load_current(store.cache_root(folder, settings, cache), settings)
    assert store.files_with_errors(loaded.corpus.reports) == expected
    assert store.files_with_errors(built.corpus.reports) == expected


def test_a_splice_that_reorders_briefings_still_equals_a_full_build(folder):
    """The general path (every posting sorted) behind the usual merge: briefings reversed."""
    from briefbot.index.splice import splice
    from briefbot.index.store import build_index
    from briefbot.models import Corpus

    settings = _settings(folder)
    first = build_index(loader.load_corpus([folder], settings), settings)
    briefings = first.corpus.briefings[::-1]
    sources = list(range(len(briefings)))[::-1]
    spliced = splice(first.bm25, first.columns, first.sentences, first.passage_briefing,
                     len(first.corpus.briefings), briefings, sources, settings)
    ranges = first.briefing_passages()
    passages = tuple(first.corpus.passages[int(i)] for b in sources for i in ranges[b])
    want = build_index(Corpus(briefings=briefings, passages=passages), settings)
    assert spliced is not None
    every = np.arange(want.bm25.n_docs)
    for terms in ([w] for w in sorted(want.bm25.vocabulary)[::5]):
        got = spliced.bm25.search(terms, 10)
        assert got == want.bm25.search(terms, 10), terms
        assert np.array_equal(spliced.bm25.score(terms, every), want.bm25.score(terms, every))
