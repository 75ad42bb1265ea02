"""Checks on single values: closed lists, numbers, e-mail, capitals, length, word count."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import Field, model_validator

from intake.ficha import Ficha
from intake.fields import FieldKind, FieldSpec, field_texts, field_value
from intake.normalization import words
from intake.rules.checks.base import (
    Check,
    CheckEnv,
    Hit,
    NoParams,
    Params,
    RunContext,
    item_hit,
    parse_params,
)
from intake.value_lists import ValueList

EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}$"
)


class _EnumParams(Params):
    lista: str = Field(min_length=1)
    minimo: int = Field(default=0, ge=0)


@dataclass(frozen=True)
class Enumeration(Check):
    """``enumeracion``: every value is one of a list of the rules file (and at least ``minimo``)."""

    type_name = "enumeracion"
    description = "Cada valor pertenece a una lista de «listas»."
    placeholders = frozenset({"valor", "permitidos", "minimo", "lista"})
    values: ValueList
    minimum: int = 0

    @classmethod
    def build(cls, params: Mapping[str, Any], env: CheckEnv) -> Enumeration:
        """Parameters: ``lista`` (name in ``listas``), ``minimo`` (default 0)."""
        parsed = parse_params(_EnumParams, params)
        if parsed.lista not in env.lists:
            known = ", ".join(sorted(env.lists)) or "ninguna"
            raise ValueError(f"la lista «{parsed.lista}» no existe en «listas» (hay: {known})")
        return cls(values=env.lists[parsed.lista], minimum=parsed.minimo)

    def outcomes(self) -> tuple[str, ...]:
        """``fuera_de_lista``, and ``vacio`` when a minimum is set."""
        return ("fuera_de_lista", "vacio") if self.minimum else ("fuera_de_lista",)

    def run(self, fields: Sequence[FieldSpec], ficha: Ficha, ctx: RunContext) -> Iterator[Hit]:
        """One hit per value not in the list; one when there are too few values."""
        common = {"permitidos": self.values.allowed_text, "lista": self.values.title}
        for spec in fields:
            texts = field_texts(field_value(ficha, spec.id))
            if len(texts) < self.minimum:
                yield Hit(field=spec.id, outcome="vacio", values={**common, "minimo": self.minimum})
            for item, text in texts:
                if self.values.find(text) is None:
                    yield item_hit(spec.id, "fuera_de_lista", item, text, valor=text, **common)


class _RangeParams(Params):
    minimo: float | None = None
    maximo: float | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> _RangeParams:
        if self.minimo is None and self.maximo is None:
            raise ValueError("indique «minimo», «maximo» o ambos")
        if self.minimo is not None and self.maximo is not None and self.minimo > self.maximo:
            raise ValueError("«minimo» no puede ser mayor que «maximo»")
        return self


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class NumberRange(Check):
    """``rango_numerico``: a number lies between ``minimo`` and ``maximo`` (inclusive)."""

    type_name = "rango_numerico"
    description = "El número está entre «minimo» y «maximo»."
    kinds = frozenset({FieldKind.NUMBER})
    placeholders = frozenset({"valor", "minimo", "maximo"})
    minimum: float | None = None
    maximum: float | None = None

    @classmethod
    def build(cls, params: Mapping[str, Any], env: CheckEnv) -> NumberRange:
        """Parameters: ``minimo`` and/or ``maximo``."""
        parsed = parse_params(_RangeParams, params)
        return cls(minimum=parsed.minimo, maximum=parsed.maximo)

    def outcomes(self) -> tuple[str, ...]:
        """Only ``fuera_de_rango``."""
        return ("fuera_de_rango",)

    def run(self, fields: Sequence[FieldSpec], ficha: Ficha, ctx: RunContext) -> Iterator[Hit]:
        """One hit per number out of range."""
        for spec in fields:
            value = field_value(ficha, spec.id)
            if value is None:
                continue
            low = self.minimum is not None and value < self.minimum
            high = self.maximum is not None and value > self.maximum
            if low or high:
                yield Hit(
                    field=spec.id,
                    outcome="fuera_de_rango",
                    text=str(value),
                    values={
                        "valor": value,
                        "minimo": _number(self.minimum),
                        "maximo": _number(self.maximum),
                    },
                )


@dataclass(frozen=True)
class Email(Check):
    """``correo``: the text is a well-formed e-mail address."""

    type_name = "correo"
    description = "El texto es una dirección de correo electrónico válida."
    kinds = frozenset({FieldKind.TEXT})
    placeholders = frozenset({"valor"})

    @classmethod
    def build(cls, params: Mapping[str, Any], env: CheckEnv) -> Email:
        """No parameters."""
        parse_params(NoParams, params)
        return cls()

    def outcomes(self) -> tuple[str, ...]:
        """Only ``invalido``."""
        return ("invalido",)

    def run(self, fields: Sequence[FieldSpec], ficha: Ficha, ctx: RunContext) -> Iterator[Hit]:
        """One hit per malformed address (blank fields are left to ``requerido``)."""
        for spec in fields:
            for item, text in field_texts(field_value(ficha, spec.id)):
                if not EMAIL.match(text.strip()):
                    yield item_hit(spec.id, "invalido", item, text, valor=text)


class _CapitalsParams(Params):
    minimo_letras: int = Field(default=2, ge=1)


@dataclass(frozen=True)
class Capitals(Check):
    """``mayusculas``: the text is not written only in capitals (e.g. only an acronym)."""

    type_name = "mayusculas"
    description = "El texto no está escrito solo en mayúsculas (o solo con siglas)."
    placeholders = frozenset({"valor"})
    min_letters: int = 2

    @classmethod
    def build(cls, params: Mapping[str, Any], env: CheckEnv) -> Capitals:
        """Parameters: ``minimo_letras`` (shorter texts are not judged; default 2)."""
        return cls(min_letters=parse_params(_CapitalsParams, params).minimo_letras)

    def outcomes(self) -> tuple[str, ...]:
        """Only ``solo_mayusculas``."""
        return ("solo_mayusculas",)

    def run(self, fields: Sequence[FieldSpec], ficha: Ficha, ctx: RunContext) -> Iterator[Hit]:
        """One hit per text whose letters are all capitals."""
        for spec in fields:
            for item, text in field_texts(field_value(ficha, spec.id)):
                letters = [c for c in text if c.isalpha()]
                if len(letters) >= self.min_letters and all(c.isupper() for c in letters):
                    yield item_hit(spec.id, "solo_mayusculas", item, text, valor=text)


class _MinLengthParams(Params):
    minimo: int = Field(ge=1)


@dataclass(frozen=True)
class MinLength(Check):
    """``longitud_minima``: the text has at least ``minimo`` characters (blank is skipped)."""

    type_name = "longitud_minima"
    description = "El texto tiene al menos «minimo» caracteres."
    placeholders = frozenset({"caracteres", "minimo"})
    minimum: int = 1

    @classmethod
    def build(cls, params: Mapping[str, Any], env: CheckEnv) -> MinLength:
        """Parameters: ``minimo`` (characters)."""
        return cls(minimum=parse_params(_MinLengthParams, params).minimo)

    def outcomes(self) -> tuple[str, ...]:
        """Only ``corto``."""
        return ("corto",)

    def run(self, fields: Sequence[FieldSpec], ficha: Ficha, ctx: RunContext) -> Iterator[Hit]:
        """One hit per text shorter than the minimum."""
        for spec in fields:
            for item, text in field_texts(field_value(ficha, spec.id)):
                length = len(" ".join(text.split()))
                if length < self.minimum:
                    yield item_hit(
                        spec.id, "corto", item, text, caracteres=length, minimo=self.minimum
                    )


class _WordCountParams(Params):
    minimo: int | None = Field(default=None, ge=1)
    maximo: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _one_bound(self) -> _WordCountParams:
        if self.minimo is None and self.maximo is None:
            raise ValueError("indique «minimo», «maximo» o ambos")
        if self.minimo is not None and self.maximo is not None and self.minimo > self.maximo:
            raise ValueError("«minimo» no puede ser mayor que «maximo»")
        return self


@dataclass(frozen=True)
class WordCount(Check):
    """``conteo_palabras``: the text has between ``minimo`` and ``maximo`` words.

    Outcomes ``corto`` and ``largo`` let one rule be an error when too short and a warning
    when too long (``severidades`` in the rules file).
    """

    type_name = "conteo_palabras"
    description = "El texto tiene entre «minimo» y «maximo» palabras."
    placeholders = frozenset({"palabras", "minimo", "maximo"})
    minimum: int | None = None
    maximum: int | None = None

    @classmethod
    def build(cls, params: Mapping[str, Any], env: CheckEnv) -> WordCount:
        """Parameters: ``minimo`` and/or ``maximo`` (words)."""
        parsed = parse_params(_WordCountParams, params)
        return cls(minimum=parsed.minimo, maximum=parsed.maximo)

    def outcomes(self) -> tuple[str, ...]:
        """``corto`` if there is a minimum, ``largo`` if there is a maximum."""
        found = []
        if self.minimum is not None:
            found.append("corto")
        if self.maximum is not None:
            found.append("largo")
        return tuple(found)

    def run(self, fields: Sequence[FieldSpec], ficha: Ficha, ctx: RunContext) -> Iterator[Hit]:
        """One hit per text outside the bounds (blank texts are left to ``requerido``)."""
        bounds = {"minimo": self.minimum or "", "maximo": self.maximum or ""}
        for spec in fields:
            for item, text in field_texts(field_value(ficha, spec.id)):
                count = len(words(text))
                if self.minimum is not None and count < self.minimum:
                    yield item_hit(spec.id, "corto", item, text, palabras=count, **bounds)
                elif self.maximum is not None and count > self.maximum:
                    yield item_hit(spec.id, "largo", item, text, palabras=count, **bounds)


__all__ = ["Capitals", "Email", "Enumeration", "MinLength", "NumberRange", "WordCount"]
