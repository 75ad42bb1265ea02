"""The guided intake's digressions, corrections, commands and final check (no database)."""

from __future__ import annotations

import pytest

from intake import RulesEngine
from intake.conversation.machine import IntakeConversation
from intake.conversation.state import Mode
from intake.conversation.texts import ORDER, question_line
from intake.conversation.turn import Action
from intake.fields import field_value
from tests.intake.factories import valid_ficha, with_fields
from tests.intake.test_conversation import (
    EVIDENCE,
    HAPPY_ANSWERS,
    PROBLEM,
    FakeAdvisor,
    Script,
)


@pytest.fixture
def advisor() -> FakeAdvisor:
    return FakeAdvisor()


@pytest.fixture
def conversation(engine: RulesEngine, advisor: FakeAdvisor) -> IntakeConversation:
    return IntakeConversation(engine=engine, advisor=advisor, current_year=2026)


@pytest.fixture
def script(conversation: IntakeConversation) -> Script:
    return Script(conversation)


# -- digressions --------------------------------------------------------------------------------
def test_a_policy_question_is_answered_and_the_question_restated_once(
    script: Script, advisor: FakeAdvisor
) -> None:
    script.answer_until("problema.enunciado")
    before = (script.state.to_dict(), script.ficha)
    reply = script.say("¿Qué es la cadena de valor?")
    assert advisor.questions == ["¿Qué es la cadena de valor?"]
    assert reply.startswith("La cadena de valor relaciona insumos")
    line = question_line("problema.enunciado", required=True)
    assert reply.count(line) == 1
    assert (script.state.to_dict(), script.ficha) == before
    script.say(PROBLEM)
    assert script.ficha.problema.enunciado == PROBLEM


def test_why_quotes_the_policy_passage_behind_the_field(
    script: Script, advisor: FakeAdvisor
) -> None:
    script.answer_until("subdireccion_general")
    reply = script.say("¿Por qué me pregunta esto?")
    assert advisor.references == ["Lineamiento 4 > 4.2"]
    assert "TEXTO DE Lineamiento 4 > 4.2" in reply
    assert reply.count(question_line("subdireccion_general", required=True)) == 1
    script.answer_until("problema.enunciado")
    script.say("¿para qué sirve este dato?")
    assert advisor.references[-1] == "Lineamiento 2 > 2.2.3 > Etapa 1 > Paso 2"


# -- corrections --------------------------------------------------------------------------------
def test_a_correction_with_a_value_keeps_the_other_answers(script: Script) -> None:
    script.answer_until("problema.evidencia")
    before = script.ficha.model_dump()
    reply = script.say("corrige el nombre: Acompañamiento técnico a proyectos de regalías")
    assert "Actualicé: Nombre del producto o servicio de ATT" in reply
    assert script.ficha.nombre == "Acompañamiento técnico a proyectos de regalías"
    after = script.ficha.model_dump()
    assert {k: v for k, v in after.items() if k != "nombre"} == {
        k: v for k, v in before.items() if k != "nombre"
    }
    assert script.state.field == "problema.evidencia"
    assert "Datos y evidencia" in reply


def test_a_bad_correction_never_replaces_a_good_value(script: Script) -> None:
    script.answer_until("alineacion.areas_tematicas")
    reply = script.say("corrige el problema: Falta de una guía metodológica")
    assert "ausencia de una solución" in reply and "El valor anterior se mantiene." in reply
    assert script.ficha.problema.enunciado == PROBLEM
    reply = script.say("mantener")
    assert script.ficha.problema.enunciado == PROBLEM
    assert script.state.field == "alineacion.areas_tematicas"


def test_a_correction_without_value_asks_and_returns(script: Script) -> None:
    script.answer_until("cadena_valor.insumos")
    reply = script.say("cambiar la vigencia")
    assert "Valor actual: 2026" in reply
    script.say("2027")
    assert script.ficha.vigencia == 2027
    assert script.state.field == "cadena_valor.insumos"


def test_a_correction_reruns_the_rules_that_read_the_field(
    conversation: IntakeConversation,
) -> None:
    script = Script(conversation, valid_ficha())
    copy = valid_ficha().cadena_valor.resultados_intermedios[0]
    reply = script.say(f"cambiar los productos: {copy}")
    assert "Nota sobre otro dato" in reply and "repite casi igual" in reply
    assert script.ficha.cadena_valor.productos == [copy]


