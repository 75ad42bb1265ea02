"""The rules engine: reports, ordering, per-field validation, acknowledgements, resilience."""

from __future__ import annotations

import pytest
import yaml

from intake import (
    FIELD_ORDER,
    Ficha,
    Finding,
    RulesConfig,
    RulesEngine,
    Severity,
    UnknownFieldError,
    default_rules_path,
    load_examples,
    load_rules,
    parse_rules,
)
from intake.ficha import Justificacion
from intake.rules.checks.base import text_hash
from intake.rules.duplicates import DuplicateIndex, PortfolioEntry
from tests.fakes.embedder import FakeEmbedder
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


# --- what a finding says -----------------------------------------------------------------------


def _only(report_findings: list[Finding] | tuple[Finding, ...], rule_id: str) -> Finding:
    (finding,) = [f for f in report_findings if f.rule_id == rule_id]
    return finding


@pytest.mark.parametrize(
    ("length", "quoted"),
    [(120, "Taller " + "x" * 113), (121, "Taller " + "x" * 112 + "…")],
)
def test_a_long_item_is_quoted_up_to_120_characters(
    engine: RulesEngine, length: int, quoted: str
) -> None:
    item = "Taller  " + "x" * (length - 7)  # the double space collapses: `length` characters
    ficha = with_fields(valid_ficha(), cadena_valor__actividades=["Realizar mesas", item])
    finding = _only(engine.validate(ficha).findings, "CHAIN-ACTIVITY-VERB")
    assert finding.message.startswith(f"La actividad 2 («{quoted}») no empieza con un verbo")
    assert finding.item == 1
    assert finding.key == f"CHAIN-ACTIVITY-VERB@cadena_valor.actividades#{text_hash(item)}"


def test_a_cut_quote_drops_the_trailing_space_before_the_ellipsis() -> None:
    engine = RulesEngine(load_rules(), clock=lambda: FIXED_NOW)
    item = "Taller" + " " + "x" * 111 + " " + "y" * 10  # the cut falls right after a space
    ficha = with_fields(valid_ficha(), cadena_valor__actividades=[item])
    finding = _only(engine.validate(ficha).findings, "CHAIN-ACTIVITY-VERB")
    assert f"(«Taller {'x' * 111}…»)" in finding.message


def test_a_single_value_finding_has_a_plain_key_and_no_position(engine: RulesEngine) -> None:
    finding = _only(
        engine.validate(with_fields(valid_ficha(), nombre="Kit")).findings, "NAME-LENGTH"
    )
    assert (finding.key, finding.item, finding.field) == ("NAME-LENGTH@nombre", None, "nombre")
    assert finding.reference.startswith("Lineamiento 2 > 2.2.3 > Etapa 1 > Paso 1")
    assert finding.severity is Severity.ERROR


NEGATIVE = "Falta de una guía para los municipios de categoría 6"


def _justified(
    rule: str = "PROB-NEGATIVE", field: str = "problema.enunciado", value: str = NEGATIVE
) -> Ficha:
    ficha = with_fields(valid_ficha(), problema__enunciado=NEGATIVE)
    return ficha.model_copy(
        update={
            "justificaciones": [
                Justificacion(regla=rule, campo=field, valor=value, texto="Es un estado real.")
            ]
        }
    )


def test_a_justified_error_becomes_a_warning_that_quotes_the_justification(
    engine: RulesEngine,
) -> None:
    report = engine.validate(_justified())
    finding = _only(report.findings, "PROB-NEGATIVE")
    assert finding.severity is Severity.WARNING
    assert finding.justification == "Es un estado real."
    assert finding.message.endswith(" Justificación de la unidad: «Es un estado real.».")
    assert report.ok and report.pending_warnings() == ()


@pytest.mark.parametrize(
    "other",
    [
        {"rule": "PROB-OBJECTIVE"},
        {"field": "nombre"},
        {"value": NEGATIVE + " (versión anterior)"},
    ],
    ids=["otra_regla", "otro_campo", "otro_valor"],
)
def test_a_justification_of_something_else_leaves_the_error(
    engine: RulesEngine, other: dict[str, str]
) -> None:
    finding = _only(engine.validate(_justified(**other)).findings, "PROB-NEGATIVE")
    assert finding.severity is Severity.ERROR
    assert finding.justification is None
    assert "Justificación" not in finding.message


def test_a_rule_that_is_not_justifiable_ignores_a_justification(engine: RulesEngine) -> None:
    ficha = with_fields(valid_ficha(), nombre="Kit").model_copy(
        update={
            "justificaciones": [
                Justificacion(regla="NAME-LENGTH", campo="nombre", valor="Kit", texto="Es corto.")
            ]
        }
    )
    finding = _only(engine.validate(ficha).findings, "NAME-LENGTH")
    assert (finding.severity, finding.justification) == (Severity.ERROR, None)


