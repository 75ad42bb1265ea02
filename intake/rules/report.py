"""What validation returns: findings and the report that says whether a ficha may be sent.

Validation never raises for what a ficha says; every problem becomes a `Finding`. Errors block
submission to DER; warnings are shown and can be acknowledged. A finding's `Finding.key` is
stable for the same rule, field and offending item, so a workflow can store which warnings the
unit accepted and `ValidationReport.pending_warnings` can leave those out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How serious a finding is (the values are the words used in the rules file)."""

    ERROR = "error"
    WARNING = "advertencia"

    @property
    def label(self) -> str:
        """Spanish label with a capital letter."""
        return "Error" if self is Severity.ERROR else "Advertencia"


@dataclass(frozen=True)
class DuplicateRef:
    """The other ficha or portfolio product a near-duplicate finding points to.

    Attributes:
        id: Its id.
        name: Its name.
        similarity: Cosine similarity of name + problem (0 to 1).
        kind: ``"ficha"`` or ``"producto"`` (a portfolio product).
    """

    id: str
    name: str
    similarity: float
    kind: str = "ficha"


@dataclass(frozen=True)
class Finding:
    """One problem found by one rule on one field.

    Attributes:
        rule_id: The rule that produced it, e.g. ``"PROB-NEGATIVE"``.
        severity: Error (blocks submission) or warning.
        field: The field id it is about, e.g. ``"problema.enunciado"``.
        field_label: Spanish label of that field (with its section).
        message: Spanish message telling the user how to fix it.
        reference: The policy reference the rule enforces.
        key: Stable key to record an acknowledgement (rule, field and item).
        item: Position (0-based) of the offending list item, if any.
        duplicate_of: For near-duplicates, the other ficha or product.
        justification: The unit's written reason for keeping a value a justifiable rule
            flags (the finding is then a warning DER sees, not an error).
    """

    rule_id: str
    severity: Severity
    field: str
    field_label: str
    message: str
    reference: str
    key: str
    item: int | None = None
    duplicate_of: DuplicateRef | None = None
    justification: str | None = None

    @property
    def is_error(self) -> bool:
        """True for findings that block submission."""
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, Any]:
        """Spanish JSON-ready form (keys as shown to API and CLI users)."""
        data: dict[str, Any] = {
            "regla": self.rule_id,
            "severidad": self.severity.value,
            "campo": self.field,
            "etiqueta_campo": self.field_label,
            "mensaje": self.message,
            "referencia": self.reference,
            "clave": self.key,
            "elemento": self.item,
        }
        if self.justification is not None:
            data["justificacion"] = self.justification
        if self.duplicate_of is not None:
            data["duplicado_de"] = {
                "id": self.duplicate_of.id,
                "nombre": self.duplicate_of.name,
                "similitud": round(self.duplicate_of.similarity, 4),
                "tipo": self.duplicate_of.kind,
            }
        return data


@dataclass(frozen=True)
class SkippedRule:
    """A rule that could not run (e.g. no embedding model for NAME-DUPLICATE).

    Attributes:
        rule_id: The rule.
        reason: Spanish reason shown to the user.
    """

    rule_id: str
    reason: str


@dataclass(frozen=True)
class ValidationReport:
    """The result of validating one ficha.

    Attributes:
        findings: Every finding, in the ficha's field order.
        skipped: Rules that did not run, with the reason.
        validated_at: When the validation ran.
        ficha_id: The ficha's id, if it has one.
        ficha_version: The ficha's version.
        rules_version: Version of the rules file used.
    """

    findings: tuple[Finding, ...]
    validated_at: datetime
    skipped: tuple[SkippedRule, ...] = ()
    ficha_id: str | None = None
    ficha_version: int | None = None
    rules_version: str = ""

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Findings that block submission."""
        return tuple(f for f in self.findings if f.is_error)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Findings that may be acknowledged."""
        return tuple(f for f in self.findings if not f.is_error)

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings do not block)."""
        return not self.errors

    @property
    def blocked(self) -> bool:
        """True when errors block submission to DER."""
        return not self.ok

    def pending_warnings(self, acknowledged: Iterable[str] = ()) -> tuple[Finding, ...]:
        """Warnings whose key is not in ``acknowledged`` (a justified finding is accepted)."""
        done = set(acknowledged)
        return tuple(f for f in self.warnings if f.key not in done and f.justification is None)

    def has_key(self, key: str) -> bool:
        """True when a finding with this key is in the report."""
        return any(f.key == key for f in self.findings)

    def for_field(self, field_id: str) -> tuple[Finding, ...]:
        """The findings about one field."""
        return tuple(f for f in self.findings if f.field == field_id)

    @property
    def summary(self) -> str:
        """One Spanish line: whether it can be sent, and how many errors and warnings."""
        errors, warnings = len(self.errors), len(self.warnings)
        counts = f"{_plural(errors, 'error', 'errores')}, {_plural(warnings, 'advertencia', 'advertencias')}"
        if self.ok:
            return f"Lista para enviar a la DER ({counts})."
        return f"Bloqueada: corrija los errores antes de enviarla a la DER ({counts})."

    def to_dict(self) -> dict[str, Any]:
        """Spanish JSON-ready form."""
        return {
            "ok": self.ok,
            "bloqueada": self.blocked,
            "resumen": self.summary,
            "errores": len(self.errors),
            "advertencias": len(self.warnings),
            "ficha_id": self.ficha_id,
            "ficha_version": self.ficha_version,
            "version_reglas": self.rules_version,
            "validada_en": self.validated_at.isoformat(),
            "hallazgos": [f.to_dict() for f in self.findings],
            "reglas_omitidas": [{"regla": s.rule_id, "motivo": s.reason} for s in self.skipped],
        }

    def to_text(self) -> str:
        """A plain-text Spanish report (what ``asistente ficha validar`` prints); findings are
        told by their sentence, never by the rule's id."""
        lines = [self.summary]
        for finding in self.findings:
            where = finding.field_label
            if finding.item is not None:
                where += f" (elemento {finding.item + 1})"
            lines += [
                "",
                f"[{finding.severity.label.upper()}] {where}",
                f"  {finding.message}",
                f"  Referencia: {finding.reference}",
            ]
        for skipped in self.skipped:
            lines += ["", f"[OMITIDA] {skipped.rule_id}: {skipped.reason}"]
        return "\n".join(lines)


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


__all__ = ["DuplicateRef", "Finding", "Severity", "SkippedRule", "ValidationReport"]
