"""A flipped byte in any persisted file is caught and the index rebuilt (issue 14)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from briefbot.config import Settings
from briefbot.index import store
from briefbot.index.store import open_index
from briefbot.index.tokenize import tokenize


def _live(knowledge: Path) -> Path:
    root = store.cache_root(knowledge, Settings())
    return root / json.loads((root / "CURRENT").read_text())["directory"]


def _flip(path: Path, at: int | None = None) -> None:
    data = bytearray(path.read_bytes())
    where = len(data) - 1 if at is None else at
    data[where] ^= 0x01
    path.write_bytes(bytes(data))


def _top(indexed, text: str) -> list[tuple[str, float]]:
    return [(indexed.corpus.passages[i].id, s) for i, s in indexed.search(tokenize(text), 3)]


def test_every_file_of_the_index_has_a_checksum(knowledge, loader) -> None:
    open_index(knowledge, Settings(), loader=loader)
    live = _live(knowledge)
    listed = json.loads((live / "checksums.json").read_text())["files"]
    assert set(listed) == {p.name for p in live.iterdir() if p.name != "checksums.json"}
    for array in ("weights.npy", "idf.npy", "doc_len.npy", "indptr.npy", "doc_ids.npy"):
        assert array in listed


def test_a_flipped_byte_in_any_file_is_caught_and_rebuilt(knowledge, loader, caplog) -> None:
    fresh = open_index(knowledge, Settings(), loader=loader)
    expected = _top(fresh, "China Russia Arctic")
    names = sorted(p.name for p in _live(knowledge).iterdir())
    assert {"weights.npy", "idf.npy", "doc_len.npy", "tf.npy", "checksums.json"} <= set(names)
    for name in names:
        calls = loader.calls
        # The last byte: for an array, part of its data (the header still parses).
        _flip(_live(knowledge) / name)
        with caplog.at_level(logging.INFO, logger="briefbot.index.store"):
            indexed = open_index(knowledge, Settings(), loader=loader)
        assert loader.calls == calls + 1, f"a flipped byte in {name} was served"
        assert _top(indexed, "China Russia Arctic") == expected
    assert any("checksum" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("name", ["weights.npy", "idf.npy", "doc_len.npy"])
def test_a_flip_in_an_array_is_found_by_the_background_check(knowledge, loader, name) -> None:
    open_index(knowledge, Settings(), loader=loader)
    _flip(_live(knowledge) / name)
    indexed = open_index(knowledge, Settings(), loader=loader, verify="later")
    assert loader.calls == 1  # loaded at once; the check runs beside it
    problems = indexed.verification.result(timeout=30)
    assert problems == [f"{name}: checksum mismatch"]
    clean = open_index(knowledge, Settings(), loader=loader, rebuild=True, verify="later")
    assert clean.verification is None or clean.verification.result(timeout=30) == []


def test_a_flip_in_the_passage_text_is_refused_by_a_plain_load(knowledge, loader) -> None:
    """The follower's path (``load_current``, no digest check after it): the text's own
    checksum, computed beside the briefings' parsing, still refuses a flipped byte."""
    open_index(knowledge, Settings(), loader=loader)
    root = store.cache_root(knowledge, Settings())
    assert store.load_current(root, Settings()).corpus.passages[0].text
    text = _live(knowledge) / "passage_text.bin"
    _flip(text, at=text.stat().st_size // 2)
    with pytest.raises(store.IndexError_, match="damaged"):
        store.load_current(root, Settings())


def test_checksums_written_by_an_earlier_version_are_still_verified(tmp_path) -> None:
    # Indexes written before the switch to XXH3 list BLAKE2b digests: still checked
    # with BLAKE2b, so an old sound index loads and an old damaged one is caught.
    import hashlib

    from briefbot.index.integrity import CHECKSUMS, verify_index, write_checksums

    (tmp_path / "a.bin").write_bytes(b"passage text" * 100)
    (tmp_path / "b.json").write_text('{"x": 1}')
    write_checksums(tmp_path)
    assert json.loads((tmp_path / CHECKSUMS).read_text())["algorithm"] == "xxh3_128"
    files = {p.name: hashlib.blake2b(p.read_bytes()).hexdigest()
             for p in sorted(tmp_path.iterdir()) if p.name != CHECKSUMS}
    body: dict[str, object] = {"algorithm": "blake2b", "files": files}
    body["self"] = hashlib.blake2b(json.dumps(body, sort_keys=True).encode()).hexdigest()
    (tmp_path / CHECKSUMS).write_text(json.dumps(body))
    assert verify_index(tmp_path) == []
    _flip(tmp_path / "a.bin", at=3)
    assert verify_index(tmp_path) == ["a.bin: checksum mismatch"]


def test_an_unknown_digest_algorithm_is_refused(tmp_path) -> None:
    from briefbot.index.integrity import CHECKSUMS, verify_index, write_checksums

    (tmp_path / "a.bin").write_bytes(b"x")
    write_checksums(tmp_path)
    body = json.loads((tmp_path / CHECKSUMS).read_text())
    body["algorithm"] = "md5"
    (tmp_path / CHECKSUMS).write_text(json.dumps(body))
    assert verify_index(tmp_path) == ["checksums.json: unknown layout"]


@pytest.mark.parametrize("name", ["briefing_tables.json", "briefing_numbers.npy",
                                  "briefing_folded_titles.npy"])
def test_a_flip_in_the_briefing_tables_is_refused_by_a_plain_load(knowledge, loader, name) -> None:
    open_index(knowledge, Settings(), loader=loader)
    root = store.cache_root(knowledge, Settings())
    _flip(_live(knowledge) / name)
    with pytest.raises(store.IndexError_, match="checksum"):
        store.load_current(root, Settings())
