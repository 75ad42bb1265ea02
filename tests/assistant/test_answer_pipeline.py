"""The answer path as stages: understand → retrieve → route → compose → record.

Each stage is a module with a typed input and output; these tests drive the stages one by
one on the real policy index, and check that the modules only import the stages before
them (so a change to composing never touches routing).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from assistant.answering.answer import Answer, Citation
from assistant.answering.answerer import Answerer
from assistant.answering.question import repaired
from assistant.answering.recording import remembered
from assistant.answering.retrieval import Retriever, word_keys
from assistant.answering.understanding import understand
from assistant.chat.follow_up import PreviousTurn
from assistant.wiring import Services

ROOT = Path(__file__).resolve().parents[2]
STAGES = ["understanding", "retrieval", "routing", "assembly", "recording"]
STAGES_OF = ("Etapa 1: Pre-diseño", "Etapa 2: Diseño", "Etapa 3: Operación")
LISTED = PreviousTurn(question="etapas lineamiento 2", items=STAGES_OF)


def _imported_stages(stage: str) -> set[str]:
    tree = ast.parse((ROOT / "assistant" / "answering" / f"{stage}.py").read_text("utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    return {m.rsplit(".", 1)[-1] for m in modules if m.startswith("assistant.answering.")}


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_only_the_stages_before_it(stage: str) -> None:
    later = set(STAGES[STAGES.index(stage) + 1 :])
    assert _imported_stages(stage) & later == set()


def test_understanding_points_into_the_previous_list() -> None:
    understood = understand("¿y qué se hace en la segunda?", LISTED)
    assert understood.follow_up and understood.resolution.item == "Etapa 2: Diseño"
    assert understood.own_words == ""  # the ordinal points; it says nothing asked
    first = understand("¿Qué es el SETA?", None)
    assert not first.follow_up and first.text == "¿Qué es el SETA?" and first.own_words == ""


def test_typos_are_repaired_and_the_other_words_kept_as_written() -> None:
    repairs = {"equpo": "equipo", "caian": "caen"}
    assert repaired("¿Por qué se CAIAN cuando se iba el equpo?", repairs) == (
        "¿Por qué se caen cuando se iba el equipo?"
    )
    assert repaired("¿Qué es el protocolo?", {}) == "¿Qué es el protocolo?"


@pytest.mark.parametrize(
    ("asked", "said", "same"),
    [
        ("decide", "que cada una de ellas decida", True),  # stems apart, same word
        ("las metas", "la meta del producto", True),  # a short stem, its plural
        ("los roles", "cada rol del equipo", True),
        ("¿y quién lo firmó?", "dejar en firme el protocolo", False),  # «firm»: two words
    ],
)
def test_word_keys_match_forms_of_a_word_and_not_words_that_share_a_short_stem(
    asked: str, said: str, same: bool
) -> None:
    keys = word_keys(asked)
    found = word_keys(said)
    assert any(k & v for k in keys.values() for v in found.values()) is same


def test_an_item_follow_up_is_remembered_with_its_item_and_the_list() -> None:
    answer = Answer(
        text="En el diseño…",
        route="politica",
        citations=[Citation(source_id="p", section="Etapa 2: Diseño", quote="…")],
    )
    second = remembered(understand("¿qué se hace en la segunda?", LISTED), answer)
    assert second.question == "etapas lineamiento 2 Etapa 2: Diseño"
    assert second.items == STAGES_OF and second.sections == ("Etapa 2: Diseño",)
    third = remembered(understand("¿y la tercera?", second), answer)
    assert third.question == "etapas lineamiento 2 Etapa 3: Operación"


@pytest.mark.slow
def test_a_follow_up_looks_first_in_the_section_the_previous_answer_came_from(
    policy_services: Services,
) -> None:
    knowledge = policy_services.knowledge
    knowledge.warm_up()
    knowledge.ensure_index()
    chunks = knowledge.chunks()
    section = next(c.breadcrumb for c in chunks if "Paso 3: Focalizar" in c.breadcrumb)
    previous = PreviousTurn(question="focalizan entidades territoriales", sections=(section,))
    retriever = Retriever(knowledge=knowledge, chunks=chunks)

    follow = retriever.retrieve(understand("¿y quién decide las variables?", previous))
    assert follow.hits[0].chunk.breadcrumb == section
    assert follow.sentences_for == "¿y quién decide las variables?"

    # Own words the section does not hold: plain retrieval, sentences for the whole text.
    other = retriever.retrieve(understand("¿y qué dice sobre el SETA?", previous))
    assert other.sentences_for == repaired(other.text, other.repairs)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("first", "follow"),
    [
        ("¿Qué hace la DER con la ficha de pre-diseño?", "¿y cuál es el teléfono de esa oficina?"),
        ("¿Qué es el SETA?", "¿y qué horario de atención tiene?"),
        ("¿Qué es el protocolo de ATT?", "¿y cuántas páginas tiene?"),
        ("¿Qué es el SETA?", "¿y cuántos minutos tarda en cargar?"),
    ],
)
def test_a_follow_up_in_words_the_policy_never_uses_abstains(
    policy_services: Services, first: str, follow: str
) -> None:
    answerer: Answerer = policy_services.answerer
    answerer.warm_up()
    opening = answerer.answer(first)
    assert not opening.abstained
    answer = answerer.answer(follow, conversation_id=opening.conversation_id)
    assert answer.abstained


@pytest.mark.slow
def test_a_follow_up_about_the_same_section_quotes_what_it_asks(
    policy_services: Services,
) -> None:
    answerer: Answerer = policy_services.answerer
    answerer.warm_up()
    opening = answerer.answer("¿Cómo se focalizan las entidades territoriales?")
    follow = answerer.answer(
        "¿y quién decide las variables?", conversation_id=opening.conversation_id
    )
    assert not follow.abstained and follow.text != opening.text
    shown = " ".join([follow.text] + [c.quote for c in follow.citations])
    assert "decida" in shown


@pytest.mark.slow
def test_a_follow_up_is_not_served_the_curated_answer_it_follows(
    policy_services: Services,
) -> None:
    answerer: Answerer = policy_services.answerer
    answerer.warm_up()
    opening = answerer.answer("¿Qué requerimientos organizacionales tiene la lógica de trabajo?")
    assert opening.route == "faq"
    follow = answerer.answer("¿y mediante qué se adopta?", conversation_id=opening.conversation_id)
    assert follow.faq_id != opening.faq_id and follow.text != opening.text
    shown = " ".join([follow.text] + [c.quote for c in follow.citations])
    assert "resolución" in shown


@pytest.mark.slow
def test_a_follow_up_whose_topic_outweighs_its_own_words_is_answered_by_them(
    policy_services: Services,
) -> None:
    """The follow-up's vector carries the topic: the sentences closest to it define the
    tableros again; the lead chosen by the follow-up's own words says how to make them."""
    answerer: Answerer = policy_services.answerer
    answerer.warm_up()
    opening = answerer.answer("¿Para qué sirven los tableros de micro gerencia?")
    follow = answerer.answer("¿y cómo se elaboran?", conversation_id=opening.conversation_id)
    assert not follow.abstained
    assert follow.lead.startswith("Para elaborar estos tableros se sugiere:")


