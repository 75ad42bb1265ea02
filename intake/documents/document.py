"""The content of the ficha as a document DER can file, independent of the output format.

`build_document` arranges a ficha (and optionally its validation report) the way the policy
presents Etapa 1: identification, one section per Paso (1 to 6) with its policy reference, the
value chain as a matrix, the optional design preview, the validation summary and document
control data (version and dates). The Markdown and DOCX exporters only render this structure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from intake.documents.dates import COLOMBIA, EMPTY, format_datetime
from intake.documents.decision_trail import DecisionTrail
from intake.ficha import Ficha
from intake.fields import FIELDS, STEPS, field_value
from intake.rules.config import RulesConfig
from intake.rules.report import Finding, ValidationReport

INSTITUTION = "Departamento Nacional de Planeación"
DIRECTORATE = "Dirección de Estrategia Regional"
HEADER_TEXT = f"{INSTITUTION} — {DIRECTORATE}"
DOCUMENT_TITLE = "Ficha de pre-diseño de productos o servicios de ATT"
POLICY = (
    "Política Institucional de Llegada a Territorio (Resolución 1421 de 2022) · "
    "Lineamiento 2, 2.2.3, Etapa 1: Pre-diseño de producto o servicio de ATT"
)

CHAIN_FIELDS = (
    "cadena_valor.insumos",
    "cadena_valor.actividades",
    "cadena_valor.productos",
    "cadena_valor.resultados_intermedios",
    "cadena_valor.resultados_finales",
    "cadena_valor.impactos",
)
"""The value-chain links, in the order of the policy's matrix."""

_STEP_FIELDS: dict[int, tuple[str, ...]] = {
    1: ("nombre",),
    2: ("problema.enunciado", "problema.evidencia", "problema.tecnica_analisis"),
    3: (
        "vigencia",
        "alineacion.areas_tematicas",
        "alineacion.metas_dnp",
        "alineacion.contribucion",
    ),
    4: (),
    5: ("ciclo_valor_publico.momentos",),
    6: ("contexto.antecedentes", "contexto.justificacion"),
}


@dataclass(frozen=True)
class Entry:
    """One labelled value of the document.

    Attributes:
        label: Spanish label.
        value: A text, or a tuple of texts for lists (empty: not filled in).
    """

    label: str
    value: str | tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        """True when nothing was filled in."""
        return not self.value

    @property
    def text(self) -> str:
        """The value as one text (lists joined with "; ")."""
        if isinstance(self.value, tuple):
            return "; ".join(self.value) or EMPTY
        return self.value or EMPTY


@dataclass(frozen=True)
class Section:
    """A Paso of Etapa 1 (or the design preview).

    Attributes:
        heading: "Paso 2. Delimitar el problema…".
        reference: Policy reference of the Paso.
        entries: Its answers.
        step: The Paso number (``None`` for the design preview).
    """

    heading: str
    reference: str
    entries: tuple[Entry, ...]
    step: int | None = None

    @property
    def has_value_chain(self) -> bool:
        """True for Paso 4, where the value-chain matrix goes."""
        return self.step == 4


@dataclass(frozen=True)
class FindingRow:
    """One finding as shown in the validation summary."""

    severity: str
    rule_id: str
    field: str
    message: str
    reference: str
    acknowledged: bool
    reason: str = ""
    """Why the unit accepted it ("" when it gave no reason or did not accept it)."""


@dataclass(frozen=True)
class FichaDocument:
    """Everything a rendered ficha shows, in order.

    Attributes:
        name: Product or service name (or a placeholder).
        identification: Identification table rows.
        sections: Pasos 1 to 6.
        chain: Value-chain links (label, items) in matrix order.
        chain_reference: Policy reference of the value chain.
        design: Optional Etapa 2 preview (``None`` if empty).
        validation_status: One line: ready or blocked, with counts.
        ready: True when validated without errors.
        findings: Findings of the validation, in field order.
        skipped: "RULE: reason" for rules that did not run.
        control: Document control rows (id, version, dates).
        trail: The stored ficha's status and DER's decisions (``None`` for a file).
    """

    name: str
    identification: tuple[Entry, ...]
    sections: tuple[Section, ...]
    chain: tuple[tuple[str, tuple[str, ...]], ...]
    chain_reference: str
    design: Section | None
    validation_status: str
    ready: bool
    findings: tuple[FindingRow, ...]
    skipped: tuple[str, ...]
    control: tuple[Entry, ...]
    trail: DecisionTrail | None = None


def _value(ficha: Ficha, field_id: str, config: RulesConfig | None) -> str | tuple[str, ...]:
    value = field_value(ficha, field_id)
    if value is None:
        return ""
    show = (lambda v: config.display_value(field_id, v)) if config else (lambda v: v)
    if isinstance(value, list):
        return tuple(show(str(v)) for v in value if str(v).strip())
    return show(str(value))


def _entry(ficha: Ficha, field_id: str, config: RulesConfig | None) -> Entry:
    return Entry(FIELDS[field_id].label, _value(ficha, field_id, config))


