"""Session and CSRF rules of the web interface, exactly: a login starts a new session with a
new token, the header wins over the form field, and every refusal says why in Spanish."""

from __future__ import annotations

import pytest

from api.web.auth import CSRF_REJECTED, FORBIDDEN
from tests.api.web.conftest import Web, csrf_of

pytestmark = pytest.mark.slow


def test_each_login_starts_a_new_session_with_a_new_csrf_token(web: Web) -> None:
    before = csrf_of(web.client.get("/entrar").text)
    done = web.client.post(
        "/entrar",
        data={"token": web.tokens["funcionario"], "csrf": before, "siguiente": "/chat"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    after = csrf_of(web.client.get("/chat").text)
    assert after != before and len(after) >= 43  # 32 random bytes
    stale = web.client.post("/chat", data={"mensaje": "hola", "csrf": before})
    assert stale.status_code == 403 and CSRF_REJECTED in stale.text
    # The first page after the login keeps the same token (it is not renewed per request).
    assert csrf_of(web.client.get("/chat").text) == after
    # The page knows who is signed in: their name and only the sections of their role.
    page = web.client.get("/chat").text
    assert '<span class="quien">Funcionario</span>' in page
    assert 'href="/der"' not in page and 'href="/faq"' not in page
    # A second login replaces the first session.
    first = web.login("funcionario")
    second = web.login("editora")
    assert first != second
    editor_page = web.client.get("/faq")
    assert editor_page.status_code == 200  # the editor's session, not the official's
    assert 'href="/faq"' in editor_page.text and 'href="/der"' not in editor_page.text


def test_the_header_token_wins_and_no_session_means_no_token(web: Web) -> None:
    csrf = web.login("editora")
    form = {"respuesta": "**hola**", "csrf": csrf}
    wrong_header = web.client.post(
        "/faq/vista-previa", data=form, headers={"X-CSRF-Token": "otro", "HX-Request": "true"}
    )
    assert wrong_header.status_code == 403 and CSRF_REJECTED in wrong_header.text
    right_header = web.client.post(
        "/faq/vista-previa",
        data={"respuesta": "**hola**", "csrf": "otro"},
        headers={"X-CSRF-Token": csrf, "HX-Request": "true"},
    )
    assert right_header.status_code == 200 and "<strong>hola</strong>" in right_header.text
    # A file sent in the token's field is not a token.
    as_file = web.client.post(
        "/chat", data={"mensaje": "hola"}, files={"csrf": ("csrf.txt", csrf.encode())}
    )
    assert as_file.status_code == 403 and CSRF_REJECTED in as_file.text
    # Without any session there is no token to match, not even an empty one.
    web.client.cookies.clear()
    for data in ({"token": web.tokens["admin"]}, {"token": web.tokens["admin"], "csrf": ""}):
        refused = web.client.post("/entrar", data=data, follow_redirects=False)
        assert refused.status_code == 403 and CSRF_REJECTED in refused.text
    assert web.client.get("/chat", follow_redirects=False).status_code == 303


def test_refusals_speak_as_usted_and_a_logout_needs_no_session(web: Web) -> None:
    assert CSRF_REJECTED == (
        "El formulario no trae un código de seguridad válido (puede que la sesión haya vencido). "
        "Vuelva a cargar la página e inténtelo de nuevo."
    )
    web.login("funcionario")
    page = web.client.get("/der")
    assert page.status_code == 403 and FORBIDDEN in page.text
    assert FORBIDDEN == "No tiene permiso para ver esta página."
    # Logging out without a session is harmless.
    web.client.cookies.clear()
    csrf = csrf_of(web.client.get("/entrar").text)
    out = web.client.post("/salir", data={"csrf": csrf}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/entrar"


def test_a_lost_session_forgets_its_id_and_sends_to_the_login(web: Web) -> None:
    web.login("der")
    with web.services.database.session() as session:
        from sqlalchemy import text

        session.execute(text("DELETE FROM web_sessions"))
    away = web.client.get("/der", follow_redirects=False)
    assert away.status_code == 303 and away.headers["location"] == "/entrar?siguiente=/der"
    assert "asistente_sesion=" in away.headers["set-cookie"]  # the dead id leaves the cookie
    assert web.client.get("/der", follow_redirects=False).status_code == 303
