"""Every rule of the shipped rules file: a ficha that breaks it and one that passes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from intake import PortfolioEntry, RulesConfig, RulesEngine, Severity, load_examples
from tests.fakes.embedder import FakeEmbedder
from tests.intake.conftest import FIXED_NOW
from tests.intake.factories import valid_ficha, with_fields

OTHER = load_examples()["reporte_informacion_fiscal"]


@dataclass(frozen=True)
class Case:
    """One rule, one change to the valid example ficha, and what must happen."""

    rule: str
    changes: dict[str, Any]
    breaks: bool
    field: str = ""
    severity: Severity | None = None
    item: int | None = None
    note: str = ""

    @property
    def id(self) -> str:
        return f"{self.rule}-{'rompe' if self.breaks else 'cumple'}-{self.note}"


E, W = Severity.ERROR, Severity.WARNING
LONG_NAME = (
    "Programa integral de acompañamiento técnico y financiero para la formulación, "
    "estructuración, presentación y seguimiento de proyectos del SGR"
)

CASES = [
    # --- Paso 1: nombre --------------------------------------------------------------------
    Case("REQ-NOMBRE", {"nombre": "   "}, True, "nombre", E, note="blanco"),
    Case("REQ-NOMBRE", {"nombre": "Kit de seguimiento"}, False, note="con_nombre"),
    Case("NAME-LENGTH", {"nombre": "Acompañamiento"}, True, "nombre", E, note="una_palabra"),
    Case("NAME-LENGTH", {"nombre": LONG_NAME}, True, "nombre", W, note="mas_de_15"),
    Case("NAME-LENGTH", {"nombre": "Kit PDT"}, False, note="dos_palabras"),
    Case("NAME-ACRONYM", {"nombre": "PASE SGR"}, True, "nombre", W, note="siglas"),
    Case("NAME-ACRONYM", {"nombre": "ACOMPAÑAMIENTO SGR"}, True, "nombre", W, note="mayusculas"),
    Case("NAME-ACRONYM", {"nombre": "Kit PDT de seguimiento"}, False, note="mixto"),
    Case(
        "NAME-DUPLICATE",
        {"nombre": OTHER.nombre, "problema__enunciado": OTHER.problema.enunciado},
        True,
        "nombre",
        W,
        note="copia_de_otra",
    ),
    Case("NAME-DUPLICATE", {}, False, note="distinta"),
    # --- Identificación --------------------------------------------------------------------
    Case("REQ-DEPENDENCIA", {"dependencia": ""}, True, "dependencia", E, note="vacia"),
    Case("REQ-DEPENDENCIA", {"dependencia": "Grupo de Regalías"}, False, note="con_valor"),
    Case(
        "REQ-SUBDIRECCION",
        {"subdireccion_general": None},
        True,
        "subdireccion_general",
        E,
        note="vacia",
    ),
    Case("REQ-SUBDIRECCION", {"subdireccion_general": "SGDDT"}, False, note="con_valor"),
    Case(
        "ENUM-SUBDIRECCION",
        {"subdireccion_general": "SGX"},
        True,
        "subdireccion_general",
        E,
        note="desconocida",
    ),
    Case("ENUM-SUBDIRECCION", {"subdireccion_general": "sgddt"}, False, note="sigla_minusculas"),
    Case(
        "ENUM-SUBDIRECCION",
        {"subdireccion_general": "Subdireccion General del Sistema General de Regalias"},
        False,
        note="nombre_sin_tildes",
    ),
    Case(
        "REQ-LIDER-NOMBRE",
        {"lider_tecnico__nombre": None},
        True,
        "lider_tecnico.nombre",
        E,
        note="vacio",
    ),
    Case("REQ-LIDER-NOMBRE", {"lider_tecnico__nombre": "Ana Gómez"}, False, note="con_valor"),
    Case(
        "REQ-LIDER-CORREO",
        {"lider_tecnico__correo": " "},
        True,
        "lider_tecnico.correo",
        E,
        note="vacio",
    ),
    Case("REQ-LIDER-CORREO", {"lider_tecnico__correo": "ana@dnp.gov.co"}, False, note="ok"),
    Case(
        "LEADER-EMAIL",
        {"lider_tecnico__correo": "cmendez@dnp"},
        True,
        "lider_tecnico.correo",
        E,
        note="sin_dominio",
    ),
    Case(
        "LEADER-EMAIL",
        {"lider_tecnico__correo": "cmendez dnp.gov.co"},
        True,
        "lider_tecnico.correo",
        E,
        note="sin_arroba",
    ),
    Case("LEADER-EMAIL", {"lider_tecnico__correo": "c.mendez+att@dnp.gov.co"}, False, note="ok"),
    Case("REQ-VIGENCIA", {"vigencia": None}, True, "vigencia", E, note="vacia"),
    Case("REQ-VIGENCIA", {"vigencia": 2027}, False, note="con_valor"),
    Case("VIGENCIA-RANGE", {"vigencia": 2019}, True, "vigencia", E, note="anterior_politica"),
    Case("VIGENCIA-RANGE", {"vigencia": 2040}, True, "vigencia", E, note="muy_lejana"),
    Case("VIGENCIA-RANGE", {"vigencia": 2027}, False, note="ok"),
    # --- Paso 2: problema ------------------------------------------------------------------
    Case("REQ-PROBLEMA", {"problema__enunciado": ""}, True, "problema.enunciado", E, note="vacio"),
    Case("REQ-PROBLEMA", {}, False, note="con_valor"),
    Case(
        "PROB-NEGATIVE",
        {"problema__enunciado": "Falta de una plataforma para el seguimiento de proyectos"},
        True,
        "problema.enunciado",
        E,
        note="ausencia_solucion",
    ),
    Case("PROB-NEGATIVE", {}, False, note="estado_negativo"),
    Case(
        "PROB-OBJECTIVE",
        {"problema__enunciado": "Fortalecer las capacidades de formulación de los municipios"},
        True,
        "problema.enunciado",
        E,
        note="infinitivo",
    ),
    Case("PROB-OBJECTIVE", {}, False, note="estado_negativo"),
    Case(
        "PROB-TERRITORIAL",
        {"problema__enunciado": "Baja calidad técnica de los proyectos de inversión presentados"},
        True,
        "problema.enunciado",
        W,
        note="sin_entidades",
    ),
    Case("PROB-TERRITORIAL", {}, False, note="nombra_municipios"),
    Case(
        "REQ-EVIDENCIA", {"problema__evidencia": None}, True, "problema.evidencia", E, note="vacia"
    ),
    Case("REQ-EVIDENCIA", {}, False, note="con_valor"),
    Case(
        "PROB-EVIDENCE",
        {"problema__evidencia": "Los alcaldes lo han manifestado en varias reuniones de trabajo"},
        True,
        "problema.evidencia",
        W,
        note="sin_datos",
    ),
    Case(
        "PROB-EVIDENCE",
        {"problema__evidencia": "Según la Medición de Desempeño Municipal, la gestión es baja"},
        False,
        note="con_fuente",
    ),
    Case(
        "PROB-EVIDENCE",
        {"problema__evidencia": "Cuatro de cada diez proyectos se devuelven (43 %)"},
        False,
        note="con_cifra",
    ),
    # --- Paso 3: alineación -----------------------------------------------------------------
    Case(
        "REQ-AREAS",
        {"alineacion__areas_tematicas": []},
        True,
        "alineacion.areas_tematicas",
        E,
        note="vacia",
    ),
    Case(
        "REQ-AREAS", {"alineacion__areas_tematicas": ["Planeación territorial"]}, False, note="ok"
    ),
    Case(
        "ALIGN-AREA",
        {"alineacion__areas_tematicas": ["Planeación territorial", "Desarrollo económico local"]},
        True,
        "alineacion.areas_tematicas",
        E,
        item=1,
        note="fuera_de_lista",
    ),
    Case(
        "ALIGN-AREA",
        {
            "alineacion__areas_tematicas": [
                "planeacion territorial",
                "INCENTIVOS A LA GESTIÓN LOCAL Y REGIONAL",
            ]
        },
        False,
        note="sin_tildes_y_mayusculas",
    ),
    Case(
        "REQ-METAS",
        {"alineacion__metas_dnp": [" "]},
        True,
        "alineacion.metas_dnp",
        E,
        note="blanco",
    ),
    Case("REQ-METAS", {}, False, note="con_valor"),
    Case(
        "REQ-CONTRIBUCION",
        {"alineacion__contribucion": ""},
        True,
        "alineacion.contribucion",
        E,
        note="vacia",
    ),
    Case("REQ-CONTRIBUCION", {}, False, note="con_valor"),
    # --- Paso 4: cadena de valor ------------------------------------------------------------
    Case(
        "CHAIN-COMPLETE",
        {"cadena_valor__impactos": []},
        True,
        "cadena_valor.impactos",
        E,
        note="sin_impactos",
    ),
    Case(
        "CHAIN-COMPLETE",
        {"cadena_valor__insumos": ["  "]},
        True,
        "cadena_valor.insumos",
        E,
        note="insumo_en_blanco",
    ),
    Case("CHAIN-COMPLETE", {}, False, note="completa"),
    Case(
        "CHAIN-ACTIVITY-VERB",
        {"cadena_valor__actividades": ["Realizar mesas técnicas", "Talleres de formulación"]},
        True,
        "cadena_valor.actividades",
        W,
        item=1,
        note="sustantivo",
    ),
    Case(
        "CHAIN-ACTIVITY-VERB",
        {"cadena_valor__actividades": ["1. Diseñar la ruta", "- Acompañarlos en la radicación"]},
        False,
        note="numeradas_y_clitico",
    ),
    Case(
        "CHAIN-PRODUCT-NOUN",
        {"cadena_valor__productos": ["Capacitar a los funcionarios municipales"]},
        True,
        "cadena_valor.productos",
        W,
        item=0,
        note="infinitivo",
    ),
    Case(
        "CHAIN-PRODUCT-NOUN",
        {"cadena_valor__productos": ["Servicio de asesoría", "Brindando asistencia técnica"]},
        True,
        "cadena_valor.productos",
        W,
        item=1,
        note="gerundio",
    ),
    Case(
        "CHAIN-PRODUCT-NOUN",
        {"cadena_valor__productos": ["Taller de formulación", "Documento de lineamientos"]},
        False,
        note="sustantivos",
    ),
    Case(
        "CHAIN-DISTINCT",
        {
            "cadena_valor__resultados_finales": [
                "Servicio de asistencia técnica para la estructuración de proyectos de inversión"
            ]
        },
        True,
        "cadena_valor.resultados_finales",
        W,
        item=0,
        note="copia_de_producto",
    ),
    Case(
        "CHAIN-DISTINCT",
        {
            "cadena_valor__actividades": ["Realizar talleres de formulación de proyectos"],
            "cadena_valor__impactos": ["Talleres de formulación de proyectos realizados"],
        },
        True,
        "cadena_valor.impactos",
        W,
        item=0,
        note="actividad_reformulada",
    ),
    Case("CHAIN-DISTINCT", {}, False, note="resultados_propios"),
    # --- Paso 5: ciclo -----------------------------------------------------------------------
    Case(
        "CYCLE-MOMENT",
        {"ciclo_valor_publico__momentos": []},
        True,
        "ciclo_valor_publico.momentos",
        E,
        note="vacio",
    ),
    Case(
        "CYCLE-MOMENT",
        {"ciclo_valor_publico__momentos": ["Seguimiento", "Diseño"]},
        True,
        "ciclo_valor_publico.momentos",
        E,
        item=1,
        note="fuera_de_lista",
    ),
    Case(
        "CYCLE-MOMENT",
        {"ciclo_valor_publico__momentos": ["rendicion de cuentas"]},
        False,
        note="sin_tilde",
    ),
    # --- Paso 6: contexto --------------------------------------------------------------------
    Case(
        "REQ-ANTECEDENTES",
        {"contexto__antecedentes": None},
        True,
        "contexto.antecedentes",
        E,
        note="vacio",
    ),
    Case("REQ-ANTECEDENTES", {}, False, note="con_valor"),
    Case(
        "REQ-JUSTIFICACION",
        {"contexto__justificacion": ""},
        True,
        "contexto.justificacion",
        E,
        note="vacia",
    ),
    Case("REQ-JUSTIFICACION", {}, False, note="con_valor"),
    Case(
        "CONTEXT-LENGTH",
        {"contexto__justificacion": "Se atienden solicitudes desde 2022."},
        True,
        "contexto.justificacion",
        W,
        note="una_oracion",
    ),
    Case("CONTEXT-LENGTH", {}, False, note="suficiente"),
    # --- Avance de diseño ---------------------------------------------------------------------
    Case(
        "ENUM-CAPACITY",
        {"avance_diseno__tipos_capacidad": ["Técnicas"]},
        True,
        "avance_diseno.tipos_capacidad",
        E,
        item=0,
        note="desconocida",
    ),
    Case("ENUM-CAPACITY", {"avance_diseno__tipos_capacidad": []}, False, note="opcional"),
    Case(
        "ENUM-CAPACITY",
        {"avance_diseno__tipos_capacidad": ["institucionales", "Políticas"]},
        False,
        note="validas",
    ),
    Case(
        "ENUM-MODALITY",
        {"avance_diseno__modalidades": ["Asesoría", "Foro virtual"]},
        True,
        "avance_diseno.modalidades",
        E,
        item=1,
        note="desconocida",
    ),
    Case(
        "ENUM-MODALITY",
        {"avance_diseno__modalidades": ["Asistencia tecnica en sitio"]},
        False,
        note="valida",
    ),
]


@pytest.fixture(scope="module")
def full_engine(rules: RulesConfig) -> RulesEngine:
    """Engine with the fake embedder and the three example fichas as the stored portfolio."""
    portfolio = [PortfolioEntry.from_ficha(f) for f in load_examples().values()]
    return RulesEngine(rules, embedder=FakeEmbedder(), portfolio=portfolio, clock=lambda: FIXED_NOW)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule_case(case: Case, full_engine: RulesEngine) -> None:
    ficha = with_fields(valid_ficha(), **case.changes)
    report = full_engine.validate(ficha)
    found = [f for f in report.findings if f.rule_id == case.rule]
    if not case.breaks:
        assert found == [], [f.message for f in found]
        return
    assert found, f"{case.rule} no se disparó"
    finding = found[0]
    assert finding.field == case.field
    assert finding.severity is case.severity
    assert finding.item == case.item
    assert finding.message and "{" not in finding.message
    assert finding.reference == full_engine.config.rule(case.rule).reference
    # An error blocks submission; a warning alone does not.
    assert report.ok is (case.severity is Severity.WARNING)


def test_every_rule_has_a_breaking_and_a_passing_case(rules: RulesConfig) -> None:
    breaking = {c.rule for c in CASES if c.breaks}
    passing = {c.rule for c in CASES if not c.breaks}
    ids = {r.id for r in rules.rules}
    assert ids == breaking == passing


def test_minimum_rule_set_of_the_spec_is_present(rules: RulesConfig) -> None:
    ids = {r.id for r in rules.rules}
    spec = {
        "NAME-LENGTH",
        "NAME-ACRONYM",
        "NAME-DUPLICATE",
        "PROB-NEGATIVE",
        "PROB-OBJECTIVE",
        "PROB-EVIDENCE",
        "ALIGN-AREA",
        "CHAIN-COMPLETE",
        "CHAIN-ACTIVITY-VERB",
        "CHAIN-PRODUCT-NOUN",
        "CHAIN-DISTINCT",
        "CYCLE-MOMENT",
        "CONTEXT-LENGTH",
        "ENUM-MODALITY",
        "ENUM-CAPACITY",
        "LEADER-EMAIL",
    }
    assert spec <= ids
    assert len([i for i in ids if i.startswith("REQ-")]) >= 12