# -- commands -----------------------------------------------------------------------------------
def test_summary_back_and_skip(script: Script) -> None:
    script.answer_until("dependencias_corresponsables")
    summary = script.say("resumen")
    assert "• Nombre del producto o servicio de ATT: Acompañamiento a la estructuración" in summary
    assert "(sin responder)" in summary
    back = script.say("atrás")
    assert script.state.field == "lider_tecnico.correo"
    assert "Valor actual: cmendez@dnp.gov.co" in back
    script.say("mantener")
    assert script.state.field == "dependencias_corresponsables"
    script.say("saltar")
    assert script.state.field == "problema.enunciado"
    refused = script.say("saltar")
    assert "es obligatorio" in refused and script.state.field == "problema.enunciado"


def test_save_and_exit_pauses(script: Script) -> None:
    script.answer_until("vigencia")
    reply = script.say("guardar y salir")
    assert script.last.action is Action.PAUSE
    assert "continuar mi ficha" in reply and "Vigencia" in reply


def test_cancel_asks_for_confirmation(script: Script) -> None:
    script.answer_until("vigencia")
    script.say("cancelar")
    assert script.state.mode is Mode.CONFIRM_CANCEL
    script.say("no")
    assert script.state.mode is Mode.ASK and script.state.field == "vigencia"
    assert script.last.action is Action.NONE
    script.say("cancelar")
    script.say("sí")
    assert script.last.action is Action.DISCARD


# -- the final check ----------------------------------------------------------------------------
def test_errors_block_and_lead_to_the_field(conversation: IntakeConversation) -> None:
    broken = with_fields(valid_ficha(), problema__enunciado="Falta de una guía para los municipios")
    script = Script(conversation, broken)
    assert "Revisión final: hay 1 error(es)" in script.last.reply
    assert script.state.field == "problema.enunciado" and script.state.resume_review
    script.say("enviar")
    assert script.state.field == "problema.enunciado"
    assert script.last.action is Action.NONE
    script.say(PROBLEM)
    assert script.state.mode is Mode.CONFIRM_SUBMIT


def test_warnings_are_accepted_one_by_one(conversation: IntakeConversation) -> None:
    ficha = with_fields(
        valid_ficha(),
        problema__evidencia="Muchos proyectos se devuelven",
        cadena_valor__actividades=["Talleres de formulación", "Mesas técnicas"],
    )
    script = Script(conversation, ficha)
    assert script.state.mode is Mode.ACK_WARNINGS
    assert "revise 3 advertencia(s), una por una" in script.last.reply
    seen = []
    for _ in range(3):
        seen.append(script.state.warning_key)
        script.say("acepto")
    assert len(set(seen)) == 3
    assert script.state.mode is Mode.CONFIRM_SUBMIT
    assert script.last.reply.count("[ADVERTENCIA ACEPTADA]") == 3
    script.say("sí")
    assert script.last.action is Action.SUBMIT


def test_a_warning_can_be_corrected_from_the_final_check(conversation: IntakeConversation) -> None:
    ficha = with_fields(valid_ficha(), problema__evidencia="Muchos proyectos se devuelven")
    script = Script(conversation, ficha)
    script.say("corregir")
    assert script.state.field == "problema.evidencia" and script.state.mode is Mode.ASK
    script.say(EVIDENCE)
    assert script.state.mode is Mode.CONFIRM_SUBMIT


def test_blank_message_and_unknown_text_in_confirmation(script: Script) -> None:
    reply = script.say("   ")
    assert "No recibí ninguna respuesta" in reply and script.state.field == "nombre"
    for message in HAPPY_ANSWERS:
        script.say(message)
    reply = script.say("quizás")
    assert "¿Envío la ficha a la DER?" in reply and script.last.action is Action.NONE
    assert field_value(script.ficha, "nombre")
    assert len(ORDER) == 24


def test_a_required_field_cannot_be_skipped_while_its_warning_is_pending(script: Script) -> None:
    """«saltar» while a warning waits for «sí» must not leave a required field «Omitido»."""
    script.answer_until("problema.evidencia")
    script.say("Muchos proyectos se devuelven")
    assert script.state.mode is Mode.CONFIRM_WARNING
    refused = script.say("saltar")
    assert "es obligatorio" in refused
    assert script.state.field == "problema.evidencia"
    assert "problema.evidencia" not in script.state.skipped
    assert script.ficha.problema.evidencia is None
