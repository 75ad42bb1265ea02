"""The policy parser: breadcrumbs, noise removal, footnotes, glossary, offsets."""

from __future__ import annotations

import re

import pytest

from knowledge.base import POLICY_SOURCE_ID, policy_source
from knowledge.documents import parse_document
from knowledge.mapped_text import GLYPHS
from knowledge.types import ParsedDocument


@pytest.fixture(scope="module")
def policy() -> ParsedDocument:
    source = policy_source()
    return parse_document(source.text, source_id=POLICY_SOURCE_ID, title=source.title)


def _chunk_with(policy: ParsedDocument, fragment: str):  # type: ignore[no-untyped-def]
    found = [c for c in policy.chunks if fragment in c.text]
    assert found, f"ningún fragmento contiene {fragment!r}"
    return found[0]


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        (
            "A partir de los datos disponibles establecer cuál es el problema",
            "Lineamiento 2 > 2.2 Lógica de trabajo para la llegada a territorio del DNP > 2.2.3",
        ),
        (
            "A partir de los datos disponibles establecer cuál es el problema",
            "Etapa 1: Pre-diseño > Paso 2: Delimitar el problema",
        ),
        (
            "Se trata de consolidar en un documento la información obtenida en los pasos 1 a 5",
            "Etapa 1: Pre-diseño > Paso 6",
        ),
        ("portafolio interactivo", "Lineamiento"),
        (
            "Con el objetivo de realizar",
            "2.3 Lógica de trabajo comunicacional y de gestión de conocimiento > Paso 5: Recolección de elementos gráficos en terreno",
        ),
        (
            "El DNP llega al territorio con una oferta integrada y articulada",
            "1.1 Definiciones estratégicas (misión, visión, objetivo y foco) > Visión estratégica del DNP en territorio",
        ),
        (
            "Cada tres meses se hace un informe de avance de la gestión",
            "Lineamiento 5 > 5.1 Antecedentes del seguimiento a la ATT > SISGESTIÓN",
        ),
        ("Se recomendará que el proceso de retroalimentación", "Lineamiento 3"),
    ],
)
def test_breadcrumbs_of_known_passages(
    policy: ParsedDocument, fragment: str, expected: str
) -> None:
    assert expected in _chunk_with(policy, fragment).breadcrumb


def test_monitoring_stages_keep_their_names(policy: ParsedDocument) -> None:
    crumbs = {c.breadcrumb for c in policy.chunks}
    assert any(
        c.endswith("Etapa 1: Monitoreabilidad de la ATT > Paso 1: Identificar Metas y Responsables")
        for c in crumbs
    )
    assert any(
        "Etapa 3: Operación y puesta en marcha del sistema de seguimiento > Paso 5" in c
        for c in crumbs
    )


def test_page_furniture_is_removed_but_content_kept(policy: ParsedDocument) -> None:
    texts = " ".join(c.text for c in policy.chunks)
    assert "PBX 381 5000" not in texts
    assert "Calle 26 N 13-19" not in texts
    assert texts.count("Concepto clave Definición en el contexto") == 0
    # A sentence broken by a page break and footnotes is whole again.
    assert "encuadrar las variables básicas para entender el alcance" in texts
    # The credit under a figure is not glued to the sentence after it.
    assert "Fuente:" not in texts
    assert "Regional De acuerdo con el gráfico anterior" not in texts
    assert "De acuerdo con el gráfico anterior, es clave que toda la organización" in texts
    # A figure's lettered callout printed at a page break does not cut the sentence.
    assert "Pluralidad de estrategias para llegar a territorio esta función" not in texts
    assert "la proyección que tiene esta función en el DNP a partir del Decreto 1893" in texts
    assert "A. Ampliación del nivel gerencial" not in texts


def test_a_title_with_a_footnote_mark_is_a_heading_after_an_unfinished_paragraph(
    policy: ParsedDocument,
) -> None:
    crumbs = {c.breadcrumb for c in policy.chunks}
    assert (
        "Lineamiento 1 > 1.1 Definiciones estratégicas (misión, visión, objetivo y foco) > "
        "Foco de la llegada a territorio del DNP"
    ) in crumbs
    objective = next(c for c in policy.chunks if "con el objetivo de: Mejorar" in c.text)
    assert "Foco de la llegada" not in objective.text


def test_footnotes_become_their_own_chunks(policy: ParsedDocument) -> None:
    notes = [c for c in policy.chunks if c.kind == "nota"]
    assert len(notes) >= 35
    note = _chunk_with(policy, "Una experiencia significativa se puede definir")
    assert note.kind == "nota" and note.breadcrumb.endswith("Nota 23")
    decree = _chunk_with(policy, "Artículo 3 del Decreto 1893 de 2021")
    assert decree.breadcrumb == "Introducción > Nota 2"


def test_offsets_point_at_the_source(policy: ParsedDocument) -> None:
    for chunk in policy.chunks:
        if chunk.kind != "texto":
            continue
        raw = policy.text[chunk.start : chunk.end]
        source = re.sub(r"\s+", " ", "".join(GLYPHS.get(ch, ch) for ch in raw))
        assert source.startswith(chunk.text[:40]), chunk.chunk_id
        assert source.endswith(chunk.text[-6:]), chunk.chunk_id


def test_glossary_has_the_27_concepts_in_order(policy: ParsedDocument) -> None:
    terms = [e.term for e in policy.glossary]
    assert len(terms) == 27
    assert terms[0] == "Capacidad"
    assert terms[-1] == "Escalamiento de la ATT"
    assert "Monitoreo 360" in terms
    assert "Gestión Pública Orientada a Resultados" in terms


def test_glossary_definitions_and_authors(policy: ParsedDocument) -> None:
    by_term = {e.term: e for e in policy.glossary}
    admin = by_term["Capacidades Administrativas"]
    assert admin.definition.startswith(
        "Rosas Huerta (2008) define las “Capacidades Administrativas”"
    )
    assert admin.authors == ("Rosas Huerta (2008)",)
    assert by_term["Capacidades institucionales"].authors[0] == "Fukuda-Parr y otros (2002)"
    usuario = by_term["Usuario final"]
    assert "en este caso los entes territoriales del país" in usuario.definition
    assert usuario.breadcrumb.endswith(
        "Cuadro No 2. Conceptos claves de la lógica de trabajo de la ATT del DNP > Usuario final"
    )
    # "cadena de valor" is defined inside "Lógica de intervención".
    assert (
        "Relación secuencial y lógica entre insumos, actividades, productos"
        in by_term["Lógica de intervención"].definition
    )
    assert by_term["Llegada a Territorio"].authors == ()


def test_markdown_documents_use_their_headings() -> None:
    text = "# Guía\n\nIntro.\n\n## Paso uno\n\nHacer algo importante.\n"
    doc = parse_document(text, source_id="guia", title="Guía")
    assert [c.breadcrumb for c in doc.chunks] == ["Guía", "Guía > Paso uno"]
