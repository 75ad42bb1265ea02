"""The exact message of every value rule of the shipped file, with its values filled in.

`test_rules_data.py` checks when a rule fires; this checks what the person reads: the rule's
template for that outcome with each placeholder filled with the value the test computes on its
own (the year, the bounds, the allowed values, the word count…), never left blank.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from intake import RulesEngine, load_rules
from intake.fields import FIELDS, FieldKind
from intake.rules.checks.presence import MinItems, Required
from intake.rules.checks.values import (
    Capitals,
    Email,
    Enumeration,
    MinLength,
    NumberRange,
    WordCount,
)
from intake.rules.rule_set import Rule
from tests.intake.conftest import FIXED_NOW
from tests.intake.factories import valid_ficha, with_field

RULES = load_rules()


def _bound(value: float | None) -> str:
    return "" if value is None else str(int(value))


def _cases() -> Iterator[Any]:
    """(rule, field, value written, outcome, placeholder values) for one breaking input."""
    for rule in RULES.rules:
        check, field_id = rule.check, rule.fields[0]
        as_list = FIELDS[field_id].kind is FieldKind.LIST
        if isinstance(check, NumberRange):
            low = int(check.minimum or 0) - 1
            values = {
                "valor": low,
                "minimo": _bound(check.minimum),
                "maximo": _bound(check.maximum),
            }
            yield rule, field_id, low, "fuera_de_rango", values, None
        elif isinstance(check, WordCount) and check.maximum:
            text = " ".join(["palabra"] * (check.maximum + 1))
            values = {
                "palabras": check.maximum + 1,
                "minimo": check.minimum or "",
                "maximo": check.maximum,
            }
            yield rule, field_id, text, "largo", values, None
        elif isinstance(check, Email):
            text = "Carolina Mendez cmendez@dnp.gov.co"
            yield rule, field_id, text, "invalido", {"valor": text, "elemento": text}, None
        elif isinstance(check, Capitals):
            text = "PASE SGR"
            yield rule, field_id, text, "solo_mayusculas", {"valor": text, "elemento": text}, None
        elif isinstance(check, MinLength):
            text = "Muy corto."
            values = {"caracteres": len(text), "minimo": check.minimum, "elemento": text}
            value: Any = [text] if as_list else text
            yield rule, field_id, value, "corto", values, 0 if as_list else None
        elif isinstance(check, Enumeration):
            common = {"permitidos": check.values.allowed_text, "lista": check.values.title}
            first = check.values.items[0].code
            text = "Valor inventado"
            if as_list:
                values = {**common, "valor": text, "elemento": text, "posicion": 2}
                yield rule, field_id, [first, text], "fuera_de_lista", values, 1
                if check.minimum:
                    values = {**common, "minimo": check.minimum}
                    yield rule, field_id, [], "vacio", values, None
            else:
                values = {**common, "valor": text, "elemento": text}
                yield rule, field_id, text, "fuera_de_lista", values, None
        elif isinstance(check, MinItems):
            values = {"minimo": check.minimum, "cantidad": 0}
            yield rule, field_id, [], "insuficiente", values, None
        elif isinstance(check, Required) and not as_list:
            yield rule, field_id, None, "vacio", {}, None


CASES = list(_cases())


def _expected(rule: Rule, field_id: str, outcome: str, values: dict[str, Any]) -> str:
    filled = {"campo": FIELDS[field_id].label, "elemento": "", "posicion": ""} | values
    return rule.message_for(outcome).format(**filled)


@pytest.mark.parametrize(
    ("rule", "field_id", "value", "outcome", "values", "item"),
    CASES,
    ids=[f"{c[0].id}-{c[3]}" for c in CASES],
)
def test_the_message_a_person_reads(
    engine: RulesEngine,
    rule: Rule,
    field_id: str,
    value: Any,
    outcome: str,
    values: dict[str, Any],
    item: int | None,
) -> None:
    ficha = with_field(valid_ficha(), field_id, value)
    found = [f for f in engine.validate(ficha).findings if f.rule_id == rule.id]
    assert [(f.field, f.item) for f in found] == [(field_id, item)]
    (finding,) = found
    assert finding.message == _expected(rule, field_id, outcome, values)
    assert finding.severity is rule.severity_for(outcome)
    assert finding.key.startswith(f"{rule.id}@{field_id}")


def test_every_value_check_of_the_file_has_a_message_case() -> None:
    covered = {c[0].id for c in CASES}
    value_rules = {
        r.id
        for r in RULES.rules
        if isinstance(r.check, NumberRange | Email | Capitals | MinLength | Enumeration | MinItems)
    }
    assert value_rules <= covered


@pytest.mark.parametrize(
    ("check", "outcomes"),
    [
        (NumberRange(minimum=1, maximum=2), ("fuera_de_rango",)),
        (Email(), ("invalido",)),
        (Capitals(), ("solo_mayusculas",)),
        (MinLength(minimum=3), ("corto",)),
        (WordCount(minimum=1, maximum=3), ("corto", "largo")),
        (WordCount(minimum=1), ("corto",)),
        (WordCount(maximum=3), ("largo",)),
        (MinItems(minimum=1), ("insuficiente",)),
        (Required(), ("vacio",)),
    ],
    ids=lambda v: type(v).__name__ if not isinstance(v, tuple) else "-".join(v),
)
def test_outcome_names_are_the_contract_of_the_rules_file(check: Any, outcomes: tuple) -> None:
    """``mensajes`` and ``severidades`` in the file are keyed by these names."""
    assert check.outcomes() == outcomes


def test_an_enumeration_with_a_minimum_also_reports_an_empty_list() -> None:
    (rule,) = [r for r in RULES.rules if isinstance(r.check, Enumeration) and r.check.minimum]
    assert rule.check.outcomes() == ("fuera_de_lista", "vacio")
    unbounded = [r for r in RULES.rules if isinstance(r.check, Enumeration) and not r.check.minimum]
    assert all(r.check.outcomes() == ("fuera_de_lista",) for r in unbounded)


def test_an_unknown_list_is_refused_naming_the_known_ones() -> None:
    from intake.rules.checks.base import CheckEnv

    with pytest.raises(ValueError, match=r"la lista «otra» no existe en «listas» \(hay: ninguna\)"):
        Enumeration.build({"lista": "otra"}, CheckEnv())
    env = CheckEnv(lists={"b": RULES.lists["modalidades"], "a": RULES.lists["tipos_capacidad"]})
    with pytest.raises(ValueError, match=r"\(hay: a, b\)"):
        Enumeration.build({"lista": "otra"}, env)
    built = Enumeration.build({"lista": "a", "minimo": 2}, env)
    assert built.values is RULES.lists["tipos_capacidad"] and built.minimum == 2


def _engine_for(rule: dict[str, Any]) -> RulesEngine:
    from intake.rules.config import parse_rules

    config = parse_rules({"version": "prueba", "reglas": [{"referencia": "Paso 1", **rule}]})
    return RulesEngine(config, clock=lambda: FIXED_NOW)


def test_a_per_outcome_message_is_used_for_a_required_field() -> None:
    engine = _engine_for(
        {
            "id": "REQ-X",
            "severidad": "error",
            "campos": ["nombre"],
            "tipo": "requerido",
            "mensajes": {"vacio": "Falta «{campo}»."},
        }
    )
    (finding,) = engine.validate(with_field(valid_ficha(), "nombre", " ")).findings
    assert finding.message == f"Falta «{FIELDS['nombre'].label}»."


@pytest.mark.parametrize(("items", "fires"), [(1, True), (2, False), (3, False)])
def test_a_list_minimum_read_from_the_file_on_both_sides(items: int, fires: bool) -> None:
    engine = _engine_for(
        {
            "id": "MIN-X",
            "severidad": "error",
            "campos": ["cadena_valor.insumos"],
            "tipo": "minimo_elementos",
            "parametros": {"minimo": 2},
            "mensajes": {"insuficiente": "{cantidad} de {minimo} en «{campo}»."},
        }
    )
    value = [f"Insumo {n}" for n in range(items)]
    findings = engine.validate(with_field(valid_ficha(), "cadena_valor.insumos", value)).findings
    label = FIELDS["cadena_valor.insumos"].label
    assert [f.message for f in findings] == ([f"{items} de 2 en «{label}»."] if fires else [])


@pytest.mark.parametrize(
    ("params", "year", "message"),
    [
        ({"minimo": 2020, "maximo": 2030}, 2019, "2019 fuera de [2020, 2030]"),
        ({"minimo": 2020, "maximo": 2030}, 2031, "2031 fuera de [2020, 2030]"),
        ({"minimo": 2020, "maximo": 2030}, 2020, None),
        ({"minimo": 2020, "maximo": 2030}, 2030, None),
        ({"maximo": 2030.5}, 2031, "2031 fuera de [, 2030.5]"),
        ({"maximo": 2030.5}, 1990, None),
        ({"minimo": 2020}, 2019, "2019 fuera de [2020, ]"),
        ({"minimo": 2020}, 2999, None),
    ],
)
def test_a_number_range_built_from_the_file(
    params: dict[str, float], year: int, message: str | None
) -> None:
    engine = _engine_for(
        {
            "id": "RANGO-X",
            "severidad": "error",
            "campos": ["vigencia"],
            "tipo": "rango_numerico",
            "parametros": params,
            "mensaje": "{valor} fuera de [{minimo}, {maximo}]",
        }
    )
    findings = engine.validate(with_field(valid_ficha(), "vigencia", year)).findings
    assert [f.message for f in findings] == ([message] if message else [])


@pytest.mark.parametrize(
    ("name", "fires"), [("SGR", False), ("SGRX", True), ("SGRX de Regalías", False)]
)
def test_the_capitals_minimum_built_from_the_file(name: str, fires: bool) -> None:
    engine = _engine_for(
        {
            "id": "MAYUS-X",
            "severidad": "advertencia",
            "campos": ["nombre"],
            "tipo": "mayusculas",
            "parametros": {"minimo_letras": 4},
            "mensaje": "«{valor}» en mayúsculas.",
        }
    )
    findings = engine.validate(with_field(valid_ficha(), "nombre", name)).findings
    assert [f.message for f in findings] == ([f"«{name}» en mayúsculas."] if fires else [])
