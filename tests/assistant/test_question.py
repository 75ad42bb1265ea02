"""A question is read as the words it stands for: chat forms and typos, not what it says
about the list it asks for."""

from __future__ import annotations

import pytest

from assistant.answering.extractive import question_kind
from assistant.answering.question import clean_question


@pytest.mark.parametrize(
    ("raw", "read"),
    [
        ("ke es la ficha?", "que es la ficha?"),
        ("y kien la aprueba?", "y quién la aprueba?"),
        ("xq es importante?", "por qué es importante?"),
        ("Q significa ATT", "que significa ATT"),
        ("¿Qué es la ficha?", "¿Qué es la ficha?"),  # written out: unchanged
        ("el kilo de queso", "el kilo de queso"),  # words that start alike are not forms
    ],
)
def test_chat_forms_are_read_as_the_words_they_stand_for(raw: str, read: str) -> None:
    question = clean_question(raw)
    assert question.text == read and question.original == raw


def test_typos_are_read_as_the_words_meant_and_the_original_is_kept() -> None:
    def misspellings(text: str) -> dict[str, str]:
        return {"tersera": "tercera"} if "tersera" in text.lower() else {}

    question = clean_question("¿y la TERSERA?", misspellings)
    assert question.text == "¿y la tercera?" and question.original == "¿y la TERSERA?"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("¿cuáles son las áreas temáticas?", "lista"),
        ("¿según los criterios de orientación?", "lista"),
        ("Paso 3: Focalizar las entidades a las cuales debería llegar", "general"),
        ("¿qué pasa con los municipios, los cuales no reciben ATT?", "general"),
    ],
)
def test_a_relative_cuales_does_not_ask_for_a_list(question: str, kind: str) -> None:
    assert question_kind(question) == kind
