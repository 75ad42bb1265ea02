"""Bad input gets the one error shape with Spanish details (422), and the domain's errors
their status: 404 missing, 409 wrong transition or stale edit, 403 not allowed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.http.conftest import Api

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "details"),
    [
        ("POST", "/api/v1/faq", {}, 422, ["pregunta: falta este dato"]),
        (
            "POST",
            "/api/v1/faq",
            {"pregunta": "", "alternativas": "una"},
            422,
            ["pregunta: debe tener al menos 1 carácter(es)", "alternativas: debe ser una lista"],
        ),
        (
            "POST",
            "/api/v1/faq/faq-001/restaurar",
            {"revision": -1},
            422,
            ["revision: debe ser mayor o igual que 0"],
        ),
        ("GET", "/api/v1/faq?estado=vigente", None, 422, None),
        ("GET", "/api/v1/faq/faq-001/diferencias?desde=uno&hasta=2", None, 422, None),
        (
            "PUT",
            "/api/v1/fichas/F-00000000",
            {"ficha": {}},
            422,
            ["version_bloqueo: falta este dato"],
        ),
        ("POST", "/api/v1/fichas/F-00000000/envio", {}, 404, []),
        ("POST", "/api/v1/faq/faq-001/aprobar", None, 409, []),
    ],
)
def test_errors_are_spanish_with_the_one_shape(
    api: Api,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    status: int,
    details: list[str] | None,
) -> None:
    who = "unidad_tecnica" if "/fichas" in path else "comunicaciones"
    response = api.call(method, path, who, json=body)
    payload = response.json()
    assert response.status_code == status, payload
    assert set(payload) == {"ok", "error", "errors", "status"}
    assert payload["ok"] is False and payload["status"] == status
    if details is not None:
        assert payload["errors"] == details
    else:
        assert payload["errors"] and all(": debe " in e for e in payload["errors"]), payload


def test_invalid_json_is_a_spanish_422(api: Api) -> None:
    response = api.call(
        "POST",
        "/api/v1/faq",
        "comunicaciones",
        content=b"{no es json",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["error"] == "Los datos enviados no son válidos."
    assert response.json()["errors"][0].endswith("el cuerpo no es JSON válido")
