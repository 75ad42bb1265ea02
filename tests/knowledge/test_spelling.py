"""Typos are repaired to the word meant; a Spanish word the index lacks is no typo."""

from __future__ import annotations

import pytest

from knowledge.lexical import LexicalIndex
from knowledge.spelling import is_spanish_word, one_edit_away

POLICY = [
    "El equipo técnico brinda asistencia técnica a las entidades territoriales.",
    "La capacidad institucional se fortalece con el acompañamiento del DNP.",
    "Los focos de la estrategia y las normas vigentes del sistema de seguimiento.",
]


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    return LexicalIndex.build(POLICY)


@pytest.mark.parametrize(
    ("question", "repairs"),
    [
        # a letter dropped, swapped or changed: the policy's word
        ("quien es el equpo", {"equpo": "equipo"}),
        ("la capasidad instituconal", {"capasidad": "capacidad", "instituconal": "institucional"}),
        ("la asitsencia tecnica", {"asitsencia": "asistencia"}),
        # a typo of a word the policy never uses stands for that word, not a policy word
        ("que snción le ponen", {"sncion": "sancion"}),
        # Spanish words the index lacks are not typos of its words
        ("fotos y videos del viernes", {}),
        ("vacaciones en la sede", {}),
    ],
)
def test_a_typo_is_repaired_to_the_word_meant(
    index: LexicalIndex, question: str, repairs: dict[str, str]
) -> None:
    assert index.repairs(question) == repairs


@pytest.mark.parametrize(
    ("word", "spanish"),
    [("fotos", True), ("viernes", True), ("focalizar", True), ("equpo", False), ("sncion", False)],
)
def test_which_words_are_spanish(word: str, spanish: bool) -> None:
    assert is_spanish_word(word) is spanish


def test_the_words_one_edit_away_come_most_frequent_first() -> None:
    near = one_edit_away("atores")
    assert {"autores", "actores"} <= set(near[:3])
    assert one_edit_away("llamn")[:2] == ("llama", "llaman")


def test_a_form_of_a_word_is_repaired_for_the_word_search_but_is_no_typo() -> None:
    index = LexicalIndex.build(["El protocolo se debe diligenciar y queda validado por la DER."])
    question = "cuando se diligencia y quien lo valida el protocolo"
    assert index.repairs(question) == {"diligencia": "diligenciar", "valida": "validado"}
    assert index.misspellings(question) == {}
    assert index.misspellings("quien lo valdia") == {"valdia": "valida"}


def test_a_number_is_no_typo_of_another_number(index: LexicalIndex) -> None:
    assert index.repairs("el decreto 4567 de 2056") == {}


def test_an_n_typed_for_an_enye_is_a_typo_even_when_it_spells_a_word() -> None:
    index = LexicalIndex.build(["La etapa de diseño sigue al pre-diseño."])
    assert index.repairs("la etapa de diseno") == {"diseno": "diseño"}
    assert index.misspellings("la etapa de diseno") == {"diseno": "diseño"}
