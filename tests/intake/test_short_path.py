"""Scripted conversations that count turns: a clean ficha with realistic answers, and a block
of several answers pasted at once."""

from __future__ import annotations

import pytest

from intake import RulesEngine
from intake.conversation.answer_block import read_block
from intake.conversation.intent import IntentKind, classify
from intake.conversation.machine import IntakeConversation
from intake.conversation.state import Mode
from intake.conversation.turn import Action
from tests.intake.test_conversation import (
    BACKGROUND,
    EVIDENCE,
    JUSTIFICATION,
    PROBLEM,
    FakeAdvisor,
    Script,
)

MAX_TURNS = 25

# How a person answers: lists as several lines without «listo», one-item lists as one line.
REALISTIC = {
    "nombre": "Acompañamiento a la estructuración de proyectos de inversión del SGR",
    "dependencia": "Dirección de Gestión y Promoción del Sistema General de Regalías",
    "subdireccion_general": "la de regalías",
    "lider_tecnico.nombre": "Carolina Méndez Arango",
    "lider_tecnico.correo": "cmendez@dnp.gov.co",
    "dependencias_corresponsables": "Dirección de Programación de Inversiones Públicas",
    "problema.enunciado": PROBLEM,
    "problema.evidencia": EVIDENCE,
    "problema.tecnica_analisis": "Árbol de problemas con 12 municipios piloto",
    "vigencia": "este año",
    "alineacion.areas_tematicas": "gestión de la inversión pública, 4",
    "alineacion.metas_dnp": "Plan de acción 2026: fortalecimiento de capacidades en proyectos",
    "alineacion.contribucion": "Reduce las devoluciones de proyectos y el tiempo de aprobación.",
    "cadena_valor.insumos": "Equipo de ocho profesionales\nMetodología General Ajustada (MGA)",
    "cadena_valor.actividades": (
        "Diagnosticar las brechas de formulación de los municipios priorizados\n"
        "Realizar mesas técnicas de revisión de proyectos antes de su radicación"
    ),
    "cadena_valor.productos": (
        "Servicio de asistencia técnica para la estructuración de proyectos de inversión"
    ),
    "cadena_valor.resultados_intermedios": (
        "Proyectos de los municipios acompañados que cumplen los requisitos de viabilidad"
    ),
    "cadena_valor.resultados_finales": (
        "Mayor aprobación y ejecución oportuna de proyectos del SGR en municipios de categoría 6"
    ),
    "cadena_valor.impactos": (
        "Mejor aprovechamiento de los recursos de regalías para cerrar brechas territoriales"
    ),
    "ciclo_valor_publico.momentos": "planeación y ejecución",
    "contexto.antecedentes": BACKGROUND,
    "contexto.justificacion": JUSTIFICATION,
    "avance_diseno.tipos_capacidad": "saltar",
    "avance_diseno.modalidades": "saltar",
}


@pytest.fixture
def script(engine: RulesEngine) -> Script:
    return Script(IntakeConversation(engine=engine, advisor=FakeAdvisor(), current_year=2026))


def _finish(script: Script, turns: int) -> int:
    """Answer as a person would until the ficha is sent; the number of messages written."""
    for _ in range(80):
        if script.last.action is Action.SUBMIT:
            return turns
        state = script.state
        if state.mode is Mode.CONFIRM_SUBMIT:
            message = "enviar"
        elif state.buffers.get(state.field or ""):
            message = "ya está"
        elif state.field is None:
            message = "enviar"
        else:
            message = REALISTIC[state.field]
        reply = script.say(message)
        assert "✗" not in reply, reply
        turns += 1
    raise AssertionError("la conversación no terminó")


def test_a_clean_ficha_takes_at_most_25_turns_with_realistic_answers(script: Script) -> None:
    turns = _finish(script, 0)
    print(f"turnos hasta enviar: {turns}")
    assert turns <= MAX_TURNS
    assert script.ficha.vigencia == 2026
    assert script.ficha.ciclo_valor_publico.momentos == ["Planificación", "Ejecución"]


BLOCK = f"""Nombre: Acompañamiento a la estructuración de proyectos de inversión del SGR
Dependencia: Dirección de Gestión y Promoción del Sistema General de Regalías
Subdirección general: SGSGR
Problema: {PROBLEM}
Evidencia: {EVIDENCE}
Vigencia: 2026
Insumos:
- Equipo de ocho profesionales
- Metodología General Ajustada (MGA)
"""


