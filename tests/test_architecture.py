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


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_dependency_direction(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & set(FORBIDDEN[package]))
        for path in (ROOT / package).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


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