def _leader(ficha: Ficha) -> str:
    name = ficha.lider_tecnico.nombre or ""
    email = ficha.lider_tecnico.correo or ""
    if name and email:
        return f"{name} ({email})"
    return name or email


def _identification(ficha: Ficha, config: RulesConfig | None) -> tuple[Entry, ...]:
    return (
        _entry(ficha, "nombre", config),
        _entry(ficha, "dependencia", config),
        _entry(ficha, "subdireccion_general", config),
        Entry("Líder técnico", _leader(ficha)),
        _entry(ficha, "dependencias_corresponsables", config),
        _entry(ficha, "vigencia", config),
    )


def _rows(
    report: ValidationReport | None, acknowledged: Iterable[str], reasons: Mapping[str, str]
) -> tuple[FindingRow, ...]:
    if report is None:
        return ()
    done = set(acknowledged)

    def row(finding: Finding) -> FindingRow:
        where = finding.field_label
        if finding.item is not None:
            where += f" (elemento {finding.item + 1})"
        return FindingRow(
            severity=finding.severity.label,
            rule_id=finding.rule_id,
            field=where,
            message=finding.message,
            reference=finding.reference,
            acknowledged=not finding.is_error and finding.key in done,
            reason=reasons.get(finding.key, "") if finding.key in done else "",
        )

    return tuple(row(f) for f in report.findings)


def _control(
    ficha: Ficha, report: ValidationReport | None, generated_at: datetime
) -> tuple[Entry, ...]:
    rows = [
        Entry("Identificador", ficha.id or "Sin asignar (borrador)"),
        Entry("Versión", str(ficha.version)),
        Entry("Fecha de creación", format_datetime(ficha.fecha_creacion)),
        Entry("Última actualización", format_datetime(ficha.fecha_actualizacion)),
    ]
    if report is not None:
        rows.append(Entry("Validada el", format_datetime(report.validated_at)))
        if report.rules_version:
            rows.append(Entry("Versión de las reglas", report.rules_version))
    rows.append(Entry("Documento generado el", format_datetime(generated_at)))
    return tuple(rows)


def build_document(
    ficha: Ficha,
    report: ValidationReport | None = None,
    *,
    config: RulesConfig | None = None,
    acknowledged: Iterable[str] = (),
    generated_at: datetime | None = None,
    trail: DecisionTrail | None = None,
    reasons: Mapping[str, str] | None = None,
) -> FichaDocument:
    """Arrange a ficha for rendering.

    Args:
        ficha: The ficha (may be a draft).
        report: Its validation report, for the validation summary.
        config: Rules in use, to show coded values with their names (SGDDT — …).
        acknowledged: Keys of warnings the unit accepted.
        reasons: Why the unit accepted them, by key (shown next to each one).
        generated_at: When the document is generated (default: now).
        trail: For a stored ficha, its status and DER's decisions.
    """
    sections = tuple(
        Section(
            heading=f"Paso {step.number}. {step.title}",
            reference=step.reference,
            entries=tuple(_entry(ficha, f, config) for f in _STEP_FIELDS[step.number]),
            step=step.number,
        )
        for step in STEPS
    )
    design_entries = tuple(
        _entry(ficha, f, config)
        for f in ("avance_diseno.tipos_capacidad", "avance_diseno.modalidades")
    )
    design = (
        Section(
            heading="Avance de diseño (opcional)",
            reference="Lineamiento 2 > 2.2.3 > Etapa 2 > Pasos 1 y 5",
            entries=design_entries,
        )
        if any(not e.is_empty for e in design_entries)
        else None
    )
    chain = tuple(
        (FIELDS[f].label, value if isinstance(value, tuple) else ((value,) if value else ()))
        for f in CHAIN_FIELDS
        for value in (_value(ficha, f, config),)
    )
    if report is None:
        status = "La ficha no se validó al generar este documento."
    elif report.ok and trail is not None and not trail.status.editable:
        # Already sent or decided: «Lista para enviar» would misstate where it is.
        status = "Cumple las reglas de la DER" + report.summary[report.summary.index(" (") :]
    else:
        status = report.summary
    return FichaDocument(
        name=ficha.nombre or "Producto o servicio sin nombre",
        identification=_identification(ficha, config),
        sections=sections,
        chain=chain,
        chain_reference=STEPS[3].reference,
        design=design,
        validation_status=status,
        ready=report is not None and report.ok,
        findings=_rows(report, acknowledged, reasons or {}),
        skipped=tuple(f"{s.rule_id}: {s.reason}" for s in (report.skipped if report else ())),
        control=_control(ficha, report, generated_at or datetime.now(COLOMBIA)),
        trail=trail,
    )


__all__ = [
    "CHAIN_FIELDS",
    "COLOMBIA",
    "DIRECTORATE",
    "DOCUMENT_TITLE",
    "EMPTY",
    "HEADER_TEXT",
    "INSTITUTION",
    "POLICY",
    "Entry",
    "FichaDocument",
    "FindingRow",
    "Section",
    "build_document",
    "format_datetime",
]