def test_the_report_names_the_ficha_version_and_rules(engine: RulesEngine) -> None:
    ficha = valid_ficha().model_copy(update={"id": "F-7", "version": 3})
    report = engine.validate(ficha)
    assert (report.ficha_id, report.ficha_version) == ("F-7", 3)
    assert report.rules_version == engine.config.version
    assert report.validated_at == FIXED_NOW


def test_findings_of_one_list_follow_item_order_then_rule_order(engine: RulesEngine) -> None:
    ficha = with_fields(
        valid_ficha(),
        cadena_valor__productos=["Documento de lineamientos", "Capacitando", "Elaborar guía"],
    )
    found = [
        (f.item, f.rule_id) for f in engine.validate(ficha).for_field("cadena_valor.productos")
    ]
    assert found == [(1, "CHAIN-PRODUCT-NOUN"), (2, "CHAIN-PRODUCT-NOUN")]
    mixed = with_fields(valid_ficha(), nombre="Kit", problema__enunciado=NEGATIVE)
    assert [f.rule_id for f in engine.validate(mixed).findings][:2] == [
        "NAME-LENGTH",
        "PROB-NEGATIVE",
    ]


def test_a_field_validation_without_the_duplicate_rule_embeds_nothing(
    rules: RulesConfig,
) -> None:
    embedder = FakeEmbedder()
    engine = RulesEngine(rules, embedder=embedder, portfolio=[PortfolioEntry("P-1", "Guía SGR")])
    engine.validate_field(valid_ficha(), "cadena_valor.productos")
    assert embedder.embedded_texts == 0
    engine.validate_field(valid_ficha(), "nombre")
    assert embedder.embedded_texts == 2  # the portfolio entry, then the query


def test_the_portfolio_grows_after_the_index_is_built(rules: RulesConfig) -> None:
    engine = RulesEngine(
        rules, embedder=FakeEmbedder(), portfolio=[PortfolioEntry("P-1", "Guía SGR")]
    )
    assert engine.duplicate_index is not None and len(engine.duplicate_index) == 1
    engine.add_to_portfolio([PortfolioEntry("P-2", "Mesa de catastro")])
    assert len(engine.duplicate_index) == 2
    assert RulesEngine(rules).duplicate_index is None


def test_a_check_that_breaks_is_skipped_and_the_others_still_run(
    rules: RulesConfig, caplog: pytest.LogCaptureFixture
) -> None:
    class BrokenIndex(DuplicateIndex):
        def __init__(self) -> None:
            pass

        def search(self, *args: object, **kwargs: object) -> list[object]:
            return [object()]  # not a match: the check breaks after the search

    engine = RulesEngine(rules, duplicate_index=BrokenIndex(), clock=lambda: FIXED_NOW)
    report = engine.validate(with_fields(valid_ficha(), nombre="Kit"))
    assert [(s.rule_id, s.reason) for s in report.skipped] == [
        ("NAME-DUPLICATE", "No se pudo aplicar esta regla por un error interno.")
    ]
    assert [f.rule_id for f in report.findings] == ["NAME-LENGTH"]
    assert "La regla NAME-DUPLICATE falló al validar la ficha" in caplog.text


def test_a_placeholder_an_outcome_does_not_fill_renders_as_nothing() -> None:
    data = yaml.safe_load(default_rules_path().read_text(encoding="utf-8"))
    (rule,) = [r for r in data["reglas"] if r["id"] == "CYCLE-MOMENT"]
    rule["mensajes"]["vacio"] = "Sin momento «{valor}» en «{campo}»."
    engine = RulesEngine(parse_rules(data), clock=lambda: FIXED_NOW)
    ficha = with_fields(valid_ficha(), ciclo_valor_publico__momentos=[])
    finding = _only(engine.validate(ficha).findings, "CYCLE-MOMENT")
    assert finding.message == "Sin momento «» en «Momentos del ciclo»."


def test_findings_of_a_list_go_item_by_item_across_rules() -> None:
    data = yaml.safe_load(default_rules_path().read_text(encoding="utf-8"))
    data["reglas"].append(
        {
            "id": "PROD-ETC",
            "severidad": "advertencia",
            "campos": ["cadena_valor.productos"],
            "tipo": "patron_prohibido",
            "parametros": {"patrones": [r"\betc\b"]},
            "mensaje": "El producto {posicion} termina en «{fragmento}»: nómbrelo completo.",
            "referencia": "Lineamiento 2 > 2.2.3 > Etapa 1 > Paso 4",
        }
    )
    engine = RulesEngine(parse_rules(data), clock=lambda: FIXED_NOW)
    ficha = with_fields(
        valid_ficha(),
        cadena_valor__productos=["Capacitando etc", "Guía de formulación etc", "Realizando"],
    )
    found = [
        (f.item, f.rule_id) for f in engine.validate(ficha).for_field("cadena_valor.productos")
    ]
    assert found == [
        (0, "CHAIN-PRODUCT-NOUN"),
        (0, "PROD-ETC"),
        (1, "PROD-ETC"),
        (2, "CHAIN-PRODUCT-NOUN"),
    ]


