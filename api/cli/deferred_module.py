"""A module imported on first use, so building the parser (``asistente -h``) stays light.

Command modules name their heavy dependencies like this::

    if TYPE_CHECKING:
        import intake
    else:
        intake = DeferredModule("intake")

and write ``intake.load_ficha(...)``: mypy sees the real module, and the import (≈2 s of
SQLAlchemy, numpy, chromadb… on a busy machine) happens only in the command that uses it.
"""

from __future__ import annotations

import importlib
from typing import Any


class DeferredModule:
    """Stands for the module ``name`` until an attribute is read; then imports it."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<módulo diferido {self._name}>"
