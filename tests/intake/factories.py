"""Plain builders for fichas in tests (deterministic defaults)."""

from __future__ import annotations

from functools import cache
from typing import Any

from intake import Ficha, load_examples

EXAMPLE = "sgr_estructuracion_proyectos"
"""The example ficha used as the valid baseline."""


@cache
def _examples() -> dict[str, Ficha]:
    return load_examples()


def valid_ficha(name: str = EXAMPLE) -> Ficha:
    """A fresh copy of a complete, valid example ficha."""
    return _examples()[name].model_copy(deep=True)


def with_field(ficha: Ficha, field_id: str, value: Any) -> Ficha:
    """A copy of ``ficha`` with one field (dotted id) replaced."""
    data = ficha.model_dump()
    target = data
    *parents, leaf = field_id.split(".")
    for part in parents:
        target = target[part]
    target[leaf] = value
    return Ficha.model_validate(data)


def with_fields(ficha: Ficha, **values: Any) -> Ficha:
    """A copy with several fields replaced; use ``__`` for dots (``problema__enunciado``)."""
    for key, value in values.items():
        ficha = with_field(ficha, key.replace("__", "."), value)
    return ficha
