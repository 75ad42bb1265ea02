"""Fichas and DER's review in the web: inbox, report, comments, return, resend, approval."""

from __future__ import annotations

import re

import pytest

from tests.api.web.conftest import Web, csrf_of, send_ficha

pytestmark = pytest.mark.slow


def test_der_returns_with_a_field_comment_the_unit_resends_and_der_approves(web: Web) -> None:
    ficha_id = send_ficha(web)
    csrf = web.login("der")
    inbox = web.client.get("/der")
    assert f'href="/der/{ficha_id}"' in inbox.text
    review = web.client.get(f"/der/{ficha_id}").text
    heading = re.search(r"<h1>(.*?)</h1>", review)
    assert heading is not None and heading.group(1).startswith("Revisar la ficha «")
    assert ficha_id not in heading.group(1)  # people read the name, never the id
    # The sent version field by field, grouped by Paso, each with its own comment control.
    assert "Contenido de la versión enviada" in review and "Paso 2 de 6" in review
    field_block = review[review.index('id="campo-problema-enunciado"') :]
    field_block = field_block[: field_block.index('class="campo-revision')]
    assert "Comentar este campo" in field_block and 'value="problema.enunciado"' in field_block
    assert 'aria-labelledby="t-cadena"' in review and '<th scope="col">Insumos</th>' in review
    assert 'data-confirmar="¿Aprobar la ficha' in review
    commented = web.client.post(
        f"/der/{ficha_id}",
        data={
            "accion": "comentar",
            "texto": "Precise la población objetivo.",
            "campo": "problema.enunciado",
            "csrf": csrf,
        },
    ).text
    beside = commented[commented.index('id="campo-problema-enunciado"') :]
    beside = beside[: beside.index('class="campo-revision')]
    assert "Precise la población objetivo." in beside  # shown beside the field it is about
    # Returning without a reason: a Spanish error, and what was typed elsewhere is kept.
    missing = web.client.post(
        f"/der/{ficha_id}", data={"accion": "devolver", "texto": " ", "csrf": csrf}
    )
    assert missing.status_code == 422 and "Escriba el motivo de la devolución" in missing.text
    returned = web.client.post(
        f"/der/{ficha_id}",
        data={"accion": "devolver", "texto": "Revise el problema.", "csrf": csrf},
    )
    assert returned.status_code == 200 and "Ficha devuelta" in returned.text
    # The unit sees the comment and resends from the chat.
    csrf = web.login("unidad")
    mine = web.client.get(f"/fichas/{ficha_id}")
    assert "Devuelta" in mine.text and "Precise la población objetivo." in mine.text
    assert "Continuar en el chat" in mine.text
    resumed = web.client.post(
        "/chat", data={"mensaje": f"continuar la ficha {ficha_id}", "csrf": csrf}
    )
    assert "Precise la población objetivo." in resumed.text
    resent = web.client.post("/chat", data={"mensaje": "enviar", "csrf": csrf})
    assert "¿Envío la ficha a la DER?" in resent.text and "Enviar a la DER" in resent.text
    resent = web.client.post("/chat", data={"mensaje": "enviar", "csrf": csrf})
    assert "versión 2" in resent.text, resent.text
    csrf = web.login("der")
    approved = web.client.post(
        f"/der/{ficha_id}", data={"accion": "aprobar", "texto": "", "csrf": csrf}
    )
    assert "Ficha aprobada" in approved.text and "Aprobada" in approved.text
    diff = web.client.get(f"/der/{ficha_id}?de=1&a=2")
    assert 'aria-label="Diferencias"' in diff.text
    assert web.client.get(f"/der/{ficha_id}?de=uno").status_code == 200


def test_the_unit_downloads_its_ficha_as_docx_and_other_units_cannot(web: Web) -> None:
    ficha_id = send_ficha(web)
    document = web.client.get(f"/fichas/{ficha_id}/docx?version=1")
    assert document.status_code == 200
    assert document.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert document.content[:2] == b"PK"
    web.services.users.create(
        name="Otra", email="otra@dnp.gov.co", roles=["unidad_tecnica"], unit="Otra dirección"
    )
    other = web.services.users.create(
        name="Otro", email="otro@dnp.gov.co", roles=["unidad_tecnica"], unit="Otra unidad"
    )[1]
    web.tokens["otro"] = other
    web.login("otro")
    assert ficha_id not in web.client.get("/fichas").text
    refused = web.client.get(f"/fichas/{ficha_id}")
    assert refused.status_code == 403 and "otra dependencia" in refused.text
    assert web.client.get(f"/fichas/{ficha_id}/docx").status_code == 403


def test_an_unknown_ficha_is_a_spanish_404_page(web: Web) -> None:
    web.login("der")
    missing = web.client.get("/der/F-00000000")
    assert missing.status_code == 404 and "<h1" in missing.text
    assert csrf_of(missing.text)


def test_malformed_version_numbers_are_spanish_pages_not_crashes(web: Web) -> None:
    ficha_id = send_ficha(web)
    # A malformed «de» shows the ficha without a diff; a malformed «a» compares version 1
    # with the draft; a malformed DOCX version is a missing version.
    for path, status in (
        (f"/fichas/{ficha_id}?de=²", 200),
        (f"/fichas/{ficha_id}?de=1&a=²", 200),
        (f"/fichas/{ficha_id}?de={'9' * 30}", 200),
        (f"/fichas/{ficha_id}/docx?version={'9' * 30}", 404),
    ):
        shown = web.client.get(path)
        assert shown.status_code == status, (path, shown.status_code)
        assert shown.headers["content-type"].startswith("text/html"), path
        assert "<h1" in shown.text
    missing = web.client.get(f"/fichas/{ficha_id}/docx?version={'9' * 30}")
    assert f"La ficha {ficha_id} no tiene una versión" in missing.text
    assert 'aria-label="Diferencias"' not in web.client.get(f"/fichas/{ficha_id}?de=²").text


def test_der_sees_the_units_reason_beside_the_warning_it_accepted(web: Web) -> None:
    from tests.intake.test_conversation import EVIDENCE, UNIT_ANSWERS

    reason = "porque la cifra oficial del SGR se publica en marzo"
    messages = list(UNIT_ANSWERS)
    at = messages.index(EVIDENCE)
    messages[at : at + 1] = ["Muchos proyectos se devuelven", f"sí, {reason}"]
    csrf = web.login("unidad")
    for message in ("quiero registrar una ficha", *messages, "enviar"):
        reply = web.client.post("/chat", data={"mensaje": message, "csrf": csrf})
        assert reply.status_code == 200, reply.text
        assert "PROB-" not in reply.text  # rule ids never reach the unit
    ficha_id = reply.text.split("Envié la ficha ")[1][:10]
    web.login("der")
    review = web.client.get(f"/der/{ficha_id}").text
    block = review[review.index('id="campo-problema-evidencia"') :]
    block = block[: block.index('class="campo-revision')]
    assert "aceptada por la dependencia" in block
    assert f"Motivo de la dependencia:</strong> {reason}" in block
    # The rule's id only as DER's tooltip.
    assert 'title="Regla PROB-EVIDENCE"' in block
    assert block.count("PROB-EVIDENCE") == 1
    accepted = review[review.index('id="t-aceptadas"') :]
    assert f"Motivo de la dependencia: {reason}" in accepted
