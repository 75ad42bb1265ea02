"""Package boundaries and public surfaces."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "knowledge": ("fastapi", "starlette", "slack_bolt", "slack_sdk", "api", "assistant", "intake"),
    "intake": (
        "fastapi",
        "starlette",
        "slack_bolt",
        "slack_sdk",
        "api",
        "assistant",
        "knowledge",
        "langchain",
        "langchain_core",
        "chromadb",
    ),
    "assistant": (
        "fastapi",
        "starlette",
        "slack_bolt",
        "slack_sdk",
        "api",
        "langchain",
        "langchain_core",
        "langchain_chroma",
        "chromadb",
    ),
}


ALLOWED_ACROSS = {"intake": {"knowledge.errors"}}
"""The product's one error root lives in ``knowledge.errors``; ``intake`` imports that module
and nothing else of ``knowledge``."""


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_dependency_direction(package: str) -> None:
    allowed = ALLOWED_ACROSS.get(package, set())
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name
            for name in _imported_modules(path) - allowed
            if name.split(".")[0] in FORBIDDEN[package]
        )
        for path in (ROOT / package).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


PACKAGES = ("api", "assistant", "intake", "knowledge")


def _module_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports (also inside functions and TYPE_CHECKING)."""
    paths: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            paths[".".join(parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    submodule = f"{node.module}.{alias.name}"
                    targets.add(submodule if submodule in paths else node.module)
        graph[name] = {t for t in targets if t in paths and t != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle_between_modules() -> None:
    assert _cycles(_module_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


@pytest.mark.parametrize("package", ["knowledge", "intake"])
def test_public_names_exist(package: str) -> None:
    module = importlib.import_module(package)
    exported = getattr(module, "__all__", [])
    assert exported, f"{package} declara __all__"
    assert [name for name in exported if not hasattr(module, name)] == []


PASSES_ENVIRONMENT_TO_CHILDREN = {"api/cli/server_process.py"}
"""Starts server processes: hands them PATH and the like, minus every ASISTENTE_ variable."""


def test_only_settings_reads_the_environment() -> None:
    readers = [
        str(path.relative_to(ROOT))
        for package in ("assistant", "knowledge", "intake", "api")
        for path in (ROOT / package).rglob("*.py")
        if "os.environ" in path.read_text(encoding="utf-8")
        or "getenv" in path.read_text(encoding="utf-8")
    ]
    assert sorted(set(readers) - PASSES_ENVIRONMENT_TO_CHILDREN) == []
    source = (ROOT / "api/cli/server_process.py").read_text(encoding="utf-8")
    assert 'not k.startswith("ASISTENTE_")' in source


@pytest.mark.parametrize("package", ["api", "assistant"])
def test_callers_use_the_intake_facade(package: str) -> None:
    internal = {
        str(path.relative_to(ROOT)): sorted(
            name for name in _imported_modules(path) if name.startswith("intake.")
        )
        for path in (ROOT / package).rglob("*.py")
    }
    assert {k: v for k, v in internal.items() if v} == {}
