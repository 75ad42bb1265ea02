"""The intake package's public surface and its dependency rules."""

from __future__ import annotations

import ast
from pathlib import Path

import intake

FORBIDDEN = (
    "knowledge",
    "assistant",
    "api",
    "fastapi",
    "starlette",
    "slack_bolt",
    "slack_sdk",
    "langchain",
    "langchain_core",
    "langchain_chroma",
    "chromadb",
)

EXPECTED_API = {
    "Ficha",
    "RulesEngine",
    "RulesConfig",
    "ValidationReport",
    "Finding",
    "Severity",
    "TextEmbedder",
    "DuplicateIndex",
    "PortfolioEntry",
    "load_rules",
    "load_ficha",
    "save_ficha",
    "export_docx",
    "export_markdown",
    "export_json",
    "ficha_json_schema",
    "FIELD_ORDER",
    "FichaFormatError",
    "RulesConfigError",
    "run_validation_benchmark",
}


def test_all_is_explicit_unique_and_resolvable() -> None:
    names = intake.__all__
    assert len(names) == len(set(names))
    for name in names:
        assert hasattr(intake, name), name
    assert EXPECTED_API <= set(names)


def test_every_public_object_has_a_docstring() -> None:
    for name in intake.__all__:
        value = getattr(intake, name)
        if callable(value):
            assert (value.__doc__ or "").strip(), name


ONE_ROOT = "knowledge.errors"
"""The product's one error root: the only module of another package intake may import."""


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names if alias.name != ONE_ROOT}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module != ONE_ROOT:
                found.add(node.module.split(".")[0])
    return found


def test_intake_imports_no_adapter_nor_knowledge() -> None:
    package = Path(intake.__file__).parent
    files = sorted(package.rglob("*.py"))
    assert len(files) > 10
    for path in files:
        bad = _imports(path) & set(FORBIDDEN)
        assert not bad, f"{path.relative_to(package)} importa {bad}"


def test_no_grab_bag_modules() -> None:
    package = Path(intake.__file__).parent
    names = {p.stem for p in package.rglob("*.py")}
    assert not names & {"utils", "helpers", "common", "misc"}