def test_a_pasted_block_fills_every_field_it_names_and_asks_the_rest(script: Script) -> None:
    reply = script.say(BLOCK)
    assert "Entendí 7 dato(s)" in reply
    ficha = script.ficha
    assert ficha.nombre and ficha.dependencia and ficha.subdireccion_general == "SGSGR"
    assert ficha.problema.enunciado == PROBLEM and ficha.vigencia == 2026
    assert ficha.cadena_valor.insumos == [
        "Equipo de ocho profesionales",
        "Metodología General Ajustada (MGA)",
    ]
    assert script.state.field == "lider_tecnico.nombre"
    turns = _finish(script, 1)
    print(f"turnos con un bloque pegado: {turns}")
    assert turns <= MAX_TURNS - 6


def test_a_field_of_the_block_that_breaks_a_rule_is_said_back_and_asked(script: Script) -> None:
    reply = script.say(
        "Nombre: Acompañamiento a municipios\nProblema: Falta de una guía para los municipios"
    )
    assert "Entendí 1 dato(s)" in reply
    assert "Usted escribió: «Falta de una guía para los municipios»" in reply
    assert script.ficha.problema.enunciado is None
    assert script.state.field == "dependencia"


@pytest.mark.parametrize(
    ("message", "fields"),
    [
        ("Nombre: Kit\nProblema: Baja ejecución", ["nombre", "problema.enunciado"]),
        ("- Nombre del producto: Kit\n- Vigencia: 2026", ["nombre", "vigencia"]),
        ("Nota: esto es una respuesta con dos puntos", []),
        ("Nombre: solo uno", []),
    ],
)
def test_a_block_needs_two_named_fields(message: str, fields: list[str]) -> None:
    assert [a.field_id for a in read_block(message)] == fields


@pytest.mark.parametrize(
    ("message", "about_the_field"),
    [
        ("¿Por qué me pregunta esto?", True),
        ("pero es que de verdad no existe, ¿por qué no puedo ponerlo así?", True),
        ("¿qué significa esto?", True),
        ("no entiendo la pregunta", True),
        ("¿qué me está pidiendo?", True),
        ("¿qué pongo aquí?", True),
        ("¿por qué me lo rechaza?", True),
        ("¿qué es la cadena de valor?", False),
        ("¿qué significa capacidad institucional?", False),
        ("Los municipios no entienden la MGA", False),
    ],
)
def test_natural_doubts_about_the_current_field_are_recognised(
    message: str, about_the_field: bool
) -> None:
    assert (classify(message).kind is IntentKind.WHY) is about_the_field


def test_asking_why_after_a_refusal_explains_the_rule_and_the_way_out(script: Script) -> None:
    script.answer_until("problema.enunciado")
    script.say("No existe una guía para formular proyectos municipales")
    reply = script.say("pero es que de verdad no existe, ¿por qué no puedo ponerlo así?")
    assert "Le pregunto por «Enunciado del problema» porque la política lo pide" in reply
    assert "Para que la respuesta pase: Empiece por quién sufre la situación" in reply
    assert "«justificar: <por qué>»" in reply
    assert script.ficha.problema.enunciado is None


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ("nombre", "son reglas de la DER (configurables), no de la política"),
        ("ciclo_valor_publico.momentos", "«Ciclo de Gestión Pública» del glosario"),
    ],
)
def test_what_is_configuration_is_not_presented_as_policy(
    script: Script, field: str, said: str
) -> None:
    script.answer_until(field)
    prompt = script.last.reply
    policy_line = next(line for line in prompt.splitlines() if "Lo que pide la política" in line)
    assert "palabras" not in policy_line and "Anexo" not in policy_line
    assert "Configuración de la DER (no es texto de la política): " in prompt and said in prompt
    why = script.say("¿por qué me pregunta esto?")
    assert "Lo que no es de la política:" in why and said in why


def test_a_label_naming_the_pending_field_is_not_stored(script: Script) -> None:
    script.say("Nombre: Acompañamiento a la estructuración de proyectos del SGR")
    assert script.ficha.nombre == "Acompañamiento a la estructuración de proyectos del SGR"


def test_a_block_counts_fields_not_warning_lines(script: Script) -> None:
    reply = script.say(
        "Nombre: Acompañamiento a municipios\nEvidencia: Muchos proyectos se devuelven"
    )
    assert "Entendí 2 dato(s)" in reply and "La evidencia no cita datos" in reply
