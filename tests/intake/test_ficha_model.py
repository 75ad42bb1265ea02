"""The ficha model: drafts, field ids and order, Spanish labels, JSON Schema."""

from __future__ import annotations

import json

import pytest

from intake import FIELD_ORDER, FIELDS, STEPS, Ficha, FieldKind, ficha_json_schema, field_value
from intake.fields import fields_of_step, is_blank

EXPECTED_ORDER = (
    "nombre",
    "dependencia",
    "subdireccion_general",
    "lider_tecnico.nombre",
    "lider_tecnico.correo",
    "dependencias_corresponsables",
    "vigencia",
    "problema.enunciado",
    "problema.evidencia",
    "problema.tecnica_analisis",
    "alineacion.areas_tematicas",
    "alineacion.metas_dnp",
    "alineacion.contribucion",
    "cadena_valor.insumos",
    "cadena_valor.actividades",
    "cadena_valor.productos",
    "cadena_valor.resultados_intermedios",
    "cadena_valor.resultados_finales",
    "cadena_valor.impactos",
    "ciclo_valor_publico.momentos",
    "contexto.antecedentes",
    "contexto.justificacion",
    "avance_diseno.tipos_capacidad",
    "avance_diseno.modalidades",
)


def test_field_ids_and_canonical_order() -> None:
    assert FIELD_ORDER == EXPECTED_ORDER
    assert [FIELDS[f].position for f in FIELD_ORDER] == list(range(len(FIELD_ORDER)))


def test_every_field_has_a_spanish_label_and_help() -> None:
    for spec in FIELDS.values():
        assert spec.label and spec.label != spec.id, spec.id
        assert len(spec.help) > 20, spec.id
    assert FIELDS["problema.enunciado"].label == "Enunciado del problema"
    assert "ausencia de su solución" in FIELDS["problema.enunciado"].help
    assert (
        FIELDS["cadena_valor.actividades"].full_label == "Cadena de valor › Actividades (procesos)"
    )
    assert FIELDS["lider_tecnico.correo"].group == "identificacion"


def test_fields_know_their_paso_and_kind() -> None:
    assert [s.id for s in fields_of_step(2)] == [
        "problema.enunciado",
        "problema.evidencia",
        "problema.tecnica_analisis",
    ]
    assert FIELDS["vigencia"].step == 3 and FIELDS["vigencia"].kind is FieldKind.NUMBER
    assert FIELDS["cadena_valor.impactos"].kind is FieldKind.LIST
    assert FIELDS["avance_diseno.modalidades"].stage == 2
    assert [s.number for s in STEPS] == [1, 2, 3, 4, 5, 6]


def test_an_empty_draft_is_a_valid_model() -> None:
    draft = Ficha()
    assert draft.version == 1
    assert all(is_blank(field_value(draft, f)) for f in FIELD_ORDER)


def test_draft_accepts_null_sections_and_single_texts_for_lists() -> None:
    ficha = Ficha.model_validate(
        {"problema": None, "cadena_valor": {"insumos": "Equipo técnico"}, "vigencia": "2026"}
    )
    assert ficha.problema.enunciado is None
    assert ficha.cadena_valor.insumos == ["Equipo técnico"]
    assert ficha.vigencia == 2026


def test_fields_can_be_set_one_by_one() -> None:
    draft = Ficha()
    draft.nombre = "  Kit de seguimiento  "
    draft.alineacion.areas_tematicas = "Planeación territorial"  # type: ignore[assignment]
    assert draft.nombre == "Kit de seguimiento"
    assert field_value(draft, "alineacion.areas_tematicas") == ["Planeación territorial"]


def test_json_schema_is_exportable_with_spanish_titles() -> None:
    schema = ficha_json_schema()
    json.dumps(schema)  # serializable
    assert schema["$schema"].endswith("2020-12/schema")
    assert schema["title"] == "Ficha de pre-diseño de productos o servicios de ATT"
    assert schema["additionalProperties"] is False
    assert schema["properties"]["nombre"]["title"] == "Nombre del producto o servicio de ATT"
    assert schema["properties"]["nombre"]["paso"] == 1
    problem = schema["$defs"]["Problema"]
    assert problem["properties"]["enunciado"]["title"] == "Enunciado del problema"
    assert problem["description"].startswith("Paso 2")
    chain = schema["$defs"]["CadenaValor"]["properties"]
    assert list(chain) == [f.split(".")[1] for f in EXPECTED_ORDER if f.startswith("cadena_valor.")]


@pytest.mark.parametrize("field_id", EXPECTED_ORDER)
def test_schema_describes_every_field(field_id: str) -> None:
    schema = ficha_json_schema()
    node = schema
    for part in field_id.split("."):
        prop = node["properties"][part]
        node = schema["$defs"][prop["$ref"].split("/")[-1]] if "$ref" in prop else prop
    assert node["title"] == FIELDS[field_id].label
    assert node["description"] == FIELDS[field_id].help
