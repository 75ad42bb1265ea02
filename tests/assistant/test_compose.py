"""The compose stage: a short lead quoted from the passages, then at most three sources."""

from __future__ import annotations

import pytest

from assistant.answering.answerer import Answerer
from assistant.answering.compose import (
    MAX_SOURCES,
    compose,
    says_the_same,
    source_citation,
    subject_title,
)
from assistant.answering.extractive import TermWeights
from assistant.answering.lead import LEAD_CHARS, lead_sentences
from assistant.answering.quotable import chunk_sentences
from assistant.wiring import Services
from knowledge import Chunk, SearchHit

FEEDBACK = (
    "Paso 6: Feedback al pre-diseño En el marco de las funciones de la DER, el documento con "
    "las variables de pre-diseño recibe retroalimentación antes de pasar a etapa de diseño. "
    "Herramientas de esta etapa Ficha de pre-diseño de productos o servicios de ATT"
)
FILLER = "Los municipios y departamentos reciben la asistencia técnica de distintas formas."


def _chunk(
    text: str, ordinal: int, crumb: str = "Etapa 1 > Paso 6: Feedback al pre-diseño"
) -> Chunk:
    return Chunk(f"doc:{ordinal}", "doc", crumb, text, 0, len(text))


def _weights(*chunks: Chunk) -> TermWeights:
    return TermWeights([*chunks, *(_chunk(FILLER, 100 + i) for i in range(5))])


def test_the_lead_answers_with_the_sentence_and_no_heading_or_sidebar() -> None:
    chunk = _chunk(FEEDBACK, 0)
    sentences = lead_sentences(
        "¿quién da retroalimentación al pre-diseño?", [SearchHit(chunk, 1.0)], _weights(chunk)
    )
    composed = compose(sentences)
    assert composed.lead == (
        "En el marco de las funciones de la DER, el documento con las variables de pre-diseño "
        "recibe retroalimentación antes de pasar a etapa de diseño. [1]"
    )
    (source,) = composed.citations
    assert source.quote in chunk.text and "Herramientas" not in source.quote
    assert source.sentences == [composed.lead.removesuffix(" [1]")]


def test_never_more_than_three_sources_nor_the_same_passage_twice() -> None:
    texts = [
        f"La retroalimentación del pre-diseño número {n} la hace la Dirección de Estrategia "
        f"Regional con las unidades técnicas en el taller {n}."
        for n in range(6)
    ]
    chunks = [_chunk(t, i, f"Sección {i}") for i, t in enumerate(texts)]
    hits = [SearchHit(c, 1.0 - i / 10) for i, c in enumerate(chunks)]
    question = "¿quién hace la retroalimentación del pre-diseño?"
    weights = _weights(*chunks)
    composed = compose(
        lead_sentences(question, hits, weights), more=hits, question=question, weights=weights
    )
    assert 1 <= len(composed.citations) <= MAX_SOURCES
    sections = [c.section for c in composed.citations]
    assert len(set(sections)) == len(sections)
    assert len(composed.lead) <= LEAD_CHARS + 10


def test_a_sentence_that_announces_a_list_brings_what_follows() -> None:
    text = (
        "El sistema de evaluaciones del DNP consta de los siguientes tres componentes: "
        "Inversión para conocer, que coordina la agenda nacional de evaluaciones. "
        "Evaluaciones efectivas, que formaliza el procedimiento de las evaluaciones."
    )
    chunk = _chunk(text, 0, "Lineamiento 5 > SISDEVAL")
    sentences = lead_sentences(
        "¿qué componentes tiene el sistema de evaluaciones?",
        [SearchHit(chunk, 1.0)],
        _weights(chunk),
    )
    assert [s.text[:12] for s in sentences] == ["El sistema d", "Inversión pa", "Evaluaciones"]


def test_the_lead_quotes_a_list_item_without_its_bullet() -> None:
    chunk = _chunk(
        "El rediseño trajo tres hechos para el territorio. • Se potencia la presencialidad al crear "
        "6 grupos regionales que reforzarán las oficinas existentes.",
        0,
        "Contexto",
    )
    lead = compose([chunk_sentences(chunk)[-1]]).lead
    assert lead == (
        "Se potencia la presencialidad al crear 6 grupos regionales que "
        "reforzarán las oficinas existentes. [1]"
    )


