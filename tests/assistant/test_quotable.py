"""What may be quoted: sentences, not headings, credits, table cells, outlines or pointers."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from assistant.answering.quotable import chunk_sentences, is_evidence, strip_heading
from knowledge import Chunk

FEEDBACK = (
    "Paso 6: Feedback al pre-diseño En el marco de las funciones de la DER, el documento con "
    "las variables de pre-diseño recibe retroalimentación antes de pasar a etapa de diseño. "
    "Herramientas de esta etapa Ficha de pre-diseño de productos o servicios de ATT"
)


def _chunk(
    text: str, ordinal: int, crumb: str = "Etapa 1 > Paso 6: Feedback al pre-diseño"
) -> Chunk:
    return Chunk(f"doc:{ordinal}", "doc", crumb, text, 0, len(text))


@dataclass(frozen=True)
class Case:
    sentence: str
    evidence: bool


CASES = [
    Case(
        "Textos aportados a esta sección por Wilmer Garcia. Contratista de la Dirección de Estrategia Regional.",
        False,
    ),
    Case("LOGRO LOGRO ENERO FEBRERO MARZO ABRIL MAYO", False),
    Case(
        "Con el fin de garantizar la comprensión, este capítulo se ha divido en tres partes.", False
    ),
    Case("Protocolo de ATT:", False),
    Case(
        "Para ampliar información acerca de la contribución de la política al PND, consultar "
        "el documento Bases del Plan Nacional de Desarrollo 2018-2022.",
        False,
    ),
    Case(
        "Para una mayor comprensión de la noción de gobierno corporativo, ver el Lineamiento 3.",
        False,
    ),
    Case(
        "Más adelante en este mismo apartado, se describe el paso a paso de la estrategia.",
        False,
    ),
    Case(
        "Véase Gráfico número 9. Gráfico No 9. Flujo ruta de identificación de ecosistemas de "
        "trabajo",
        False,
    ),
    Case("Para conocer a los usuarios, la unidad técnica debe ver el tablero de control.", True),
    Case(
        "Para ampliar la cobertura, la oficina de comunicaciones brindará el apoyo en el "
        "diseño de los contenidos.",
        True,
    ),
    Case(
        "Fuente: DNP (2022) a partir del Estado del Arte del FIT desde la perspectiva del DNP",
        False,
    ),
    Case(
        "Etapa 2 Servicio de ATT Elemento Cadena de Valor Indicador Meta Responsable Fecha de "
        "entrega Resultado Responsable de la Meta Nombre:",
        False,
    ),
    Case(
        "La Dirección de Estrategia Regional del Departamento Nacional de Planeación coordina la ATT.",
        True,
    ),
    Case(
        "El protocolo de trabajo debe ir acompañado de un cronograma general de actividades.", True
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.sentence[:30])
def test_only_evidence_is_quotable(case: Case) -> None:
    assert is_evidence(case.sentence, _chunk(case.sentence, 0)) is case.evidence


@pytest.mark.parametrize(
    ("sentence", "labels", "expected"),
    [
        (
            "Paso 4: Definir la cadena de valor Se trata de usar la lógica de la cadena.",
            ["Etapa 1", "Paso 4: Definir la cadena de valor"],
            "Se trata de usar la lógica de la cadena.",
        ),
        (
            "Definir la cadena de valor Se trata de usar la lógica de la cadena.",
            ["Paso 4: Definir la cadena de valor"],
            "Se trata de usar la lógica de la cadena.",
        ),
        (
            "Foco de la llegada a territorio del DNP9 Toda estrategia deberá estar focalizada.",
            ["Lineamiento 1", "Foco de la llegada a territorio del DNP"],
            "Toda estrategia deberá estar focalizada.",
        ),
        (
            "La cadena de valor se define así.",
            ["Paso 4: Definir la cadena de valor"],
            "La cadena de valor se define así.",
        ),
    ],
)
def test_a_glued_heading_is_stripped(sentence: str, labels: list[str], expected: str) -> None:
    assert strip_heading(sentence, labels) == expected


@pytest.mark.parametrize(
    ("text", "crumb", "expected"),
    [
        # a list item glued to the paragraph after it (the PDF lost the line break)
        (
            "El sistema cuenta con los siguientes roles: • Alta Dirección: Usuario Alta "
            "Dirección En la formulación del Plan de Acción las dependencias definen sus "
            "productos y entregables.",
            "SISGESTIÓN",
            [
                "El sistema cuenta con los siguientes roles:",
                "• Alta Dirección: Usuario Alta Dirección",
                "En la formulación del Plan de Acción las dependencias definen sus productos y "
                "entregables.",
            ],
        ),
        # a numbered heading glued to the text under it is no sentence of its own
        (
            "Paso a paso del diseño y puesta en marcha del sistema de seguimiento El sistema "
            "de seguimiento se debe concebir de la mano con el pre-diseño.",
            "Lineamiento 5 > 5.3 Paso a paso del diseño y puesta en marcha del sistema de "
            "seguimiento",
            ["El sistema de seguimiento se debe concebir de la mano con el pre-diseño."],
        ),
        # an item that runs into the next paragraph
        (
            "• Realizar la matriz de concertación con las entidades en las cuales el DNP tiene "
            "competencia En el marco de la planeación estratégica se priorizan los productos.",
            "Cuadro No 5",
            [
                "• Realizar la matriz de concertación con las entidades en las cuales el DNP "
                "tiene competencia",
                "En el marco de la planeación estratégica se priorizan los productos.",
            ],
        ),
        # a heading inside the section, glued to the sentence under it
        (
            "Objetivo de la Etapa 1 El diseño y la implementación del Sistema de Seguimiento "
            "solo es posible si el servicio es monitoreable.",
            "Etapa 1: Monitoreabilidad de la ATT",
            [
                "El diseño y la implementación del Sistema de Seguimiento solo es posible si "
                "el servicio es monitoreable."
            ],
        ),
        # a name that opens a sentence is no heading
        (
            "El Plan Nacional de Desarrollo Todos por un nuevo país fijó metas de "
            "descentralización para los municipios.",
            "Contexto",
            [
                "El Plan Nacional de Desarrollo Todos por un nuevo país fijó metas de "
                "descentralización para los municipios."
            ],
        ),
        # in running text a capitalised word after another is a name, not a new sentence
        (
            "El DNP acerca la nación a los territorios, según la nota publicada en el diario "
            "El Tiempo, el 25 de febrero de 2021.",
            "Lineamiento 3",
            [
                "El DNP acerca la nación a los territorios, según la nota publicada en el "
                "diario El Tiempo, el 25 de febrero de 2021."
            ],
        ),
    ],
)
def test_a_sentence_glued_to_what_precedes_it_is_quoted_alone(
    text: str, crumb: str, expected: list[str]
) -> None:
    chunk = _chunk(text, 0, crumb)
    assert [s.text for s in chunk_sentences(chunk)] == expected


def test_chunk_sentences_keep_exact_offsets() -> None:
    chunk = _chunk(FEEDBACK, 0)
    for sentence in chunk_sentences(chunk):
        assert chunk.text[sentence.start : sentence.end] == sentence.text


def test_a_label_is_quoted_with_the_item_it_names() -> None:
    text = (
        "El sistema consta de tres componentes: RADAR de evaluaciones: Consolidar el inventario "
        "de las evaluaciones realizadas desde 2004 por el Gobierno nacional."
    )
    chunk = _chunk(text, 0, "Lineamiento 5 > SISDEVAL")
    texts = [s.text for s in chunk_sentences(chunk)]
    assert texts[-1].startswith("RADAR de evaluaciones: Consolidar")
    last = chunk_sentences(chunk)[-1]
    assert last.follows(chunk_sentences(chunk)[0])


def test_a_sentence_that_is_the_sections_own_title_is_not_quoted() -> None:
    crumb = (
        "Etapa 2 > Paso 3: Focalizar las entidades territoriales a las cuales debería llegar "
        "preferentemente el producto o servicio. Cobertura"
    )
    text = (
        "Paso 3: Focalizar las entidades territoriales a las cuales debería llegar "
        "preferentemente el producto o servicio. La definición de las entidades permite "
        "orientar de mejor manera las actividades que se requieren para los objetivos."
    )
    texts = [s.text for s in chunk_sentences(_chunk(text, 0, crumb))]
    assert texts == [
        "La definición de las entidades permite orientar de mejor manera las actividades que "
        "se requieren para los objetivos."
    ]
