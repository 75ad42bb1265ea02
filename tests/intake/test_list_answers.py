"""Scripted conversations: list answers never lose a valid item, and loose input is said back."""

from __future__ import annotations

import pytest

from intake import RulesEngine
from intake.conversation.list_edits import EditKind, ListEdit, apply_edit, read_edit, splice
from intake.conversation.machine import IntakeConversation
from intake.conversation.state import Mode
from tests.intake.factories import with_fields
from tests.intake.test_conversation import FakeAdvisor, Script

PRODUCTS = (
    "Servicio de asistencia técnica para la estructuración de proyectos\n"
    "Documento de lineamientos para la revisión de proyectos\n"
    "Revisar los proyectos antes de su radicación"
)


@pytest.fixture
def script(engine: RulesEngine) -> Script:
    return Script(IntakeConversation(engine=engine, advisor=FakeAdvisor(), current_year=2026))


# -- one item of a list ----------------------------------------------------------------------
def test_correcting_the_item_a_warning_points_at_keeps_the_others(script: Script) -> None:
    script.answer_until("cadena_valor.productos")
    reply = script.say(PRODUCTS)
    assert "El producto 3" in reply and script.state.mode is Mode.CONFIRM_WARNING
    reply = script.say("Servicio de revisión de proyectos antes de su radicación")
    assert "los otros 2 se mantienen" in reply
    assert script.ficha.cadena_valor.productos == [
        "Servicio de asistencia técnica para la estructuración de proyectos",
        "Documento de lineamientos para la revisión de proyectos",
        "Servicio de revisión de proyectos antes de su radicación",
    ]
    assert script.state.field == "cadena_valor.resultados_intermedios"


def test_listo_at_a_warning_keeps_the_items_instead_of_dropping_them(script: Script) -> None:
    script.answer_until("cadena_valor.productos")
    script.say(PRODUCTS)
    script.say("listo")
    assert len(script.ficha.cadena_valor.productos) == 3
    assert script.state.field == "cadena_valor.resultados_intermedios"


def test_an_accepted_warning_is_not_asked_again_at_the_final_check(script: Script) -> None:
    script.answer_until("cadena_valor.productos")
    script.say(PRODUCTS)
    script.say("sí")
    key = next(k for k in script.state.acknowledged if k.startswith("CHAIN-PRODUCT-NOUN"))
    script.answer_until("avance_diseno.modalidades")
    script.say("3; 4\nlisto")
    assert script.state.mode is Mode.CONFIRM_SUBMIT, script.last.reply
    assert "Advertencia" not in script.last.reply.split("Validación")[0]
    assert key in script.state.acknowledged


def test_an_accepted_warning_comes_back_when_its_field_changes(script: Script) -> None:
    script.answer_until("problema.evidencia")
    script.say("Muchos proyectos se devuelven")
    script.say("sí")
    assert any(k.startswith("PROB-EVIDENCE") for k in script.state.acknowledged)
    script.say("corrige la evidencia: Los alcaldes dicen que los proyectos se devuelven")
    assert script.state.mode is Mode.CONFIRM_WARNING
    assert "La evidencia no cita datos" in script.last.reply


@pytest.mark.parametrize(
    ("command", "expected", "said"),
    [
        ("quitar 2", ["Uno", "Tres"], "Quité el elemento 2 («Dos»)"),
        ("reemplazar 3 por Cuatro", ["Uno", "Dos", "Cuatro"], "Reemplacé el elemento 3"),
        ("cambia el 1: Cero", ["Cero", "Dos", "Tres"], "por «Cero»"),
        ("mover 3 a 1", ["Tres", "Uno", "Dos"], "Moví «Tres» a la posición 1"),
    ],
)
def test_one_item_of_a_stored_list_can_be_removed_replaced_or_moved(
    script: Script, command: str, expected: list[str], said: str
) -> None:
    script.answer_until("alineacion.metas_dnp")
    script.say("Uno\nDos\nTres")
    assert script.ficha.alineacion.metas_dnp == ["Uno", "Dos", "Tres"]
    script.say("cambiar las metas")
    assert script.state.field == "alineacion.metas_dnp"
    assert "1. Uno" in script.last.reply and "quitar 2" in script.last.reply
    reply = script.say(command)
    assert said in reply
    assert script.ficha.alineacion.metas_dnp == expected


def test_an_option_being_collected_can_be_removed_before_closing(script: Script) -> None:
    script.answer_until("alineacion.areas_tematicas")
    script.say("2")
    script.say("4")
    assert len(script.state.buffers["alineacion.areas_tematicas"]) == 2
    script.say("quitar 1")
    script.say("ya está")
    assert script.ficha.alineacion.areas_tematicas == [
        "Técnicas de administración y gerencia del ciclo de la gestión territorial"
    ]


def test_a_position_outside_the_list_is_explained(script: Script) -> None:
    script.answer_until("alineacion.areas_tematicas")
    script.say("2")
    reply = script.say("quitar 5")
    assert "no hay un elemento 5" in reply
    assert script.state.buffers["alineacion.areas_tematicas"] == ["Gestión de la inversión pública"]


# -- choices and loose input -------------------------------------------------------------------
def test_a_repeated_choice_is_refused_and_named(script: Script) -> None:
    script.answer_until("alineacion.areas_tematicas")
    script.say("2")
    reply = script.say("gestión de la inversión pública")
    assert "Ya estaba en la lista, no lo repito: «Gestión de la inversión pública»" in reply
    script.say("4")
    script.say("ya está")
    assert script.ficha.alineacion.areas_tematicas == [
        "Gestión de la inversión pública",
        "Técnicas de administración y gerencia del ciclo de la gestión territorial",
    ]


