"""Semantic near-duplicates against stored fichas and portfolio products (NAME-DUPLICATE)."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import Field

from intake.ficha import Ficha
from intake.fields import FieldKind, FieldSpec, field_value
from intake.rules.checks.base import (
    Check,
    CheckEnv,
    CheckSkipped,
    Hit,
    Params,
    RunContext,
    parse_params,
)
from intake.rules.report import DuplicateRef

logger = logging.getLogger(__name__)

_EMBEDDER_FAILED = (
    "No se verificaron fichas duplicadas: el modelo de embeddings no respondió. "
    "Intente validar de nuevo más tarde."
)


class _DuplicateParams(Params):
    umbral: float = Field(gt=0, le=1)
    maximo_resultados: int = Field(default=3, ge=1)


@dataclass(frozen=True)
class SemanticDuplicate(Check):
    """``duplicado_semantico``: name + problem are not near-duplicates of another ficha.

    The first field of the rule is where the finding goes (the name); the text compared is
    the rule's fields joined (name and problem statement).
    """

    type_name = "duplicado_semantico"
    description = "Nombre y problema no son casi iguales a los de otra ficha o producto."
    kinds = frozenset({FieldKind.TEXT})
    placeholders = frozenset({"otro_id", "otro_nombre", "similitud", "otro_tipo"})
    max_fields = 2
    uses_index = True
    threshold: float = 0.9
    limit: int = 3

    @classmethod
    def build(cls, params: Mapping[str, Any], env: CheckEnv) -> SemanticDuplicate:
        """Parameters: ``umbral`` (cosine similarity, 0–1), ``maximo_resultados``."""
        parsed = parse_params(_DuplicateParams, params)
        return cls(threshold=parsed.umbral, limit=parsed.maximo_resultados)

    def outcomes(self) -> tuple[str, ...]:
        """Only ``duplicado``."""
        return ("duplicado",)

    def run(self, fields: Sequence[FieldSpec], ficha: Ficha, ctx: RunContext) -> Iterator[Hit]:
        """One hit per stored entry above the threshold, best first.

        Raises:
            CheckSkipped: There is no embedding model to compare with.
        """
        if ctx.duplicate_index is None:
            raise CheckSkipped(
                ctx.index_problem
                or "No se verificaron fichas duplicadas: no hay un modelo de embeddings configurado."
            )
        name = field_value(ficha, fields[0].id)
        problem = field_value(ficha, fields[1].id) if len(fields) > 1 else None
        if not (name or "").strip():
            return
        try:
            matches = ctx.duplicate_index.search(
                name, problem, threshold=self.threshold, limit=self.limit, exclude_id=ficha.id
            )
        except Exception as exc:
            # The embedding model is outside our control; the other rules must still run.
            logger.exception("Falló el modelo de embeddings al buscar fichas duplicadas")
            raise CheckSkipped(_EMBEDDER_FAILED) from exc
        for match in matches:
            entry = match.entry
            yield Hit(
                field=fields[0].id,
                outcome="duplicado",
                text=name,
                values={
                    "otro_id": entry.id,
                    "otro_nombre": entry.name,
                    "similitud": f"{match.similarity:.0%}",
                    "otro_tipo": "producto del portafolio" if entry.kind == "producto" else "ficha",
                },
                discriminator=entry.id,
                duplicate=DuplicateRef(
                    id=entry.id, name=entry.name, similarity=match.similarity, kind=entry.kind
                ),
            )


__all__ = ["SemanticDuplicate"]
