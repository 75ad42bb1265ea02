"""Pattern checks: a text must not (or must) match regular expressions.

Patterns are matched against the accent-free, lower-case form of the text, so
"Falta de una guía", "FALTA DE UNA GUIA" and "falta de una guia" are the same. A pattern may
reference a word list of the rules file as ``{{name}}``: it expands to an alternation of the
list's phrases (accent-free, spaces matching any run of spaces), longest first. That keeps the
vocabulary DER maintains — absence markers, solution nouns, objective verbs — out of the
regular expressions.
"""

from __future__ import annotations

import re
from abc import abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import Field

from intake.ficha import Ficha
from intake.fields import FieldSpec, field_texts, field_value
from intake.normalization import NormalizedText, normalize, strip_accents
from intake.rules.checks.base import (
    Check,
    CheckEnv,
    Hit,
    Params,
    RunContext,
    item_hit,
    parse_params,
)

_VOCABULARY_REF = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def vocabulary_regex(phrases: Sequence[str]) -> str:
    """An alternation matching any of ``phrases`` (accent-free; longest first)."""
    alternatives = sorted({normalize(p) for p in phrases if p.strip()}, key=len, reverse=True)
    escaped = [r"\s+".join(re.escape(word) for word in p.split(" ")) for p in alternatives]
    return "(?:" + "|".join(escaped) + ")"


def compile_pattern(pattern: str, vocabularies: Mapping[str, Sequence[str]]) -> re.Pattern[str]:
    """Expand ``{{name}}`` references and compile, case- and accent-insensitive.

    Raises:
        ValueError: An unknown or empty word list, or an invalid regular expression.
    """

    def expand(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in vocabularies:
            known = ", ".join(sorted(vocabularies)) or "ninguno"
            raise ValueError(
                f"el patrón usa {{{{{name}}}}}, que no está en «vocabularios» (hay: {known})"
            )
        if not any(p.strip() for p in vocabularies[name]):
            raise ValueError(f"el vocabulario «{name}» está vacío")
        return vocabulary_regex(vocabularies[name])

    expanded = _VOCABULARY_REF.sub(expand, strip_accents(pattern))
    try:
        return re.compile(expanded, re.IGNORECASE)
    except re.error as exc:
        raise ValueError(
            f"expresión regular no válida «{pattern}» (detalle técnico: {exc.msg})"
        ) from exc


class _PatternParams(Params):
    patrones: list[str] = Field(min_length=1)


def _compile_all(params: Mapping[str, Any], env: CheckEnv) -> tuple[re.Pattern[str], ...]:
    parsed = parse_params(_PatternParams, params)
    return tuple(compile_pattern(p, env.vocabularies) for p in parsed.patrones)


class QuotingCheck(Check):
    """A check that finds a fragment of the text and quotes it (outcome ``coincide``)."""

    placeholders = frozenset({"fragmento"})

    def outcomes(self) -> tuple[str, ...]:
        """Only ``coincide``."""
        return ("coincide",)

    @abstractmethod
    def first_match(self, text: str) -> str | None:
        """The user's own words for what the check objects to in ``text``, or ``None``."""

    def run(self, fields: Sequence[FieldSpec], ficha: Ficha, ctx: RunContext) -> Iterator[Hit]:
        """One hit per text with a match (quoting the matched words)."""
        for spec in fields:
            for item, text in field_texts(field_value(ficha, spec.id)):
                fragment = self.first_match(text)
                if fragment is not None:
                    yield item_hit(spec.id, "coincide", item, text, fragmento=fragment)


@dataclass(frozen=True)
class ForbiddenPattern(QuotingCheck):
    """``patron_prohibido``: the text matches none of ``patrones``.

    The message quotes the named group ``fragmento`` when the pattern has one, otherwise the
    whole match.
    """

    type_name = "patron_prohibido"
    description = "El texto no coincide con ninguno de los «patrones»."
    patterns: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def build(cls, params: Mapping[str, Any], env: CheckEnv) -> ForbiddenPattern:
        """Parameters: ``patrones`` (regular expressions, may use ``{{vocabulario}}``)."""
        return cls(patterns=_compile_all(params, env))

    def first_match(self, text: str) -> str | None:
        """The original words of the first match in ``text``, or ``None``."""
        normalized = NormalizedText.of(text)
        for pattern in self.patterns:
            found = pattern.search(normalized.folded)
            if found:
                group = "fragmento" if "fragmento" in pattern.groupindex else 0
                return normalized.excerpt(*found.span(group)) or text.strip()
        return None


@dataclass(frozen=True)
class RequiredPattern(Check):
    """``patron_requerido``: the text matches at least one of ``patrones``."""

    type_name = "patron_requerido"
    description = "El texto coincide con al menos uno de los «patrones»."
    patterns: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def build(cls, params: Mapping[str, Any], env: CheckEnv) -> RequiredPattern:
        """Parameters: ``patrones`` (regular expressions, may use ``{{vocabulario}}``)."""
        return cls(patterns=_compile_all(params, env))

    def outcomes(self) -> tuple[str, ...]:
        """Only ``sin_coincidencia``."""
        return ("sin_coincidencia",)

    def run(self, fields: Sequence[FieldSpec], ficha: Ficha, ctx: RunContext) -> Iterator[Hit]:
        """One hit per non-blank text that matches no pattern."""
        for spec in fields:
            for item, text in field_texts(field_value(ficha, spec.id)):
                folded = NormalizedText.of(text).folded
                if not any(p.search(folded) for p in self.patterns):
                    yield item_hit(spec.id, "sin_coincidencia", item, text)


__all__ = [
    "ForbiddenPattern",
    "QuotingCheck",
    "RequiredPattern",
    "compile_pattern",
    "vocabulary_regex",
]
