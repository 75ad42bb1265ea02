"""Concepts the policy defines in its running text, outside Cuadro No 2."""

from __future__ import annotations

import pytest

from knowledge.base import POLICY_SOURCE_ID, policy_source
from knowledge.definitions import definitions_in
from knowledge.documents import parse_document
from knowledge.types import Chunk


def _chunk(text: str, breadcrumb: str = "Lineamiento 9 > Sección") -> Chunk:
    return Chunk(
        chunk_id="doc:0000",
        source_id="doc",
        breadcrumb=breadcrumb,
        text=text,
        start=10,
        end=10 + len(text),
        kind="texto",
    )


@pytest.mark.parametrize(
    ("text", "term", "definition"),
    [
        (
            "Algo previo. Se entiende por plan anual, el documento que fija las metas del año. "
            "Otra frase.",
            "Plan anual",
            "Se entiende por plan anual, el documento que fija las metas del año.",
        ),
        (
            "Entiéndase por hito el momento que marca un avance verificable.",
            "Hito",
            "Entiéndase por hito el momento que marca un avance verificable.",
        ),
        (
            "Se entiende por “Acelerador” aquellos apoyos que adelantan una entrega.",
            "Acelerador",
            "Se entiende por “Acelerador” aquellos apoyos que adelantan una entrega.",
        ),
        (
            "Entendiendo por mesa técnica: “Espacio de trabajo entre equipos. Se reúne cada mes.",
            "Mesa técnica",
            "Entendiendo por mesa técnica: “Espacio de trabajo entre equipos.",
        ),
        (
            "Una ruta de acompañamiento se puede definir como la secuencia de visitas a un "
            "municipio.",
            "Ruta de acompañamiento",
            "Una ruta de acompañamiento se puede definir como la secuencia de visitas a un "
            "municipio.",
        ),
        (
            "Mientras que una buena práctica se refiere al conjunto de métodos transferibles.",
            "Buena práctica",
            "Mientras que una buena práctica se refiere al conjunto de métodos transferibles.",
        ),
    ],
)
def test_an_explicit_defining_phrase_yields_the_term_and_its_sentence(
    text: str, term: str, definition: str
) -> None:
    (found,) = definitions_in([_chunk(text)])
    assert (found.term, found.definition) == (term, definition)
    assert found.in_text and found.breadcrumb == "Lineamiento 9 > Sección"
    assert (found.start, found.end) == (10, 10 + len(text))


@pytest.mark.parametrize(
    "text",
    [
        "La cadena de valor es clave para el seguimiento de los productos.",
        "El primer elemento hace referencia a que toda estrategia se alinea.",
        "Esto se refiere a la necesidad de ordenar la oferta.",
        "Hace referencia a los beneficiarios de los productos.",
        "No existe consenso sobre lo que se entiende por.",
    ],
)
def test_a_sentence_that_only_speaks_of_a_concept_defines_nothing(text: str) -> None:
    assert definitions_in([_chunk(text)]) == []


def test_a_term_defined_twice_keeps_its_first_definition() -> None:
    first = _chunk("Entiéndase por hito el momento que marca un avance.")
    second = _chunk("Se entiende por hito, una fecha del cronograma.", breadcrumb="Otra")
    (found,) = definitions_in([first, second])
    assert found.breadcrumb == "Lineamiento 9 > Sección"


def test_the_policy_defines_in_its_text_concepts_the_glossary_table_lacks() -> None:
    source = policy_source()
    document = parse_document(source.text, source_id=POLICY_SOURCE_ID, title=source.title)
    found = {d.term: d for d in definitions_in(document.chunks)}
    table = {g.term for g in document.glossary}
    assert {"Cadena de valor", "Alta Dirección", "Experiencia significativa"} <= set(found)
    assert not {"Cadena de valor", "Alta Dirección"} & table
    assert found["Alta Dirección"].breadcrumb.endswith("> Nota 5")
    assert "Dirección General y las cuatro Subdirecciones Generales" in (
        found["Alta Dirección"].definition
    )
    assert found["Cadena de valor"].definition.startswith(
        "Entendiendo por cadena de valor: “Relación secuencial y lógica entre insumos"
    )
