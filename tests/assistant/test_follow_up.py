"""Follow-ups are resolved against the previous turn only: its topic and its list."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from assistant.chat.follow_up import PreviousTurn, is_follow_up, resolve

STAGES = ("Etapa 1: Pre-diseño", "Etapa 2: Diseño", "Etapa 3: Operación", "Etapa 4: Seguimiento")
PREVIOUS = PreviousTurn(question="¿Qué es el protocolo de ATT?", items=())
CAPACITY = PreviousTurn(question="¿Qué es la capacidad institucional?")
STAGE = PreviousTurn(question="Etapa 3: Operación")
LISTED = PreviousTurn(question="¿Cuáles son las etapas del lineamiento 2?", items=STAGES)


@dataclass(frozen=True)
class Case:
    question: str
    previous: PreviousTurn | None
    resolved: str
    follow_up: bool


CASES = [
    Case("¿y quién la aprueba?", PREVIOUS, "protocolo att ¿y quién la aprueba?", True),
    Case(
        "¿y en qué paso se diligencia?",
        PREVIOUS,
        "protocolo att ¿y en qué paso se diligencia?",
        True,
    ),
    Case("cuales son las areas tematicas", PREVIOUS, "cuales son las areas tematicas", False),
    Case("¿Qué es la ficha de pre-diseño?", PREVIOUS, "¿Qué es la ficha de pre-diseño?", False),
    Case("¿y quién la aprueba?", None, "¿y quién la aprueba?", False),
    Case("háblame de la tercera etapa", LISTED, "Etapa 3: Operación", True),
    Case("dame un ejemplo del segundo", LISTED, "Etapa 2: Diseño", True),
    Case("explíqueme la segunda", LISTED, "Etapa 2: Diseño", True),
    Case("¿y la última?", LISTED, "Etapa 4: Seguimiento", True),
    Case(
        "y entonces cuántos son en total?",
        LISTED,
        "¿Cuáles son las etapas del lineamiento 2? ¿cuántos son?",
        True,
    ),
    Case("el quinto", LISTED, "el quinto", False),
    # Another kind of the same thing: the previous question with its adjective replaced.
    Case("¿y la administrativa?", CAPACITY, "¿Qué es la capacidad administrativa?", True),
    Case("y las políticas?", CAPACITY, "¿Qué es la capacidad politicas?", True),
    Case("¿y la DER?", CAPACITY, "capacidad institucional ¿y la DER?", True),
    Case("¿y la administrativa?", PREVIOUS, "protocolo att ¿y la administrativa?", True),
    # A verb without its subject leans on the previous topic.
    Case("cuantos pasos tiene", STAGE, "etapa 3 operacion cuantos pasos tiene", True),
    Case("cuantos pasos tiene", None, "cuantos pasos tiene", False),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.question)
def test_follow_ups_lean_on_the_previous_turn_only(case: Case) -> None:
    resolution = resolve(case.question, case.previous)
    assert resolution.text == case.resolved
    assert resolution.follow_up is case.follow_up


def test_articles_are_not_anaphora() -> None:
    assert not is_follow_up("¿Cuáles son las rutinas del sistema?")
    assert is_follow_up("¿quién lo hace?")


def test_a_count_with_a_noun_counts_the_previous_list_only_when_it_named_it() -> None:
    from assistant.chat.follow_up import counts_the_list

    pasos = PreviousTurn(question="¿Qué pasos tiene la etapa de diseño?", items=("Paso 1",))
    assert counts_the_list("¿y cuántos pasos son?", pasos)
    assert counts_the_list("¿y cuántas son en total?", pasos)
    assert not counts_the_list("¿y cuántos municipios hay?", pasos)
    assert not counts_the_list("¿y cuánto presupuesto tiene?", pasos)
