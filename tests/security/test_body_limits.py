"""Body size limits: a body over ``http.max_body_kb`` is refused with 413 in the one error
shape, whether it declares its length or streams it in chunks without Content-Length."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from assistant.wiring import build_services
from tests.conftest import make_settings

pytestmark = pytest.mark.slow

LIMIT_KB = 4
TOO_BIG = "¿" + "x" * (LIMIT_KB * 1024 + 100) + "?"


@pytest.fixture
def api(policy_data_dir: Path, tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    settings = make_settings(
        policy_data_dir,
        database_url=f"sqlite:///{tmp_path / 'api.db'}",
        http={"max_body_kb": LIMIT_KB},
    )
    services = build_services(settings)
    _, token = services.users.create(name="Ana", email="ana@dnp.gov.co", roles=["funcionario"])
    with TestClient(create_app(settings, services)) as client:
        yield client, {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}


def _chunks(payload: bytes, size: int = 1024) -> Iterator[bytes]:
    for start in range(0, len(payload), size):
        yield payload[start : start + size]


def _assert_413(response: object) -> None:
    assert response.status_code == 413  # type: ignore[attr-defined]
    assert response.json() == {  # type: ignore[attr-defined]
        "ok": False,
        "error": "El cuerpo de la petición es demasiado grande.",
        "errors": [],
        "status": 413,
    }


@pytest.mark.parametrize(
    "path", ["/api/v1/preguntas", "/api/v1/fichas/validacion", "/api/v1/fichas/conversacion"]
)
def test_a_chunked_body_without_length_over_the_limit_is_refused(
    api: tuple[TestClient, dict[str, str]], path: str
) -> None:
    client, headers = api
    payload = json.dumps({"pregunta": TOO_BIG}).encode()
    response = client.post(path, content=_chunks(payload), headers=headers)
    assert "content-length" not in {k.lower() for k in response.request.headers}
    _assert_413(response)


def test_a_declared_length_over_the_limit_is_refused_before_reading(
    api: tuple[TestClient, dict[str, str]],
) -> None:
    client, headers = api
    response = client.post(
        "/api/v1/preguntas", content=json.dumps({"pregunta": TOO_BIG}), headers=headers
    )
    _assert_413(response)
    lying = client.post(
        "/api/v1/preguntas", content=b"{}", headers={**headers, "Content-Length": "abc"}
    )
    assert lying.status_code in (400, 413)


def test_a_chunked_body_within_the_limit_is_answered(
    api: tuple[TestClient, dict[str, str]],
) -> None:
    client, headers = api
    payload = json.dumps({"pregunta": "¿Qué es la ficha de pre-diseño?"}).encode()
    response = client.post("/api/v1/preguntas", content=_chunks(payload, 8), headers=headers)
    assert response.status_code == 200 and response.json()["citas"]
