"""Splitting a question into the parts it asks (`assistant.answering.question_parts`)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from assistant.answering.question_parts import question_parts


@dataclass(frozen=True)
class Case:
    question: str
    parts: tuple[str, ...]


CASES = [
    # Two «¿…?» in one message.
    Case(
        "¿Quién revisa la ficha de pre-diseño? ¿Y en qué etapa se hace?",
        ("Quién revisa la ficha de pre-diseño", "en qué etapa se hace"),
    ),
    Case(
        "¿Quién hace el taller de cocreación? ¿Y si la entidad territorial no asiste?",
        ("Quién hace el taller de cocreación", "si la entidad territorial no asiste"),
    ),
    Case(
        "cuantos pasos tiene el diseño? y quien aprueba el protocolo?",
        ("cuantos pasos tiene el diseño", "quien aprueba el protocolo"),
    ),
    # Coordinated interrogatives, with and without a comma or a preposition.
    Case(
        "¿Qué es el portafolio interactivo y dónde se publica?",
        ("Qué es el portafolio interactivo", "dónde se publica"),
    ),
    Case(
        "¿Qué contiene el protocolo de ATT, y en qué etapa se elabora?",
        ("Qué contiene el protocolo de ATT", "en qué etapa se elabora"),
    ),
    Case(
        "¿Para qué sirve el tablero de control y por qué se hace cada trimestre?",
        ("Para qué sirve el tablero de control", "por qué se hace cada trimestre"),
    ),
    Case(
        "Según la política, ¿quién coordina la gobernanza y cómo se conforma el HUB?",
        ("Según la política, quién coordina la gobernanza", "cómo se conforma el HUB"),
    ),
    Case(
        "¿Qué es SISGESTIÓN y cada cuánto se reporta el avance?",
        ("Qué es SISGESTIÓN", "cada cuánto se reporta el avance"),
    ),
    # A question typed without accents splits at its unaccented interrogatives.
    Case(
        "que es la focalizacion y quien la define",
        ("que es la focalizacion", "quien la define"),
    ),
    # «…, y si …» and «…, y <otra pregunta>».
    Case(
        "¿Cómo se recogen los testimonios, y si el evento es nacional?",
        ("Cómo se recogen los testimonios", "si el evento es nacional"),
    ),
    Case(
        "¿Qué es la cobertura, y la focalización es lo mismo que la cobertura?",
        ("Qué es la cobertura", "la focalización es lo mismo que la cobertura"),
    ),
    # One part: kept whole.
    Case("¿Quién da retroalimentación a la ficha?", ("¿Quién da retroalimentación a la ficha?",)),
    Case(
        "¿Cuáles son las etapas de pre-diseño, diseño e implementación?",
        ("¿Cuáles son las etapas de pre-diseño, diseño e implementación?",),
    ),
    Case(
        "¿Qué hacen la DER, las unidades técnicas, y la oficina de comunicaciones?",
        ("¿Qué hacen la DER, las unidades técnicas, y la oficina de comunicaciones?",),
    ),
    # An accented question: its «y que» is a conjunction, not a second question.
    Case(
        "¿Qué documento recibe la DER y que firma el director?",
        ("¿Qué documento recibe la DER y que firma el director?",),
    ),
    # A statement after the question has no interrogative to split at.
    Case(
        "¿Qué es la capacidad institucional y administrativa?",
        ("¿Qué es la capacidad institucional y administrativa?",),
    ),
    # A part with no words of its own stays with the previous one.
    Case(
        "¿Qué es la ficha de pre-diseño? ¿Por qué?", ("¿Qué es la ficha de pre-diseño? ¿Por qué?",)
    ),
    Case("¿Y quién la firma?", ("¿Y quién la firma?",)),
    # A first part that asks nothing: a resolved follow-up's topic, or a greeting.
    Case(
        "ficha pre diseño y quien la aprueba",
        ("ficha pre diseño y quien la aprueba",),
    ),
    Case(
        "Buenos días, una consulta. ¿Qué es el protocolo? ¿Y quién lo valida?",
        ("Buenos días, una consulta. Qué es el protocolo", "quién lo valida"),
    ),
    # Context before the «¿»: a sentence of its own is left out; a clause stays with the
    # first part.
    Case(
        "Ya empezamos en campo. ¿Qué implica activarlo y qué mapa hay que tener listo?",
        ("Qué implica activarlo", "qué mapa hay que tener listo"),
    ),
    Case(
        "Para el taller (con la alcaldía), ¿quién lo convoca y qué se firma al final?",
        ("Para el taller (con la alcaldía), quién lo convoca", "qué se firma al final"),
    ),
    Case(
        "Tengo una duda sobre la ficha, ¿quién la aprueba?",
        ("Tengo una duda sobre la ficha, ¿quién la aprueba?",),
    ),
    Case(
        "¿Cuántas áreas temáticas hay y cuáles son?",
        ("¿Cuántas áreas temáticas hay y cuáles son?",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.question[:40])
def test_a_question_is_split_into_the_parts_it_asks(case: Case) -> None:
    assert question_parts(case.question) == case.parts
