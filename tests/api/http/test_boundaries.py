"""Nothing crosses a unit or a person (issue 19): someone else's intake session is a 404, and
a near-duplicate finding names another unit's ficha only once it was sent (with its unit and
contact, so both units can articulate), never a draft."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from assistant.wiring import build_services
from tests.api.http.conftest import OTHER_UNIT, UNIT, USERS, Api
from tests.conftest import make_settings
from tests.intake.factories import valid_ficha, with_fields

pytestmark = pytest.mark.slow

SENT_NAME = "Catastro multipropósito para municipios rurales"
SENT_PROBLEM = "Los catastros de los municipios rurales están desactualizados desde hace diez años."
DRAFT_NAME = "Escuela de formulación de proyectos de agua potable para veredas"
DRAFT_PROBLEM = "Las veredas no formulan proyectos de agua potable que cumplan los requisitos."


def test_another_persons_intake_session_is_a_404(api: Api) -> None:
    started = api.ok(
        "POST",
        "/api/v1/fichas/conversacion",
        "unidad_tecnica",
        json={"mensaje": "quiero registrar una ficha"},
    )
    session = started["sesion_id"]
    asked = api.call(
        "POST",
        "/api/v1/preguntas",
        "funcionario",
        json={"pregunta": "¿Qué es la DER?", "conversacion_id": session},
    )
    assert asked.status_code == 404, "el registro guiado también es una conversación de su autor"
    for who in ("otra_unidad", "admin"):
        response = api.call(
            "POST",
            "/api/v1/fichas/conversacion",
            who,
            json={"mensaje": "hola", "sesion_id": session},
        )
        assert response.status_code == 404, (who, response.text)


def test_another_persons_conversation_as_intake_session_is_a_404(api: Api) -> None:
    """The turn used to be written into that person's conversation."""
    asked = api.ok(
        "POST", "/api/v1/preguntas", "funcionario", json={"pregunta": "¿Qué es la DER?"}
    )["conversacion_id"]
    response = api.call(
        "POST",
        "/api/v1/fichas/conversacion",
        "otra_unidad",
        json={"mensaje": "quiero registrar una ficha", "sesion_id": asked},
    )
    assert response.status_code == 404, response.text
    turns = api.ok("GET", f"/api/v1/conversaciones/{asked}", "funcionario")["turnos"]
    assert [t["pregunta"] for t in turns] == ["¿Qué es la DER?"]


@pytest.fixture
def units(policy_data_dir: Path, tmp_path: Path) -> Iterator[Api]:
    """The app with the real near-duplicate check (the embedding model) over a fresh database."""
    settings = make_settings(
        policy_data_dir,
        database_url=f"sqlite:///{tmp_path / 'u.db'}",
        http={"rate_limit_per_minute": 100_000},
    )
    services = build_services(settings)
    tokens = {}
    for name, (role, unit) in USERS.items():
        user, tokens[name] = services.users.create(
            name=name, email=f"{name}@dnp.gov.co", roles=[role], unit=unit
        )
        if name == "otra_unidad":
            actor = user.ficha_actor()
    workflow = services.ficha_workflow
    sent = with_fields(
        valid_ficha(),
        nombre=SENT_NAME,
        problema__enunciado=SENT_PROBLEM,
        dependencia=OTHER_UNIT,
        lider_tecnico__nombre="Olga Pérez",
        lider_tecnico__correo="olga@dnp.gov.co",
    )
    stored = workflow.create(actor, sent)
    warnings = [f.key for f in workflow.engine.validate(stored.draft).warnings]
    workflow.submit(actor, stored.id, acknowledged=warnings)
    workflow.create(
        actor, with_fields(valid_ficha(), nombre=DRAFT_NAME, problema__enunciado=DRAFT_PROBLEM)
    )
    with TestClient(create_app(settings, services)) as client:
        yield Api(client, tokens, services)
    services.database.dispose()


def _duplicates(api: Api, who: str, name: str, problem: str) -> list[dict[str, Any]]:
    ficha = with_fields(valid_ficha(), nombre=name, problema__enunciado=problem, dependencia=UNIT)
    body = api.ok(
        "POST", "/api/v1/fichas/validacion", who, json={"ficha": ficha.model_dump(mode="json")}
    )
    return [h["duplicado_de"] for h in body["hallazgos"] if h.get("duplicado_de")]


def test_a_unit_learns_only_of_sent_fichas_of_other_units(units: Api) -> None:
    found = _duplicates(units, "unidad_tecnica", SENT_NAME + " dispersos", SENT_PROBLEM)
    assert {(d["nombre"], d["unidad"], d["contacto"]) for d in found} == {
        (SENT_NAME, OTHER_UNIT, "Olga Pérez <olga@dnp.gov.co>")
    }
    # Another unit's draft is never named, to the unit or to DER.
    for who in ("unidad_tecnica", "der"):
        names = [
            d["nombre"] for d in _duplicates(units, who, DRAFT_NAME + " dispersas", DRAFT_PROBLEM)
        ]
        assert DRAFT_NAME not in names
    assert {
        d["unidad"] for d in _duplicates(units, "der", SENT_NAME + " dispersos", SENT_PROBLEM)
    } == {OTHER_UNIT}
