"""Notices in the web: the header's unread count and the notices page, fed by the outbox."""

from __future__ import annotations

import re

import pytest

from tests.api.web.conftest import Web, send_ficha

pytestmark = pytest.mark.slow
BADGE = re.compile(r'class="contador-avisos">(\d+)<')


def _badge(html: str) -> int:
    found = BADGE.search(html)
    return int(found.group(1)) if found else 0


def test_der_is_told_of_a_submission_and_the_unit_of_the_decision(web: Web) -> None:
    ficha_id = send_ficha(web)
    csrf = web.login("der")
    assert _badge(web.client.get("/chat").text) == 1
    notices = web.client.get("/avisos").text
    assert "Ficha para revisar" in notices and "1 aviso sin leer" in notices
    notice_id = re.search(r'href="/avisos/(\d+)"', notices).group(1)  # type: ignore[union-attr]
    opened = web.client.get(f"/avisos/{notice_id}", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == f"/der/{ficha_id}"
    assert _badge(web.client.get("/chat").text) == 0
    web.client.post(
        f"/der/{ficha_id}", data={"accion": "devolver", "texto": "Falta el problema.", "csrf": csrf}
    )
    csrf = web.login("unidad")
    assert _badge(web.client.get("/chat").text) == 1
    notices = web.client.get("/avisos").text
    assert "Ficha devuelta" in notices and "La DER devolvió su ficha" in notices
    decision = re.search(r'href="/avisos/(\d+)"', notices).group(1)  # type: ignore[union-attr]
    assert (
        web.client.get(f"/avisos/{decision}", follow_redirects=False).headers["location"]
        == f"/fichas/{ficha_id}"
    )
    # Someone else's notice is not found; marking all read empties the badge.
    web.login("editora")
    assert web.client.get(f"/avisos/{decision}").status_code == 404
    assert "No tiene avisos sin leer" in web.client.get("/avisos").text


def test_marking_everything_read(web: Web) -> None:
    send_ficha(web)
    csrf = web.login("der")
    done = web.client.post("/avisos/leidos", data={"csrf": csrf})
    assert "Marcamos todos sus avisos como leídos" in done.text
    assert _badge(done.text) == 0 and "No tiene avisos sin leer" in done.text