@pytest.mark.parametrize(
    ("field", "answer", "echo"),
    [
        ("vigencia", "el próximo año", "Vigencia: 2027."),
        ("subdireccion_general", "la de regalias", "Subdirección General del Sistema General"),
        ("lider_tecnico.correo", "mi correo es cmendez@dnp.gov.co", "cmendez@dnp.gov.co."),
        ("ciclo_valor_publico.momentos", "planeacion y seguimiento", "Planificación; Seguimiento"),
    ],
)
def test_a_value_read_from_loose_words_is_said_back(
    script: Script, field: str, answer: str, echo: str
) -> None:
    script.answer_until(field)
    reply = script.say(answer)
    assert "Anotado:" in reply and echo in reply, reply


def test_the_word_planeacion_is_the_policy_s_own_for_the_planning_moment(script: Script) -> None:
    script.answer_until("ciclo_valor_publico.momentos")
    script.say("planeación\nlisto")
    assert script.ficha.ciclo_valor_publico.momentos == ["Planificación"]


def test_a_comma_list_names_the_item_that_is_not_an_option(script: Script) -> None:
    script.answer_until("avance_diseno.modalidades")
    reply = script.say("capacitación, asesoría y acompañamiento")
    assert "«acompañamiento» no es una modalidad" in reply
    assert "«capacitación»" not in reply.split("✗")[1].split("Use una")[0]


# -- the pure edits ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("message", "edit"),
    [
        ("quitar 2", ListEdit(EditKind.REMOVE, 2)),
        ("Borra el elemento 3.", ListEdit(EditKind.REMOVE, 3)),
        (
            "reemplazar 1 por Servicio de asesoría",
            ListEdit(EditKind.REPLACE, 1, "Servicio de asesoría"),
        ),
        ("mueve el 4 a la posición 1", ListEdit(EditKind.MOVE, 4, to=1)),
        ("Quitar la barrera de acceso", None),
        ("Realizar 2 talleres", None),
    ],
)
def test_edit_commands_are_read_only_when_they_are_commands(
    message: str, edit: ListEdit | None
) -> None:
    assert read_edit(message) == edit


def test_apply_edit_refuses_a_missing_position() -> None:
    with pytest.raises(ValueError, match="no hay un elemento 4"):
        apply_edit(["a", "b"], ListEdit(EditKind.REMOVE, 4))


@pytest.mark.parametrize(
    ("positions", "new", "expected"),
    [
        ([2], ["C2"], ["a", "b", "C2", "d"]),
        ([0, 3], ["A2", "D2"], ["A2", "b", "c", "D2"]),
        ([1], ["B1", "B2"], ["a", "B1", "B2", "c", "d"]),
        ([1, 2], ["X"], ["a", "X", "d"]),
    ],
)
def test_splice_replaces_only_the_items_pointed_at(
    positions: list[int], new: list[str], expected: list[str]
) -> None:
    assert splice(["a", "b", "c", "d"], positions, new) == expected


# -- keeping a flagged statement with a justification DER sees ------------------------------------
DEFECT = "Los proyectos no tienen una estrategia de sostenibilidad, por lo que el OCAD los devuelve"


def test_a_justifiable_error_can_be_kept_with_a_written_reason(
    script: Script, engine: RulesEngine
) -> None:
    script.answer_until("problema.enunciado")
    reply = script.say(DEFECT)
    assert (
        "redactado como la ausencia de una solución" in reply and "«justificar: <por qué>»" in reply
    )
    assert "PROB-NEGATIVE" not in reply
    assert script.ficha.problema.enunciado is None
    reply = script.say("justificar: corto")
    assert "una o dos oraciones" in reply and script.ficha.problema.enunciado is None
    reason = "Es un defecto de los proyectos radicados, no una oferta del DNP que falte."
    reply = script.say(f"justificar: {reason}")
    assert "la DER la verá" in reply
    assert script.ficha.problema.enunciado == DEFECT
    assert script.state.field == "problema.evidencia"
    report = engine.validate(script.ficha)
    (finding,) = [f for f in report.findings if f.rule_id == "PROB-NEGATIVE"]
    assert not finding.is_error and finding.justification == reason
    assert reason in finding.message and finding not in report.pending_warnings()


def test_a_justification_stops_applying_when_the_statement_changes(
    script: Script, engine: RulesEngine
) -> None:
    script.answer_until("problema.enunciado")
    script.say(DEFECT)
    script.say("justificar: Es un defecto de los proyectos radicados, no una oferta que falte.")
    script.say("corrige el problema: No existe una guía para formular proyectos municipales")
    assert script.ficha.problema.enunciado == DEFECT
    assert "redactado como la ausencia de una solución" in script.last.reply
    # The rejected new version never replaced the kept one, whose justification still holds.
    assert not [f for f in engine.validate(script.ficha).errors if f.rule_id == "PROB-NEGATIVE"]
    changed = with_fields(
        script.ficha, problema__enunciado="No existe una guía para los proyectos municipales"
    )
    assert any(f.rule_id == "PROB-NEGATIVE" for f in engine.validate(changed).errors)


def test_a_rule_that_is_not_justifiable_cannot_be_kept(script: Script) -> None:
    script.answer_until("problema.enunciado")
    reply = script.say("Mejorar la ejecución de los recursos del SGR en los municipios")
    assert "empieza como un objetivo" in reply and "justificar" not in reply
    script.say("justificar: porque así lo pide la dirección y es lo que queremos lograr")
    assert script.ficha.problema.enunciado != "Mejorar la ejecución de los recursos del SGR"
