"""Semantic near-duplicates against stored fichas and portfolio products (NAME-DUPLICATE).

Embedding models put any two short Spanish names close together (multilingual-e5-small gives
0.86–0.91 to unrelated names such as «Semillero de líderes» and «Mesa técnica de apoyo a la
programación del presupuesto»), so cosine similarity alone flagged most unrelated short names.
A match must also share a topic word: a content word, compared by its first five letters, that
is not in the rules file's list of generic words («asistencia», «técnica», «servicio»,
«municipios»…). Paraphrases of the same offer keep their topic words («estructurar proyectos de
regalías» ~ «estructuración de proyectos del SGR»).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import Field

from intake.ficha import Ficha
from intake.fields import FieldKind, FieldSpec, field_value
from intake.normalization import words
from intake.rules.checks.base import (
    Check,
    CheckEnv,
    CheckSkipped,
    Hit,
    Params,
    RunContext,
    parse_params,
)
from intake.rules.duplicates import comparison_text
from intake.rules.report import DuplicateRef

logger = logging.getLogger(__name__)

_EMBEDDER_FAILED = (
    "No se verificaron fichas duplicadas: el modelo de embeddings no respondió. "
    "Intente validar de nuevo más tarde."
)


class _DuplicateParams(Params):
    umbral: float = Field(gt=0, le=1)
    maximo_resultados: int = Field(default=3, ge=1)
    minimo_palabras_comunes: int = Field(default=1, ge=0)
    palabras_genericas: str | None = None


_STEM = 5
_STOPWORDS = frozenset(
    "a al ante con de del desde e el en entre la las lo los mas o para por que se sin sobre su"
    " sus u un una uno unos unas y".split()
)


def topic_stems(text: str, generic: frozenset[str] = frozenset()) -> set[str]:
    """The topic words of ``text``: content words, cut to five letters, not generic."""
    stems = set()
    for word in words(text):
        if len(word) < 3 or word in _STOPWORDS or word.isdigit():
            continue
        stem = word[:_STEM]
        if stem not in generic:
            stems.add(stem)
    return stems


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
    min_shared: int = 1
    generic: frozenset[str] = frozenset()

    @classmethod
    def build(cls, params: Mapping[str, Any], env: CheckEnv) -> SemanticDuplicate:
        """Parameters: ``umbral`` (cosine similarity, 0–1), ``maximo_resultados``,
        ``minimo_palabras_comunes`` (topic words both must share; 0: none) and
        ``palabras_genericas`` (a ``vocabularios`` list of words that are no topic)."""
        parsed = parse_params(_DuplicateParams, params)
        generic: frozenset[str] = frozenset()
        if parsed.palabras_genericas is not None:
            if parsed.palabras_genericas not in env.vocabularies:
                raise ValueError(
                    f"«palabras_genericas»: el vocabulario «{parsed.palabras_genericas}» no existe"
                )
            vocabulary = env.vocabularies[parsed.palabras_genericas]
            generic = frozenset(w[:_STEM] for p in vocabulary for w in words(p))
        return cls(
            threshold=parsed.umbral,
            limit=parsed.maximo_resultados,
            min_shared=parsed.minimo_palabras_comunes,
            generic=generic,
        )

    def shares_topic(self, text: str, other: str) -> bool:
        """True when both texts share at least ``min_shared`` topic words."""
        shared = topic_stems(text, self.generic) & topic_stems(other, self.generic)
        return len(shared) >= self.min_shared

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
                name,
                problem,
                threshold=self.threshold,
                limit=self.limit + 5,
                exclude_id=ficha.id,
            )
        except Exception as exc:
            # The embedding model is outside our control; the other rules must still run.
            logger.exception("Falló el modelo de embeddings al buscar fichas duplicadas")
            raise CheckSkipped(_EMBEDDER_FAILED) from exc
        mine = comparison_text(name, problem)
        related = [m for m in matches if self.shares_topic(mine, m.entry.text)]
        for match in related[: self.limit]:
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


__all__ = ["SemanticDuplicate", "topic_stems"]
