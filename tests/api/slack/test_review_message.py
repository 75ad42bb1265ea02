"""The DER message's small parts: time in Bogotá, button values of a version."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from api.slack.review_message import action_value, parse_value, stale, when


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime(2026, 12, 6, 14, 41, tzinfo=UTC), "6/12/2026 9:41 a. m."),
        (datetime(2026, 12, 6, 17, 5, tzinfo=UTC), "6/12/2026 12:05 p. m."),
        (datetime(2026, 1, 1, 4, 0, tzinfo=UTC), "31/12/2025 11:00 p. m."),
    ],
)
def test_times_are_shown_in_bogota(moment: datetime, shown: str) -> None:
    assert when(moment) == shown


def test_a_button_names_its_version_and_old_buttons_have_none() -> None:
    assert parse_value(action_value("F-1A2B3C4D", 3)) == ("F-1A2B3C4D", 3)
    assert parse_value("F-1A2B3C4D") == ("F-1A2B3C4D", None)
    assert "versión 1" in stale(1, 2) and "versión 2" in stale(1, 2)


def test_the_report_shows_why_the_unit_accepted_a_warning() -> None:
    """DER reads the unit's reason beside the warning it accepted; a warning accepted
    without a reason, or not accepted, says only what it is."""
    from types import SimpleNamespace

    from api.slack.review_message import _report

    findings = [
        {"clave": "a", "severidad": "advertencia", "etiqueta_campo": "Problema", "mensaje": "M1"},
        {"clave": "b", "severidad": "advertencia", "etiqueta_campo": "Nombre", "mensaje": "M2"},
        {"clave": "c", "severidad": "advertencia", "etiqueta_campo": "Meta", "mensaje": "M3"},
    ]
    version = SimpleNamespace(
        report={"errores": 0, "advertencias": 3, "hallazgos": findings},
        acknowledged=["a", "b"],
        reasons={"a": "es un estado negativo real de los proyectos"},
    )
    lines = _report(SimpleNamespace(version=version)).splitlines()  # type: ignore[arg-type]
    assert lines[0] == "*Validación:* 0 error(es), 3 advertencia(s), 2 aceptada(s) por la unidad."
    assert lines[1] == (
        ":warning: Problema: M1 _(aceptada por la unidad: "
        "«es un estado negativo real de los proyectos»)_"
    )
    assert lines[2] == ":warning: Nombre: M2 _(aceptada por la unidad)_"
    assert lines[3] == ":warning: Meta: M3"
