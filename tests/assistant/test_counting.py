"""«¿Cuántos…?»: the number stated for what is counted, never the length of another list."""

from __future__ import annotations

import re

import pytest

from assistant.answering.answerer import Answerer
from assistant.answering.counting import counted_stems, names_the_counted, states_count
from knowledge import content_stems


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("¿Cuántos grupos regionales crea el decreto?", "grupos regionales"),
        ("cuantas areas tematicas hay", "areas tematicas"),
        ("¿cuántos pasos tiene la etapa de diseño?", "pasos"),
        ("numero de lineamientos de la politica", "lineamientos"),
        ("¿quién aprueba la ficha?", ""),
    ],
)
def test_the_counted_noun_phrase_ends_at_the_verb(question: str, counted: str) -> None:
    assert counted_stems(question) == frozenset(content_stems(counted))


@pytest.mark.parametrize(
    ("intro", "named"),
    [
        ("la entidad ha desarrollado servicios en las siguientes áreas temáticas:", True),
        ("Las siguientes son las funciones de la DER:", False),
        ("", False),
    ],
)
def test_a_list_counts_only_what_its_lead_in_names(intro: str, named: bool) -> None:
    assert names_the_counted(intro, counted_stems("¿cuántas áreas temáticas hay?")) is named


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("cuantos grupos regionales crea el decreto 1893", r"\b6 grupos regionales"),
        ("cuantas subdirecciones generales tiene el DNP", r"\bcuatro Subdirecciones Generales"),
    ],
)
def test_a_count_the_text_states_is_quoted_not_counted_from_another_list(
    policy_only: Answerer, question: str, number: str
) -> None:
    answer = policy_only.answer(question)
    assert not answer.lead.startswith("Son ")
    assert re.search(number, answer.lead)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("cuantas areas tematicas hay", "Son 7."),
        (
            "cuantos pasos tiene la etapa de diseño",
            "Son 10. La política define 10 pasos en «Etapa 2",
        ),
        ("cuantos pasos tiene el prediseño", "Son 7. La política define 7 pasos en «Etapa 1"),
    ],
)
def test_a_count_of_a_list_the_policy_gives_is_its_length(
    policy_only: Answerer, question: str, lead: str
) -> None:
    assert policy_only.answer(question).lead.startswith(lead)


@pytest.mark.parametrize(
    ("sentence", "stated"),
    [
        ("Se potencia la presencialidad al crear 6 grupos regionales que reforzarán", True),
        ("presenta cuatro Subdirecciones Generales y seis equipos territoriales", False),
        ("los grupos regionales son 6", False),
        ("en 2021 se crearon los grupos regionales", False),
    ],
)
def test_a_count_is_stated_by_a_number_right_before_the_counted_noun(
    sentence: str, stated: bool
) -> None:
    assert states_count(sentence, counted_stems("¿cuántos grupos regionales hay?")) is stated


@pytest.mark.slow
def test_a_follow_up_that_counts_something_new_is_searched_on_its_own_words(
    policy_only: Answerer,
) -> None:
    first = policy_only.answer("¿qué hace la Dirección de Estrategia Regional?")
    follow = policy_only.answer(
        "¿y cuántos grupos regionales hay?", conversation_id=first.conversation_id
    )
    assert not follow.abstained
    assert "6 grupos regionales" in follow.lead
    assert follow.citations[0].section == "Contexto"
