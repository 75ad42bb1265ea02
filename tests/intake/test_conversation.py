"""The guided intake as a pure state machine (no database): scripted conversations.

The helpers at the top (`FakeAdvisor`, `HAPPY_ANSWERS`, `Script`) are reused by the stored
session tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from intake import Ficha, RulesEngine
from intake.conversation.advisor import AdvisorReply, PolicyPassage
from intake.conversation.machine import IntakeConversation
from intake.conversation.prompts import conversation_order
from intake.conversation.state import Mode
from intake.conversation.turn import Action, Outcome
from tests.intake.factories import valid_ficha, with_fields

PROBLEM = (
    "Los municipios de categorías 5 y 6 presentan baja calidad técnica en los proyectos de "
    "inversión que presentan al Sistema General de Regalías, lo que retrasa su aprobación."
)
EVIDENCE = (
    "Según la plataforma de gestión de proyectos del SGR (corte 2025), el 43 % de los proyectos "
    "de municipios de categorías 5 y 6 fue devuelto al menos una vez."
)
BACKGROUND = (
    "Desde 2022 la Dirección de Gestión y Promoción del SGR atiende solicitudes puntuales de "
    "revisión de proyectos a través de la mesa de ayuda. Estas atenciones no tienen una ruta "
    "común, no se registran de forma homogénea y se concentran en los municipios que conocen el "
    "servicio."
)
JUSTIFICATION = (
    "La Ley 2056 de 2020 asigna a los municipios de menores capacidades una parte importante de "
    "los recursos del SGR. Un acompañamiento ordenado y medible en la estructuración permite que "
    "esos recursos se traduzcan en proyectos viables y ejecutados a tiempo."
)

HAPPY_ANSWERS: tuple[str, ...] = (
    "Acompañamiento a la estructuración de proyectos de inversión del SGR",
    "Dirección de Gestión y Promoción del Sistema General de Regalías",
    "la de regalías",
    "Carolina Méndez Arango",
    "Mi correo es cmendez@dnp.gov.co",
    "Dirección de Programación de Inversiones Públicas\nlisto",
    PROBLEM,
    EVIDENCE,
    "Árbol de problemas construido con 12 municipios piloto",
    "2026",
    "gestión de la inversión pública; 4\nlisto",
    "Plan de acción 2026: fortalecimiento de capacidades para la gestión de proyectos\nlisto",
    "Reduce las devoluciones de proyectos y el tiempo de aprobación en los municipios con "
    "menores capacidades.",
    "- Equipo de ocho profesionales en estructuración de proyectos\n"
    "- Metodología General Ajustada (MGA)\nlisto",
    "Diagnosticar las brechas de formulación de los municipios priorizados\n"
    "Realizar mesas técnicas de revisión de proyectos antes de su radicación\nlisto",
    "Servicio de asistencia técnica para la estructuración de proyectos de inversión\nlisto",
    "Proyectos de los municipios acompañados que cumplen los requisitos de viabilidad en la "
    "primera revisión\nlisto",
    "Mayor aprobación y ejecución oportuna de proyectos del SGR en municipios de categorías 5 y "
    "6\nlisto",
    "Mejor aprovechamiento de los recursos de regalías para cerrar brechas de desarrollo "
    "territorial\nlisto",
    "planificación, ejecución\nlisto",
    BACKGROUND,
    JUSTIFICATION,
    "administrativas\nlisto",
    "3; 4\nlisto",
)
"""Answers that take a blank ficha, one field at a time, to a valid ficha."""

UNIT_ANSWERS: tuple[str, ...] = (HAPPY_ANSWERS[0], *HAPPY_ANSWERS[2:])
"""`HAPPY_ANSWERS` for a user whose unit is known: the dependencia is filled, not asked."""


@dataclass
class FakeAdvisor:
    """A scripted `PolicyAdvisor`: records what it was asked."""

    questions: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)

    def answer(
        self, question: str, *, user_id: str | None = None, conversation_id: str | None = None
    ) -> AdvisorReply:
        self.questions.append(question)
        return AdvisorReply(
            "La cadena de valor relaciona insumos, actividades, productos y resultados [1].",
            sources=("Glosario > Cadena de valor",),
        )

    def passage(self, reference: str) -> PolicyPassage | None:
        self.references.append(reference)
        return PolicyPassage(section=f"{reference} (sección)", text=f"TEXTO DE {reference}")


class Script:
    """Drives an `IntakeConversation` message by message, keeping state and draft."""

    def __init__(self, conversation: IntakeConversation, ficha: Ficha | None = None) -> None:
        self.conversation = conversation
        self.ficha = ficha or Ficha(id="F-PRUEBA01")
        self.state = conversation.begin("F-PRUEBA01", self.ficha)
        self.last: Outcome = conversation.opening(self.state, self.ficha)
        self.state = self.last.state

    def say(self, message: str) -> str:
        self.last = self.conversation.handle(self.state, self.ficha, message, user_id="ana")
        self.state, self.ficha = self.last.state, self.last.ficha
        return self.last.reply

    def answer_until(self, field_id: str) -> None:
        """Give the happy-path answer of each pending field until ``field_id`` is asked."""
        answers = dict(zip(conversation_order(), HAPPY_ANSWERS, strict=True))
        for _ in range(len(answers)):
            if self.state.field == field_id or self.state.field is None:
                break
            self.say(answers[self.state.field])
        assert self.state.field == field_id


@pytest.fixture
def advisor() -> FakeAdvisor:
    return FakeAdvisor()


@pytest.fixture
def conversation(engine: RulesEngine, advisor: FakeAdvisor) -> IntakeConversation:
    return IntakeConversation(engine=engine, advisor=advisor, current_year=2026)


@pytest.fixture
def script(conversation: IntakeConversation) -> Script:
    return Script(conversation)


# -- the happy path -------------------------------------------------------------------------
def test_happy_path_asks_every_field_in_order_and_reaches_submission(
    script: Script, engine: RulesEngine
) -> None:
    asked = [script.state.field]
    for message in HAPPY_ANSWERS:
        reply = script.say(message)
        assert "✗" not in reply and "⚠" not in reply, reply
        asked.append(script.state.field)
    assert asked == [*conversation_order(), None]
    assert script.state.mode is Mode.CONFIRM_SUBMIT
    assert "Resumen de la ficha" in script.last.reply
    assert "Validación: sin errores ni advertencias." in script.last.reply
    report = engine.validate(script.ficha)
    assert report.ok and not report.warnings
    assert script.ficha.subdireccion_general == "SGSGR"
    assert script.ficha.alineacion.areas_tematicas == [
        "Gestión de la inversión pública",
        "Técnicas de administración y gerencia del ciclo de la gestión territorial",
    ]
    assert script.ficha.avance_diseno.modalidades == [
        "Asistencia técnica en sitio",
        "Asistencia técnica remota",
    ]
    script.say("enviar")
    assert script.last.action is Action.SUBMIT


def test_each_question_explains_the_policy_and_gives_an_example(script: Script) -> None:
    opening = script.last.reply
    assert "Paso 1 de 6" in opening
    assert "Lo que pide la política:" in opening and "Ejemplo: «" in opening
    script.answer_until("problema.enunciado")
    reply = script.last.reply
    assert "Paso 2 de 6: Delimitar el problema" in reply
    assert "Un problema no es la ausencia de su solución" in reply


# -- validation of each answer ----------------------------------------------------------------
def test_an_error_reasks_with_the_rule_message_and_reference(script: Script) -> None:
    script.answer_until("problema.enunciado")
    reply = script.say("Falta de una herramienta para formular proyectos")
    assert "redactado como la ausencia de una solución" in reply
    assert "Referencia: Lineamiento 2 > 2.2.3 > Etapa 1 > Paso 2" in reply
    assert script.state.field == "problema.enunciado"
    assert script.ficha.problema.enunciado is None
    assert script.last.changed is False


def test_a_warning_is_shown_and_can_be_accepted(script: Script) -> None:
    script.answer_until("problema.evidencia")
    reply = script.say("Muchos proyectos se devuelven")
    assert "La evidencia no cita datos" in reply and "¿Deja la respuesta así?" in reply
    assert "PROB-EVIDENCE" not in reply  # the rule's id is for DER's tooltip only
    assert script.state.mode is Mode.CONFIRM_WARNING
    assert script.ficha.problema.evidencia is None
    script.say("sí")
    assert script.ficha.problema.evidencia == "Muchos proyectos se devuelven"
    assert script.state.field == "problema.tecnica_analisis"


def test_a_warning_can_be_answered_with_a_better_version(script: Script) -> None:
    script.answer_until("problema.evidencia")
    script.say("Muchos proyectos se devuelven")
    reply = script.say(EVIDENCE)
    assert "Anotado" in reply
    assert script.ficha.problema.evidencia == EVIDENCE


def test_several_items_in_one_message_close_the_list_without_listo(script: Script) -> None:
    script.answer_until("cadena_valor.insumos")
    reply = script.say("Equipo de ocho profesionales; Información de proyectos radicados")
    assert "Insumos (2 elementos)" in reply
    assert script.ficha.cadena_valor.insumos == [
        "Equipo de ocho profesionales",
        "Información de proyectos radicados",
    ]
    assert script.state.field == "cadena_valor.actividades"


def test_one_item_is_the_whole_list_and_agregar_adds_a_forgotten_one(script: Script) -> None:
    script.answer_until("cadena_valor.insumos")
    reply = script.say("Equipo de ocho profesionales")
    assert "Insumos (1 elemento)" in reply and "«agregar: …»" in reply
    assert script.state.field == "cadena_valor.actividades"
    reply = script.say("agregar: Metodología General Ajustada (MGA)")
    assert script.ficha.cadena_valor.insumos == [
        "Equipo de ocho profesionales",
        "Metodología General Ajustada (MGA)",
    ]
    assert "Volvamos a la pregunta pendiente" in reply
    assert script.state.field == "cadena_valor.actividades"


def test_a_required_list_cannot_be_closed_empty(script: Script) -> None:
    script.answer_until("cadena_valor.insumos")
    reply = script.say("listo")
    assert "La cadena de valor está incompleta" in reply and "CHAIN-COMPLETE" not in reply
    assert script.state.field == "cadena_valor.insumos"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("SGDDT", "SGDDT"),
        ("la de regalías", "SGSGR"),
        ("2", "SGSGR"),
        ("descentralizacion", "SGDDT"),
    ],
)
def test_enumerations_accept_loose_input(script: Script, answer: str, expected: str) -> None:
    script.answer_until("subdireccion_general")
    assert "1. SGPDN — Subdirección General de Prospectiva" in script.last.reply
    script.say(answer)
    assert script.ficha.subdireccion_general == expected


def test_an_unknown_option_is_refused_with_the_options(script: Script) -> None:
    script.answer_until("alineacion.areas_tematicas")
    reply = script.say("Salud pública\nlisto")
    assert "no es una de las siete áreas temáticas" in reply
    assert "Planeación territorial" in reply
    assert script.ficha.alineacion.areas_tematicas == []


def test_ambiguous_option_asks_which_one(script: Script) -> None:
    script.answer_until("avance_diseno.modalidades")
    reply = script.say("asistencia técnica")
    assert "puede ser más de una opción" in reply
    assert "Asistencia técnica en sitio" in reply and "Asistencia técnica remota" in reply


# -- three failures -----------------------------------------------------------------------------
def test_three_failures_explain_with_an_example_and_offer_to_save(script: Script) -> None:
    script.answer_until("problema.enunciado")
    first = script.say("Falta de una guía para formular proyectos")
    second = script.say("No existe una plataforma de seguimiento")
    third = script.say("Se requiere una herramienta de apoyo")
    assert "Así se vería" not in first + second and "Cómo armarla" not in first + second
    # A different, concrete explanation: how to build it, not the question's help again.
    assert "Cómo armarla: Empiece por quién sufre la situación" in third
    assert "Así se vería: «Los municipios de categorías 5 y 6" in third
    assert "«guardar y salir»" in third
    assert "«saltar»" not in third
    assert script.state.attempts["problema.enunciado"] == 3
    fourth = script.say("Falta de capacitación")
    assert "«guardar y salir»" in fourth
    script.say(PROBLEM)
    assert script.ficha.problema.enunciado == PROBLEM
    assert "problema.enunciado" not in script.state.attempts


def test_three_failures_on_an_optional_field_offer_to_skip(
    conversation: IntakeConversation,
) -> None:
    ficha = with_fields(valid_ficha(), avance_diseno__modalidades=[])
    script = Script(conversation, ficha)
    assert script.state.field == "avance_diseno.modalidades"
    for _ in range(3):
        reply = script.say("telepatía")
    assert "escriba «saltar» para omitirla (es opcional)" in reply
    script.say("saltar")
    assert script.state.skipped == ["avance_diseno.modalidades"]
    assert script.state.mode is Mode.CONFIRM_SUBMIT
