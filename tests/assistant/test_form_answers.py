"""A policy question asked in the middle of a ficha gets the short answer: the lead (and the
list asked for) with at most two sources, numbered again; the full answer stays outside."""

from __future__ import annotations

import re

import pytest

from assistant.answering.answer import Answer, Citation
from assistant.fichas.advisor import FORM_SOURCES, short_reply
from assistant.wiring import Services


def _citation(n: int) -> Citation:
    return Citation(source_id="politica", section=f"Lineamiento {n} > Sección {n}", quote="…")


LEAD = "Primera idea de la política. [1] Segunda idea. [2] Tercera idea, más larga. [3]"
THREE = Answer(
    text=f"{LEAD}\n\n- Etapa 1\n- Etapa 2",
    lead=LEAD,
    items=["Etapa 1", "Etapa 2"],
    route="politica",
    citations=[_citation(1), _citation(2), _citation(3)],
)


def test_the_short_answer_keeps_the_first_two_sources_and_the_list() -> None:
    reply = short_reply(THREE)
    assert reply.text.startswith("Primera idea de la política. [1] Segunda idea. [2]")
    assert "Tercera idea" not in reply.text and "[3]" not in reply.text
    assert "- Etapa 1\n- Etapa 2" in reply.text
    assert reply.sources == ("Lineamiento 1 > Sección 1", "Lineamiento 2 > Sección 2")
    assert reply.text.endswith(
        "Fuentes:\n  [1] Lineamiento 1 > Sección 1\n  [2] Lineamiento 2 > Sección 2"
    )


def test_sources_are_numbered_again_in_the_order_the_lead_cites_them() -> None:
    lead = "Una idea. [3] Otra idea. [1]"
    answer = THREE.model_copy(update={"lead": lead, "text": lead, "items": []})
    reply = short_reply(answer)
    assert reply.text.startswith("Una idea. [1] Otra idea. [2]")
    assert reply.sources == ("Lineamiento 3 > Sección 3", "Lineamiento 1 > Sección 1")


@pytest.mark.parametrize(
    ("lead", "shown"),
    [
        (
            "**Meta**: «Lo que se espera lograr.» [1] Glosario de la política (Cuadro No 2).",
            "**Meta**: «Lo que se espera lograr.» [1] Glosario de la política (Cuadro No 2).",
        ),
        ("Una idea. [1] Otra. [2] La tercera. [3] Su origen.", "Una idea. [1] Otra. [2]\n"),
    ],
)
def test_what_follows_the_last_source_stays_only_with_that_source(lead: str, shown: str) -> None:
    answer = THREE.model_copy(update={"lead": lead, "text": lead, "items": []})
    assert short_reply(answer).text.startswith(shown)


def test_faq_answers_and_abstentions_are_shown_whole() -> None:
    faq = Answer(
        text="La DER retroalimenta.",
        lead="La DER retroalimenta.",
        route="faq",
        citations=[_citation(4)],
    )
    assert short_reply(faq).text == "La DER retroalimenta.\n\nFuente: Lineamiento 4 > Sección 4"
    none = Answer(text="La política no lo dice.", route="ninguna", abstained=True)
    reply = short_reply(none)
    assert reply.abstained and reply.text == "La política no lo dice."


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "¿Cómo se articula la oferta de asistencia técnica con las entidades territoriales?",
        "¿Qué es la cadena de valor?",
        "¿Qué hace la DER con la ficha de pre-diseño?",
    ],
)
def test_mid_form_answers_of_the_real_answerer_are_short_and_cited(
    policy_services: Services, question: str
) -> None:
    policy_services.answerer.warm_up()
    direct = policy_services.answerer.answer(question)
    reply = short_reply(direct)
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", reply.text)}
    assert len(reply.sources) <= FORM_SOURCES and cited <= set(range(1, FORM_SOURCES + 1))
    assert len(reply.text) <= len(direct.text) + 300  # never more than the lead + 2 sources
    if not direct.abstained and direct.route != "faq":
        assert "Fuentes:\n  [1]" in reply.text and direct.citations