def _rules_with(extra: dict[str, object], *, first: str | None = None) -> RulesConfig:
    """The shipped rules plus ``extra``; ``first`` moves that rule to the front."""
    data = yaml.safe_load(default_rules_path().read_text(encoding="utf-8"))
    data["reglas"].append(extra)
    if first is not None:
        (moved,) = [r for r in data["reglas"] if r["id"] == first]
        data["reglas"].remove(moved)
        data["reglas"].insert(0, moved)
    return parse_rules(data)


def test_a_finding_about_a_whole_list_comes_before_those_about_its_items() -> None:
    rules = _rules_with(
        {
            "id": "PROD-MIN",
            "severidad": "advertencia",
            "campos": ["cadena_valor.productos"],
            "tipo": "minimo_elementos",
            "parametros": {"minimo": 4},
            "mensaje": "Faltan productos.",
            "referencia": "Lineamiento 2 > 2.2.3 > Etapa 1 > Paso 4",
        }
    )
    engine = RulesEngine(rules, clock=lambda: FIXED_NOW)
    ficha = with_fields(valid_ficha(), cadena_valor__productos=["Capacitando", "Guía"])
    found = [
        (f.item, f.rule_id) for f in engine.validate(ficha).for_field("cadena_valor.productos")
    ]
    assert found == [(None, "PROD-MIN"), (0, "CHAIN-PRODUCT-NOUN")]


def test_the_position_of_a_single_value_renders_as_nothing() -> None:
    rules = _rules_with(
        {
            "id": "NAME-POSITION",
            "severidad": "advertencia",
            "campos": ["nombre"],
            "tipo": "patron_prohibido",
            "parametros": {"patrones": [r"\bKit\b"]},
            "mensaje": "Posición «{posicion}» de «{campo}».",
            "referencia": "Lineamiento 2 > 2.2.3 > Etapa 1 > Paso 1",
        }
    )
    engine = RulesEngine(rules, clock=lambda: FIXED_NOW)
    finding = _only(
        engine.validate(with_fields(valid_ficha(), nombre="Kit")).findings, "NAME-POSITION"
    )
    assert finding.message == "Posición «» de «Nombre del producto o servicio de ATT»."


def test_the_default_clock_is_utc_and_from_file_passes_its_options() -> None:
    validated = RulesEngine.from_file().validate(valid_ficha()).validated_at
    assert validated.utcoffset() is not None and validated.utcoffset().total_seconds() == 0
    fixed = RulesEngine.from_file(None, clock=lambda: FIXED_NOW)
    assert fixed.validate(valid_ficha()).validated_at == FIXED_NOW


def test_a_rule_that_breaks_first_is_logged_with_the_ficha_and_the_rest_still_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class BrokenIndex(DuplicateIndex):
        def __init__(self) -> None:
            pass

        def search(self, *args: object, **kwargs: object) -> list[object]:
            return [object()]

    rules = _rules_with(
        {
            "id": "NAME-ETC",
            "severidad": "advertencia",
            "campos": ["nombre"],
            "tipo": "patron_prohibido",
            "parametros": {"patrones": [r"\betc\b"]},
            "mensaje": "Sin «etc».",
            "referencia": "Lineamiento 2 > 2.2.3 > Etapa 1 > Paso 1",
        },
        first="NAME-DUPLICATE",
    )
    engine = RulesEngine(rules, duplicate_index=BrokenIndex(), clock=lambda: FIXED_NOW)
    ficha = with_fields(valid_ficha(), nombre="Kit etc")
    report = engine.validate(ficha)
    assert [s.rule_id for s in report.skipped] == ["NAME-DUPLICATE"]
    assert [f.rule_id for f in report.findings] == ["NAME-ETC"]
    messages = [r.getMessage() for r in caplog.records]
    assert f"La regla NAME-DUPLICATE falló al validar la ficha {ficha.id}" in messages


def test_an_embedder_that_fails_on_the_portfolio_is_logged_and_the_rule_skipped(
    rules: RulesConfig, caplog: pytest.LogCaptureFixture
) -> None:
    class FailingEmbedder(FakeEmbedder):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            raise RuntimeError("modelo no disponible")

    engine = RulesEngine(
        rules,
        embedder=FailingEmbedder(),
        portfolio=[PortfolioEntry("P-1", "Mesa de catastro")],
        clock=lambda: FIXED_NOW,
    )
    report = engine.validate(valid_ficha())
    assert [s.rule_id for s in report.skipped] == ["NAME-DUPLICATE"]
    assert "no se pudieron procesar las fichas almacenadas" in report.skipped[0].reason
    messages = [r.getMessage() for r in caplog.records]
    assert "No se pudo construir el índice de fichas para buscar duplicados" in messages
