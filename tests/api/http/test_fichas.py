"""Fichas through the HTTP API: the guided intake, DER's review and the DOCX document."""

from __future__ import annotations

import io

import pytest
from docx import Document
from fastapi.testclient import TestClient

from api.http.app import create_app
from assistant.wiring import build_services
from tests.api.http.conftest import Api
from tests.intake.test_conversation import HAPPY_ANSWERS, UNIT_ANSWERS

pytestmark = pytest.mark.slow

NEW_PROBLEM = (
    "Baja viabilidad de los proyectos de inversión del SGR que formulan los municipios de "
    "categorías 5 y 6: el 62 % se devuelve en la primera revisión."
)


def _talk(api: Api, message: str, session: str | None = None) -> dict[str, object]:
    body = {"mensaje": message, **({"sesion_id": session} if session else {})}
    return api.ok("POST", "/api/v1/fichas/conversacion", "unidad_tecnica", json=body)


def _complete_by_conversation(api: Api) -> str:
    opening = _talk(api, "quiero registrar una ficha")
    assert opening["activa"] and "Paso 1 de 6" in str(opening["respuesta"])
    ficha_id, session = str(opening["ficha_id"]), str(opening["sesion_id"])
    assert opening["puede_enviarse"] is False and opening["hallazgos"]
    assert "Dependencia: " in str(opening["respuesta"])  # the user's unit, not asked
    for answer in UNIT_ANSWERS:
        turn = _talk(api, answer, session)
        assert "✗" not in str(turn["respuesta"]), turn["respuesta"]
    assert turn["puede_enviarse"] is True
    assert not [h for h in turn["hallazgos"] if h["severidad"] == "error"]  # type: ignore[attr-defined,index]
    sent = _talk(api, "enviar", session)
    assert sent["version_enviada"] == 1 and sent["estado"] == "enviada" and not sent["activa"]
    assert sent["ficha_id"] == ficha_id
    return ficha_id


def test_unit_to_der_return_fix_resubmit_approve_and_docx(api: Api) -> None:
    ficha_id = _complete_by_conversation(api)
    path = f"/api/v1/fichas/{ficha_id}"

    # Another unit and a plain official cannot read it; DER sees it in its inbox.
    assert api.call("GET", path, "otra_unidad").status_code == 403
    assert api.call("GET", path, "funcionario").status_code == 403
    inbox = api.ok("GET", "/api/v1/der/bandeja", "der")["fichas"]
    assert [f["id"] for f in inbox] == [ficha_id]

    # DER takes it into review and returns it with a comment on one field.
    review = api.ok("POST", f"/api/v1/der/fichas/{ficha_id}/revision", "der")
    assert review["resumen"]["estado"] == "en_revision" and review["version"]["numero"] == 1
    assert review["validacion"]["puede_enviarse"] is True
    returned = api.ok(
        "POST",
        f"/api/v1/der/fichas/{ficha_id}/devolucion",
        "der",
        json={
            "motivo": "Precise el problema con datos.",
            "comentarios": [{"campo": "problema.enunciado", "texto": "Cuantifique el problema."}],
        },
    )
    assert returned["resumen"]["estado"] == "devuelta"
    wrong = api.call("POST", f"/api/v1/der/fichas/{ficha_id}/aprobacion", "der", json={})
    assert wrong.status_code == 409 and "no puede pasar a «Aprobada»" in wrong.json()["error"]

    # The unit reads the comment, fixes the field (optimistic lock) and resends.
    stored = api.ok("GET", path, "unidad_tecnica")
    assert stored["puede_editarse"] is True
    assert [(c["campo"], c["texto"]) for c in stored["comentarios"]] == [
        ("problema.enunciado", "Cuantifique el problema.")
    ]
    ficha = stored["ficha"] | {"problema": stored["ficha"]["problema"] | {"enunciado": NEW_PROBLEM}}
    lock = stored["resumen"]["version_bloqueo"]
    api.ok("PUT", path, "unidad_tecnica", json={"ficha": ficha, "version_bloqueo": lock})
    stale = api.call("PUT", path, "unidad_tecnica", json={"ficha": ficha, "version_bloqueo": lock})
    assert stale.status_code == 409 and stale.json()["error"]
    assert (
        api.call(
            "PUT", path, "otra_unidad", json={"ficha": ficha, "version_bloqueo": 0}
        ).status_code
        == 403
    )
    check = api.ok("GET", f"{path}/validacion", "unidad_tecnica")
    assert check["puede_enviarse"] is True
    sent = api.ok("POST", f"{path}/envio", "unidad_tecnica", json={})
    assert sent["version"] == 2 and sent["estado"] == "enviada"

    # DER compares the versions and approves.
    diff = api.ok("GET", f"/api/v1/der/fichas/{ficha_id}/diferencias?desde=1&hasta=2", "der")
    assert [c["campo"] for c in diff["cambios"]] == ["problema.enunciado"]
    assert diff["cambios"][0]["despues"] == NEW_PROBLEM
    approved = api.ok("POST", f"/api/v1/der/fichas/{ficha_id}/aprobacion", "der", json={})
    assert approved["resumen"]["estado"] == "aprobada"
    again = api.call("POST", f"{path}/envio", "unidad_tecnica", json={})
    assert again.status_code == 409 and "Aprobada" in again.json()["error"]

    history = api.ok("GET", f"{path}/historial", "unidad_tecnica")
    assert [t["hacia"] for t in history["transiciones"]] == [
        "borrador",
        "enviada",
        "en_revision",
        "devuelta",
        "enviada",
        "en_revision",
        "aprobada",
    ]
    assert [v["numero"] for v in history["versiones"]] == [1, 2]

    # The DOCX downloads as an attachment and opens with python-docx.
    document = api.call("GET", f"{path}/documento?version=2", "unidad_tecnica")
    assert document.status_code == 200
    assert document.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert document.headers["content-disposition"] == (f'attachment; filename="{ficha_id}-v2.docx"')
    text = "\n".join(p.text for p in Document(io.BytesIO(document.content)).paragraphs)
    assert HAPPY_ANSWERS[0] in text
    cells = Document(io.BytesIO(document.content)).tables
    assert NEW_PROBLEM in text or any(
        NEW_PROBLEM in c.text for t in cells for r in t.rows for c in r.cells
    )


