"""The ficha as a Word document (DOCX) that DER can file.

Sober institutional layout: letter size, Arial, navy headings, the header "Departamento Nacional
de Planeación — Dirección de Estrategia Regional", a footer with the version and "Página X de
Y", an identification table, one section per Paso with its policy reference, the value chain as
a six-column matrix, the validation summary and a document-control table.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from intake.documents.decision_trail import DecisionTrail
from intake.documents.document import (
    DIRECTORATE,
    DOCUMENT_TITLE,
    EMPTY,
    INSTITUTION,
    POLICY,
    Entry,
    FichaDocument,
    Section,
    build_document,
)
from intake.ficha import Ficha
from intake.rules.config import RulesConfig
from intake.rules.report import ValidationReport

NAVY = RGBColor(0x1F, 0x38, 0x64)
GRAY = RGBColor(0x59, 0x59, 0x59)
DARK_RED = RGBColor(0x8B, 0x1A, 0x1A)
FONT = "Arial"
_HEADER_FILL = "1F3864"
_LABEL_FILL = "E8EDF5"
_SEVERITY_FILL = {"Error": "F4D6D6", "Advertencia": "FCEFC7"}
_TEXT_WIDTH_CM = 16.0


def _shade(cell: _Cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _repeat_header(table: Table) -> None:
    row = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row.append(header)


def _field(paragraph: Paragraph, instruction: str, size: float) -> None:
    """Insert a Word field (PAGE, NUMPAGES) that Word fills in when it lays out pages."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    font_size = OxmlElement("w:sz")
    font_size.set(qn("w:val"), str(int(size * 2)))
    properties.append(font_size)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _bottom_border(paragraph: Paragraph, color: str = "1F3864") -> None:
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "4"), ("color", color)):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    properties.append(borders)


def _use_font(style: Any) -> None:
    """Set Arial on a style, dropping theme fonts (they win over the explicit name)."""
    style.font.name = FONT
    run_properties = style.element.get_or_add_rPr()
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_properties.append(fonts)
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{theme}"), None)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), FONT)


def _set_styles(document: DocxDocument) -> None:
    styles = document.styles
    normal = styles["Normal"]
    _use_font(normal)
    normal.font.size = Pt(10)  # type: ignore[attr-defined]
    run_properties = normal.element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "es-CO")
    run_properties.append(language)
    normal.paragraph_format.space_after = Pt(4)  # type: ignore[attr-defined]
    for name, size, before in (("Heading 1", 13, 16), ("Heading 2", 11, 12), ("Title", 15, 0)):
        style = styles[name]
        _use_font(style)
        style.font.size = Pt(size)  # type: ignore[attr-defined]
        style.font.bold = True  # type: ignore[attr-defined]
        style.font.italic = False  # type: ignore[attr-defined]
        style.font.color.rgb = NAVY  # type: ignore[attr-defined]
        style.paragraph_format.space_before = Pt(before)  # type: ignore[attr-defined]
        style.paragraph_format.space_after = Pt(6)  # type: ignore[attr-defined]
        style.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]


def _page_setup(document: DocxDocument, doc: FichaDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.59), Cm(27.94)  # carta
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.59)
    section.header_distance = section.footer_distance = Cm(1.2)

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.LEFT
    institution = header.add_run(INSTITUTION)
    institution.bold = True
    institution.font.size = Pt(9)
    institution.font.color.rgb = NAVY
    directorate = header.add_run(f" — {DIRECTORATE}")
    directorate.font.size = Pt(9)
    directorate.font.color.rgb = GRAY
    _bottom_border(header)

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    version = next((e.text for e in doc.control if e.label == "Versión"), "")
    left = footer.add_run(f"{DOCUMENT_TITLE} · Versión {version} · Página ")
    left.font.size = Pt(8)
    left.font.color.rgb = GRAY
    _field(footer, "PAGE", 8)
    middle = footer.add_run(" de ")
    middle.font.size = Pt(8)
    middle.font.color.rgb = GRAY
    _field(footer, "NUMPAGES", 8)


def _cell_text(
    cell: _Cell,
    text: str,
    *,
    bold: bool = False,
    size: float = 9.5,
    color: RGBColor | None = None,
    italic: bool = False,
) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold = bold
    run.italic = italic
    run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color


