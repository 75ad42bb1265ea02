"""The FAQ bank through the HTTP API: draft → review → approval by another person → publish →
served by /preguntas; history, diffs, the unresolved queue and the usage report."""

from __future__ import annotations

import pytest

from tests.api.http.conftest import Api

pytestmark = pytest.mark.slow

QUESTION = "¿En qué horario atiende la mesa de ayuda de Llegada a Territorio a los municipios?"
ANSWER = "La mesa de ayuda atiende de lunes a viernes, de 8:00 a. m. a 5:00 p. m."


def test_draft_review_approval_publish_and_served(api: Api) -> None:
    created = api.call(
        "POST",
        "/api/v1/faq",
        "comunicaciones",
        json={"pregunta": QUESTION, "etiquetas": ["mesa de ayuda"], "id": "faq-horario"},
    )
    assert created.status_code == 201, created.text
    entry = created.json()["entrada"]
    assert entry["estado"] == "borrador" and entry["revision"] == 1
    path = "/api/v1/faq/faq-horario"

    # Without an answer it cannot go to review (422 with the problem listed).
    empty = api.call("POST", f"{path}/enviar-revision", "comunicaciones")
    assert empty.status_code == 422 and "la respuesta está vacía" in empty.json()["errors"]
    edited = api.ok("PUT", path, "comunicaciones", json={"respuesta": ANSWER, "revision_base": 1})[
        "entrada"
    ]
    assert edited["revision"] == 2 and edited["pregunta"] == QUESTION
    stale = api.call("PUT", path, "comunicaciones", json={"respuesta": "x", "revision_base": 1})
    assert stale.status_code == 409 and "cambió" in stale.json()["error"]

    api.ok("POST", f"{path}/enviar-revision", "comunicaciones")
    # Publishing before approval and approving one's own revision are refused.
    early = api.call("POST", f"{path}/publicar", "comunicaciones", json={})
    assert early.status_code == 409 and "aún no está aprobada" in early.json()["error"]
    own = api.call("POST", f"{path}/aprobar", "comunicaciones")
    assert own.status_code == 403 and "debe aprobarla otra persona" in own.json()["error"]
    approved = api.ok("POST", f"{path}/aprobar", "comunicaciones2")
    assert approved["entrada"]["aprobada_por"] and approved["conflictos"] == []
    published = api.ok("POST", f"{path}/publicar", "comunicaciones2", json={})["entrada"]
    assert published["estado"] == "publicada" and published["revision_publicada"] == 2
    wrong = api.call("POST", f"{path}/enviar-revision", "comunicaciones")
    assert wrong.status_code == 409 and "está publicada" in wrong.json()["error"]

    # Anyone asking the question gets the entry (route "faq"); anyone can list it.
    answer = api.ok("POST", "/api/v1/preguntas", "funcionario", json={"pregunta": QUESTION})
    assert answer["ruta"] == "faq" and answer["faq_id"] == "faq-horario"
    assert ANSWER in answer["respuesta"]
    served = api.ok("GET", "/api/v1/faq/publicadas?q=mesa de ayuda horario", "funcionario")
    assert [e["id"] for e in served["entradas"]] == ["faq-horario"]

    # History: revisions, events, diff, restore, search and filters.
    detail = api.ok("GET", path, "comunicaciones")
    assert [r["numero"] for r in detail["revisiones"]] == [1, 2]
    assert [e["accion"] for e in detail["eventos"]] == [
        "crear",
        "editar",
        "enviar-revision",
        "aprobar",
        "publicar",
    ]
    diff = api.ok("GET", f"{path}/diferencias?desde=1&hasta=2", "comunicaciones")["diferencias"]
    assert f"+{ANSWER}" in diff
    restored = api.ok("POST", f"{path}/restaurar", "comunicaciones", json={"revision": 1})
    assert restored["entrada"]["revision"] == 3 and restored["entrada"]["estado"] == "borrador"
    assert restored["entrada"]["revision_publicada"] == 2
    drafts = api.ok("GET", "/api/v1/faq?estado=borrador&q=horario", "admin")["entradas"]
    assert [e["id"] for e in drafts] == ["faq-horario"]
    archived = api.ok("POST", f"{path}/archivar", "admin", json={"motivo": "Ya no aplica"})
    assert archived["entrada"]["estado"] == "archivada"
    assert api.ok("GET", "/api/v1/faq/publicadas?q=horario mesa", "der")["entradas"] == []


def test_faq_errors(api: Api) -> None:
    missing = api.call("GET", "/api/v1/faq/faq-no-existe", "comunicaciones")
    assert missing.status_code == 404 and "No existe la entrada" in missing.json()["error"]
    bad = api.call("POST", "/api/v1/faq", "comunicaciones", json={"pregunta": ""})
    assert bad.status_code == 422 and bad.json()["error"] == "Los datos enviados no son válidos."
    unknown = api.call(
        "POST",
        "/api/v1/faq",
        "comunicaciones",
        json={"pregunta": "¿Otra pregunta?", "secciones": ["Lineamiento 99 > Nada"]},
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"] == ["la sección «Lineamiento 99 > Nada» no existe en el índice"]
    seed = api.ok("GET", "/api/v1/faq?estado=publicada", "comunicaciones")["entradas"][0]["id"]
    twice = api.call("POST", "/api/v1/faq", "comunicaciones", json={"pregunta": "¿x?", "id": seed})
    assert twice.status_code == 409 and f"Ya existe la entrada «{seed}»" in twice.json()["error"]
    back = api.call("POST", f"/api/v1/faq/{seed}/devolver", "comunicaciones", json={})
    assert back.status_code == 409 and "está publicada" in back.json()["error"]


def test_unresolved_queue_to_draft_and_usage_report(api: Api) -> None:
    for question in ("receta de ajiaco santafereño", "¿cómo se prepara el ajiaco?"):
        api.ok("POST", "/api/v1/preguntas", "funcionario", json={"pregunta": question})
    groups = api.ok("GET", "/api/v1/faq/sin-resolver", "comunicaciones")["grupos"]
    assert sum(g["veces"] for g in groups) == 2
    report = api.ok("GET", "/api/v1/faq/informe", "comunicaciones")
    assert report["total"]["preguntas"] == 2 and report["total"]["abstenciones"] == 2
    assert report["total"]["tasa_abstencion"] == 1.0 and len(report["semanas"]) == 1
    assert report["sin_resolver"]

    group = groups[0]
    draft = api.call(
        "POST", f"/api/v1/faq/sin-resolver/{group['grupo']}/borrador", "comunicaciones", json={}
    )
    assert draft.status_code == 201, draft.text
    entry = draft.json()["entrada"]
    assert entry["estado"] == "borrador" and entry["pregunta"] == group["pregunta"]
    left = api.ok("GET", "/api/v1/faq/sin-resolver", "comunicaciones")["grupos"]
    assert sum(g["veces"] for g in left) == 2 - group["veces"]
    gone = api.call("POST", "/api/v1/faq/sin-resolver/999999/borrador", "comunicaciones", json={})
    assert gone.status_code == 404 and "No hay ningún grupo" in gone.json()["error"]
