"""The HTTP API through the real app: real SQLite, the real policy index, real tokens."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from assistant.wiring import Services, build_services
from intake import RulesEngine
from tests.conftest import make_settings

UNIT = "Dirección de Gestión y Promoción del Sistema General de Regalías"
OTHER_UNIT = "Dirección de Descentralización y Fortalecimiento Fiscal"
USERS: dict[str, tuple[str, str | None]] = {
    # name: (role, unit)
    "funcionario": ("funcionario", None),
    "unidad_tecnica": ("unidad_tecnica", UNIT),
    "otra_unidad": ("unidad_tecnica", OTHER_UNIT),
    "comunicaciones": ("comunicaciones", None),
    "comunicaciones2": ("comunicaciones", None),
    "der": ("der", "Dirección de Estrategia Regional"),
    "admin": ("admin", None),
}


@dataclass
class Api:
    """The app's client, a token per user and the services behind it."""

    client: TestClient
    tokens: dict[str, str]
    services: Services

    def call(self, method: str, path: str, who: str | None, **kwargs: Any) -> Any:
        """The response to ``method path`` as ``who`` (None: without a token)."""
        headers = dict(kwargs.pop("headers", {}))
        if who:
            headers["Authorization"] = f"Bearer {self.tokens[who]}"
        return self.client.request(method, path, headers=headers, **kwargs)

    def ok(self, method: str, path: str, who: str, **kwargs: Any) -> dict[str, Any]:
        """The JSON of a request that must succeed."""
        response = self.call(method, path, who, **kwargs)
        assert response.status_code in (200, 201), response.text
        body: dict[str, Any] = response.json()
        return body


def build_api(data_dir: Path, database: Path) -> tuple[TestClient, dict[str, str], Services]:
    """A client over a fresh database, with one user per entry of `USERS`."""
    settings = make_settings(
        data_dir,
        database_url=f"sqlite:///{database}",
        http={"rate_limit_per_minute": 100_000},
    )
    services = build_services(settings)
    # The near-duplicate check (its own model) is not what these tests are about.
    services.override(rules_engine=RulesEngine.from_file())
    tokens = {
        name: services.users.create(name=name, email=f"{name}@dnp.gov.co", roles=[role], unit=unit)[
            1
        ]
        for name, (role, unit) in USERS.items()
    }
    return TestClient(create_app(settings, services)), tokens, services


@pytest.fixture
def api(policy_data_dir: Path, tmp_path: Path) -> Iterator[Api]:
    """The app over a fresh database."""
    client, tokens, services = build_api(policy_data_dir, tmp_path / "api.db")
    with client:
        yield Api(client, tokens, services)
