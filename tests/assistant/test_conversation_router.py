"""`asistente chat`'s router: policy questions, and the guided intake of a ficha in the same
conversation (fake answering for speed; one slow test through the real `Answerer`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from assistant.chat.history import ConversationStore
from assistant.chat.router import ConversationRouter, wants_new_ficha, wants_to_resume
from assistant.fichas.advisor import AnswererAdvisor, breadcrumb_matches, section_for
from assistant.storage.database import Database
from assistant.wiring import Services
from intake import RulesEngine
from intake.actor import Actor
from intake.conversation.texts import question_line
from intake.storage.catalog import FichaCatalog
from intake.workflow.guided_intake import IntakeSessions
from intake.workflow.submission import FichaWorkflow
from knowledge import Chunk
from tests.fakes.answerer import ScriptedAnswerer

ANA = Actor.of("ana", "Dirección de Gestión y Promoción del SGR")
NAME = "Acompañamiento a la estructuración de proyectos de inversión del SGR"
STEP_2 = (
    "Lineamiento 2 > 2.2 Lógica de trabajo para la llegada a territorio del DNP > 2.2.3 Paso a "
    "paso de la lógica de trabajo de la Llegada a Territorio del DNP > Etapa 1: Pre-diseño > "
    "Paso 2: Delimitar el problema o necesidad"
)


@dataclass
class FakeKnowledge:
    chunks_: list[Chunk]

    def chunks(self) -> list[Chunk]:
        return self.chunks_


def _chunk(number: int, breadcrumb: str, text: str, kind: str = "texto") -> Chunk:
    return Chunk(f"p:{number:04d}", "p", breadcrumb, text, 0, len(text), kind)


CHUNKS = [
    _chunk(1, "Lineamiento 2 > 2.2 Lógica > 2.2.3 Paso a paso > Etapa 1: Pre-diseño", "Etapa"),
    _chunk(2, STEP_2, "Un problema no es la ausencia de su solución."),
    _chunk(3, STEP_2, "Se delimita a partir de los datos disponibles."),
    _chunk(4, f"{STEP_2} > Nota 20", "Nota al pie", kind="nota"),
    _chunk(5, "Lineamiento 5 > 5.3 Paso a paso > Etapa 1: Monitoreabilidad > Paso 2: Cadena", "x"),
]


@dataclass
class Chat:
    router: ConversationRouter
    answerer: ScriptedAnswerer
    database: Database


@pytest.fixture
def chat(database_url: str) -> Iterator[Chat]:
    engine = RulesEngine.from_file()
    database = Database(database_url)
    database.create_schema()
    answerer = ScriptedAnswerer()
    workflow = FichaWorkflow(transaction=database.session, engine=engine)
    sessions = IntakeSessions(
        transaction=database.session,
        workflow=workflow,
        catalog=FichaCatalog(transaction=database.session),
        advisor=AnswererAdvisor(answerer=answerer, knowledge=FakeKnowledge(CHUNKS)),
    )
    router = ConversationRouter(
        answerer=answerer, intake=sessions, conversations=ConversationStore(database)
    )
    yield Chat(router, answerer, database)
    database.dispose()


def test_questions_and_the_intake_share_one_conversation(chat: Chat) -> None:
    first = chat.router.handle("¿Qué es el SETA?", actor=ANA)
    assert first.kind == "respuesta" and first.answer is not None
    conversation = first.conversation_id
    assert conversation

    started = chat.router.handle(
        "Quiero registrar una ficha", actor=ANA, conversation_id=conversation
    )
    assert started.kind == "ficha" and "Paso 1 de 6" in started.text
    assert chat.router.handle(NAME, actor=ANA, conversation_id=conversation).kind == "ficha"

    digression = chat.router.handle(
        "¿Qué es la cadena de valor?", actor=ANA, conversation_id=conversation
    )
    assert digression.kind == "ficha"
    last = chat.answerer.asked[-1]
    assert (last.question, last.channel) == ("¿Qué es la cadena de valor?", "ficha")
    assert "Respuesta de la política a «¿Qué es la cadena de valor?»" in digression.text
    assert "Fuentes:\n  [1] Glosario > Cadena de valor" in digression.text
    # ANA's unit fills the dependencia: the pending question is the subdirección.
    assert digression.text.count(question_line("subdireccion_general", required=True)) == 1

    paused = chat.router.handle("guardar y salir", actor=ANA, conversation_id=conversation)
    assert "continuar mi ficha" in paused.text
    after = chat.router.handle(
        "¿Quién administra el SETA?", actor=ANA, conversation_id=conversation
    )
    assert after.kind == "respuesta"
    greeting = chat.router.greeting(ANA)
    assert greeting is not None and "continuar mi ficha" in greeting.text

    resumed = chat.router.handle("continuar mi ficha", actor=ANA, conversation_id=conversation)
    assert resumed.kind == "ficha" and "Retomamos su ficha" in resumed.text
    assert "Subdirección general" in resumed.text
    # An open intake is announced too: the next message would be taken as its answer.
    open_notice = chat.router.greeting(ANA)
    assert open_notice is not None and "abierta" in open_notice.text


def test_why_quotes_the_matching_policy_section(chat: Chat) -> None:
    chat.router.handle("nueva ficha", actor=ANA)
    chat.router.handle("corrige el nombre: " + NAME, actor=ANA)
    for answer in (
        "Dirección de Gestión y Promoción del SGR",
        "SGSGR",
        "Carolina Méndez",
        "cmendez@dnp.gov.co",
        "saltar",
    ):
        chat.router.handle(answer, actor=ANA)
    why = chat.router.handle("¿Por qué me pregunta esto?", actor=ANA)
    assert "Un problema no es la ausencia de su solución." in why.text
    assert "Se delimita a partir de los datos disponibles." in why.text
    assert "Nota al pie" not in why.text


def test_the_chat_pause_keeps_the_draft(chat: Chat) -> None:
    chat.router.handle("quiero registrar una ficha", actor=ANA)
    assert chat.router.pause(ANA) is True
    assert chat.router.pause(ANA) is False
    assert chat.router.handle("¿Qué es la ATT?", actor=ANA).kind == "respuesta"


@pytest.mark.parametrize(
    ("message", "new", "resume"),
    [
        ("quiero registrar una ficha", True, (False, None)),
        ("Nueva ficha de pre-diseño", True, (False, None)),
        ("¿Qué es la ficha de pre-diseño?", False, (False, None)),
        ("continuar mi ficha", False, (True, None)),
        ("corregir la ficha F-3a9c1b2e", False, (True, "F-3A9C1B2E")),
    ],
)
def test_intents(message: str, new: bool, resume: tuple[bool, str | None]) -> None:
    assert wants_new_ficha(message) is new
    assert wants_to_resume(message) == resume


def test_breadcrumb_matching() -> None:
    assert breadcrumb_matches("Lineamiento 2 > 2.2.3 > Etapa 1 > Paso 2", STEP_2)
    assert not breadcrumb_matches("Lineamiento 2 > 2.2.3 > Etapa 1 > Paso 1", STEP_2)
    assert not breadcrumb_matches("Lineamiento 1", "Lineamiento 10 > algo")
    found = section_for("Lineamiento 2 > 2.2.3 > Etapa 1", CHUNKS)
    assert found == (CHUNKS[0].breadcrumb, "Etapa")
    assert section_for("Lineamiento 9", CHUNKS) is None


def test_advisor_turns_user_errors_into_a_reply() -> None:
    advisor = AnswererAdvisor(answerer=ScriptedAnswerer(), knowledge=FakeKnowledge([]))
    reply = advisor.answer("¿?")
    assert reply.abstained and reply.text == "Escriba una pregunta."
    assert advisor.passage("Lineamiento 2 > 2.2.3 > Etapa 1 > Paso 2") is None


@pytest.mark.slow
def test_a_digression_through_the_real_answerer(policy_services: Services) -> None:
    policy_services.answerer.warm_up()
    router = policy_services.conversation_router
    started = router.handle("quiero registrar una ficha", actor=ANA)
    conversation = started.conversation_id
    router.handle(NAME, actor=ANA, conversation_id=conversation)

    digression = router.handle(
        "¿Qué es la cadena de valor?", actor=ANA, conversation_id=conversation
    )
    assert digression.kind == "ficha"
    direct = policy_services.answerer.answer("¿Qué es la cadena de valor?")
    assert not direct.abstained and "cadena de valor" in direct.text.lower()
    assert digression.text.startswith(direct.text)
    line = question_line("subdireccion_general", required=True)
    assert digression.text.count(line) == 1

    why = router.handle("¿Por qué me pregunta esto?", actor=ANA, conversation_id=conversation)
    assert "Le pregunto por «Subdirección general»" in why.text
    assert "Dice la política (Lineamiento 4" in why.text
    assert why.text.count(line) == 1

    answered = router.handle("la de regalías", actor=ANA, conversation_id=conversation)
    assert "Anotado: Subdirección general: SGSGR" in answered.text
