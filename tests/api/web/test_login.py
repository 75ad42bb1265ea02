"""Login with a token, the session cookie, logout, roles per page and CSRF."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.http.app import create_app
from api.web.session_secret import session_secret
from assistant.wiring import build_services
from tests.api.web.conftest import Web, create_people, csrf_of
from tests.conftest import make_settings

pytestmark = pytest.mark.slow


def test_pages_need_a_session_and_the_login_sets_a_safe_cookie(web: Web) -> None:
    client = web.client
    away = client.get("/fichas", follow_redirects=False)
    assert away.status_code == 303 and away.headers["location"] == "/entrar?siguiente=/fichas"
    form = client.get("/entrar")
    assert '<html lang="es">' in form.text and 'for="token"' in form.text
    wrong = client.post("/entrar", data={"token": "ast_falso", "csrf": csrf_of(form.text)})
    assert wrong.status_code == 401 and "El token no es válido" in wrong.text
    done = client.post(
        "/entrar",
        data={"token": web.tokens["unidad"], "csrf": csrf_of(wrong.text), "siguiente": "/fichas"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/fichas"
    cookie = done.headers["set-cookie"].lower()
    assert "asistente_sesion=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert web.tokens["unidad"] not in done.headers["set-cookie"]
    listing = client.get("/fichas")
    assert listing.status_code == 200
    policy = listing.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy
    assert listing.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in client.get("/docs").headers["content-security-policy"]


def test_behind_tls_the_session_cookie_is_secure(policy_data_dir: Path, tmp_path: Path) -> None:
    settings = make_settings(
        policy_data_dir,
        database_url=f"sqlite:///{tmp_path / 'tls.db'}",
        http={"session_secret": "s" * 40, "secure_cookies": True},
    )
    services = build_services(settings)
    tokens = create_people(services)
    with TestClient(create_app(settings, services), base_url="https://testserver") as client:
        form = client.get("/entrar")
        done = client.post(
            "/entrar",
            data={"token": tokens["unidad"], "csrf": csrf_of(form.text)},
            follow_redirects=False,
        )
    assert done.status_code == 303
    assert "; secure" in done.headers["set-cookie"].lower()


def test_a_deactivated_user_loses_the_session_at_once(web: Web) -> None:
    from assistant.access.users import UserRow

    web.login("der")
    assert web.client.get("/der").status_code == 200
    with web.services.database.session() as session:
        row = session.scalars(select(UserRow).where(UserRow.email == "der@dnp.gov.co")).one()
        row.active = False
    away = web.client.get("/der", follow_redirects=False)
    assert away.status_code == 303 and away.headers["location"].startswith("/entrar")


def test_the_login_never_redirects_off_site(web: Web) -> None:
    form = web.client.get("/entrar?siguiente=//malo.example/x")
    assert 'value="/chat"' in form.text
    done = web.client.post(
        "/entrar",
        data={
            "token": web.tokens["funcionario"],
            "csrf": csrf_of(form.text),
            "siguiente": "https://malo.example/",
        },
        follow_redirects=False,
    )
    assert done.headers["location"] == "/chat"


def test_logout_ends_the_session(web: Web) -> None:
    csrf = web.login("funcionario")
    out = web.client.post("/salir", data={"csrf": csrf}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/entrar"
    assert web.client.get("/chat", follow_redirects=False).status_code == 303


def test_forms_without_the_csrf_token_are_refused(web: Web) -> None:
    csrf = web.login("editora")
    for path, data in [
        ("/chat", {"mensaje": "¿Qué es la ficha de pre-diseño?"}),
        ("/faq/nueva", {"pregunta": "¿Sin token?", "accion": "guardar"}),
        ("/salir", {}),
    ]:
        refused = web.client.post(path, data=data)
        assert refused.status_code == 403, path
        assert "código de seguridad" in refused.text
        forged = web.client.post(path, data={**data, "csrf": "otro"})
        assert forged.status_code == 403
    assert web.services.faq_bank.store.records(status=None)[-1].content.question != "¿Sin token?"
    # htmx sends the token in a header instead of a field.
    with_header = web.client.post(
        "/faq/vista-previa",
        data={"respuesta": "**hola**"},
        headers={"X-CSRF-Token": csrf, "HX-Request": "true"},
    )
    assert with_header.status_code == 200 and "<strong>hola</strong>" in with_header.text
    assert web.client.get("/chat").status_code == 200  # still signed in


def test_the_session_secret_is_generated_once_and_private(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    first = session_secret(settings)
    assert session_secret(make_settings(tmp_path)) == first and len(first) >= 32
    mode = (tmp_path / "secreto_sesion").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600
    configured = make_settings(tmp_path, http={"session_secret": "x" * 40})
    assert session_secret(configured) == "x" * 40


def test_workers_starting_together_agree_on_one_secret(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=8) as pool:
        secrets = set(pool.map(lambda _: session_secret(make_settings(tmp_path)), range(16)))
    assert len(secrets) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["secreto_sesion"]


def test_the_web_is_mounted_once(web: Web) -> None:
    from starlette.middleware.sessions import SessionMiddleware

    app = web.client.app
    sessions = [m for m in app.user_middleware if m.cls is SessionMiddleware]  # type: ignore[attr-defined]
    assert len(sessions) == 1
