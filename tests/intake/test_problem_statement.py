"""PROB-NEGATIVE and PROB-OBJECTIVE on realistic Spanish problem statements.

Paso 2: "Un problema no es la ausencia de su solución, sino un estado existente negativo".
The rule must catch a problem phrased as a missing solution, and must let through a real
negative state even when it starts with a similar word or mentions an absence as its cause.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from intake import Ficha, RulesEngine


@dataclass(frozen=True)
class Case:
    """A problem statement and the fragment the message must quote (when it fails)."""

    text: str
    quote: str = ""


ABSENT_SOLUTION = [
    Case(
        "Falta de una herramienta para el seguimiento de los proyectos del SGR",
        "Falta de una herramienta",
    ),
    Case(
        "Ausencia de una plataforma tecnológica para el reporte de información fiscal",
        "Ausencia de una plataforma",
    ),
    Case("No existe una guía metodológica para la formulación de los POT", "No existe una guía"),
    Case(
        "Los municipios de categoría 6 no cuentan con asistencia técnica para formular proyectos",
        "no cuentan con asistencia técnica",
    ),
    Case(
        "Carencia de capacitación de los secretarios de hacienda en el manejo del FUT",
        "Carencia de capacitación",
    ),
    Case("Se requiere fortalecer las capacidades de las secretarías de planeación", "Se requiere"),
    Case(
        "No hay un sistema de información que consolide la inversión territorial",
        "No hay un sistema",
    ),
    Case(
        "FALTA DE PROGRAMAS DE FORMACIÓN para los equipos de planeación municipal",
        "FALTA DE PROGRAMAS",
    ),
    Case(
        "Inexistencia de lineamientos para la articulación de la oferta de ATT",
        "Inexistencia de lineamientos",
    ),
    Case(
        "Las secretarías de planeación carecen de un manual de procedimientos para el banco de proyectos",
        "carecen de un manual",
    ),
    Case("Se necesita asesoria en la estructuracion de proyectos de regalias", "Se necesita"),
    Case(
        "No se cuenta con una metodologia estandarizada para el seguimiento de los planes",
        "No se cuenta con una metodologia",
    ),
    Case(
        "Falta de acompañamiento técnico a los municipios PDET en la gestión de proyectos",
        "Falta de acompañamiento técnico",
    ),
    Case(
        "Es necesario contar con un tablero de control de la inversión territorial", "Es necesario"
    ),
    Case(
        "Los equipos municipales requieren una caja de herramientas para formular el PDT",
        "requieren una caja de herramientas",
    ),
    Case(
        "El DNP no tiene una estrategia de asistencia técnica diferenciada para municipios de categoría 6",
        "no tiene una estrategia",
    ),
    Case(
        "Falta de una adecuada y oportuna asistencia técnica a las gobernaciones",
        "Falta de una adecuada y oportuna asistencia técnica",
    ),
    Case(
        "Baja ejecución del SGR. No existe un programa de acompañamiento a los municipios.",
        "No existe un programa",
    ),
]

NEGATIVE_STATES = [
    Case("Los municipios de categoría 6 presentan baja ejecución de los recursos del SGR"),
    Case(
        "Alta rotación de personal en las secretarías de planeación reduce la calidad de los planes"
    ),
    Case(
        "Baja capacidad de formulación de proyectos de inversión en los municipios de categorías 5 y 6"
    ),
    Case("Debilidad en la gestión fiscal de los departamentos de la región Pacífico"),
    Case(
        "Deficiente articulación entre la oferta de ATT del DNP y las demandas de los territorios"
    ),
    Case("El 60% de los municipios no reporta a tiempo la información del FUT"),
    Case("Falta de capacidad técnica de los equipos municipales para estructurar proyectos"),
    Case("La baja calidad de los POT se debe a que no existe una guía actualizada"),
    Case(
        "Los proyectos del SGR presentan retrasos en su ejecución por falta de asistencia técnica oportuna"
    ),
    Case("El 70% de los POT municipales tienen vencida su vigencia de largo plazo"),
    Case("Las entidades territoriales no cumplen los plazos de reporte presupuestal en el CHIP"),
    Case(
        "Escasa apropiación de los sistemas de información territorial por parte de las alcaldías"
    ),
    Case(
        "Bajo desempeño fiscal de los municipios de categorías 5 y 6 según el Índice de Desempeño Fiscal"
    ),
    Case(
        "Los municipios no utilizan la información del sistema de seguimiento para tomar decisiones"
    ),
    Case(
        "Debilidad institucional de las secretarías de planeación, porque no hay un programa de formación"
    ),
    Case("Insuficiente calidad de la información reportada por los municipios en CUIPO"),
]


def _findings(engine: RulesEngine, text: str, rule_id: str) -> list[str]:
    ficha = Ficha(problema={"enunciado": text})
    found = engine.validate_field(ficha, "problema.enunciado")
    return [f.message for f in found if f.rule_id == rule_id]


def test_there_are_at_least_ten_cases_each_way() -> None:
    assert len(ABSENT_SOLUTION) >= 10
    assert len(NEGATIVE_STATES) >= 10


@pytest.mark.parametrize("case", ABSENT_SOLUTION, ids=lambda c: c.text[:40])
def test_absence_of_a_solution_is_an_error(engine: RulesEngine, case: Case) -> None:
    messages = _findings(engine, case.text, "PROB-NEGATIVE")
    assert len(messages) == 1
    # The message quotes the user's own words (accents and capitals as written).
    assert f"«{case.quote}»" in messages[0]


@pytest.mark.parametrize("case", NEGATIVE_STATES, ids=lambda c: c.text[:40])
def test_an_existing_negative_state_passes(engine: RulesEngine, case: Case) -> None:
    assert _findings(engine, case.text, "PROB-NEGATIVE") == []
    assert _findings(engine, case.text, "PROB-OBJECTIVE") == []


@pytest.mark.parametrize(
    "text",
    [
        "Fortalecer las capacidades de formulación de proyectos de los municipios",
        "Mejorar el reporte de información fiscal de los municipios de categoría 6",
        "IMPLEMENTAR un modelo de seguimiento a los planes de desarrollo",
        "Para aumentar la ejecución de los recursos del SGR en los municipios",
        "Fortalecimiento de las secretarías de planeación municipal",
        "Diseñar una estrategia de articulación de la oferta de ATT",
    ],
)
def test_problem_written_as_objective_is_a_warning(engine: RulesEngine, text: str) -> None:
    messages = _findings(engine, text, "PROB-OBJECTIVE")
    assert len(messages) == 1
    assert "objetivo" in messages[0]


def test_objective_verb_inside_the_statement_is_not_flagged(engine: RulesEngine) -> None:
    text = "Los municipios no logran mejorar la calidad de sus proyectos pese a la capacitación"
    assert _findings(engine, text, "PROB-OBJECTIVE") == []