def _cell_items(cell: _Cell, items: Iterable[str], size: float) -> None:
    items = list(items)
    if not items:
        _cell_text(cell, EMPTY, size=size, italic=True, color=GRAY)
        return
    for index, item in enumerate(items):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(3)
        run = paragraph.add_run(f"• {item}")
        run.font.size = Pt(size)


def _table(document: DocxDocument, columns: int, widths_cm: Iterable[float]) -> Table:
    table = document.add_table(rows=0, cols=columns)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = list(widths_cm)
    for index, column in enumerate(table.columns):
        column.width = Cm(widths[index])
    return table


def _size_row(table: Table, widths_cm: Iterable[float]) -> None:
    """Fix the last row's cell widths and keep the row on one page."""
    row = table.rows[-1]
    for cell, width in zip(row.cells, widths_cm, strict=True):
        cell.width = Cm(width)
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(cant_split)


def _header_row(table: Table, labels: Iterable[str], widths: list[float], size: float) -> None:
    cells = table.add_row().cells
    for cell, label in zip(cells, labels, strict=True):
        _shade(cell, _HEADER_FILL)
        _cell_text(cell, label, bold=True, size=size, color=RGBColor(0xFF, 0xFF, 0xFF))
    _size_row(table, widths)
    _repeat_header(table)


def _key_value_table(document: DocxDocument, entries: Iterable[Entry]) -> Table:
    widths = [5.0, _TEXT_WIDTH_CM - 5.0]
    table = _table(document, 2, widths)
    for entry in entries:
        label, value = table.add_row().cells
        _shade(label, _LABEL_FILL)
        _cell_text(label, entry.label, bold=True, color=NAVY)
        if entry.is_empty:
            _cell_text(value, EMPTY, italic=True, color=GRAY)
        elif isinstance(entry.value, tuple):
            _cell_items(value, entry.value, 9.5)
        else:
            _cell_text(value, entry.text)
        _size_row(table, widths)
    return table


