"""Passages stored column-wise come back exactly, lazily, and damage is caught."""

from __future__ import annotations

import json
import logging

import numpy as np
import pytest

from briefbot.config import Settings
from briefbot.index import store
from briefbot.index.columns import LazyPassages
from briefbot.index.store import build_index, open_index
from briefbot.models import Briefing, Corpus, Passage, Role, Span, Speaker


def _odd_corpus() -> Corpus:
    """Every field shape a passage can have: None fields, labels, roles, odd text and ids,
    both kinds, pages or none."""
    speakers = (Speaker(id="ana-ruiz", name="Ana Ruiz"), Speaker(id="li-wei", name="Li Wei"))
    one = Briefing(id="one", title="First", path="one.md", format="markdown", speakers=speakers)
    two = Briefing(id="two/é", title="Second", path="two/é.txt", format="summary")
    rows = [
        (one, "ana-ruiz", None, Role.PANELIST, "Opening", "Plain words about trade.", 0),
        (one, "ana-ruiz", None, Role.PANELIST, "Opening", "“Curly” quotes — and a dash.", 1),
        (one, None, "Audience member", Role.AUDIENCE, None, "What about Taiwan?", 2),
        (one, "li-wei", None, Role.MODERATOR, "Q&A", "Émigré naïveté, 中文, emoji 🚢.", 3),
        (two, None, None, Role.ORGANIZATION, None, "", 0),
        (two, None, None, Role.KEYNOTE, "Close", "Lone surrogate \ud800 kept.", 7),
    ]
    passages = tuple(
        Passage(
            id=f"{b.id}#{order}", briefing_id=b.id, speaker_id=sid, speaker_label=label,
            role=role, section=section, text=text, order=order,
            span=Span(line_start=order + 1, line_end=order + 3, char_start=10 * order,
                      char_end=10 * order + len(text)),
            kind="summary" if b is two else "verbatim",
            pages={1: ("19", "20"), 3: ("20", "20"), 7: ("iii", "iii")}.get(order),
        )
        for b, sid, label, role, section, text, order in rows
    )
    return Corpus(briefings=(one, two), passages=passages)


class _Loader:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.calls = 0

    def __call__(self, paths, settings) -> Corpus:
        self.calls += 1
        return self.corpus


@pytest.fixture
def odd(tmp_path):
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "x.txt").write_text("x", encoding="utf-8")
    corpus = _odd_corpus()
    loader = _Loader(corpus)
    open_index(folder, Settings(), loader=loader)
    loaded = open_index(folder, Settings(), loader=loader)
    assert loader.calls == 1  # the second open loaded the persisted index
    return corpus, loaded, folder, loader


def test_round_trip_gives_back_exactly_the_original_passages(odd):
    corpus, loaded, _, _ = odd
    lazy = loaded.corpus.passages
    assert isinstance(lazy, LazyPassages)
    assert len(lazy) == len(corpus.passages)
    assert tuple(lazy) == corpus.passages
    assert lazy == corpus.passages and corpus.passages == lazy
    for original, back in zip(corpus.passages, lazy, strict=True):
        assert back.model_dump() == original.model_dump()
        assert type(back.role) is Role and isinstance(back.span, Span)
    assert loaded.corpus.briefings == corpus.briefings
    assert list(loaded.passage_texts()) == [p.text for p in corpus.passages]


def test_irregular_passage_ids_are_kept(tmp_path):
    corpus = _odd_corpus()
    renamed = tuple(p.model_copy(update={"id": f"custom-{i}"}) for i, p in enumerate(corpus.passages))
    corpus = corpus.model_copy(update={"passages": renamed})
    folder = tmp_path / "k"
    folder.mkdir()
    loader = _Loader(corpus)
    open_index(folder, Settings(), loader=loader)
    loaded = open_index(folder, Settings(), loader=loader)
    assert loader.calls == 1
    assert [p.id for p in loaded.corpus.passages] == [f"custom-{i}" for i in range(len(renamed))]


