"""walk_files / scan_folder: what a knowledge folder holds, by relative path."""

from __future__ import annotations

import os
from pathlib import Path

from briefbot.index.folder import scan_folder, walk_files


def test_every_visible_file_once_by_relative_path_links_followed_and_loops_walked_once(
        tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    (root / "b" / "deeper").mkdir(parents=True)
    (root / "a.md").write_text("a", encoding="utf-8")
    (root / "b" / "z.txt").write_text("z", encoding="utf-8")
    (root / "b" / "deeper" / "c.md").write_text("c", encoding="utf-8")
    (root / ".hidden.md").write_text("h", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "x.md").write_text("x", encoding="utf-8")
    os.symlink("..", root / "b" / "deeper" / "up")  # a loop back to b/
    os.symlink(tmp_path / "nowhere.md", root / "broken.md")
    walked = list(walk_files(root))
    assert [rel for rel, _ in walked] == ["a.md", "broken.md", "b/z.txt", "b/deeper/c.md"]
    assert dict(walked)["broken.md"] is None
    assert dict(walked)["b/z.txt"].st_size == 1
    contents = scan_folder(root).contents
    assert contents["broken.md"] == "missing"
    assert set(contents) == {"a.md", "broken.md", "b/z.txt", "b/deeper/c.md"}


def test_one_file_given_instead_of_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "one.md"
    path.write_text("one", encoding="utf-8")
    assert [rel for rel, _ in walk_files(path)] == ["one.md"]
