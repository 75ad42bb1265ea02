"""Presence checks: a required field has content; a list has enough items."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import Field

from intake.ficha import Ficha
from intake.fields import FieldKind, FieldSpec, field_texts, field_value, is_blank
from intake.rules.checks.base import (
    Check,
    CheckEnv,
    Hit,
    NoParams,
    Params,
    RunContext,
    parse_params,
)


@dataclass(frozen=True)
class Required(Check):
    """``requerido``: the field is present and not blank (a list needs one non-blank item)."""

    type_name = "requerido"
    description = "El campo tiene contenido (no vacío)."
    kinds = frozenset(FieldKind)

    @classmethod
    def build(cls, params: Mapping[str, Any], env: CheckEnv) -> Required:
        """No parameters."""
        parse_params(NoParams, params)
        return cls()

    def outcomes(self) -> tuple[str, ...]:
        """Only ``vacio``."""
        return ("vacio",)

    def run(self, fields: Sequence[FieldSpec], ficha: Ficha, ctx: RunContext) -> Iterator[Hit]:
        """One hit per blank field."""
        for spec in fields:
            if is_blank(field_value(ficha, spec.id)):
                yield Hit(field=spec.id, outcome="vacio")


class _MinItemsParams(Params):
    minimo: int = Field(default=1, ge=1)


@dataclass(frozen=True)
class MinItems(Check):
    """``minimo_elementos``: every listed field has at least ``minimo`` non-blank items."""

    type_name = "minimo_elementos"
    description = "Cada lista tiene al menos «minimo» elementos."
    kinds = frozenset({FieldKind.LIST})
    placeholders = frozenset({"minimo", "cantidad"})
    minimum: int = 1

    @classmethod
    def build(cls, params: Mapping[str, Any], env: CheckEnv) -> MinItems:
        """Parameters: ``minimo`` (default 1)."""
        return cls(minimum=parse_params(_MinItemsParams, params).minimo)

    def outcomes(self) -> tuple[str, ...]:
        """Only ``insuficiente``."""
        return ("insuficiente",)

    def run(self, fields: Sequence[FieldSpec], ficha: Ficha, ctx: RunContext) -> Iterator[Hit]:
        """One hit per list with too few items."""
        for spec in fields:
            count = len(field_texts(field_value(ficha, spec.id)))
            if count < self.minimum:
                yield Hit(
                    field=spec.id,
                    outcome="insuficiente",
                    values={"minimo": self.minimum, "cantidad": count},
                )


__all__ = ["MinItems", "Required"]
