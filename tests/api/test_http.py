"""The HTTP API through the real app: real SQLite, the real policy index, real tokens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from anyio import to_thread
from fastapi.testclient import TestClient

from api.http.app import create_app
from assistant.wiring import build_services
from tests.conftest import make_settings

pytestmark = pytest.mark.slow


@pytest.fixture
def api(policy_data_dir: Path, tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    settings = make_settings(
        policy_data_dir,
        database_url=f"sqlite:///{tmp_path / 'api.db'}",
        http={"rate_limit_per_minute": 30, "max_body_kb": 4, "threads": 3},
    )
    services = build_services(settings)
    services.database.create_schema()
    tokens = {
        role: services.users.create(name=role, email=f"{role}@dnp.gov.co", roles=[role])[1]
        for role in ("funcionario", "der", "admin")
    }
    with TestClient(create_app(settings, services)) as client:
        yield client, tokens


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_ask_with_citations_and_follow_up(api: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = api
    first = client.post(
        "/api/v1/preguntas",
        json={"pregunta": "¿Qué es el protocolo de ATT?"},
        headers=_auth(tokens["funcionario"]),
    )
    assert first.status_code == 200
    body = first.json()
    assert body["ok"] and body["ruta"] == "glosario" and body["citas"]
    follow = client.post(
        "/api/v1/preguntas",
        json={
            "pregunta": "¿y en qué paso se diligencia?",
            "conversacion_id": body["conversacion_id"],
        },
        headers=_auth(tokens["funcionario"]),
    )
    assert follow.json()["conversacion_id"] == body["conversacion_id"]
    history = client.get(
        f"/api/v1/conversaciones/{body['conversacion_id']}", headers=_auth(tokens["funcionario"])
    )
    assert [t["pregunta"] for t in history.json()["turnos"]] == [
        "¿Qué es el protocolo de ATT?",
        "¿y en qué paso se diligencia?",
    ]
    other = client.get(
        f"/api/v1/conversaciones/{body['conversacion_id']}", headers=_auth(tokens["der"])
    )
    assert other.status_code == 404


def test_glossary(api: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = api
    assert (
        len(client.get("/api/v1/glosario", headers=_auth(tokens["der"])).json()["conceptos"]) == 27
    )
    found = client.get("/api/v1/glosario/usuario final", headers=_auth(tokens["der"])).json()[
        "conceptos"
    ]
    assert found[0]["termino"] == "Usuario final"
    missing = client.get("/api/v1/glosario/viaticos", headers=_auth(tokens["der"]))
    assert missing.status_code == 404 and "no está en el glosario" in missing.json()["error"]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("post", "/api/v1/preguntas", {"json": {"pregunta": "hola"}}, 401),
        ("post", "/api/v1/preguntas", {"json": {"pregunta": ""}, "auth": True}, 422),
        ("post", "/api/v1/preguntas", {"json": {"pregunta": "🙂🙂"}, "auth": True}, 422),
        ("post", "/api/v1/preguntas", {"content": b"x" * 5000, "auth": True}, 413),
        ("get", "/api/v1/no-existe", {}, 404),
        ("get", "/api/v1/glosario", {"headers": {"Authorization": "Bearer ast_falso"}}, 401),
    ],
)
def test_every_error_has_the_one_shape(
    api: tuple[TestClient, dict[str, str]],
    method: str,
    path: str,
    kwargs: dict[str, object],
    status: int,
) -> None:
    client, tokens = api
    if kwargs.pop("auth", False):
        kwargs["headers"] = _auth(tokens["funcionario"])
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"ok", "error", "errors", "status"}
    assert body["ok"] is False and body["status"] == status and body["error"]


def test_rate_limit_per_token(api: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = api
    codes = [
        client.get("/api/v1/glosario", headers=_auth(tokens["admin"])).status_code
        for _ in range(32)
    ]
    # Exactly the limit passes: the 31st request of the window is the first refused.
    assert codes == [200] * 30 + [429, 429]


def test_health_and_metrics(api: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = api
    health = client.get("/salud")
    assert health.status_code == 200 and health.json()["indice"] is True
    client.post(
        "/api/v1/preguntas",
        json={"pregunta": "receta de ajiaco"},
        headers=_auth(tokens["funcionario"]),
    )
    assert client.get("/metrics").status_code == 404  # not from a metrics address
    text = client.get("/metrics", headers=_auth(tokens["admin"])).text
    assert 'asistente_respuestas_total{ruta="ninguna"} 1' in text
    assert "asistente_abstenciones_total 1" in text
    assert "asistente_latencia_segundos_count" in text


def test_openapi_is_served(api: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = api
    spec = client.get("/openapi.json").json()
    assert "/api/v1/preguntas" in spec["paths"]


def test_request_threads_follow_the_setting(api: tuple[TestClient, dict[str, str]]) -> None:
    """Sync routes share a pool of ``http.threads`` threads per process (not anyio's 40)."""
    client, _ = api
    assert client.portal is not None
    tokens = client.portal.call(lambda: to_thread.current_default_thread_limiter().total_tokens)
    assert tokens == 3
