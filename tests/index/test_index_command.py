"""``briefbot index``: builds once, then reuses, and says so."""

from __future__ import annotations

import json

from briefbot.index import store
from briefbot.interfaces.cli import main



def test_index_command_builds_then_reuses(knowledge, loader, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(store, "_default_loader", loader)
    cache = tmp_path / "cache"
    args = ["index", "--knowledge", str(knowledge), "--cache-dir", str(cache), "--json"]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert (first["status"], first["briefings"], first["passages"]) == ("built", 2, 4)
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "reused"
    assert main([*args[:-1], "--rebuild"]) == 0
    assert "Built index of 4 passages from 2 briefings" in capsys.readouterr().out
    assert loader.calls == 2