def test_the_items_an_announcing_sentence_brings_are_a_list() -> None:
    steps = _chunk(
        "Para elaborar estos tableros se sugiere: • Identificar el producto o servicio que "
        "requiere de la micro gerencia. • Construir una matriz con los eslabones de la cadena "
        "de valor y las actividades requeridas.",
        0,
        "Paso 3: Tableros",
    )
    other = _chunk(
        "Este instrumento contribuye a corregir los retrasos excesivos en la ejecución.", 1, "L5"
    )
    lead = compose([*chunk_sentences(steps), *chunk_sentences(other)]).lead
    assert lead == (
        "Para elaborar estos tableros se sugiere:\n"
        "- Identificar el producto o servicio que requiere de la micro gerencia.\n"
        "- Construir una matriz con los eslabones de la cadena de valor y las actividades "
        "requeridas. [1]\n\n"
        "Este instrumento contribuye a corregir los retrasos excesivos en la ejecución. [2]"
    )


LONG_OBJECTIVE = (
    "Mejorar las capacidades de gobierno y gerencia pública a nivel territorial, a través de "
    + "acciones de fortalecimiento institucional en los municipios, " * 8
    + "para el desarrollo local y regional."
)


def test_an_announcing_sentence_alone_in_the_lead_brings_its_long_continuation() -> None:
    chunk = _chunk(f"El DNP llega a territorio con el objetivo de: {LONG_OBJECTIVE}", 0, "L1")
    sentences = lead_sentences(
        "¿con qué objetivo llega el DNP a territorio?", [SearchHit(chunk, 1.0)], _weights(chunk)
    )
    assert [s.text[:12] for s in sentences] == ["El DNP llega", "Mejorar las "]
    assert sum(len(s.text) for s in sentences) > LEAD_CHARS


def test_an_announcing_sentence_whose_continuation_does_not_fit_leaves_the_lead() -> None:
    top = _chunk(
        "La visión del DNP es llegar a territorio con una oferta integrada de fortalecimiento.",
        0,
        "L1 > Visión",
    )
    other = _chunk(f"El DNP llega a territorio con el objetivo de: {LONG_OBJECTIVE}", 1, "L1")
    sentences = lead_sentences(
        "¿cuál es la visión y con qué objetivo llega el DNP a territorio?",
        [SearchHit(top, 1.0), SearchHit(other, 0.9)],
        _weights(top, other),
    )
    assert sentences and not any(s.text.endswith(":") for s in sentences)


def test_the_lead_prefers_a_run_of_the_top_passage_over_a_lone_sentence_below() -> None:
    top = _chunk(
        "La retroalimentación del pre-diseño la hace la Dirección de Estrategia Regional. "
        "Se hace en un taller conjunto con la unidad técnica antes de pasar a diseño.",
        0,
    )
    other = _chunk(
        "La retroalimentación del pre-diseño es un paso de la etapa uno de la lógica de trabajo.",
        1,
        "Etapa 1",
    )
    hits = [SearchHit(top, 1.0), SearchHit(other, 0.9)]
    sentences = lead_sentences(
        "¿quién hace la retroalimentación del pre-diseño?", hits, _weights(top, other)
    )
    assert [s.chunk for s in sentences[:2]] == [top, top]
    assert sum(len(s.text) for s in sentences) <= LEAD_CHARS


def test_the_running_text_leads_over_a_footnote_that_restates_it() -> None:
    note = Chunk(
        "doc:0",
        "doc",
        "Foco > Nota 9",
        "Al respecto un autor afirmó algo sobre la transformación. El foco de la estrategia "
        "debe estar dirigido a transformar hábitos organizacionales del DNP.",
        0,
        140,
        kind="nota",
    )
    body = _chunk(
        "Toda estrategia deberá estar focalizada en transformar hábitos negativos arraigados "
        "que impiden que las entidades desarrollen capacidades.",
        1,
        "Foco",
    )
    question = "¿por qué el foco de la estrategia está en transformar hábitos?"
    weights = _weights(note, body)
    lead = lead_sentences(question, [SearchHit(note, 1.0), SearchHit(body, 0.9)], weights)
    assert lead[0].chunk == body
    # alone, the footnote still answers
    alone = lead_sentences(question, [SearchHit(note, 1.0)], weights)
    assert alone and alone[0].chunk == note


