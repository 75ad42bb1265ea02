"""Sessions end when they end, and brute force meets backoff without locking anyone out
(issue 19): server-side sessions, the login throttle, forwarded headers and bad tokens."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from assistant.wiring import build_services
from tests.api.web.conftest import Web, create_people, csrf_of
from tests.conftest import make_settings

pytestmark = pytest.mark.slow

ATTEMPTS = 12
"""More failures than the first backoff step allows (10 a minute)."""


def _cookie(web: Web) -> str:
    value = web.client.cookies.get("asistente_sesion")
    assert value
    return value


def _opens_chat(web: Web, cookie: str) -> bool:
    web.client.cookies.set("asistente_sesion", cookie)
    return web.client.get("/chat", follow_redirects=False).status_code == 200


def test_an_old_cookie_replayed_after_logout_opens_nothing(web: Web) -> None:
    csrf = web.login("funcionario")
    cookie = _cookie(web)
    web.client.post("/salir", data={"csrf": csrf}, follow_redirects=False)
    assert not _opens_chat(web, cookie)


@pytest.mark.parametrize("ending", ["nuevo-token", "desactivar"])
def test_a_revoked_token_or_a_deactivated_user_ends_every_session(web: Web, ending: str) -> None:
    web.login("der")
    cookie = _cookie(web)
    assert _opens_chat(web, cookie)
    users = web.services.users
    if ending == "nuevo-token":
        users.new_token("der@dnp.gov.co")
    else:
        users.deactivate("der@dnp.gov.co")
    assert not _opens_chat(web, cookie)
    assert users.authenticate(web.tokens["der"]) is None


def _login(web: Web, token: str, **headers: str) -> int:
    form = web.client.get("/entrar")
    return web.client.post(
        "/entrar",
        data={"token": token, "csrf": csrf_of(form.text)},
        headers=headers,
        follow_redirects=False,
    ).status_code


def test_failed_logins_back_off_but_a_valid_token_still_signs_in(web: Web) -> None:
    statuses = [_login(web, f"ast_adivina{n:04d}xyz") for n in range(ATTEMPTS)]
    assert statuses[:10] == [401] * 10 and statuses[-1] == 429
    # The same guess again is refused before it is even checked.
    assert _login(web, "ast_adivina0000xyz") == 429
    # Someone else behind the same address, with a valid token, is not locked out.
    assert _login(web, web.tokens["unidad"]) == 303


def test_forwarded_headers_from_an_untrusted_peer_do_not_reset_the_count(web: Web) -> None:
    statuses = [
        _login(web, f"ast_adivina{n:04d}xyz", **{"X-Forwarded-For": f"10.0.0.{n}"})
        for n in range(ATTEMPTS)
    ]
    assert statuses[-1] == 429


def test_bad_bearer_tokens_are_throttled_and_valid_ones_are_not(web: Web) -> None:
    statuses = [
        web.client.get(
            "/api/v1/glosario", headers={"Authorization": f"Bearer ast_malo{n:04d}xyzw"}
        ).status_code
        for n in range(ATTEMPTS)
    ]
    assert statuses[:10] == [401] * 10 and statuses[-1] == 429
    valid = {"Authorization": f"Bearer {web.tokens['funcionario']}"}
    assert web.client.get("/api/v1/glosario", headers=valid).status_code == 200


def test_security_headers_docs_metrics_and_tokens_in_urls(web: Web) -> None:
    client = web.client
    api = client.get("/api/v1/glosario")
    assert api.headers["x-content-type-options"] == "nosniff"
    assert "camera=()" in api.headers["permissions-policy"]
    assert "strict-transport-security" not in api.headers  # plain HTTP here
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/v1/preguntas" in docs.text
    assert "<script" not in docs.text and "cdn" not in docs.text.lower()
    assert "script-src 'self'" in docs.headers["content-security-policy"]
    assert client.get("/redoc").status_code == 404
    assert client.get("/metrics").status_code == 404  # «testclient» is not a metrics address
    admin = {"Authorization": f"Bearer {web.tokens['admin']}"}
    assert client.get("/metrics", headers=admin).status_code == 200
    in_url = client.get(f"/api/v1/glosario?token={web.tokens['admin']}")
    assert in_url.status_code == 400 and "encabezado Authorization" in in_url.json()["error"]


def test_over_https_hsts_and_a_secure_cookie_follow_the_scheme(
    policy_data_dir: Path, tmp_path: Path
) -> None:
    settings = make_settings(
        policy_data_dir,
        database_url=f"sqlite:///{tmp_path / 'tls.db'}",
        http={"session_secret": "s" * 40},
    )
    services = build_services(settings)
    tokens = create_people(services)
    app = create_app(settings, services)
    with TestClient(app, base_url="https://testserver") as client:
        form = client.get("/entrar")
        assert "max-age=" in form.headers["strict-transport-security"]
        done = client.post(
            "/entrar",
            data={"token": tokens["unidad"], "csrf": csrf_of(form.text)},
            follow_redirects=False,
        )
        assert done.status_code == 303 and "; secure" in done.headers["set-cookie"].lower()
    with TestClient(app, base_url="http://testserver") as client:
        plain = client.get("/entrar", headers={"X-Forwarded-Proto": "https"})
        assert "strict-transport-security" not in plain.headers  # not from a trusted proxy
        assert "; secure" not in plain.headers["set-cookie"].lower()
        settings.http.trusted_proxies.append("testclient")
        client.cookies.clear()  # a fresh visitor: the session cookie is set again
        proxied = client.get("/entrar", headers={"X-Forwarded-Proto": "https"})
        assert "max-age=" in proxied.headers["strict-transport-security"]
        assert "; secure" in proxied.headers["set-cookie"].lower()


def test_the_sqlite_file_is_readable_only_by_its_owner(tmp_path: Path) -> None:
    from assistant.storage.database import Database

    database = Database(f"sqlite:///{tmp_path / 'datos' / 'a.db'}")
    database.create_schema()
    assert (tmp_path / "datos" / "a.db").stat().st_mode & 0o077 == 0
    assert (tmp_path / "datos").stat().st_mode & 0o077 == 0
    database.dispose()
