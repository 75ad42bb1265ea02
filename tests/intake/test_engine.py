"""The rules engine: reports, ordering, per-field validation, acknowledgements, resilience."""

from __future__ import annotations

import pytest

from intake import (
    FIELD_ORDER,
    Ficha,
    RulesConfig,
    RulesEngine,
    Severity,
    UnknownFieldError,
    load_examples,
)
from tests.intake.conftest import FIXED_NOW
from tests.intake.factories import valid_ficha, with_fields


@pytest.mark.parametrize("name", sorted(load_examples()))
def test_example_fichas_are_valid_without_findings(engine: RulesEngine, name: str) -> None:
    report = engine.validate(load_examples()[name])
    assert report.ok and not report.blocked
    assert report.findings == ()
    assert "Lista para enviar" in report.summary


def test_examples_cover_different_subdirecciones_and_areas() -> None:
    examples = load_examples().values()
    assert len(examples) >= 3
    assert len({f.subdireccion_general for f in examples}) >= 3
    assert len({a for f in examples for a in f.alineacion.areas_tematicas}) >= 4


def test_empty_draft_is_blocked_with_one_error_per_required_field(engine: RulesEngine) -> None:
    report = engine.validate(Ficha())
    assert report.blocked
    assert all(f.severity is Severity.ERROR for f in report.findings)
    assert {f.field for f in report.findings} == set(engine.required_fields())
    assert report.ficha_version == 1
    assert report.validated_at == FIXED_NOW


def test_findings_follow_the_field_order(engine: RulesEngine) -> None:
    ficha = with_fields(
        valid_ficha(),
        contexto__justificacion="Corta.",
        nombre="Kit",
        problema__enunciado="Falta de una guía para los municipios",
        cadena_valor__productos=["Capacitar funcionarios"],
        lider_tecnico__correo="sin-arroba",
    )
    report = engine.validate(ficha)
    positions = [FIELD_ORDER.index(f.field) for f in report.findings]
    assert positions == sorted(positions)
    assert [f.rule_id for f in report.findings] == [
        "NAME-LENGTH",
        "LEADER-EMAIL",
        "PROB-NEGATIVE",
        "CHAIN-PRODUCT-NOUN",
        "CONTEXT-LENGTH",
    ]
    assert [f.rule_id for f in report.errors] == ["NAME-LENGTH", "LEADER-EMAIL", "PROB-NEGATIVE"]


def test_warnings_alone_do_not_block_and_can_be_acknowledged(engine: RulesEngine) -> None:
    ficha = with_fields(
        valid_ficha(),
        cadena_valor__actividades=["Talleres de formulación", "Mesas técnicas de revisión"],
    )
    report = engine.validate(ficha)
    assert report.ok
    assert [f.item for f in report.warnings] == [0, 1]
    first, second = report.warnings
    assert first.key != second.key
    assert report.pending_warnings([first.key]) == (second,)
    assert report.pending_warnings([first.key, second.key]) == ()
    assert report.has_key(first.key)


def test_finding_keys_are_stable_across_validations(engine: RulesEngine) -> None:
    ficha = with_fields(valid_ficha(), cadena_valor__actividades=["Talleres de formulación"])
    again = with_fields(
        valid_ficha(),
        nombre="Otro nombre de producto",
        cadena_valor__actividades=["Diseñar la ruta", "Talleres de formulación"],
    )
    key = engine.validate(ficha).warnings[0].key
    moved = [f for f in engine.validate(again).warnings if f.rule_id == "CHAIN-ACTIVITY-VERB"]
    # Same rule, field and offending text: same key, even though the item moved.
    assert moved[0].key == key
    assert key.startswith("CHAIN-ACTIVITY-VERB@cadena_valor.actividades#")


