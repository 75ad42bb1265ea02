"""The web interface through the real app: real SQLite, the real policy index, real users."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from assistant.wiring import Services, build_services
from tests.conftest import make_settings

UNIT = "Dirección de Gestión y Promoción del Sistema General de Regalías"
PEOPLE = {
    "funcionario": (["funcionario"], None),
    "unidad": (["unidad_tecnica"], UNIT),
    "der": (["der"], "Dirección de Estrategia Regional"),
    "editora": (["comunicaciones"], None),
    "revisora": (["comunicaciones"], None),
    "admin": (["admin"], None),
}
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class Web:
    """The app's client, its services and everyone's API token."""

    client: TestClient
    services: Services
    tokens: dict[str, str]

    def login(self, who: str) -> str:
        """Sign ``who`` in; returns the session's CSRF token."""
        self.client.cookies.clear()
        form = self.client.get("/entrar")
        done = self.client.post(
            "/entrar",
            data={"token": self.tokens[who], "csrf": csrf_of(form.text), "siguiente": "/chat"},
            follow_redirects=False,
        )
        assert done.status_code == 303, done.text
        return csrf_of(self.client.get("/chat").text)


def create_people(services: Services) -> dict[str, str]:
    """Everyone in `PEOPLE` as a user; their API tokens by nickname."""
    services.database.create_schema()
    return {
        who: services.users.create(
            name=who.capitalize(), email=f"{who}@dnp.gov.co", roles=roles, unit=unit
        )[1]
        for who, (roles, unit) in PEOPLE.items()
    }


def csrf_of(html: str) -> str:
    """The CSRF token of the first form of a page."""
    found = _CSRF.search(html)
    assert found is not None, "la página no tiene token CSRF"
    return found.group(1)


def build_web(policy_data_dir: Path, db: Path, rate_limit: int = 1000) -> Iterator[Web]:
    """The app over the shared policy index and a fresh SQLite file, with everyone in it."""
    settings = make_settings(
        policy_data_dir,
        database_url=f"sqlite:///{db}",
        http={"session_secret": "s" * 40, "rate_limit_per_minute": rate_limit},
    )
    services = build_services(settings)
    services.database.create_schema()
    tokens = create_people(services)
    with TestClient(create_app(settings, services), base_url="http://testserver") as client:
        yield Web(client, services, tokens)
    services.database.dispose()


@pytest.fixture
def web(policy_data_dir: Path, tmp_path: Path) -> Iterator[Web]:
    yield from build_web(policy_data_dir, tmp_path / "web.db")


def send_ficha(web: Web) -> str:
    """The unit fills a ficha in the chat and sends it to DER; returns its id."""
    from tests.intake.test_conversation import UNIT_ANSWERS

    csrf = web.login("unidad")
    for message in ("quiero registrar una ficha", *UNIT_ANSWERS, "enviar"):
        reply = web.client.post("/chat", data={"mensaje": message, "csrf": csrf})
        assert reply.status_code == 200, reply.text
    found = re.search(r"Envié la ficha (F-[0-9A-F]{8})", reply.text)
    assert found is not None, reply.text
    return found.group(1)