def _reference(document: DocxDocument, reference: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    run = paragraph.add_run(f"Referencia: {reference}")
    run.italic = True
    run.font.size = Pt(8.5)
    run.font.color.rgb = GRAY


def _entries(document: DocxDocument, entries: Iterable[Entry]) -> None:
    for entry in entries:
        label = document.add_paragraph()
        label.paragraph_format.space_after = Pt(2)
        label.paragraph_format.keep_with_next = True
        run = label.add_run(entry.label)
        run.bold = True
        run.font.color.rgb = NAVY
        if entry.is_empty:
            empty = document.add_paragraph().add_run(EMPTY)
            empty.italic = True
            empty.font.color.rgb = GRAY
        elif isinstance(entry.value, tuple):
            for item in entry.value:
                document.add_paragraph(item, style="List Bullet")
        else:
            document.add_paragraph(entry.value).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _value_chain(document: DocxDocument, doc: FichaDocument) -> None:
    caption = document.add_paragraph()
    caption.paragraph_format.keep_with_next = True
    run = caption.add_run("Matriz de cadena de valor (lógica de intervención)")
    run.bold = True
    run.font.color.rgb = NAVY
    width = _TEXT_WIDTH_CM / len(doc.chain)
    widths = [width] * len(doc.chain)
    table = _table(document, len(doc.chain), widths)
    labels = [
        label if i == len(doc.chain) - 1 else f"{label} →" for i, (label, _) in enumerate(doc.chain)
    ]
    _header_row(table, labels, widths, 8)
    cells = table.add_row().cells
    for cell, (_, items) in zip(cells, doc.chain, strict=True):
        _cell_items(cell, items, 8)
    _size_row(table, widths)


def _section(document: DocxDocument, section: Section, doc: FichaDocument) -> None:
    document.add_heading(section.heading, level=1)
    _reference(document, section.reference)
    _entries(document, section.entries)
    if section.has_value_chain:
        _value_chain(document, doc)


def _validation(document: DocxDocument, doc: FichaDocument) -> None:
    document.add_heading("Resumen de validación", level=1)
    status = document.add_paragraph().add_run(doc.validation_status)
    status.bold = True
    status.font.color.rgb = NAVY if doc.ready else DARK_RED
    if doc.findings:
        widths = [2.4, 3.3, 6.8, 3.5]
        table = _table(document, 4, widths)
        headers = ("Severidad", "Campo", "Hallazgo y referencia", "Motivo de la dependencia")
        _header_row(table, headers, widths, 8.5)
        for finding in doc.findings:
            severity, field, message, reason = table.add_row().cells
            _shade(severity, _SEVERITY_FILL.get(finding.severity, "FFFFFF"))
            label = finding.severity + (" (aceptada)" if finding.acknowledged else "")
            _cell_text(severity, label, bold=True, size=8)
            _cell_text(reason, finding.reason or "—", size=8.5)
            _cell_text(field, finding.field, size=8.5)
            _cell_text(message, finding.message, size=8.5)
            note = message.add_paragraph().add_run(f"Referencia: {finding.reference}")
            note.italic = True
            note.font.size = Pt(7.5)
            note.font.color.rgb = GRAY
            _size_row(table, widths)
    for skipped in doc.skipped:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(6)
        run = paragraph.add_run(f"Regla no aplicada — {skipped}")
        run.italic = True
        run.font.size = Pt(8.5)
        run.font.color.rgb = GRAY


CORE_PROPERTY_MAX = 255
"""The longest text a DOCX core property holds (python-docx refuses more)."""


def _core_property(text: str) -> str:
    """``text`` cut to fit a core property (the full name stays in the document's body)."""
    return text if len(text) <= CORE_PROPERTY_MAX else text[: CORE_PROPERTY_MAX - 1] + "…"


def _trail(document: DocxDocument, doc: FichaDocument) -> None:
    """The status line and the decision trail, with DER's comments per field."""
    if doc.trail is None:
        return
    headline = document.add_paragraph().add_run(doc.trail.headline)
    headline.bold = True
    headline.font.color.rgb = NAVY
    document.add_heading("Estado y decisiones", level=1)
    widths = [3.6, 3.2, 1.4, 3.2, 4.6]
    table = _table(document, 5, widths)
    _header_row(table, ("Fecha (Bogotá)", "Estado", "Versión", "Quién", "Motivo"), widths, 8.5)
    for decision in doc.trail.decisions:
        cells = table.add_row().cells
        version = f"v{decision.version}" if decision.version else "—"
        values = (decision.when, decision.status, version, decision.who, decision.reason)
        for cell, text in zip(cells, values, strict=True):
            _cell_text(cell, text, size=8.5)
        if decision.comments:
            _cell_items(cells[4], decision.comments, 8)
        _size_row(table, widths)


def render_docx(doc: FichaDocument) -> DocxDocument:
    """Render a `FichaDocument` as a python-docx document."""
    document = Document()
    _set_styles(document)
    _page_setup(document, doc)
    properties = document.core_properties
    properties.title = _core_property(f"{DOCUMENT_TITLE}: {doc.name}")
    properties.subject = POLICY
    properties.author = DIRECTORATE
    properties.language = "es-CO"
    properties.keywords = "ATT; pre-diseño; Llegada a Territorio; DNP"

    document.add_paragraph(DOCUMENT_TITLE.upper(), style="Title")
    name = document.add_paragraph()
    name_run = name.add_run(doc.name)
    name_run.bold = True
    name_run.font.size = Pt(13)
    policy = document.add_paragraph().add_run(POLICY)
    policy.italic = True
    policy.font.size = Pt(8.5)
    policy.font.color.rgb = GRAY

    _trail(document, doc)
    document.add_heading("Identificación", level=1)
    _key_value_table(document, doc.identification)
    for section in doc.sections:
        _section(document, section, doc)
    if doc.design is not None:
        _section(document, doc.design, doc)
    _validation(document, doc)
    document.add_heading("Control del documento", level=1)
    _key_value_table(document, doc.control)
    return document


def export_docx(
    ficha: Ficha,
    report: ValidationReport | None = None,
    *,
    config: RulesConfig | None = None,
    acknowledged: Iterable[str] = (),
    generated_at: datetime | None = None,
    trail: DecisionTrail | None = None,
    reasons: Mapping[str, str] | None = None,
) -> bytes:
    """The ficha (and its validation summary) as the bytes of a DOCX file."""
    document = render_docx(
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
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


__all__ = ["export_docx", "render_docx"]