def test_the_conversation_continues_in_another_worker(api: Api) -> None:
    opening = _talk(api, "quiero registrar una ficha")
    _talk(api, HAPPY_ANSWERS[0], str(opening["sesion_id"]))
    # A second app with its own services (another worker process) over the same database.
    settings = api.services.settings
    with TestClient(create_app(settings, build_services(settings))) as second:
        reply = second.post(
            "/api/v1/fichas/conversacion",
            json={"mensaje": UNIT_ANSWERS[1], "sesion_id": opening["sesion_id"]},
            headers={"Authorization": f"Bearer {api.tokens['unidad_tecnica']}"},
        ).json()
    assert reply["ficha_id"] == opening["ficha_id"]
    assert reply["borrador"]["nombre"] == HAPPY_ANSWERS[0]
    stored = api.ok("GET", f"/api/v1/fichas/{opening['ficha_id']}", "unidad_tecnica")
    assert stored["ficha"]["subdireccion_general"] == "SGSGR"


def test_drafts_validation_and_errors(api: Api) -> None:
    created = api.call(
        "POST", "/api/v1/fichas", "unidad_tecnica", json={"ficha": {"nombre": "Ficha directa"}}
    )
    assert created.status_code == 201
    body = created.json()
    assert body["resumen"]["estado"] == "borrador" and body["ficha"]["nombre"] == "Ficha directa"
    ficha_id = body["resumen"]["id"]
    listed = api.ok("GET", "/api/v1/fichas", "unidad_tecnica")["fichas"]
    assert [f["id"] for f in listed] == [ficha_id]
    assert api.ok("GET", "/api/v1/fichas", "otra_unidad")["fichas"] == []
    assert [f["id"] for f in api.ok("GET", "/api/v1/fichas", "der")["fichas"]] == [ficha_id]

    report = api.ok("GET", f"/api/v1/fichas/{ficha_id}/validacion", "unidad_tecnica")
    assert report["puede_enviarse"] is False and report["errores"] > 0
    assert all(h["referencia"] for h in report["hallazgos"])
    blocked = api.call("POST", f"/api/v1/fichas/{ficha_id}/envio", "unidad_tecnica", json={})
    assert blocked.status_code == 422
    assert "impiden enviarla a la DER" in blocked.json()["error"]
    assert blocked.json()["errors"] and all(
        "Lineamiento" in e or "(" in e for e in blocked.json()["errors"]
    )

    unsaved = api.ok("POST", "/api/v1/fichas/validacion", "der", json={"ficha": {}})
    assert unsaved["puede_enviarse"] is False

    bad = api.call("POST", "/api/v1/fichas", "unidad_tecnica", json={"ficha": {"color": "azul"}})
    assert bad.status_code == 422
    assert bad.json()["error"] == "Los datos enviados no son válidos."
    assert bad.json()["errors"] == ["ficha.color: no es un campo conocido"]
    missing = api.call("GET", "/api/v1/fichas/F-00000000", "unidad_tecnica")
    assert missing.status_code == 404 and missing.json()["error"]
    admin_draft = api.call("POST", "/api/v1/fichas", "admin", json={})
    assert admin_draft.status_code == 403
    assert admin_draft.json()["error"] == "Solo una dependencia técnica puede crear fichas."
    not_yet = api.call("POST", f"/api/v1/der/fichas/{ficha_id}/revision", "der")
    assert not_yet.status_code == 409 and "no está pendiente de revisión" in not_yet.json()["error"]


def test_an_open_draft_never_takes_a_start_phrase_as_data(api: Api) -> None:
    opening = _talk(api, "quiero registrar una ficha")
    session = str(opening["sesion_id"])
    for answer in HAPPY_ANSWERS[:5]:
        _talk(api, answer, session)
    again = _talk(api, "quiero registrar una ficha", session)
    assert "Ya tiene una ficha en curso" in str(again["respuesta"])
    summary = _talk(api, "resumen", session)
    assert "Dependencias corresponsables: (sin responder)" in str(summary["respuesta"])
