"""Scripted conversations: the dependencia comes from the user's unit and loose answers about
it are resolved (or asked again), and typed lists are cut as each field declares."""

from __future__ import annotations

import pytest

from intake import RulesEngine
from intake.conversation.machine import IntakeConversation
from intake.conversation.parsing import split_items
from intake.conversation.responsible_unit import initials, read_unit
from intake.conversation.state import Mode
from intake.ficha import Ficha
from intake.fields import FIELDS, FieldKind, ItemStyle
from tests.intake.test_conversation import FakeAdvisor, Script

DDFF = "Dirección de Descentralización y Fortalecimiento Fiscal"


@pytest.fixture
def conversation(engine: RulesEngine) -> IntakeConversation:
    return IntakeConversation(engine=engine, advisor=FakeAdvisor(), current_year=2026)


def _script(conversation: IntakeConversation, unit: str | None) -> Script:
    """A conversation opened as `IntakeSessions.start` opens it for a user of ``unit``."""
    ficha, line = conversation.prefill(Ficha(id="F-PRUEBA01"), unit)
    script = Script(conversation, ficha)
    script.state = conversation.begin("F-PRUEBA01", ficha, unit=unit)
    script.last = conversation.opening(script.state, ficha, intro=line or "Hola")
    script.state = script.last.state
    return script


# -- the dependencia -----------------------------------------------------------------------------
def test_the_known_unit_fills_the_dependencia_says_so_and_is_not_asked(
    conversation: IntakeConversation,
) -> None:
    script = _script(conversation, DDFF)
    assert f"Dependencia: {DDFF} (la de su usuario)" in script.last.reply
    assert "«cambiar dependencia»" in script.last.reply
    assert script.ficha.dependencia == DDFF
    script.say("Acompañamiento a la estructuración de proyectos de inversión del SGR")
    assert script.state.field == "subdireccion_general"


def test_the_prefilled_dependencia_can_be_changed(conversation: IntakeConversation) -> None:
    script = _script(conversation, DDFF)
    reply = script.say("cambiar dependencia: Grupo de Proyectos de Regalías")
    assert script.ficha.dependencia == "Grupo de Proyectos de Regalías"
    assert "Dependencia responsable: Grupo de Proyectos de Regalías." in reply


@pytest.mark.parametrize("answer", ["la misma", "la misma, DDFF", "somos la DDFF", "DDFF"])
def test_a_loose_answer_resolves_to_the_real_name_of_the_known_unit(
    conversation: IntakeConversation, answer: str
) -> None:
    script = _script(conversation, DDFF)
    script.say("cambiar dependencia")
    reply = script.say(answer)
    assert script.ficha.dependencia == DDFF
    assert f"Dependencia responsable: {DDFF}." in reply  # echoed, not stored silently


def test_a_loose_answer_without_a_known_unit_is_asked_again_never_stored(
    conversation: IntakeConversation,
) -> None:
    script = _script(conversation, None)
    script.say("Acompañamiento a la estructuración de proyectos de inversión del SGR")
    assert script.state.field == "dependencia"
    reply = script.say("la misma")
    assert script.ficha.dependencia is None and script.state.field == "dependencia"
    assert "¿Cuál es su dependencia?" in reply and "«la misma»" in reply
    reply = script.say("la misma, DDFF")
    assert script.ficha.dependencia == "DDFF"
    assert "Dependencia responsable: DDFF." in reply


def test_a_plain_dependencia_is_kept_as_written() -> None:
    other = "Dirección de Programación de Inversiones Públicas"
    assert read_unit(other, DDFF) == (other, None)
    assert read_unit("Es la Dirección de Desarrollo Urbano", None) == (
        "Dirección de Desarrollo Urbano",
        None,
    )
    assert initials(DDFF) == "ddff"


def test_a_pasted_block_resolves_the_dependencia_too(conversation: IntakeConversation) -> None:
    script = _script(conversation, DDFF)
    script.say("Nombre: Laboratorio de analítica fiscal\nDependencia: la misma, DDFF")
    assert script.ficha.dependencia == DDFF


# -- cutting typed lists ------------------------------------------------------------------------
def test_each_list_field_declares_how_its_items_are_cut() -> None:
    styles = {f.id: f.items for f in FIELDS.values() if f.kind is FieldKind.LIST}
    assert styles["avance_diseno.modalidades"] is ItemStyle.LABELS
    assert styles["dependencias_corresponsables"] is ItemStyle.NAMES
    # Sentences keep their commas: a product or a goal is one item per line or «;».
    assert styles["cadena_valor.productos"] is ItemStyle.SENTENCES
    assert styles["alineacion.metas_dnp"] is ItemStyle.SENTENCES
    # «Recursos humanos, técnicos y financieros» is one input, not three.
    assert styles["cadena_valor.insumos"] is ItemStyle.SENTENCES


@pytest.mark.parametrize(
    ("text", "style", "items"),
    [
        ("capacitación, asesoría y acompañamiento", ItemStyle.LABELS, 3),
        ("Equipo (abogado, economista), MGA e información del SUIFP", ItemStyle.LABELS, 3),
        ("Recursos por 1,5 millones", ItemStyle.LABELS, 1),
        (f"{DDFF}, Dirección de Desarrollo Urbano", ItemStyle.NAMES, 2),
        ("Servicio de asesoría, con visitas y mesas técnicas", ItemStyle.SENTENCES, 1),
        ("uno; dos\ntres", ItemStyle.SENTENCES, 3),
    ],
)
def test_split_items_follows_the_fields_style(text: str, style: ItemStyle, items: int) -> None:
    assert len(split_items(text, style=style)[0]) == items


def test_modalidades_with_commas_and_y_name_the_one_bad_item(
    conversation: IntakeConversation,
) -> None:
    script = _script(conversation, DDFF)
    script.say("cambiar modalidades")
    reply = script.say("capacitación, asesoría y acompañamiento")
    assert "«acompañamiento»" in reply and script.state.mode is Mode.ASK
    assert "«capacitación, asesoría y acompañamiento»" not in reply
    assert script.ficha.avance_diseno.modalidades == []
    script.say("capacitación, asesoría y asistencia técnica remota")
    assert script.ficha.avance_diseno.modalidades == [
        "Capacitación",
        "Asesoría",
        "Asistencia técnica remota",
    ]


def test_corresponsables_are_cut_at_commas_but_not_at_the_y_of_a_name(
    conversation: IntakeConversation,
) -> None:
    script = _script(conversation, "Dirección de Desarrollo Urbano")
    script.say(f"cambiar dependencias corresponsables: {DDFF}, Dirección de Desarrollo Digital")
    assert script.ficha.dependencias_corresponsables == [DDFF, "Dirección de Desarrollo Digital"]


def test_a_product_with_commas_stays_one_item(conversation: IntakeConversation) -> None:
    script = _script(conversation, DDFF)
    product = "Servicio de asesoría técnica, con visitas y mesas, para estructurar proyectos"
    script.say(f"cambiar productos: {product}")
    assert script.ficha.cadena_valor.productos == [product]


def test_a_closed_list_cuts_at_commas_only_when_its_field_says_so(engine: RulesEngine) -> None:
    from intake.conversation.parsing import match_options

    options = engine.config.options_for("avance_diseno.modalidades")
    assert options is not None
    text = "capacitación, asesoría y acompañamiento"
    assert match_options(text, options)[0] == ["Capacitación", "Asesoría", "acompañamiento"]
    assert match_options(text, options, cut_commas=False)[0] == [text]
