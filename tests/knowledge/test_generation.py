"""Optional generative mode with a scripted chat model (no network, no real LLM)."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from knowledge import Chunk, GenerationError, SearchHit
from knowledge.generation import GroundedGenerator


class ScriptedChatModel(FakeListChatModel):
    """Replies from a queue and records every prompt it receives."""

    history: list[Any] = []

    def invoke(self, input: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: A002
        self.history.append(input)
        return super().invoke(input, *args, **kwargs)


def _hits() -> list[SearchHit]:
    texts = [
        "Paso 1: Nombrar el producto o servicio de ATT. Se trata de dar un nombre al producto.",
        "Paso 6: Feedback al pre-diseño. El documento recibe retroalimentación de la DER.",
    ]
    return [
        SearchHit(Chunk(f"p:{i}", "p", f"Etapa 1 > Paso {i}", t, 0, len(t)), score=1.0)
        for i, t in enumerate(texts, start=1)
    ]


def test_a_fully_cited_answer_is_accepted_and_renumbered() -> None:
    model = ScriptedChatModel(
        responses=["La DER retroalimenta el documento de pre-diseño [2]."], history=[]
    )
    answer = GroundedGenerator(model).generate("¿Quién retroalimenta la ficha?", _hits())
    assert answer.text == "La DER retroalimenta el documento de pre-diseño [1]."
    assert [c.chunk_id for c, _ in answer.cited] == ["p:2"]
    assert answer.cited[0][1] == "El documento recibe retroalimentación de la DER."
    prompt = model.history[0]
    assert "[1] (Etapa 1 > Paso 1)" in prompt[1].content and "usando SOLO" in prompt[0].content


@pytest.mark.parametrize(
    "reply",
    [
        "La DER aprueba la ficha en 5 días hábiles.",  # uncited sentence
        # One invented sentence among cited ones is enough to refuse the whole answer.
        "La DER retroalimenta el documento [2]. La DER aprueba la ficha en 5 días hábiles.",
        "La DER aprueba en 5 días hábiles. La DER retroalimenta el documento [2].",
        "Se nombra el producto [1]. La DER responde en 5 días hábiles. Y lo retroalimenta [2].",
        "Se nombra el producto [1].\n\nLa DER responde en 5 días hábiles",
        "La DER retroalimenta [2]. Luego se publica en la Gaceta [0].",  # citation to nothing
        "La DER retroalimenta [2]. Luego se publica en la Gaceta [7].",  # citation to nothing
        "NO_LO_DICE",
        "",
    ],
)
def test_invalid_answers_are_rejected(reply: str) -> None:
    model = ScriptedChatModel(responses=[reply], history=[])
    with pytest.raises(GenerationError):
        GroundedGenerator(model).generate("¿Quién retroalimenta la ficha?", _hits())
