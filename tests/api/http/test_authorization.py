"""The authorization matrix: every /api/v1 route × every role (and no token).

The table below must name every route of the app: a new route without a row fails
`test_every_api_route_has_a_row`. Each row says which roles get past the role checks (route
dependencies and the domain's own checks); they may still get 404/409/422 for the sample
request, never 401 or 403. Everyone else gets 403, and a request without a token gets 401.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts

from intake.actor import Actor
from tests.api.http.conftest import UNIT, Api, build_api

pytestmark = pytest.mark.slow

ROLES = ("funcionario", "unidad_tecnica", "comunicaciones", "der", "admin")
EVERYONE = frozenset(ROLES)
UNITS = frozenset({"unidad_tecnica"})
FICHA_READERS = frozenset({"unidad_tecnica", "der", "admin"})
REVIEWERS = frozenset({"der", "admin"})
EDITORS = frozenset({"comunicaciones", "admin"})
FAQ = "/api/v1/faq/faq-inexistente"
DER = "/api/v1/der/fichas/{ficha}"
FICHA = "/api/v1/fichas/{ficha}"
CONVERSATION = "/api/v1/conversaciones/inexistente"


@dataclass(frozen=True)
class Row:
    """Who may call a route, and a sample request (``{ficha}``: a unit's stored draft)."""

    allowed: frozenset[str]
    path: str
    json: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


MATRIX: dict[tuple[str, str], Row] = {
    ("POST", "/api/v1/preguntas"): Row(EVERYONE, "/api/v1/preguntas", {"pregunta": "hola"}),
    ("GET", "/api/v1/conversaciones/{conversacion_id}"): Row(EVERYONE, CONVERSATION),
    ("POST", "/api/v1/conversaciones/{conversacion_id}/retroalimentacion"): Row(
        EVERYONE, f"{CONVERSATION}/retroalimentacion", {"valor": "útil"}
    ),
    ("GET", "/api/v1/glosario"): Row(EVERYONE, "/api/v1/glosario"),
    ("GET", "/api/v1/glosario/{termino}"): Row(EVERYONE, "/api/v1/glosario/usuario"),
    # FAQ bank: the communications team; published entries for everyone.
    ("GET", "/api/v1/faq/publicadas"): Row(EVERYONE, "/api/v1/faq/publicadas?q=ficha"),
    ("GET", "/api/v1/faq"): Row(EDITORS, "/api/v1/faq?q=ficha"),
    ("POST", "/api/v1/faq"): Row(EDITORS, "/api/v1/faq", {"pregunta": ""}),
    ("GET", "/api/v1/faq/sin-resolver"): Row(EDITORS, "/api/v1/faq/sin-resolver"),
    ("POST", "/api/v1/faq/sin-resolver/{grupo}/borrador"): Row(
        EDITORS, "/api/v1/faq/sin-resolver/999999/borrador", {}
    ),
    ("GET", "/api/v1/faq/informe"): Row(EDITORS, "/api/v1/faq/informe"),
    ("GET", "/api/v1/faq/{faq_id}"): Row(EDITORS, FAQ),
    ("PUT", "/api/v1/faq/{faq_id}"): Row(EDITORS, FAQ, {"respuesta": "x"}),
    ("POST", "/api/v1/faq/{faq_id}/enviar-revision"): Row(EDITORS, f"{FAQ}/enviar-revision"),
    ("POST", "/api/v1/faq/{faq_id}/devolver"): Row(EDITORS, f"{FAQ}/devolver", {}),
    ("POST", "/api/v1/faq/{faq_id}/aprobar"): Row(EDITORS, f"{FAQ}/aprobar"),
    ("POST", "/api/v1/faq/{faq_id}/publicar"): Row(EDITORS, f"{FAQ}/publicar", {}),
    ("POST", "/api/v1/faq/{faq_id}/archivar"): Row(EDITORS, f"{FAQ}/archivar", {}),
    ("POST", "/api/v1/faq/{faq_id}/restaurar"): Row(EDITORS, f"{FAQ}/restaurar", {"revision": 1}),
    ("GET", "/api/v1/faq/{faq_id}/diferencias"): Row(EDITORS, f"{FAQ}/diferencias?desde=1&hasta=2"),
    # Fichas: units write their own (admins read but never draft), DER reads.
    ("POST", "/api/v1/fichas/conversacion"): Row(
        UNITS, "/api/v1/fichas/conversacion", {"mensaje": "quiero registrar una ficha"}
    ),
    ("GET", "/api/v1/fichas"): Row(FICHA_READERS, "/api/v1/fichas"),
    ("POST", "/api/v1/fichas"): Row(UNITS, "/api/v1/fichas", {}),
    ("POST", "/api/v1/fichas/validacion"): Row(
        FICHA_READERS, "/api/v1/fichas/validacion", {"ficha": {}}
    ),
    ("GET", "/api/v1/fichas/{ficha_id}"): Row(FICHA_READERS, FICHA),
    ("PUT", "/api/v1/fichas/{ficha_id}"): Row(UNITS, FICHA, {"ficha": {}, "version_bloqueo": 0}),
    ("GET", "/api/v1/fichas/{ficha_id}/validacion"): Row(FICHA_READERS, f"{FICHA}/validacion"),
    ("POST", "/api/v1/fichas/{ficha_id}/envio"): Row(UNITS, f"{FICHA}/envio", {}),
    ("GET", "/api/v1/fichas/{ficha_id}/historial"): Row(FICHA_READERS, f"{FICHA}/historial"),
    ("GET", "/api/v1/fichas/{ficha_id}/documento"): Row(FICHA_READERS, f"{FICHA}/documento"),
    # DER.
    ("GET", "/api/v1/der/bandeja"): Row(REVIEWERS, "/api/v1/der/bandeja"),
    ("POST", "/api/v1/der/fichas/{ficha_id}/revision"): Row(REVIEWERS, f"{DER}/revision"),
    ("POST", "/api/v1/der/fichas/{ficha_id}/comentarios"): Row(
        REVIEWERS, f"{DER}/comentarios", {"texto": "Precise el problema."}
    ),
    ("POST", "/api/v1/der/fichas/{ficha_id}/devolucion"): Row(
        REVIEWERS, f"{DER}/devolucion", {"motivo": "Falta evidencia."}
    ),
    ("POST", "/api/v1/der/fichas/{ficha_id}/aprobacion"): Row(REVIEWERS, f"{DER}/aprobacion", {}),
    ("GET", "/api/v1/der/fichas/{ficha_id}/diferencias"): Row(
        REVIEWERS, f"{DER}/diferencias?desde=1"
    ),
}


@pytest.fixture(scope="module")
def matrix_api(policy_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One app for the whole matrix (the sample requests change nothing that matters)."""
    client, tokens, services = build_api(
        policy_data_dir, tmp_path_factory.mktemp("matriz") / "m.db"
    )
    with client:
        yield Api(client, tokens, services)


@pytest.fixture(scope="module")
def draft(matrix_api: Api) -> str:
    """A draft ficha of the unit (empty: it can be neither sent nor reviewed)."""
    owner = Actor.of("autora", unit=UNIT, roles=["unidad_tecnica"])
    return matrix_api.services.ficha_workflow.create(owner).id


def test_every_api_route_has_a_row(matrix_api: Api) -> None:
    # FastAPI keeps included routers as branches: walk the routes the app really serves.
    app = matrix_api.client.app
    routes = {
        (method, route.path)
        for route in iter_route_contexts(app.routes)  # type: ignore[attr-defined]
        if isinstance(route.original_route, APIRoute) and (route.path or "").startswith("/api/v1")
        for method in route.methods or ()
    }
    assert len(routes) > 30
    assert routes == set(MATRIX), "Agregue (o quite) filas de la matriz de autorización."


@pytest.mark.parametrize("key", sorted(MATRIX), ids=" ".join)
def test_authorization_matrix(matrix_api: Api, draft: str, key: tuple[str, str]) -> None:
    method, _ = key
    row = MATRIX[key]
    path = row.path.format(ficha=draft)
    wrong: list[str] = []
    for who in (None, *ROLES):
        response = matrix_api.call(method, path, who, json=row.json, **row.extra)
        status = response.status_code
        if who is None:
            expected_ok = status == 401
        elif who in row.allowed:
            expected_ok = status not in (401, 403) and status < 500
        else:
            expected_ok = status == 403
        if status in (401, 403):
            body = response.json()
            expected_ok = expected_ok and body["ok"] is False and body["status"] == status
            expected_ok = expected_ok and bool(body["error"])
        if not expected_ok:
            wrong.append(f"{who or 'sin token'}: {status} {response.text[:200]}")
    assert not wrong, wrong
