"""Everything a person reads speaks in one register, usted: no tuteo in the product's texts.

Only forms that can only be tú are searched for (an imperative such as «revisa» is also the
third person, «la DER revisa», so it is not), in every string literal of the packages, the
web templates and the data files.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("api", "assistant", "intake", "knowledge")
TUTEO = re.compile(
    r"\b(tú|tienes|quieres|puedes|sabes|necesitas|deseas|inténtalo|guárdalo|escríbela|"
    r"escríbelo|cuéntame|dime|pregúntame|tu pregunta|tus \w+|te (?:ayudo|explico|pregunto))\b",
    re.IGNORECASE,
)
ALLOWED = {
    # Words a person types (cues the assistant recognises), not words it says.
    "assistant/chat/follow_up.py",
    "assistant/answering/question.py",
    "assistant/answering/glossary.py",
    "intake/conversation/intent.py",
    "knowledge/normalization.py",  # stop words
}


def _python_texts(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def _sources() -> list[Path]:
    found: list[Path] = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*")):
            if (
                path.suffix in {".py", ".html", ".yaml"}
                and path.relative_to(ROOT).as_posix() not in ALLOWED
            ):
                found.append(path)
    return found


@pytest.mark.parametrize("path", _sources(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_texts_speak_usted(path: Path) -> None:
    texts = _python_texts(path) if path.suffix == ".py" else [path.read_text(encoding="utf-8")]
    tuteo = sorted({m.group(0) for text in texts for m in TUTEO.finditer(text)})
    assert tuteo == [], f"{path.relative_to(ROOT)} tutea: {tuteo}"


def test_the_check_finds_tuteo() -> None:
    assert TUTEO.search("No tienes permiso para ver esta página.")
    assert TUTEO.search("Escribe tu pregunta")
    assert not TUTEO.search("No tiene permiso; escriba su pregunta. La DER revisa la ficha.")
