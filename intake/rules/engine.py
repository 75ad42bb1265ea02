"""The rules engine: runs the rules of a `RulesConfig` over a ficha and reports findings.

Validation never raises because of what a ficha says: every problem is a `Finding` in the
`ValidationReport`. A rule that cannot run (NAME-DUPLICATE without an embedding model, or an
embedder that fails) is listed in ``report.skipped`` with the reason, and the rest still run.

The guided intake validates each answer as it is given with `RulesEngine.validate_field`,
which runs only the rules that read that field.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from intake.ficha import Ficha
from intake.fields import FIELDS, field_spec, field_value
from intake.ports import TextEmbedder
from intake.rules.checks.base import CheckSkipped, Hit, RunContext
from intake.rules.config import Rule, RulesConfig, load_rules
from intake.rules.duplicates import DuplicateIndex, PortfolioEntry
from intake.rules.report import Finding, Severity, SkippedRule, ValidationReport

logger = logging.getLogger(__name__)

_MAX_QUOTE = 120
_INDEX_FAILED = (
    "No se verificaron fichas duplicadas: no se pudieron procesar las fichas almacenadas "
    "con el modelo de embeddings."
)


class _Blank(dict[str, Any]):
    """Formatting values where an unfilled placeholder renders as nothing."""

    def __missing__(self, key: str) -> str:
        return ""


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_QUOTE else text[: _MAX_QUOTE - 1].rstrip() + "…"


def _justified(rule: Rule, finding: Finding, ficha: Ficha) -> Finding:
    """``finding`` as a warning carrying the unit's justification, when the rule allows it
    and the ficha justifies exactly the current value."""
    if not rule.justifiable or not finding.is_error:
        return finding
    value = field_value(ficha, finding.field)
    for justification in ficha.justificaciones:
        if (
            justification.regla == rule.id
            and justification.campo == finding.field
            and justification.valor == value
        ):
            return dataclasses.replace(
                finding,
                severity=Severity.WARNING,
                message=f"{finding.message} Justificación de la unidad: «{justification.texto}».",
                justification=justification.texto,
            )
    return finding


def _finding(rule: Rule, hit: Hit) -> Finding:
    spec = FIELDS[hit.field]
    values = _Blank(
        campo=spec.label,
        elemento=_quote(hit.text),
        posicion=hit.item + 1 if hit.item is not None else "",
    )
    values.update(hit.values)
    key = f"{rule.id}@{hit.field}" + (f"#{hit.discriminator}" if hit.discriminator else "")
    return Finding(
        rule_id=rule.id,
        severity=rule.severity_for(hit.outcome),
        field=hit.field,
        field_label=spec.full_label,
        message=rule.message_for(hit.outcome).format_map(values),
        reference=rule.reference,
        key=key,
        item=hit.item,
        duplicate_of=hit.duplicate,
    )


def _order(finding: Finding, rule_positions: dict[str, int]) -> tuple[int, int, int]:
    item = finding.item if finding.item is not None else -1
    return (FIELDS[finding.field].position, item, rule_positions.get(finding.rule_id, 0))


class RulesEngine:
    """Validates fichas against the rules of one rules file.

    Args:
        config: The loaded rules (`load_rules`).
        embedder: Embedding model for NAME-DUPLICATE; without one that rule is skipped.
        portfolio: Other fichas and portfolio products to compare against (embedded on
            first use or in `warm_up`).
        duplicate_index: A ready index (e.g. built from cached vectors); overrides
            ``embedder``/``portfolio``.
        clock: Returns "now" (tests pass a fixed clock).
    """

    def __init__(
        self,
        config: RulesConfig,
        *,
        embedder: TextEmbedder | None = None,
        portfolio: Iterable[PortfolioEntry] = (),
        duplicate_index: DuplicateIndex | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._config = config
        self._embedder = embedder
        self._pending: list[PortfolioEntry] = list(portfolio)
        self._index = duplicate_index
        self._clock = clock or (lambda: datetime.now(UTC))
        self._positions = {rule.id: rule.position for rule in config.rules}

    @classmethod
    def from_file(cls, path: str | Path | None = None, **kwargs: Any) -> RulesEngine:
        """An engine for a rules file (``None``: the shipped one); kwargs as in the constructor.

        Raises:
            RulesConfigError: The rules file is malformed.
        """
        return cls(load_rules(path), **kwargs)

    @property
    def config(self) -> RulesConfig:
        """The rules in use."""
        return self._config

    @property
    def duplicate_index(self) -> DuplicateIndex | None:
        """The near-duplicate index (built on first use), or ``None`` without an embedder."""
        if self._index is None and self._embedder is not None:
            self._index = DuplicateIndex(self._embedder, self._pending)
            self._pending = []
        elif self._index is not None and self._pending:
            self._index.add(self._pending)
            self._pending = []
        return self._index

    def warm_up(self) -> None:
        """Embed the portfolio now instead of on the first validation."""
        _ = self.duplicate_index

    def add_to_portfolio(self, entries: Iterable[PortfolioEntry]) -> None:
        """Add (or replace by id) fichas/products to compare against; only these are embedded."""
        self._pending.extend(entries)

    def required_fields(self) -> tuple[str, ...]:
        """Field ids some error rule requires (``requerido``, ``minimo_elementos`` or a minimum)."""
        required = {
            field_id
            for rule in self._config.rules
            if rule.check_type in ("requerido", "minimo_elementos")
            or (rule.check_type == "enumeracion" and "vacio" in rule.check.outcomes())
            for field_id in rule.fields
        }
        return tuple(f for f in FIELDS if f in required)

    def validate(self, ficha: Ficha) -> ValidationReport:
        """Run every rule on ``ficha`` and return the report (never raises for content)."""
        findings, skipped = self._run(self._config.rules, ficha)
        return ValidationReport(
            findings=tuple(findings),
            skipped=tuple(skipped),
            validated_at=self._clock(),
            ficha_id=ficha.id,
            ficha_version=ficha.version,
            rules_version=self._config.version,
        )

    def validate_field(self, ficha: Ficha, field_id: str) -> list[Finding]:
        """Findings of the rules that read ``field_id`` (for immediate feedback on one answer).

        Raises:
            UnknownFieldError: ``field_id`` is not a field of the ficha.
        """
        field_spec(field_id)
        findings, _ = self._run(self._config.rules_reading(field_id), ficha)
        return findings

    def _run(self, rules: Iterable[Rule], ficha: Ficha) -> tuple[list[Finding], list[SkippedRule]]:
        rules = list(rules)
        ctx = self._context(any(rule.check.uses_index for rule in rules))
        findings: list[Finding] = []
        skipped: list[SkippedRule] = []
        for rule in rules:
            try:
                hits = list(rule.check.run(rule.field_specs, ficha, ctx))
            except CheckSkipped as exc:
                skipped.append(SkippedRule(rule.id, exc.reason))
                continue
            except Exception:
                # A failing embedder (or a bug in one check) must not stop the other rules.
                logger.exception("La regla %s falló al validar la ficha %s", rule.id, ficha.id)
                skipped.append(
                    SkippedRule(rule.id, "No se pudo aplicar esta regla por un error interno.")
                )
                continue
            findings.extend(_justified(rule, _finding(rule, hit), ficha) for hit in hits)
        findings.sort(key=lambda f: _order(f, self._positions))
        return findings, skipped

    def _context(self, needs_index: bool) -> RunContext:
        if not needs_index:
            return RunContext()
        try:
            return RunContext(duplicate_index=self.duplicate_index)
        except Exception:
            # The embedder failed while embedding the portfolio; the rule is reported as skipped.
            logger.exception("No se pudo construir el índice de fichas para buscar duplicados")
            return RunContext(index_problem=_INDEX_FAILED)


__all__ = ["RulesEngine"]
