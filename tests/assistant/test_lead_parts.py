"""A lead that answers every part of a question (`assistant.answering.lead_parts`)."""

from __future__ import annotations

import pytest

from assistant.answering.answerer import Answerer
from assistant.answering.assembly import GLOSSARY_CHARS
from assistant.answering.extractive import TermWeights
from assistant.answering.lead import LEAD_CHARS, lead_sentences
from assistant.answering.lead_parts import answer_sentences
from assistant.wiring import Services
from knowledge import Chunk, SearchHit

COLLECT = (
    "Las fotografías y los videos en terreno los recogen las unidades técnicas junto con los "
    "líderes de producto o servicio, los coordinadores y los asesores de asistencia técnica, "
    "durante cada jornada de activación del servicio en el municipio."
)
SEND = (
    "Los líderes de producto envían las fotografías y los videos recogidos en terreno a la "
    "oficina de comunicaciones al terminar cada jornada de trabajo, con los nombres de las "
    "personas que aparecen en ellos y los datos de la actividad."
)
REVIEW = (
    "La oficina de comunicaciones revisa las fotografías y los videos recogidos en terreno "
    "antes de publicarlos en las redes sociales del DNP y en el portal territorial."
)
BIG_EVENT = (
    "Para los eventos de alta relevancia se traslada un equipo de camarógrafos de la oficina "
    "de comunicaciones."
)
FILLER = "Los municipios y departamentos reciben la asistencia técnica de distintas formas."
QUESTION = (
    "¿Quién recoge las fotografías y los videos en terreno? ¿Y si es un evento de alta relevancia?"
)


def _chunk(text: str, ordinal: int, crumb: str) -> Chunk:
    return Chunk(f"doc:{ordinal}", "doc", crumb, text, 0, len(text))


def _passages() -> tuple[list[SearchHit], TermWeights]:
    """The first passage holds a three-sentence run about the first part; the sentence for
    the second part sits in the passage ranked second."""
    top = _chunk(f"{COLLECT} {SEND} {REVIEW}", 0, "Paso 5: Recolección en terreno")
    other = _chunk(BIG_EVENT, 1, "Paso 5: Recolección en terreno > Eventos")
    fillers = [_chunk(FILLER, 10 + i, "Otro") for i in range(5)]
    hits = [SearchHit(top, 1.0), SearchHit(other, 0.9)]
    return hits, TermWeights([top, other, *fillers])


def test_the_run_for_one_part_no_longer_leaves_the_other_unanswered() -> None:
    hits, weights = _passages()
    plain = [s.text for s in lead_sentences(QUESTION, hits, weights)]
    assert plain == [SEND, REVIEW]  # the strongest run of the first passage fills the lead
    chosen = [s.text for s in answer_sentences(QUESTION, hits, weights)]
    assert chosen == [SEND, BIG_EVENT]
    assert sum(len(t) for t in chosen) <= LEAD_CHARS


def test_the_other_parts_answer_does_not_stand_in_for_the_first_parts() -> None:
    """The closeness by meaning is the whole question's: it can put the second part's
    sentence at the head of the first part's lead; the first part then gets its own."""
    hits, weights = _passages()
    meaning = {COLLECT: 0.0, SEND: 0.0, REVIEW: 0.0, BIG_EVENT: 3.0}
    part_one = "Quién recoge las fotografías y los videos en terreno"
    assert lead_sentences(part_one, hits, weights, meaning)[0].text == BIG_EVENT
    chosen = [s.text for s in answer_sentences(QUESTION, hits, weights, meaning)]
    assert chosen == [SEND, BIG_EVENT]


def test_a_part_no_sentence_answers_leaves_the_first_parts_lead_alone() -> None:
    hits, weights = _passages()
    question = "¿Quién recoge las fotografías y los videos en terreno? ¿Y cuánto cuesta el viaje?"
    chosen = [s.text for s in answer_sentences(question, hits, weights)]
    assert chosen == [SEND, REVIEW]


@pytest.mark.parametrize(
    "question",
    [
        "¿Quién recoge las fotografías y los videos en terreno?",
        "¿Qué hace la oficina de comunicaciones con las fotografías y los videos?",
        "cuales son los eventos de alta relevancia",
    ],
)
def test_a_question_of_one_part_gets_the_lead_it_always_got(question: str) -> None:
    hits, weights = _passages()
    meaning = {COLLECT: 0.5, SEND: -0.2, REVIEW: 0.1, BIG_EVENT: 1.2}
    assert answer_sentences(question, hits, weights, meaning) == lead_sentences(
        question, hits, weights, meaning
    )


def test_a_two_part_question_on_the_policy_gets_a_sentence_for_each_part(
    policy_services: Services,
) -> None:
    answerer = Answerer(knowledge=policy_services.knowledge, faq_entries=lambda: (0, []))
    answerer.warm_up()
    answer = answerer.answer(
        "¿Quién avala el plan de acción en SISGESTIÓN y qué alternativas hay para los tableros?"
    )
    assert answer.route == "politica"
    assert answer.lead.startswith(
        "Todos los Directores Técnicos tienen acceso a SISGESTIÓN con el rol de presentar los "
        "planes de acción y su seguimiento."
    )
    # the second part (the tableros: their limitation, or the alternatives explored)
    second = answer.lead.split("[1]", 1)[1]
    assert "tableros de control" in second
    assert len(answer.lead) <= LEAD_CHARS + 10
    quoted = [s for c in answer.citations[1:] for s in c.sentences]
    assert any("tableros de control" in s for s in quoted)


def test_a_definition_asked_with_another_question_gets_that_parts_sentence(
    policy_services: Services,
) -> None:
    answerer = Answerer(knowledge=policy_services.knowledge, faq_entries=lambda: (0, []))
    answerer.warm_up()
    answer = answerer.answer("¿Qué es el protocolo de ATT y quién lo valida?")
    assert answer.route == "glosario"
    assert answer.lead.startswith("**Protocolo de ATT**: «Hace referencia")
    assert "Glosario de la política (Cuadro No 2)." in answer.lead
    assert answer.text.endswith(
        "\n\nAdemás: Una vez revisado y validado el protocolo por la DER, el producto o servicio "
        "estará listo para su implementación. [2]"
    )
    assert len(answer.text) <= GLOSSARY_CHARS
    assert answer.citations[1].sentences == [
        "Una vez revisado y validado el protocolo por la DER, el producto o servicio estará "
        "listo para su implementación."
    ]
