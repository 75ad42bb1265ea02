"""Scale-out: two API processes sharing PostgreSQL and a Chroma server (``chroma run``).

Requests alternate between the processes, so anything kept in one process's memory
(conversations, intake sessions, rate-limit counters, FAQ changes) would show up as a
failure here.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.cli.server_process import ServerProcess, uvicorn_workers
from tests.api.http.conftest import UNIT
from tests.deploy.topology import Api, prepare, running, served_api, start_chroma, uvicorn_api
from tests.intake.test_conversation import HAPPY_ANSWERS, UNIT_ANSWERS

pytestmark = pytest.mark.slow

RATE_LIMIT = 40
FAQ_QUESTION = "¿En qué horario atiende la mesa de ayuda de Llegada a Territorio a los municipios?"
FAQ_ANSWER = "La mesa de ayuda atiende de lunes a viernes, de 8:00 a. m. a 5:00 p. m."


@pytest.fixture(scope="module")
def chroma(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = start_chroma(tmp_path_factory.mktemp("chroma") / "datos")
    yield server
    server.stop()


@pytest.fixture
def pair(chroma: ServerProcess, postgres_url: str, tmp_path: Path) -> Iterator[tuple[Api, Api]]:
    """Two uvicorn processes (A, B) over one PostgreSQL database and the Chroma server."""
    settings, tokens = prepare(
        tmp_path / "datos",
        database_url=postgres_url,
        knowledge={"chroma_url": chroma.base_url},
        http={"rate_limit_per_minute": RATE_LIMIT},
    )
    servers = (uvicorn_api(settings, tmp_path / "a.log"), uvicorn_api(settings, tmp_path / "b.log"))
    for started in running(*servers):
        yield Api(started[0].base_url, tokens), Api(started[1].base_url, tokens)


def test_the_index_lives_in_the_chroma_server(pair: tuple[Api, Api], chroma: ServerProcess) -> None:
    a, b = pair
    collections = httpx.get(
        f"{chroma.base_url}/api/v2/tenants/default_tenant/databases/default_database/collections"
    ).json()
    assert [c["name"] for c in collections if c["name"].startswith("fragmentos_")]
    for api in (a, b):
        health = api.call("GET", "/salud", None).json()
        assert health["ok"] and health["indice"] and health["base_de_datos"]


def test_a_conversation_started_on_a_continues_on_b(pair: tuple[Api, Api]) -> None:
    a, b = pair
    first = a.ok(
        "POST",
        "/api/v1/preguntas",
        "funcionario",
        json={"pregunta": "¿Qué es el protocolo de ATT?"},
    )
    follow = b.ok(
        "POST",
        "/api/v1/preguntas",
        "funcionario",
        json={
            "pregunta": "¿y en qué paso se diligencia?",
            "conversacion_id": first["conversacion_id"],
        },
    )
    assert first["citas"] and follow["conversacion_id"] == first["conversacion_id"]
    turns = a.ok("GET", f"/api/v1/conversaciones/{first['conversacion_id']}", "funcionario")[
        "turnos"
    ]
    assert [t["pregunta"] for t in turns] == [
        "¿Qué es el protocolo de ATT?",
        "¿y en qué paso se diligencia?",
    ]


def test_the_rate_limit_counts_requests_on_both_processes(pair: tuple[Api, Api]) -> None:
    a, b = pair
    # A fixed one-minute window: start right after a boundary so the run stays inside it.
    left = 60 - time.time() % 60
    if left < 20:
        time.sleep(left + 0.5)
    codes = [
        (a if i % 2 else b).call("GET", "/api/v1/glosario", "limitado").status_code
        for i in range(RATE_LIMIT + 2)
    ]
    assert codes[:RATE_LIMIT] == [200] * RATE_LIMIT
    assert codes[RATE_LIMIT:] == [429, 429]
    refused = a.call("GET", "/api/v1/glosario", "limitado")
    assert refused.status_code == 429 and refused.json()["error"].startswith("Demasiadas")
    # Another person's budget is untouched.
    assert b.call("GET", "/api/v1/glosario", "funcionario").status_code == 200


def test_a_faq_edited_and_published_across_processes_is_served_by_both(
    pair: tuple[Api, Api],
) -> None:
    a, b = pair
    path = "/api/v1/faq/faq-horario"
    a.ok(
        "POST",
        "/api/v1/faq",
        "comunicaciones",
        json={"pregunta": FAQ_QUESTION, "id": "faq-horario"},
    )
    b.ok("PUT", path, "comunicaciones", json={"respuesta": FAQ_ANSWER, "revision_base": 1})
    a.ok("POST", f"{path}/enviar-revision", "comunicaciones")
    b.ok("POST", f"{path}/aprobar", "comunicaciones2")
    # Both processes have answered (and loaded the FAQ bank) before the publication.
    for api in (a, b):
        before = api.ok("POST", "/api/v1/preguntas", "funcionario", json={"pregunta": FAQ_QUESTION})
        assert before["faq_id"] != "faq-horario"
    a.ok("POST", f"{path}/publicar", "comunicaciones2", json={})
    for api in (b, a):
        answer = api.ok("POST", "/api/v1/preguntas", "funcionario", json={"pregunta": FAQ_QUESTION})
        assert answer["ruta"] == "faq" and answer["faq_id"] == "faq-horario"
        assert FAQ_ANSWER in answer["respuesta"]
    b.ok("POST", f"{path}/archivar", "comunicaciones", json={})
    gone = a.ok("POST", "/api/v1/preguntas", "funcionario", json={"pregunta": FAQ_QUESTION})
    assert gone["faq_id"] != "faq-horario"


def test_an_intake_conversation_alternating_processes_reaches_der(pair: tuple[Api, Api]) -> None:
    a, b = pair
    opening = a.ok(
        "POST",
        "/api/v1/fichas/conversacion",
        "unidad_tecnica",
        json={"mensaje": "quiero registrar una ficha"},
    )
    session, ficha_id = opening["sesion_id"], opening["ficha_id"]
    for i, answer in enumerate(UNIT_ANSWERS):
        turn = (b if i % 2 == 0 else a).ok(
            "POST",
            "/api/v1/fichas/conversacion",
            "unidad_tecnica",
            json={"mensaje": answer, "sesion_id": session},
        )
        assert turn["ficha_id"] == ficha_id and "✗" not in turn["respuesta"], turn["respuesta"]
    sent = b.ok(
        "POST",
        "/api/v1/fichas/conversacion",
        "unidad_tecnica",
        json={"mensaje": "enviar", "sesion_id": session},
    )
    assert sent["version_enviada"] == 1 and sent["estado"] == "enviada"
    stored = a.ok("GET", f"/api/v1/fichas/{ficha_id}", "unidad_tecnica")
    assert stored["ficha"]["nombre"] == HAPPY_ANSWERS[0]
    assert stored["ficha"]["dependencia"] == UNIT  # from the user, not asked
    inbox = b.ok("GET", "/api/v1/der/bandeja", "der")["fichas"]
    assert [f["id"] for f in inbox] == [ficha_id]


def test_asistente_servir_with_two_workers_answers(
    chroma: ServerProcess, postgres_url: str, tmp_path: Path
) -> None:
    settings, tokens = prepare(
        tmp_path / "datos", database_url=postgres_url, knowledge={"chroma_url": chroma.base_url}
    )
    for (server,) in running(served_api(settings, tmp_path / "servir.log", workers=2)):
        assert len(uvicorn_workers(server.pid)) == 2
        questions = ["¿Qué es la ficha de pre-diseño?", "¿Qué es el monitoreo 360?"] * 5
        for question in questions:
            # A new connection each time, so the kernel spreads them over both workers.
            api = Api(server.base_url, tokens)
            answer = api.ok("POST", "/api/v1/preguntas", "funcionario", json={"pregunta": question})
            assert answer["citas"] and not answer["abstencion"]
            api.client.close()


def test_a_collection_lost_in_the_chroma_server_is_rebuilt_at_start(
    chroma: ServerProcess, postgres_url: str, tmp_path: Path
) -> None:
    settings, tokens = prepare(
        tmp_path / "datos", database_url=postgres_url, knowledge={"chroma_url": chroma.base_url}
    )
    collections = (
        f"{chroma.base_url}/api/v2/tenants/default_tenant/databases/default_database/collections"
    )
    manifest = json.loads((tmp_path / "datos" / "indice" / "manifest.json").read_text("utf-8"))
    name = f"fragmentos_{manifest['generation']}"
    assert httpx.delete(f"{collections}/{name}").status_code == 200
    assert name not in [c["name"] for c in httpx.get(collections).json()]

    for (server,) in running(uvicorn_api(settings, tmp_path / "api.log")):
        api = Api(server.base_url, tokens)
        assert api.ok("GET", "/salud", "funcionario")["indice"] is True
        answer = api.ok(
            "POST",
            "/api/v1/preguntas",
            "funcionario",
            json={"pregunta": "¿Qué es la ficha de pre-diseño?"},
        )
        assert answer["citas"]
    assert name in [c["name"] for c in httpx.get(collections).json()]