@pytest.mark.slow
def test_an_item_that_is_a_section_leads_the_passages(policy_services: Services) -> None:
    answerer: Answerer = policy_services.answerer
    answerer.warm_up()
    listed = answerer.answer("¿Cuáles son las etapas del lineamiento 2?")
    assert listed.items[0] == "Etapa 1: Pre-diseño"
    first = answerer.answer(
        "¿y en qué consiste la primera?", conversation_id=listed.conversation_id
    )
    assert first.passages[0].section.endswith("> Etapa 1: Pre-diseño")
    assert any(c.section.endswith("> Etapa 1: Pre-diseño") for c in first.citations)


@pytest.mark.slow
def test_a_quantity_follow_up_needs_a_quantity_in_its_answer(policy_services: Services) -> None:
    answerer: Answerer = policy_services.answerer
    answerer.warm_up()
    listed = answerer.answer("¿Qué pasos tiene la etapa de diseño?")
    count = answerer.answer("¿y cuántos pasos son?", conversation_id=listed.conversation_id)
    assert count.route == "politica" and count.lead.startswith("Son ")
    money = answerer.answer(
        "¿y cuánta plata en pesos se le asignó al séptimo este año?",
        conversation_id=listed.conversation_id,
    )
    assert money.abstained


@pytest.mark.slow
def test_an_item_of_a_curated_list_can_be_pointed_at(policy_services: Services) -> None:
    answerer: Answerer = policy_services.answerer
    answerer.warm_up()
    listed = answerer.answer("¿Cuáles son las rutinas del sistema de seguimiento?")
    assert listed.route == "faq" and listed.items[1] == "Registro (cargue)"
    second = answerer.answer("explíqueme la segunda", conversation_id=listed.conversation_id)
    assert not second.abstained and second.route == "politica"
    assert "cargar la información en la plataforma" in second.text


@pytest.mark.slow
def test_another_kind_of_the_same_thing_asks_the_previous_question_anew(
    policy_services: Services,
) -> None:
    answerer: Answerer = policy_services.answerer
    answerer.warm_up()
    first = answerer.answer("ke es la capasidad administrativa")
    assert first.route == "glosario"
    other = answerer.answer("¿y las políticas?", conversation_id=first.conversation_id)
    assert other.route == "glosario" and other.text.startswith("**Capacidades Políticas**")


@pytest.mark.slow
def test_a_verb_without_its_subject_leans_on_the_previous_item(policy_services: Services) -> None:
    answerer: Answerer = policy_services.answerer
    answerer.warm_up()
    stages = answerer.answer("¿Cuáles son las etapas de la lógica de trabajo?")
    assert stages.route == "faq" and len(stages.items) == 4
    third = answerer.answer("¿y la tercera?", conversation_id=stages.conversation_id)
    assert "Etapa 3" in third.text
    steps = answerer.answer("¿cuántos pasos tiene?", conversation_id=stages.conversation_id)
    assert steps.lead.startswith("Son 5.") and "Etapa 3" in steps.lead


@pytest.mark.slow
def test_an_item_of_a_counted_list_can_be_pointed_at_with_a_typo(
    policy_services: Services,
) -> None:
    """The third step's title relates a clause («a las cuales debería llegar»): it is no
    question for a list, and «tersera» is read as «tercera»."""
    answerer: Answerer = policy_services.answerer
    answerer.warm_up()
    counted = answerer.answer("cuantos pasos tiene la etapa de diseño")
    assert counted.lead.startswith("Son 10.") and len(counted.items) == 10
    third = answerer.answer("y la tersera?", conversation_id=counted.conversation_id)
    assert not third.abstained and not third.items
    assert "Focaliz" in third.lead
