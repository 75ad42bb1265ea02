"""The ficha as a Markdown document (for review in a browser, a wiki or a pull request)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from intake.documents.decision_trail import DecisionTrail
from intake.documents.document import (
    DOCUMENT_TITLE,
    EMPTY,
    HEADER_TEXT,
    POLICY,
    Entry,
    FichaDocument,
    Section,
    build_document,
)
from intake.ficha import Ficha
from intake.rules.config import RulesConfig
from intake.rules.report import ValidationReport


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|") or " "


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    header = list(header)
    lines = [
        "| " + " | ".join(_cell(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _entry(entry: Entry) -> list[str]:
    if entry.is_empty:
        return [f"**{entry.label}:** _{EMPTY}_", ""]
    if isinstance(entry.value, tuple):
        return [f"**{entry.label}:**", "", *[f"- {v}" for v in entry.value], ""]
    return [f"**{entry.label}:** {entry.value}", ""]


def _section(section: Section, level: str = "##") -> list[str]:
    lines = [f"{level} {section.heading}", "", f"_Referencia: {section.reference}_", ""]
    for entry in section.entries:
        lines += _entry(entry)
    return lines


def _chain(doc: FichaDocument) -> list[str]:
    depth = max((len(items) for _, items in doc.chain), default=0)
    rows = [[items[i] if i < len(items) else "" for _, items in doc.chain] for i in range(depth)]
    if not rows:
        rows = [[EMPTY] * len(doc.chain)]
    return [
        "**Matriz de cadena de valor** (insumos → impactos):",
        "",
        *_table((label for label, _ in doc.chain), rows),
        "",
    ]


def _trail(doc: FichaDocument) -> list[str]:
    """The status line and the decision trail (empty for a ficha that is only a file)."""
    if doc.trail is None:
        return []
    rows = (
        (d.when, d.status, f"v{d.version}" if d.version else "—", d.who, d.reason)
        for d in doc.trail.decisions
    )
    lines = [f"**{doc.trail.headline}**", "", "## Estado y decisiones", ""]
    lines += [*_table(("Fecha (Bogotá)", "Estado", "Versión", "Quién", "Motivo"), rows), ""]
    for decision in doc.trail.decisions:
        if decision.comments:
            lines.append(f"Comentarios de la DER ({decision.status.lower()}, {decision.when}):")
            lines += [f"- {comment}" for comment in decision.comments]
            lines.append("")
    return lines


def render_markdown(doc: FichaDocument) -> str:
    """Render a `FichaDocument` as Markdown."""
    lines = [
        f"_{HEADER_TEXT}_",
        "",
        f"# {DOCUMENT_TITLE}",
        "",
        f"## {doc.name}",
        "",
        f"_{POLICY}_",
        "",
        *_trail(doc),
        "## Identificación",
        "",
        *_table(("Campo", "Valor"), ((e.label, e.text) for e in doc.identification)),
        "",
    ]
    for section in doc.sections:
        lines += _section(section)
        if section.has_value_chain:
            lines += _chain(doc)
    if doc.design is not None:
        lines += _section(doc.design)
    lines += ["## Resumen de validación", "", f"**{doc.validation_status}**", ""]
    if doc.findings:
        rows = (
            (
                f.severity + (" (aceptada)" if f.acknowledged else ""),
                f.field,
                f.message,
                f.reason or "—",
                f.reference,
            )
            for f in doc.findings
        )
        headers = ("Severidad", "Campo", "Hallazgo", "Motivo de la dependencia", "Referencia")
        lines += [*_table(headers, rows), ""]
    lines += [f"- Regla omitida: {s}" for s in doc.skipped]
    if doc.skipped:
        lines.append("")
    lines += [
        "## Control del documento",
        "",
        *_table(("Dato", "Valor"), ((e.label, e.text) for e in doc.control)),
        "",
    ]
    return "\n".join(lines)


def export_markdown(
    ficha: Ficha,
    report: ValidationReport | None = None,
    *,
    config: RulesConfig | None = None,
    acknowledged: Iterable[str] = (),
    generated_at: datetime | None = None,
    trail: DecisionTrail | None = None,
    reasons: Mapping[str, str] | None = None,
) -> str:
    """The ficha (and its validation summary) as a Markdown document."""
    return render_markdown(
        build_document(
            ficha,
            report,
            config=config,
            acknowledged=acknowledged,
            generated_at=generated_at,
            trail=trail,
            reasons=reasons,
        )
    )


__all__ = ["export_markdown", "render_markdown"]
