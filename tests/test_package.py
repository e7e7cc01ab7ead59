"""The package's shape: few top-level modules, no import cycle, Streamlit only in layers/ui,
nothing changed by importing, a curated public API."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import layers
from layers.paths import PACKAGE_DIR

MODULES = sorted(
    info.name for info in pkgutil.walk_packages([str(PACKAGE_DIR)], prefix="layers.")
)


def _module_file(name: str) -> Path:
    path = PACKAGE_DIR.parent / Path(*name.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def _imports(name: str) -> set[str]:
    """The ``layers`` modules ``name`` imports at module level (not inside functions)."""
    tree = ast.parse(_module_file(name).read_text())
    found: set[str] = set()
    for node in tree.body:
        nodes = [node]
        if isinstance(node, ast.If):  # `if TYPE_CHECKING:` blocks are not run
            continue
        for item in nodes:
            if isinstance(item, ast.ImportFrom) and item.module and item.module.startswith("layers"):
                for alias in item.names:
                    candidate = f"{item.module}.{alias.name}"
                    found.add(candidate if candidate in MODULES else item.module)
            elif isinstance(item, ast.Import):
                found |= {a.name for a in item.names if a.name.startswith("layers")}
    return {m for m in found if m in MODULES and m != name}


def test_at_most_a_dozen_top_level_modules() -> None:
    top = sorted(p.name for p in PACKAGE_DIR.glob("*.py"))
    assert len(top) <= 12, top


def test_no_import_cycle() -> None:
    graph = {name: _imports(name) for name in MODULES}
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for name in MODULES:
        if name not in state:
            visit(name, [name])


def test_streamlit_is_imported_only_in_layers_ui() -> None:
    offenders = []
    for name in MODULES:
        if name.startswith("layers.ui"):
            continue
        source = _module_file(name).read_text()
        tree = ast.parse(source)
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] in ("streamlit", "streamlit_folium") for n in names):
                offenders.append(name)
    assert offenders == []


def test_importing_every_module_changes_nothing_global() -> None:
    """In a fresh interpreter: folium's shared template settings stay as folium ships them, and
    no module picks a matplotlib backend or imports pyplot."""
    code = textwrap.dedent(f"""
        import importlib, sys
        import folium
        before = dict(folium.GeoJson._template.environment.policies)
        for name in {MODULES!r}:
            if name.startswith("layers.ui") or name.startswith("layers.build"):
                continue
            importlib.import_module(name)
        after = dict(folium.GeoJson._template.environment.policies)
        assert before == after, (before, after)
        assert "matplotlib.pyplot" not in sys.modules, "pyplot imported"
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_public_api_is_curated_and_lazy() -> None:
    assert sorted(layers.__all__) == sorted(layers._API)
    for name in layers.__all__:
        assert getattr(layers, name) is getattr(importlib.import_module(layers._API[name]), name)
    with pytest.raises(AttributeError):
        layers.not_a_name  # noqa: B018
