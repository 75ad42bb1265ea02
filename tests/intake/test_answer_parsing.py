"""Reading free-text answers and telling commands, corrections and questions apart."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from intake import RulesConfig
from intake.conversation.intent import Command, IntentKind, classify
from intake.conversation.parsing import (
    extract_email,
    is_finish,
    is_no,
    is_yes,
    match_option,
    match_options,
    parse_year,
    split_items,
)
from intake.conversation.prompts import PROMPTS, conversation_order, field_named
from intake.fields import FIELDS


@dataclass(frozen=True)
class Case:
    text: str
    expected: object


def test_every_field_has_a_prompt_and_the_order_follows_the_pasos() -> None:
    assert set(PROMPTS) == set(FIELDS)
    order = conversation_order()
    assert order[0] == "nombre" and order[-1] == "avance_diseno.modalidades"
    assert order.index("vigencia") > order.index("problema.tecnica_analisis")
    assert order.index("vigencia") < order.index("alineacion.areas_tematicas")


@pytest.mark.parametrize(
    "case",
    [
        Case("a; b", (["a", "b"], False)),
        Case("- uno\n• dos\n3. tres\nlisto", (["uno", "dos", "tres"], True)),
        Case(
            "1) Realizar talleres; 2) Diseñar la guía\nFin.",
            (["Realizar talleres", "Diseñar la guía"], True),
        ),
        Case("Meta 2026: aumentar 10 %", (["Meta 2026: aumentar 10 %"], False)),
    ],
)
def test_split_items(case: Case) -> None:
    assert split_items(case.text) == case.expected


@pytest.mark.parametrize(
    ("text", "lista", "code"),
    [
        ("SGDDT", "subdirecciones_generales", "SGDDT"),
        ("sgddt", "subdirecciones_generales", "SGDDT"),
        ("la de regalías", "subdirecciones_generales", "SGSGR"),
        ("opción 3", "subdirecciones_generales", "SGISE"),
        ("descentralizacion", "subdirecciones_generales", "SGDDT"),
        ("planeacion territorial", "areas_tematicas", "Planeación territorial"),
        (
            "fortalecimiento fiscal",
            "areas_tematicas",
            "Fortalecimiento fiscal y de los mecanismos de financiación territorial",
        ),
        ("rendicion de cuentas", "momentos_ciclo", "Rendición de cuentas"),
        ("planeacin territorial", "areas_tematicas", "Planeación territorial"),
    ],
)
def test_loose_options(rules: RulesConfig, text: str, lista: str, code: str) -> None:
    match = match_option(text, rules.lists[lista])
    assert match.item is not None and match.item.code == code


def test_unknown_and_ambiguous_options(rules: RulesConfig) -> None:
    assert match_option("salud", rules.lists["areas_tematicas"]).item is None
    assert match_option("9", rules.lists["subdirecciones_generales"]).item is None
    ambiguous = match_option("gestión", rules.lists["areas_tematicas"])
    assert ambiguous.item is None and len(ambiguous.candidates) == 3


def test_several_options_in_one_answer(rules: RulesConfig) -> None:
    areas = rules.lists["areas_tematicas"]
    values, notes, finished = match_options("1, 3 y 5", areas)
    assert [areas.find(v) is not None for v in values] == [True, True, True] and not notes
    values, notes, finished = match_options(
        "planeación territorial y gestión de la inversión pública\nlisto", areas
    )
    assert values == ["Planeación territorial", "Gestión de la inversión pública"] and finished
    values, notes, _ = match_options("Salud pública", areas)
    assert values == ["Salud pública"] and not notes
    _, notes, _ = match_options("asistencia técnica", rules.lists["modalidades"])
    assert "puede ser más de una opción" in notes[0]


def test_years_emails_and_yes_no() -> None:
    assert parse_year("la vigencia 2027", current_year=2026) == 2027
    assert parse_year("este año", current_year=2026) == 2026
    assert parse_year("el próximo año", current_year=2026) == 2027
    assert parse_year("pronto", current_year=2026) is None
    assert extract_email("mi correo es ana@dnp.gov.co.") == "ana@dnp.gov.co"
    assert extract_email("ana arroba dnp") == "ana arroba dnp"
    assert is_yes("Sí, envíela") and is_yes("acepto") and not is_yes("no")
    assert is_no("No, todavía no") and not is_no("noviembre")
    assert is_finish("Listo.") and is_finish("eso es todo") and not is_finish("listo el informe")


@pytest.mark.parametrize(
    ("text", "kind", "detail"),
    [
        ("resumen", IntentKind.COMMAND, Command.SUMMARY),
        ("Atrás", IntentKind.COMMAND, Command.BACK),
        ("saltar.", IntentKind.COMMAND, Command.SKIP),
        ("guardar y salir", IntentKind.COMMAND, Command.SAVE_AND_EXIT),
        ("Cancelar", IntentKind.COMMAND, Command.CANCEL),
        ("¿Por qué me pregunta esto?", IntentKind.WHY, None),
        ("y para qué sirve este dato", IntentKind.WHY, None),
        ("¿Qué es la cadena de valor?", IntentKind.QUESTION, None),
        ("explíqueme qué es un insumo", IntentKind.QUESTION, None),
        ("cambiar el nombre", IntentKind.CORRECTION, ("nombre", "")),
        (
            "corrige el problema: Baja ejecución de regalías",
            IntentKind.CORRECTION,
            ("problema.enunciado", "Baja ejecución de regalías"),
        ),
        ("cambiar la vigencia a 2027", IntentKind.CORRECTION, ("vigencia", "2027")),
        (
            "quiero modificar los resultados finales por Mayor ejecución",
            IntentKind.CORRECTION,
            ("cadena_valor.resultados_finales", "Mayor ejecución"),
        ),
        ("Los municipios presentan baja ejecución", IntentKind.ANSWER, None),
        ("listo", IntentKind.ANSWER, None),
    ],
)
def test_classify(text: str, kind: IntentKind, detail: object) -> None:
    intent = classify(text)
    assert intent.kind is kind
    if kind is IntentKind.COMMAND:
        assert intent.command is detail
    if kind is IntentKind.CORRECTION:
        assert (intent.field, intent.value) == detail


def test_field_names_prefer_the_longest_alias() -> None:
    assert field_named("resultados finales: x") == ("cadena_valor.resultados_finales", ": x")
    assert field_named("Correo del líder") == ("lider_tecnico.correo", "")
    assert field_named("algo que no es un campo") is None