def test_validate_field_runs_only_rules_reading_that_field(engine: RulesEngine) -> None:
    ficha = Ficha(nombre="X", problema={"enunciado": "No hay una plataforma de reporte"})
    name = engine.validate_field(ficha, "nombre")
    assert {f.rule_id for f in name} == {"NAME-LENGTH"}
    problem = engine.validate_field(ficha, "problema.enunciado")
    assert {f.rule_id for f in problem} == {"PROB-NEGATIVE", "PROB-TERRITORIAL"}
    assert engine.validate_field(ficha, "problema.tecnica_analisis") == []


def test_validate_field_includes_rules_that_compare_against_it(
    engine: RulesEngine, rules: RulesConfig
) -> None:
    ficha = with_fields(
        valid_ficha(),
        cadena_valor__resultados_finales=[
            "Documento de recomendaciones técnicas por proyecto revisado"
        ],
    )
    assert "CHAIN-DISTINCT" in {r.id for r in rules.rules_reading("cadena_valor.productos")}
    found = engine.validate_field(ficha, "cadena_valor.productos")
    assert [(f.rule_id, f.field) for f in found] == [
        ("CHAIN-DISTINCT", "cadena_valor.resultados_finales")
    ]


def test_validate_field_refuses_an_unknown_field(engine: RulesEngine) -> None:
    with pytest.raises(UnknownFieldError, match="nombres"):
        engine.validate_field(Ficha(), "nombres")


@pytest.mark.parametrize(
    "changes",
    [
        {"nombre": "🙂" * 500},
        {"problema__enunciado": "(" * 300 + "[falta de" + "\\" * 50},
        {"cadena_valor__actividades": ["", " ", "\n\t", "123", "—"]},
        {"alineacion__areas_tematicas": ["" for _ in range(50)]},
        {"vigencia": -1},
        {"contexto__antecedentes": "a" * 100_000},
    ],
)
def test_odd_content_gives_findings_never_exceptions(
    engine: RulesEngine, changes: dict[str, object]
) -> None:
    report = engine.validate(with_fields(valid_ficha(), **changes))
    assert report.skipped == () or {s.rule_id for s in report.skipped} == {"NAME-DUPLICATE"}


def test_without_embedder_the_duplicate_rule_is_reported_as_skipped(engine: RulesEngine) -> None:
    report = engine.validate(valid_ficha())
    assert [s.rule_id for s in report.skipped] == ["NAME-DUPLICATE"]
    assert "modelo de embeddings" in report.skipped[0].reason


def test_report_text_and_dict_are_spanish(engine: RulesEngine) -> None:
    report = engine.validate(with_fields(valid_ficha(), nombre="Kit"))
    text = report.to_text()
    assert text.startswith("Bloqueada: corrija los errores")
    assert "[ERROR] Nombre del producto o servicio de ATT" in text
    assert "[ERROR] NAME-LENGTH" not in text
    assert "Referencia: Lineamiento 2 > 2.2.3 > Etapa 1 > Paso 1" in text
    data = report.to_dict()
    assert data["ok"] is False and data["errores"] == 1
    assert data["hallazgos"][0]["regla"] == "NAME-LENGTH"
    assert data["hallazgos"][0]["severidad"] == "error"
    assert data["validada_en"] == FIXED_NOW.isoformat()


def test_messages_fill_their_placeholders(engine: RulesEngine) -> None:
    ficha = with_fields(valid_ficha(), alineacion__areas_tematicas=["Turismo"])
    (finding,) = [f for f in engine.validate(ficha).findings if f.rule_id == "ALIGN-AREA"]
    assert finding.message.startswith("«Turismo» no es una de las siete áreas temáticas")
    assert "Planeación territorial; Gestión de la inversión pública" in finding.message
    assert finding.field_label == "Alineación estratégica › Áreas temáticas"


def test_required_fields_come_from_the_rules(engine: RulesEngine) -> None:
    required = engine.required_fields()
    assert "nombre" in required and "cadena_valor.impactos" in required
    assert "ciclo_valor_publico.momentos" in required
    assert "problema.tecnica_analisis" not in required
    assert "avance_diseno.modalidades" not in required
    assert list(required) == [f for f in FIELD_ORDER if f in required]