@pytest.mark.parametrize(
    ("question", "top", "below"),
    [
        # «Se hace énfasis en los testimonios…» says nothing of «recolección de elementos
        # gráficos» itself: its section's title does, and the run under that title answers
        (
            "¿qué testimonios se buscan en la recolección de elementos gráficos en terreno?",
            (
                "Se difunden eventos y testimonios de interés para los usuarios del portal.",
                "Paso 2: Plan de contenidos",
            ),
            (
                "Se hace especial énfasis en los testimonios sobre el uso de los productos.",
                "Paso 5: Recolección de elementos gráficos en terreno",
            ),
        ),
        # a question the text asks answers none
        (
            "¿qué ajustes debe hacer el DNP en su sistema de planeación?",
            (
                "¿Qué tipo de ajustes debe hacer el DNP en su sistema de planeación para "
                "alinear la llegada a territorio?",
                "Lineamiento 4",
            ),
            (
                "Para alinear la llegada a territorio, el DNP ajustará su sistema de "
                "planeación con una batería de indicadores de resultado.",
                "Lineamiento 4 > 4.1",
            ),
        ),
    ],
    ids=["title", "question"],
)
def test_the_passage_below_leads_when_the_top_one_answers_less(
    question: str, top: tuple[str, str], below: tuple[str, str]
) -> None:
    first, second = _chunk(top[0], 0, top[1]), _chunk(below[0], 1, below[1])
    lead = lead_sentences(
        question, [SearchHit(first, 1.0), SearchHit(second, 0.9)], _weights(first, second)
    )
    assert lead[0].chunk == second


def test_a_list_question_is_answered_with_the_list_parsed_at_ingest(
    policy_services: Services,
) -> None:
    answerer = Answerer(knowledge=policy_services.knowledge, faq_entries=lambda: (0, []))
    answerer.warm_up()
    answer = answerer.answer("cuales son las areas tematicas de la ATT del DNP")
    assert not answer.abstained
    assert len(answer.items) == 7
    assert answer.items[0] == "Planeación territorial"
    assert answer.citations[0].section.startswith("Lineamiento 2 > 2.1")
    assert answer.citations[0].quote.startswith(answer.citations[0].sentences[0])


def test_two_sources_that_repeat_each_other_are_not_both_shown() -> None:
    definition = (
        "Focalización: Se trata de la acción de seleccionar de un universo posible de "
        "beneficiarios, las entidades territoriales a la cuales debe llegar preferentemente "
        "un producto o servicio de asistencia técnica del DNP."
    )
    restated = "Seleccionar de un universo posible de beneficiarios las entidades territoriales."
    assert says_the_same(definition, restated)
    assert not says_the_same(definition, FILLER)


def test_a_source_is_quoted_from_the_overlapping_passage_that_continues_it() -> None:
    edge = "La recolección de fotografías y videos en terreno la hacen las unidades técnicas."
    after = "Para eventos de alta relevancia se traslada un equipo de camarógrafos de la oficina."
    first = _chunk(f"{FILLER} {edge}", 0, "Paso 5: Recolección")
    second = _chunk(f"{edge} {after}", 1, "Paso 5: Recolección")
    hits = [SearchHit(first, 1.0), SearchHit(second, 0.9)]
    question = "¿quién hace la recolección de fotografías y videos en terreno?"
    sentences = lead_sentences(question, hits, _weights(first, second))
    assert sentences[0].text == edge and sentences[0].chunk == second
    assert after in compose(sentences).citations[0].quote


STEP = "Paso 3: Activar la llegada a territorio"


@pytest.mark.parametrize(
    ("text", "crumb", "title"),
    [
        (
            f"{STEP} Hace referencia a toda la serie de eventos y entrenamientos necesarios.",
            f"Etapa 3 > {STEP}",
            STEP,
        ),
        (
            f"{STEP} Se trata de los eventos y entrenamientos que activan el producto.",
            f"Etapa 3 > {STEP}",
            STEP,
        ),
        # the subject is in the sentence itself
        (
            f"{STEP} La unidad técnica organiza los eventos y entrenamientos necesarios.",
            f"Etapa 3 > {STEP}",
            None,
        ),
        # not the first sentence under the title: its subject is the sentence before it
        (
            f"{STEP} La estrategia debe ser integrada y focalizada. Se refiere a la "
            "convergencia de los involucrados por ámbitos de trabajo.",
            f"Etapa 3 > {STEP}",
            None,
        ),
    ],
)
def test_a_sentence_that_leaves_its_subject_to_the_title_is_shown_with_it(
    text: str, crumb: str, title: str | None
) -> None:
    sentence = chunk_sentences(_chunk(text, 0, crumb))[-1]
    assert subject_title(sentence) == title
    lead = compose([sentence]).lead
    assert lead == (f"**{title}.** {sentence.text} [1]" if title else f"{sentence.text} [1]")


