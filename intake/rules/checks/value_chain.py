"""Checks of the value chain's wording (Paso 4 and the DNP glossary).

* activities are processes: they start with an infinitive ("Realizar…", "Diseñar…");
* products are goods or services named as nouns ("Servicio de…", "Documento de…"), not actions;
* results and impacts say what changes, so they are not copies of a product or an activity.

Spanish infinitives end in -ar, -er or -ir (optionally with a clitic: "realizarlo"); the
``excepciones`` parameter lists nouns and adjectives with those endings ("taller", "lugar",
"primer") so they are not taken for verbs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import Field

from intake.ficha import Ficha
from intake.fields import FIELDS, FieldSpec, field_spec, field_texts, field_value
from intake.normalization import first_word, normalize, words
from intake.rules.checks.base import (
    Check,
    CheckEnv,
    Hit,
    Params,
    RunContext,
    item_hit,
    parse_params,
)

_INFINITIVE = re.compile(r"^[a-z]{1,}(?:ar|er|ir)(?:se|lo|la|los|las|le|les|nos)?$")
_GERUND = re.compile(r"^[a-z]{2,}(?:ando|iendo|yendo)(?:se|lo|la|los|las|le|les)?$")


def is_infinitive(word: str, exceptions: frozenset[str] = frozenset()) -> bool:
    """True when a normalized word looks like a Spanish infinitive and is not an exception."""
    return bool(_INFINITIVE.match(word)) and word not in exceptions and len(word) > 2


def is_action(word: str, exceptions: frozenset[str] = frozenset()) -> bool:
    """True when a normalized word is an infinitive or a gerund (an action, not a noun)."""
    return is_infinitive(word, exceptions) or (bool(_GERUND.match(word)) and word not in exceptions)


class _WordingParams(Params):
    excepciones: list[str] = Field(default_factory=list)


def _exceptions(params: Mapping[str, Any]) -> frozenset[str]:
    return frozenset(normalize(w) for w in parse_params(_WordingParams, params).excepciones)


@dataclass(frozen=True)
class InfinitiveStart(Check):
    """``verbo_infinitivo``: each text starts with a verb in infinitive."""

    type_name = "verbo_infinitivo"
    description = "Cada elemento empieza con un verbo en infinitivo."
    placeholders = frozenset({"primera_palabra"})
    exceptions: frozenset[str] = frozenset()

    @classmethod
    def build(cls, params: Mapping[str, Any], env: CheckEnv) -> InfinitiveStart:
        """Parameters: ``excepciones`` (words ending in -ar/-er/-ir that are not verbs)."""
        return cls(exceptions=_exceptions(params))

    def outcomes(self) -> tuple[str, ...]:
        """Only ``sin_verbo``."""
        return ("sin_verbo",)

    def run(self, fields: Sequence[FieldSpec], ficha: Ficha, ctx: RunContext) -> Iterator[Hit]:
        """One hit per item that does not start with an infinitive."""
        for spec in fields:
            for item, text in field_texts(field_value(ficha, spec.id)):
                word = first_word(text)
                if not is_infinitive(word, self.exceptions):
                    yield item_hit(spec.id, "sin_verbo", item, text, primera_palabra=word)


@dataclass(frozen=True)
class NounStart(Check):
    """``sustantivo``: each text is named as a good or service, not as an action."""

    type_name = "sustantivo"
    description = "Cada elemento se nombra como sustantivo (bien o servicio), no como acción."
    placeholders = frozenset({"primera_palabra"})
    exceptions: frozenset[str] = frozenset()

    @classmethod
    def build(cls, params: Mapping[str, Any], env: CheckEnv) -> NounStart:
        """Parameters: ``excepciones`` (nouns ending in -ar/-er/-ir, e.g. "taller")."""
        return cls(exceptions=_exceptions(params))

    def outcomes(self) -> tuple[str, ...]:
        """Only ``accion``."""
        return ("accion",)

    def run(self, fields: Sequence[FieldSpec], ficha: Ficha, ctx: RunContext) -> Iterator[Hit]:
        """One hit per item that starts with an infinitive or a gerund."""
        for spec in fields:
            for item, text in field_texts(field_value(ficha, spec.id)):
                word = first_word(text)
                if is_action(word, self.exceptions):
                    yield item_hit(spec.id, "accion", item, text, primera_palabra=word)


_STOPWORDS = frozenset(
    "a al ante con de del el en entre la las lo los o para por que se sin su sus u un una y".split()
)


def _stems(text: str, length: int) -> frozenset[str]:
    """Content words cut to ``length`` letters, so "realizar" and "realizados" compare equal."""
    return frozenset(w[:length] for w in words(text) if w not in _STOPWORDS)


def _jaccard(left: frozenset[str], right: frozenset[str]) -> float:
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def similarity(a: str, b: str, *, stem_length: int = 6) -> float:
    """Jaccard similarity of the stemmed content words of two texts (0 to 1)."""
    return _jaccard(_stems(a, stem_length), _stems(b, stem_length))


class _DistinctParams(Params):
    comparar_con: list[str] = Field(min_length=1)
    umbral: float = Field(default=0.75, gt=0, le=1)
    longitud_raiz: int = Field(default=6, ge=3)


@dataclass(frozen=True)
class Distinct(Check):
    """``distinto``: no item is a near-copy of an item of the fields in ``comparar_con``."""

    type_name = "distinto"
    description = "Ningún elemento es copia de un elemento de los campos de «comparar_con»."
    placeholders = frozenset({"copia_de", "campo_copia", "similitud"})
    compare_with: tuple[str, ...] = ()
    threshold: float = 0.75
    stem_length: int = 6

    @classmethod
    def build(cls, params: Mapping[str, Any], env: CheckEnv) -> Distinct:
        """Parameters: ``comparar_con`` (field ids), ``umbral`` (0–1), ``longitud_raiz``."""
        parsed = parse_params(_DistinctParams, params)
        for field_id in parsed.comparar_con:
            if field_id not in FIELDS:
                raise ValueError(f"«comparar_con» nombra el campo «{field_id}», que no existe")
        return cls(
            compare_with=tuple(parsed.comparar_con),
            threshold=parsed.umbral,
            stem_length=parsed.longitud_raiz,
        )

    def outcomes(self) -> tuple[str, ...]:
        """Only ``copia``."""
        return ("copia",)

    def extra_fields(self) -> tuple[str, ...]:
        """The fields compared against."""
        return self.compare_with

    def run(self, fields: Sequence[FieldSpec], ficha: Ficha, ctx: RunContext) -> Iterator[Hit]:
        """One hit per item too similar to an item of a compared field (the closest one)."""
        others = [
            (_stems(text, self.stem_length), other_id, text)
            for other_id in self.compare_with
            for _, text in field_texts(field_value(ficha, other_id))
        ]
        for spec in fields:
            for item, text in field_texts(field_value(ficha, spec.id)):
                stems = _stems(text, self.stem_length)
                best = max(
                    ((_jaccard(stems, s), f, o) for s, f, o in others),
                    default=None,
                    key=lambda candidate: candidate[0],
                )
                if best is not None and best[0] >= self.threshold:
                    score, other_field, other_text = best
                    yield item_hit(
                        spec.id,
                        "copia",
                        item,
                        text,
                        copia_de=other_text,
                        campo_copia=field_spec(other_field).label,
                        similitud=f"{score:.0%}",
                    )


__all__ = ["Distinct", "InfinitiveStart", "NounStart", "is_action", "is_infinitive", "similarity"]
