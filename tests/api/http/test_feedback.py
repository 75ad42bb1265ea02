"""Feedback (útil / no útil) on the answers of a conversation, through the HTTP API."""

from __future__ import annotations

import pytest

from tests.api.http.conftest import Api

pytestmark = pytest.mark.slow

FEEDBACK = "/api/v1/conversaciones/{}/retroalimentacion"


def test_feedback_on_a_turn_feeds_the_unresolved_queue(api: Api) -> None:
    first = api.ok(
        "POST",
        "/api/v1/preguntas",
        "funcionario",
        json={"pregunta": "¿Qué es el protocolo de ATT?"},
    )
    conversation = first["conversacion_id"]
    api.ok(
        "POST",
        "/api/v1/preguntas",
        "funcionario",
        json={"pregunta": "¿y quién lo elabora?", "conversacion_id": conversation},
    )
    useful = api.ok("POST", FEEDBACK.format(conversation), "funcionario", json={"valor": "útil"})
    assert useful["turno"] == 2 and useful["valor"] == "util"
    assert useful["pregunta"] == "¿y quién lo elabora?"

    assert api.ok("GET", "/api/v1/faq/sin-resolver", "comunicaciones")["grupos"] == []
    rated = api.ok(
        "POST",
        FEEDBACK.format(conversation),
        "funcionario",
        json={"valor": "no-útil", "motivo": "No dice quién lo firma.", "turno": 1},
    )
    assert rated["turno"] == 1 and rated["valor"] == "no_util"
    groups = api.ok("GET", "/api/v1/faq/sin-resolver", "comunicaciones")["grupos"]
    (question,) = [q for g in groups for q in g["preguntas"]]
    assert question["pregunta"] == "¿Qué es el protocolo de ATT?"
    assert question["no_util"] and question["motivo"] == "No dice quién lo firma."
    assert api.ok("GET", "/api/v1/faq/informe", "admin")["total"]["no_util"] == 1


@pytest.mark.parametrize(
    ("body", "who", "status", "message"),
    [
        ({"valor": "regular"}, "funcionario", 422, "Valor de retroalimentación desconocido"),
        ({"valor": "útil", "turno": 9}, "funcionario", 404, "no tiene una respuesta número 9"),
        ({"valor": "útil"}, "der", 404, "No existe esa conversación."),
        ({"valor": "útil", "turno": 0}, "funcionario", 422, "Los datos enviados no son válidos."),
    ],
)
def test_feedback_errors(
    api: Api, body: dict[str, object], who: str, status: int, message: str
) -> None:
    answer = api.ok("POST", "/api/v1/preguntas", "funcionario", json={"pregunta": "hola"})
    response = api.call("POST", FEEDBACK.format(answer["conversacion_id"]), who, json=body)
    assert response.status_code == status
    assert message in response.json()["error"] and response.json()["ok"] is False


def test_nobody_asks_inside_someone_elses_conversation(api: Api) -> None:
    mine = api.ok(
        "POST",
        "/api/v1/preguntas",
        "funcionario",
        json={"pregunta": "¿Qué es el protocolo de ATT?"},
    )["conversacion_id"]
    intruder = api.call(
        "POST",
        "/api/v1/preguntas",
        "comunicaciones",
        json={"pregunta": "¿y quién lo aprueba?", "conversacion_id": mine},
    )
    assert intruder.status_code == 404 and intruder.json()["ok"] is False
    turns = api.ok("GET", f"/api/v1/conversaciones/{mine}", "funcionario")["turnos"]
    assert [t["pregunta"] for t in turns] == ["¿Qué es el protocolo de ATT?"]
    admin = api.call(
        "POST",
        "/api/v1/preguntas",
        "admin",
        json={"pregunta": "¿y quién lo aprueba?", "conversacion_id": mine},
    )
    assert admin.status_code == 404, (
        "un administrador lee, pero no escribe en la conversación ajena"
    )
    turns = api.ok("GET", f"/api/v1/conversaciones/{mine}", "admin")["turnos"]
    assert [t["pregunta"] for t in turns] == ["¿Qué es el protocolo de ATT?"]
