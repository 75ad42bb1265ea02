"""The rules file: shipped content, configuration without code, and malformed files refused."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from intake import (
    Ficha,
    RulesConfig,
    RulesConfigError,
    RulesEngine,
    default_rules_path,
    load_rules,
    parse_rules,
)
from tests.intake.factories import valid_ficha, with_fields

SHIPPED: dict[str, Any] = yaml.safe_load(default_rules_path().read_text(encoding="utf-8"))


def _rule(data: dict[str, Any], rule_id: str) -> dict[str, Any]:
    return next(r for r in data["reglas"] if r["id"] == rule_id)


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "reglas.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- shipped content --------------------------------------------------------------------------


def test_shipped_lists_match_the_policy(rules: RulesConfig) -> None:
    areas = [i.name for i in rules.lists["areas_tematicas"].items]
    assert len(areas) == 7
    assert areas[0] == "Planeación territorial"
    assert "Incentivos a la gestión local y regional" in areas
    subdirecciones = {i.code: i.name for i in rules.lists["subdirecciones_generales"].items}
    assert subdirecciones == {
        "SGPDN": "Subdirección General de Prospectiva y Desarrollo Nacional",
        "SGSGR": "Subdirección General del Sistema General de Regalías",
        "SGISE": "Subdirección General de Inversiones, Seguimiento y Evaluación",
        "SGDDT": "Subdirección General de Descentralización y Desarrollo Territorial",
    }
    moments = [i.name for i in rules.lists["momentos_ciclo"].items]
    assert moments == [
        "Planificación",
        "Ejecución",
        "Seguimiento",
        "Evaluación",
        "Control",
        "Rendición de cuentas",
    ]
    assert len(rules.lists["modalidades"].items) == 5
    assert [i.name for i in rules.lists["tipos_capacidad"].items] == [
        "Administrativas",
        "Políticas",
        "Institucionales",
    ]


def test_every_rule_has_message_reference_and_known_fields(rules: RulesConfig) -> None:
    for rule in rules.rules:
        assert rule.reference, rule.id
        assert all(rule.message_for(o) for o in rule.check.outcomes()), rule.id


def test_options_for_a_field_come_from_the_rules(rules: RulesConfig) -> None:
    options = rules.options_for("avance_diseno.modalidades")
    assert options is not None and options.name == "modalidades"
    assert rules.options_for("nombre") is None
    assert rules.display_value("subdireccion_general", "sgddt").startswith("SGDDT — Subdirección")


# --- configuration changes need no code ------------------------------------------------------


def test_changing_a_threshold_in_the_file_changes_validation(tmp_path: Path) -> None:
    data = copy.deepcopy(SHIPPED)
    _rule(data, "NAME-LENGTH")["parametros"]["maximo"] = 5
    engine = RulesEngine.from_file(_write(tmp_path, data))
    found = [f for f in engine.validate(valid_ficha()).findings if f.rule_id == "NAME-LENGTH"]
    assert len(found) == 1
    assert "redúzcalo a 5" in found[0].message


def test_changing_a_list_and_a_message_in_the_file(tmp_path: Path) -> None:
    data = copy.deepcopy(SHIPPED)
    data["listas"]["momentos_ciclo"]["valores"].append("Diseño")
    _rule(data, "CYCLE-MOMENT")["mensajes"]["fuera_de_lista"] = "Momento «{valor}» no admitido."
    engine = RulesEngine.from_file(_write(tmp_path, data))
    ficha = with_fields(valid_ficha(), ciclo_valor_publico__momentos=["Diseño", "Otro"])
    found = [f for f in engine.validate(ficha).findings if f.rule_id == "CYCLE-MOMENT"]
    assert [f.message for f in found] == ["Momento «Otro» no admitido."]


def test_a_rule_can_be_switched_off(tmp_path: Path) -> None:
    data = copy.deepcopy(SHIPPED)
    _rule(data, "REQ-NOMBRE")["activa"] = False
    engine = RulesEngine.from_file(_write(tmp_path, data))
    assert "REQ-NOMBRE" not in {r.id for r in engine.config.rules}
    assert "REQ-NOMBRE" not in {f.rule_id for f in engine.validate(Ficha()).findings}


# --- malformed files -----------------------------------------------------------------------


@dataclass(frozen=True)
class Broken:
    """A change that breaks one rule, and words the error message must contain."""

    name: str
    rule_id: str
    change: dict[str, Any]
    expected: tuple[str, ...]


BROKEN = [
    Broken(
        "tipo_desconocido", "PROB-EVIDENCE", {"tipo": "cita_datos"}, ("no existe", "cita_datos")
    ),
    Broken(
        "severidad_invalida", "NAME-ACRONYM", {"severidad": "critica"}, ("critica", "advertencia")
    ),
    Broken(
        "regex_invalida",
        "PROB-OBJECTIVE",
        {"parametros": {"patrones": ["^(fortalecer"]}},
        ("expresión regular no válida",),
    ),
    Broken("sin_mensaje", "LEADER-EMAIL", {"mensaje": None}, ("falta «mensaje»",)),
    Broken("mensaje_vacio", "LEADER-EMAIL", {"mensaje": "  "}, ("está vacío",)),
    Broken("campo_desconocido", "REQ-NOMBRE", {"campos": ["nombres"]}, ("nombres", "no existe")),
    Broken(
        "campo_de_otro_tipo",
        "VIGENCIA-RANGE",
        {"campos": ["nombre"]},
        ("nombre", "rango_numerico"),
    ),
    Broken("lista_desconocida", "ALIGN-AREA", {"parametros": {"lista": "areas"}}, ("«areas»",)),
    Broken(
        "marcador_desconocido",
        "LEADER-EMAIL",
        {"mensaje": "Correo {correo} no válido"},
        ("{correo}", "disponibles"),
    ),
    Broken(
        "parametro_desconocido",
        "CONTEXT-LENGTH",
        {"parametros": {"minimo": 200, "maximo": 900}},
        ("maximo", "no es un campo reconocido"),
    ),
    Broken(
        "parametro_de_tipo_incorrecto",
        "NAME-DUPLICATE",
        {"parametros": {"umbral": "alto"}},
        ("umbral", "número"),
    ),
    Broken(
        "vocabulario_desconocido",
        "PROB-EVIDENCE",
        {"parametros": {"patrones": ["{{cifras}}"]}},
        ("{{cifras}}", "vocabularios"),
    ),
    Broken("sin_referencia", "CHAIN-COMPLETE", {"referencia": ""}, ("referencia",)),
    Broken(
        "resultado_desconocido",
        "NAME-LENGTH",
        {"severidades": {"enorme": "advertencia"}},
        ("enorme", "corto, largo"),
    ),
    Broken("clave_desconocida", "REQ-METAS", {"severity": "error"}, ("severity",)),
    Broken(
        "minimo_mayor_que_maximo",
        "NAME-LENGTH",
        {"parametros": {"minimo": 9, "maximo": 3}},
        ("mayor",),
    ),
]


@pytest.mark.parametrize("broken", BROKEN, ids=lambda b: b.name)
def test_malformed_rule_is_refused_naming_the_rule(broken: Broken) -> None:
    data = copy.deepcopy(SHIPPED)
    rule = _rule(data, broken.rule_id)
    for key, value in broken.change.items():
        if value is None:
            rule.pop(key, None)
        else:
            rule[key] = value
    with pytest.raises(RulesConfigError) as caught:
        parse_rules(data, source="reglas.yaml")
    message = caught.value.message
    assert f"Regla «{broken.rule_id}»" in message
    for words in broken.expected:
        assert words in message, message
    assert "reglas.yaml" in message


def test_all_problems_are_listed_at_once() -> None:
    data = copy.deepcopy(SHIPPED)
    _rule(data, "REQ-NOMBRE")["tipo"] = "nada"
    _rule(data, "NAME-ACRONYM")["severidad"] = "grave"
    with pytest.raises(RulesConfigError) as caught:
        parse_rules(data)
    assert "2 problemas" in caught.value.message
    assert "Regla «REQ-NOMBRE»" in caught.value.message
    assert "Regla «NAME-ACRONYM»" in caught.value.message


def test_duplicate_rule_id_is_refused() -> None:
    data = copy.deepcopy(SHIPPED)
    data["reglas"].append(copy.deepcopy(_rule(data, "REQ-NOMBRE")))
    with pytest.raises(RulesConfigError, match="REQ-NOMBRE.*repetido"):
        parse_rules(data)


def test_rule_without_id_is_named_by_position() -> None:
    data = copy.deepcopy(SHIPPED)
    del data["reglas"][0]["id"]
    with pytest.raises(RulesConfigError, match=r"Regla n\.º 1 \(sin id\)"):
        parse_rules(data)


def test_malformed_yaml_is_refused_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "reglas.yaml"
    path.write_text(
        "version: 1\nreglas:\n  - id: REQ-NOMBRE\n    campos: [nombre\n", encoding="utf-8"
    )
    with pytest.raises(RulesConfigError, match=r"no es YAML válido \(línea \d+"):
        load_rules(path)


def test_missing_rules_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RulesConfigError, match="No se encontró el archivo de reglas"):
        load_rules(tmp_path / "no_existe.yaml")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ([1, 2], "debe ser un documento YAML"),
        ({"version": 1}, "«reglas»"),
        ({"reglas": [], "extra": 1}, "claves desconocidas: extra"),
        ({"listas": {"x": {"valores": []}}, "reglas": []}, "Lista «x»"),
        ({"vocabularios": {"v": "texto"}, "reglas": []}, "Vocabulario «v»"),
    ],
)
def test_malformed_document_is_refused(data: Any, expected: str) -> None:
    with pytest.raises(RulesConfigError, match=expected):
        parse_rules(data)