def test_indexing_and_slicing_behave_like_a_tuple(odd):
    corpus, loaded, _, _ = odd
    lazy, original = loaded.corpus.passages, corpus.passages
    assert lazy[0] == original[0] and lazy[-1] == original[-1] and lazy[-6] == original[0]
    assert lazy[np.int64(3)] == original[3]
    for part in (slice(1, 4), slice(None, None, -2), slice(4, 100), slice(5, 2), slice(-3, None)):
        assert lazy[part] == original[part]
    assert lazy.index(original[2]) == 2 and original[4] in lazy


@pytest.mark.parametrize("index", [6, 100, -7])
def test_out_of_range_raises_index_error(odd, index):
    _, loaded, _, _ = odd
    with pytest.raises(IndexError):
        loaded.corpus.passages[index]


def test_non_integer_index_is_a_type_error(odd):
    _, loaded, _, _ = odd
    with pytest.raises(TypeError):
        loaded.corpus.passages["1"]


def test_lazy_sequence_is_read_only(odd):
    _, loaded, _, _ = odd
    with pytest.raises(TypeError):
        loaded.corpus.passages[0] = loaded.corpus.passages[1]  # type: ignore[index]


def test_grouping_columns_agree_with_the_passages(odd):
    corpus, loaded, _, _ = odd
    built = build_index(corpus, Settings())
    for indexed in (built, loaded):
        groups = indexed.briefing_passages()
        assert [g.tolist() for g in groups] == [[0, 1, 2, 3], [4, 5]]
        speakers = {k: v.tolist() for k, v in indexed.speaker_passages().items()}
        assert speakers == {(0, "ana-ruiz"): [0, 1], (0, "li-wei"): [3]}
        found = indexed.speaker_passages()  # looked up by key, as the search modules do
        assert found[(0, "li-wei")].tolist() == [3] and len(found) == 2
        assert found.get((1, "ana-ruiz")) is None and found.get((0, "nobody")) is None
        assert indexed.same_turn_as_previous().tolist() == [False, True, False, False, False, False]


def _live(folder):
    root = store.cache_root(folder, Settings())
    return root / json.loads((root / "CURRENT").read_text())["directory"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: (d / "passage_text.bin").write_bytes((d / "passage_text.bin").read_bytes()[:-3]),
        lambda d: (d / "passage_text.bin").write_bytes(
            b"X" + (d / "passage_text.bin").read_bytes()[1:]),
        lambda d: (d / "passage_text_offsets.npy").write_bytes(b"\x93NUMPY garbage"),
        lambda d: (d / "passage_span.npy").unlink(),
        lambda d: np.save(d / "passage_speaker.npy", np.full(6, 99, dtype=np.int32)),
        lambda d: np.save(d / "passage_role.npy", np.zeros(5, dtype=np.int8)),
        lambda d: (d / "columns.json").write_text("{}"),
        lambda d: (d / "reports.json").write_text("[]  "),
    ],
    ids=["truncated-text", "flipped-text", "offsets", "missing-span", "speaker-codes",
         "short-role", "tables", "reports"],
)
def test_a_corrupt_column_file_is_rebuilt(odd, damage, caplog):
    corpus, _, folder, loader = odd
    damage(_live(folder))
    with caplog.at_level(logging.INFO, logger="briefbot.index.store"):
        rebuilt = open_index(folder, Settings(), loader=loader)
    assert loader.calls == 2
    assert any("building the index" in r.getMessage() for r in caplog.records)
    assert tuple(rebuilt.corpus.passages) == corpus.passages
    again = open_index(folder, Settings(), loader=loader)
    assert loader.calls == 2 and tuple(again.corpus.passages) == corpus.passages


def test_recently_read_passages_are_reused_within_a_bound(odd, monkeypatch):
    from briefbot.index import columns

    corpus, loaded, _, _ = odd
    lazy = loaded.corpus.passages
    assert lazy[2] is lazy[2] and lazy[2] == corpus.passages[2]
    monkeypatch.setattr(columns, "RECENT_PASSAGES", 2)
    assert [lazy[i] for i in (0, 1, 3, 4, 5)] == [corpus.passages[i] for i in (0, 1, 3, 4, 5)]
    assert len(lazy._recent) <= 2
