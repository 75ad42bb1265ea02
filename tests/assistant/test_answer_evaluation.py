"""Answer metrics: what a person reads first, repeated quotes, length."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from assistant.answering.answer import Answer, Citation
from assistant.answering.evaluation import (
    curated_opening,
    evaluate_answers,
    evaluate_openings,
    repeats_a_quote,
    shown_length,
)
from knowledge import EvalItem, content_stems

SENTENCE = "La ficha de pre-diseño recibe retroalimentación de la Dirección de Estrategia Regional."
OTHER = "El protocolo de ATT define el alcance, los productos y el cronograma de la asistencia."


def _cite(quote: str) -> Citation:
    return Citation(source_id="p", section="Lineamiento 2 > Etapa 1", quote=quote)


@dataclass(frozen=True)
class Case:
    name: str
    answer: Answer
    repeats: bool


CASES = [
    Case("una cita", Answer(text=f"«{SENTENCE}» [1]", route="politica"), False),
    Case(
        "cita y su fuente",
        Answer(text=f"«{SENTENCE}» [1]", route="politica", citations=[_cite(SENTENCE)]),
        False,
    ),
    Case(
        "dos citas distintas",
        Answer(text="x", route="politica", citations=[_cite(SENTENCE), _cite(OTHER)]),
        False,
    ),
    Case(
        "la misma cita dos veces en el texto",
        Answer(text=f"«{SENTENCE}» [1]\n\nAdemás: «{SENTENCE}» [2]", route="glosario"),
        True,
    ),
    Case(
        "dos fuentes que se cubren",
        Answer(text="x", route="politica", citations=[_cite(SENTENCE), _cite(SENTENCE + OTHER)]),
        True,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_repeated_quotes_are_detected(case: Case) -> None:
    assert repeats_a_quote(case.answer) is case.repeats


def test_shown_length_counts_sources() -> None:
    answer = Answer(text="abc", route="politica", citations=[_cite("de")])
    assert shown_length(answer) == 3 + len("Lineamiento 2 > Etapa 1") + 2


def test_facts_are_scored_in_the_first_500_characters() -> None:
    item = EvalItem(
        "X1",
        "¿Quién da retroalimentación?",
        "factual",
        gold_quotes=(SENTENCE,),
        answer_facts=("Dirección de Estrategia Regional", "protocolo de ATT define el alcance"),
    )
    late = Answer(text="Relleno. " * 60 + SENTENCE + " " + OTHER, route="politica")
    early = Answer(text=f"{SENTENCE} {OTHER}", route="politica")
    for answer, first in ((late, 0.0), (early, 1.0)):
        report = evaluate_answers([item], lambda _q, a=answer: a)  # type: ignore[misc]
        assert report["cobertura_hechos"] == 1.0
        assert report["hechos_primeros_500"] == first
        assert report["longitud_mediana"] == len(answer.text)


def test_follow_ups_are_scored_with_and_without_context() -> None:
    from assistant.answering.follow_up_evaluation import Conversation, evaluate_conversations

    gold = "La DER revisa y valida el protocolo antes de la implementación del producto."
    conversations = [
        Conversation("S1", ("¿Qué es el protocolo?", "¿y quién lo valida?"), False, (gold,)),
        Conversation("S2", ("¿Qué es el protocolo?", "¿y quién lo firmó?"), True),
    ]

    def ask(question: str, conversation_id: str | None) -> Answer:
        if conversation_id is None:
            return Answer(text="Otra cosa.", route="politica", conversation_id="c")
        if "firmó" in question:
            return Answer(text="No lo dice.", route="ninguna", abstained=True)
        return Answer(text=gold, route="politica", citations=[_cite(gold)])

    report = evaluate_conversations(conversations, ask)
    assert report["con_contexto"] == {
        "recuperacion_r5": 0.0,
        "evidencia_citada": 1.0,
        "fuera_de_alcance_abstencion": 1.0,
        "repite_respuesta_anterior": 0.0,
    }
    assert report["sin_contexto"]["evidencia_citada"] == 0.0
    assert report["sin_contexto"]["repite_respuesta_anterior"] is None


def test_policy_answers_are_scored_against_the_curated_opening() -> None:
    curated = (
        "La **DER** retroalimenta la ficha de pre-diseño. La ficha consolida los pasos uno a "
        "cinco. Detalle que no cuenta.\n1. **Paso 1**: nombrar el producto."
    )
    assert curated_opening(curated) == (
        "La DER retroalimenta la ficha de pre-diseño. La ficha consolida los pasos uno a cinco."
    )
    answers = {
        "¿quién retroalimenta?": Answer(text=SENTENCE + " [1]", route="politica"),
        "¿y la ficha?": Answer(text=" " * 500 + SENTENCE, route="politica"),
        "¿qué más?": Answer(text="No encuentro esto.", route="ninguna", abstained=True),
    }
    report = evaluate_openings([(q, curated) for q in answers], answers.__getitem__)
    # SENTENCE carries ficha, pre-diseño and retroalimentación: 4 of the opening's 8 stems
    # (not «DER», which it spells out); past the first 500 characters, or abstaining, none
    opening = set(content_stems(curated_opening(curated)))
    shown = set(content_stems(SENTENCE))
    expected = round(len(opening & shown) / len(opening) / 3, 3)
    assert report == {"preguntas": 3, "apertura_primeros_500": expected, "abstenciones": 1}
    assert expected == round(4 / 8 / 3, 3)
