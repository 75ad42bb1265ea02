"""Errors met in the browser are Spanish pages; the API keeps its JSON."""

from __future__ import annotations

import pytest

from tests.api.web.conftest import Web

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "sentence"),
    [
        ("GET", "/no-existe", None, 404, "No existe esa página"),
        ("GET", "/chat/valoracion", None, 405, "Esa acción no está disponible"),
        ("POST", "/chat", b"x" * 70_000, 413, "demasiado grande"),
    ],
)
def test_errors_in_the_browser_are_spanish_pages(
    web: Web, method: str, path: str, body: bytes | None, status: int, sentence: str
) -> None:
    web.login("funcionario")
    shown = web.client.request(method, path, headers={"Accept": "text/html"}, content=body)
    assert shown.status_code == status
    assert shown.headers["content-type"].startswith("text/html")
    assert sentence in shown.text and "<h1" in shown.text
    api = web.client.get("/api/v1/no-existe", headers={"Accept": "text/html"})
    assert api.status_code == 404 and api.json()["ok"] is False


def test_an_htmx_error_is_a_notice_fragment(web: Web) -> None:
    web.login("funcionario")
    shown = web.client.get("/no-existe", headers={"HX-Request": "true"})
    assert shown.status_code == 404 and "<html" not in shown.text
    assert "No existe esa página" in shown.text
