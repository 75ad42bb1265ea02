"""Exports: DOCX (read back with python-docx), Markdown and JSON."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument

from intake import (
    Ficha,
    RulesEngine,
    ValidationReport,
    export_docx,
    export_json,
    export_markdown,
    load_ficha,
)
from tests.intake.factories import valid_ficha, with_fields

GENERATED = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)
CHAIN_HEADER = [
    "Insumos →",
    "Actividades (procesos) →",
    "Productos →",
    "Resultados intermedios →",
    "Resultados finales →",
    "Impactos",
]


def _docx(
    ficha: Ficha, report: ValidationReport | None, engine: RulesEngine, **kw: object
) -> DocxDocument:
    data = export_docx(ficha, report, config=engine.config, generated_at=GENERATED, **kw)  # type: ignore[arg-type]
    return Document(io.BytesIO(data))


def _texts(document: DocxDocument) -> list[str]:
    return [p.text for p in document.paragraphs]


def _table_with(document: DocxDocument, first_cell: str) -> list[list[str]]:
    for table in document.tables:
        rows = [[c.text for c in row.cells] for row in table.rows]
        if rows and rows[0][0] == first_cell:
            return rows
    raise AssertionError(f"no hay tabla que empiece por {first_cell!r}")


def test_docx_has_title_header_and_one_section_per_paso(engine: RulesEngine) -> None:
    ficha = valid_ficha()
    document = _docx(ficha, engine.validate(ficha), engine)
    texts = _texts(document)
    assert texts[0] == "FICHA DE PRE-DISEÑO DE PRODUCTOS O SERVICIOS DE ATT"
    assert texts[1] == ficha.nombre
    header = document.sections[0].header.paragraphs[0].text
    assert header == "Departamento Nacional de Planeación — Dirección de Estrategia Regional"
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"
    ]
    assert headings[0] == "Identificación"
    steps = [h for h in headings if h.startswith("Paso ")]
    assert [s.split(".")[0] for s in steps] == [f"Paso {n}" for n in range(1, 7)]
    assert steps[1].startswith("Paso 2. Delimitar el problema")
    for number in range(1, 7):
        assert f"Referencia: Lineamiento 2 > 2.2.3 > Etapa 1 > Paso {number}" in texts
    assert headings[-2:] == ["Resumen de validación", "Control del documento"]
    assert document.core_properties.title.endswith(ficha.nombre or "")
    assert document.core_properties.language == "es-CO"


def test_docx_footer_has_version_and_page_fields(engine: RulesEngine) -> None:
    document = _docx(valid_ficha(), None, engine)
    footer = document.sections[0].footer.paragraphs[0]
    assert "Versión 1" in footer.text
    instructions = [
        f.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instr")
        for f in footer._p.iter()
        if f.tag.endswith("fldSimple")
    ]
    assert instructions == ["PAGE", "NUMPAGES"]


def test_docx_identification_table(engine: RulesEngine) -> None:
    ficha = valid_ficha()
    rows = _table_with(_docx(ficha, None, engine), "Nombre del producto o servicio de ATT")
    table = dict((row[0], row[1]) for row in rows)
    assert table["Dependencia responsable"] == ficha.dependencia
    assert table["Subdirección general"] == (
        "SGSGR — Subdirección General del Sistema General de Regalías"
    )
    assert table["Líder técnico"] == "Carolina Méndez Arango (cmendez@dnp.gov.co)"
    assert table["Vigencia"] == "2026"


def test_docx_value_chain_table(engine: RulesEngine) -> None:
    ficha = valid_ficha()
    rows = _table_with(_docx(ficha, None, engine), "Insumos →")
    assert rows[0] == CHAIN_HEADER
    cells = rows[1]
    chain = ficha.cadena_valor
    links = [
        chain.insumos,
        chain.actividades,
        chain.productos,
        chain.resultados_intermedios,
        chain.resultados_finales,
        chain.impactos,
    ]
    for cell, items in zip(cells, links, strict=True):
        assert cell.split("\n") == [f"• {item}" for item in items]


def test_docx_validation_summary_lists_findings(engine: RulesEngine) -> None:
    ficha = with_fields(
        valid_ficha(),
        problema__enunciado="No existe una plataforma de seguimiento municipal",
        cadena_valor__actividades=["Talleres de formulación"],
    )
    report = engine.validate(ficha)
    warning_key = report.warnings[0].key
    reason = "Los talleres son el nombre que usan los municipios para el proceso."
    document = _docx(
        ficha, report, engine, acknowledged=[warning_key], reasons={warning_key: reason}
    )
    assert (
        "Bloqueada: corrija los errores antes de enviarla a la DER (1 error, 1 advertencia)."
        in _texts(document)
    )
    rows = _table_with(document, "Severidad")
    assert rows[0] == ["Severidad", "Campo", "Hallazgo y referencia", "Motivo de la dependencia"]
    assert [r[0] for r in rows[1:]] == ["Error", "Advertencia (aceptada)"]
    assert [r[3] for r in rows[1:]] == ["—", reason]  # the unit's reason beside its warning
    assert "«No existe una plataforma»" in rows[1][2]
    assert "Referencia: Lineamiento 2 > 2.2.3 > Etapa 1 > Paso 2" in rows[1][2]
    assert not any("PROB-NEGATIVE" in cell for row in rows for cell in row)  # no rule ids


def test_docx_control_table_has_version_and_dates(engine: RulesEngine) -> None:
    ficha = valid_ficha()
    rows = dict(_table_with(_docx(ficha, engine.validate(ficha), engine), "Identificador"))
    assert rows["Identificador"] == "ejemplo-sgsgr-estructuracion"
    assert rows["Versión"] == "1"
    assert rows["Fecha de creación"] == "10 de febrero de 2026, 09:30"
    assert rows["Última actualización"] == "24 de febrero de 2026, 16:05"
    assert rows["Validada el"] == "24 de noviembre de 2026, 10:30"  # 15:30 UTC in Bogotá
    assert rows["Documento generado el"] == "24 de noviembre de 2026, 15:00"
    assert rows["Versión de las reglas"] == "2026.1"


def test_docx_of_an_empty_draft(engine: RulesEngine) -> None:
    document = _docx(Ficha(), engine.validate(Ficha()), engine)
    assert document.paragraphs[1].text == "Producto o servicio sin nombre"
    assert "Sin diligenciar" in _texts(document)
    rows = _table_with(document, "Insumos →")
    assert rows[1] == ["Sin diligenciar"] * 6


def test_markdown_export(engine: RulesEngine) -> None:
    ficha = with_fields(valid_ficha(), contexto__antecedentes="Solo una oración | con barra.")
    text = export_markdown(
        ficha, engine.validate(ficha), config=engine.config, generated_at=GENERATED
    )
    assert text.startswith(
        "_Departamento Nacional de Planeación — Dirección de Estrategia Regional_"
    )
    assert "# Ficha de pre-diseño de productos o servicios de ATT" in text
    assert f"## {ficha.nombre}" in text
    for number in range(1, 7):
        assert f"## Paso {number}. " in text
    assert "| " + " | ".join(CHAIN_HEADER).replace(" →", "") + " |" in text
    assert "| Equipo de ocho profesionales en estructuración de proyectos | Diagnosticar" in text
    assert "| Advertencia | Antecedentes y justificación › Antecedentes |" in text
    assert "CONTEXT-LENGTH" not in text
    assert "**Antecedentes:** Solo una oración | con barra." in text
    assert "| Versión | 1 |" in text


def test_json_export_reads_back_as_the_same_ficha(engine: RulesEngine, tmp_path: Path) -> None:
    ficha = valid_ficha()
    report = engine.validate(ficha)
    text = export_json(ficha, report)
    data = json.loads(text)
    assert data["formato"] == "ficha-prediseno-att/v1"
    assert data["validacion"]["ok"] is True
    path = tmp_path / "exportada.json"
    path.write_text(text, encoding="utf-8")
    assert load_ficha(path) == ficha


@pytest.mark.parametrize("with_report", [True, False])
def test_markdown_without_report_says_so(engine: RulesEngine, with_report: bool) -> None:
    ficha = valid_ficha()
    report = engine.validate(ficha) if with_report else None
    text = export_markdown(ficha, report)
    assert ("no se validó" in text) is (not with_report)
