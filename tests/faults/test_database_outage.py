"""PostgreSQL goes away behind the API and comes back: 503 in Spanish, then recovery."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from assistant.wiring import build_services
from tests.conftest import make_settings
from tests.faults.tcp_proxy import TcpProxy

pytestmark = pytest.mark.slow

ERROR_SHAPE = {"ok", "error", "errors", "status"}


@pytest.fixture
def proxy(postgres_url: str) -> Iterator[tuple[TcpProxy, str]]:
    """A cuttable proxy in front of a fresh PostgreSQL database, and the URL through it."""
    parsed = urlparse(postgres_url)
    with TcpProxy((parsed.hostname or "127.0.0.1", parsed.port or 5432)) as proxy:
        yield proxy, postgres_url.replace(f":{parsed.port}/", f":{proxy.port}/")


def test_the_api_answers_503_while_the_database_is_down_and_recovers(
    proxy: tuple[TcpProxy, str], policy_data_dir: Path
) -> None:
    tcp, url = proxy
    settings = make_settings(policy_data_dir, database_url=url)
    services = build_services(settings)
    _, token = services.users.create(name="Ana", email="ana@dnp.gov.co", roles=["funcionario"])
    auth = {"Authorization": f"Bearer {token}"}
    question = {"pregunta": "¿Qué es la ficha de pre-diseño?"}
    with TestClient(create_app(settings, services)) as client:
        assert client.get("/salud").status_code == 200
        assert client.post("/api/v1/preguntas", json=question, headers=auth).status_code == 200

        tcp.cut()
        health = client.get("/salud")
        assert health.status_code == 503
        body = health.json()
        assert ERROR_SHAPE <= set(body) and body["ok"] is False and body["status"] == 503
        assert body["base_de_datos"] is False and body["errors"] == ["base_de_datos"]
        assert body["error"] == "El servicio no está listo: base_de_datos."
        for _ in range(2):  # pooled connections are dead too, not only new ones
            down = client.post("/api/v1/preguntas", json=question, headers=auth)
            assert down.status_code == 503
            assert set(down.json()) == ERROR_SHAPE
            assert down.json()["error"] == (
                "La base de datos no está disponible en este momento. Intente de nuevo."
            )

        tcp.restore()
        assert client.get("/salud").status_code == 200
        again = client.post("/api/v1/preguntas", json=question, headers=auth)
        assert again.status_code == 200 and again.json()["citas"]
    services.database.dispose()
