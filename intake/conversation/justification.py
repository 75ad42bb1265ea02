"""Keeping a value a justifiable rule flags, with the unit's written reason (DER sees it).

Which rules allow it is configuration (``justificable: true`` in the rules file). The reason is
stored in the ficha next to the exact value it justifies (`intake.ficha.Justificacion`), so it
stops applying as soon as the value changes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from intake.ficha import Ficha, Justificacion
from intake.rules.report import Finding
from intake.rules.rule_set import RulesConfig

JUSTIFY = re.compile(r"^\s*justific\w*\b[\s:,.-]*(?P<reason>.*)$", re.IGNORECASE | re.DOTALL)
"""«justificar: <por qué>»."""

MIN_JUSTIFICATION = 30
"""Characters a justification needs (one real sentence DER can weigh)."""

JUSTIFY_HINT = (
    "Si está seguro de mantenerlo así, escriba «justificar: <por qué>»; la DER verá su "
    "justificación junto al hallazgo y decidirá."
)


def justifiable_rules(config: RulesConfig, errors: Sequence[Finding]) -> list[str]:
    """The rules of ``errors`` when every one may be kept with a justification ([]: not)."""
    rules = [config.rule(f.rule_id) for f in errors]
    return [r.id for r in rules] if rules and all(r.justifiable for r in rules) else []


def with_justification(
    ficha: Ficha, field_id: str, value: Any, rules: Sequence[str], reason: str
) -> Ficha:
    """``ficha`` with ``reason`` justifying ``value`` of ``field_id`` for ``rules``."""
    kept = [j for j in ficha.justificaciones if not (j.campo == field_id and j.regla in rules)]
    added = [Justificacion(regla=r, campo=field_id, valor=value, texto=reason) for r in rules]
    return ficha.model_copy(update={"justificaciones": kept + added})


def without_stale(ficha: Ficha, field_id: str, value: Any) -> Ficha:
    """``ficha`` without the justifications of ``field_id`` that no longer match its value."""
    current = [j for j in ficha.justificaciones if j.campo != field_id or j.valor == value]
    if len(current) == len(ficha.justificaciones):
        return ficha
    return ficha.model_copy(update={"justificaciones": current})


__all__ = [
    "JUSTIFY",
    "JUSTIFY_HINT",
    "MIN_JUSTIFICATION",
    "justifiable_rules",
    "with_justification",
    "without_stale",
]