def test_a_sentence_close_in_meaning_joins_the_lead_without_the_question_words() -> None:
    said = "El foco de la estrategia es transformar hábitos organizacionales en el DNP."
    other = "Toda estrategia deberá estar focalizada en cambiar costumbres arraigadas del gobierno."
    chunks = [_chunk(said, 0, "Foco"), _chunk(FILLER, 1, "Otro"), _chunk(other, 2, "Principios")]
    hits = [SearchHit(c, 1.0 - i / 10) for i, c in enumerate(chunks)]
    question = "¿por qué el foco está en transformar hábitos?"
    weights = _weights(*chunks)
    alone = lead_sentences(question, hits, weights, {said: 2.0, other: 0.0, FILLER: -1.0})
    joined = lead_sentences(question, hits, weights, {said: 2.0, other: 1.2, FILLER: -1.0})
    assert [s.text for s in alone] == [said]
    assert [s.text for s in joined] == [said, other]


def test_a_further_source_stops_short_of_what_another_source_shows() -> None:
    text = (
        "La DER retroalimenta la ficha de pre-diseño con las unidades técnicas. "
        "La ficha consolida la información de los pasos uno a cinco de la etapa. "
        "El taller conjunto define las brechas de capacidad de cada producto."
    )
    first, second, third = chunk_sentences(_chunk(text, 0))
    whole = source_citation([second])
    assert whole.quote == text
    short = source_citation([second], avoid={first.text})
    assert short.quote == f"{second.text} {third.text}"
    assert short.sentences == [second.text]


GOALS = "Las metas del servicio se fijan a partir de su cadena de valor."
TABLE = "El formato propuesto para definir las metas del servicio es el siguiente:"
NEXT = "Cada meta tiene un responsable y una fecha de corte."
LONG_NEXT = (
    "Cada meta tiene un responsable, " + "una fecha de corte y un indicador, " * 12 + "y fin."
)


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (NEXT, [GOALS, NEXT]),  # room left: the next sentence comes
        (LONG_NEXT, [GOALS]),  # it would not fit
        (f"{TABLE} {NEXT}", [GOALS]),  # it announces what the text lacks
    ],
    ids=["fits", "too-long", "announces"],
)
def test_a_lead_with_room_goes_on_with_the_sentence_that_follows(
    after: str, expected: list[str]
) -> None:
    """The passage that holds the answer ends with it; an overlapping passage of the same
    section goes on (the run of sentences could not)."""
    first = _chunk(f"{FILLER} {GOALS}", 0, "L5 > Paso 1: Metas")
    second = _chunk(f"{GOALS} {after}", 1, "L5 > Paso 1: Metas")
    hits = [SearchHit(first, 1.0), SearchHit(second, 0.5)]
    sentences = lead_sentences(
        "¿a partir de qué se fijan las metas del servicio?", hits, _weights(first, second)
    )
    assert [s.text for s in sentences] == expected


def test_a_run_is_not_chosen_for_an_announcing_sentence_it_would_lose() -> None:
    chunk = _chunk(
        "Los tableros de micro gerencia no son más que una manera de detallar al máximo las "
        "actividades y procesos que se requieren para la entrega de un producto o servicio. "
        "La idea de estos tableros es poder controlar actividades e insumos que terminan "
        "incidiendo fuertemente en la entrega de productos y en los resultados esperados. "
        "Para elaborar estos tableros se sugiere: "
        "• Construir una matriz en donde se combinen los eslabones de la cadena de valor con "
        "las actividades requeridas, los responsables y las fechas de entrega de cada uno.",
        0,
        "Paso 3: Definir tableros",
    )
    lead = lead_sentences(
        "¿cómo se elaboran los tableros?", [SearchHit(chunk, 1.0)], _weights(chunk)
    )
    texts = [s.text for s in lead]
    assert "Para elaborar estos tableros se sugiere:" in texts
    assert texts[-1].startswith("• Construir una matriz")
    assert sum(len(t) for t in texts) <= LEAD_CHARS


def test_an_announcing_sentence_stays_when_what_follows_it_is_already_in_the_lead() -> None:
    """Its continuation's length was counted twice: the lead lost the sentence that says
    what the others are about."""
    goals = (
        GOALS[:-1]
        + ", que la unidad técnica definió en el pre-diseño con la DER y revisa cada año."
    )
    after = (
        NEXT[:-1] + ", que la unidad técnica registra en el sistema de seguimiento de la entidad."
    )
    chunk = _chunk(f"{TABLE} {goals} {after}", 0, "L5 > Paso 1: Metas")
    sentences = lead_sentences(
        "¿cuál es el formato para definir las metas del servicio y su cadena de valor?",
        [SearchHit(chunk, 1.0)],
        _weights(chunk),
    )
    assert [s.text for s in sentences] == [TABLE, goals, after]
    assert len(TABLE + goals + after) + len(goals) > LEAD_CHARS
