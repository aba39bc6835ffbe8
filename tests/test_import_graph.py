"""The package's structure: no import circle in src/briefbot, a search core of small modules.

The import graph is read from the source with ``ast`` (every ``import`` and
``from ... import`` of a ``briefbot`` module, at any depth in the file, lazy
and type-checking ones included: a circle hidden in a function is still a
circle for the reader). The cycle finder is itself checked on a graph with
a circle, so the guard cannot pass by finding nothing.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "briefbot"
SEARCH = PACKAGE / "search"

MAX_SEARCH_MODULE_LINES = 400
"""Issue 13: no module of the search core over ~400 lines."""
MAX_ENGINE_LINES = 300
"""Issue 13: the engine is a thin facade that opens the corpus and dispatches."""


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports (a name from a package counts as its module)."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, is_package, node)
                # 'from . import terms' imports a module; 'from .terms import
                # weights' a name of one.
                targets = [f"{base}.{alias.name}" for alias in node.names]
            for target in targets:
                # The longest module name the import names.
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a path (first module repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_cycle_finder_finds_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_the_graph_sees_relative_and_lazy_imports():
    graph = import_graph()
    # ``from .corpus import SearchCorpus`` at module level, and the store
    # imported inside ``Engine.open``.
    assert "briefbot.search.corpus" in graph["briefbot.search.terms"]
    assert "briefbot.index.store" in graph["briefbot.search.engine"]


def test_no_import_circle_in_briefbot():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


CORE = {
    f"briefbot.search.{name}"
    for name in (
        "corpus", "scope", "terms", "ranking", "confidence", "filters", "results", "scoring",
        "lens", "lexicon", "acronyms", "people", "access", "excerpts", "query", "question", "asks",
    )
}
"""The shared search core (issue 13): intents and the engine sit above it."""


def test_the_search_core_never_imports_an_intent_or_the_engine():
    graph = import_graph()
    upper = {m for m in graph if m.startswith("briefbot.search.intents")} | {
        "briefbot.search.engine"
    }
    for module in sorted(CORE & set(graph)):
        assert not graph[module] & upper, f"{module} imports {sorted(graph[module] & upper)}"


def test_search_modules_stay_small():
    for path in sorted(SEARCH.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= MAX_SEARCH_MODULE_LINES, f"{path.relative_to(SRC)}: {lines} lines"
    engine = len((SEARCH / "engine.py").read_text(encoding="utf-8").splitlines())
    assert engine < MAX_ENGINE_LINES, f"search/engine.py: {engine} lines"
