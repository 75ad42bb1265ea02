"""An API process killed (SIGKILL) in the middle of a ficha's submission, many times at
varied moments: never a lost or duplicated version, and the submission can be repeated."""

from __future__ import annotations

import shutil
import signal
import threading
import time
from pathlib import Path

import httpx
import pytest

from api.cli.server_process import ServerProcess
from assistant.wiring import build_services
from intake.workflow.outbox import Outbox
from tests.deploy.topology import Api, prepare, running, uvicorn_api
from tests.intake.factories import valid_ficha, with_fields

pytestmark = pytest.mark.slow

ROUNDS = 7


TOPICS = [
    ("Catastro multipropósito", "Los catastros de los municipios rurales están desactualizados."),
    ("Vías terciarias", "Las vías terciarias se deterioran sin un plan de mantenimiento."),
    ("Agua potable rural", "Los acueductos veredales no tienen operadores con capacidad."),
    ("Gestión del riesgo", "Los planes de gestión del riesgo no se actualizan tras desastres."),
    ("Ordenamiento territorial", "Los POT vencidos no orientan la inversión municipal."),
    ("Finanzas territoriales", "El recaudo del impuesto predial es bajo en municipios pequeños."),
    ("Salud pública local", "Las secretarías de salud no usan datos de vigilancia."),
    ("Educación rural", "Las sedes educativas rurales no reportan matrícula a tiempo."),
    ("Turismo comunitario", "Los proyectos turísticos comunitarios no llegan a formularse."),
]


def _new_draft(api: Api, n: int) -> tuple[str, list[str]]:
    """A complete draft (on its own topic) and the warnings it must accept to be sent (the
    same in every process: they all compare against the fichas stored in the database)."""
    name, problem = TOPICS[n]
    ficha = with_fields(valid_ficha(), nombre=name, problema__enunciado=problem)
    body = api.ok(
        "POST", "/api/v1/fichas", "unidad_tecnica", json={"ficha": ficha.model_dump(mode="json")}
    )
    ficha_id = body["resumen"]["id"]
    check = api.ok("GET", f"/api/v1/fichas/{ficha_id}/validacion", "unidad_tecnica")
    assert not [h for h in check["hallazgos"] if h["severidad"] == "error"], check
    warnings = [h["clave"] for h in check["hallazgos"] if h["severidad"] == "advertencia"]
    return ficha_id, warnings


def _submit(api: Api, ficha_id: str, warnings: list[str]) -> httpx.Response:
    return api.call(
        "POST",
        f"/api/v1/fichas/{ficha_id}/envio",
        "unidad_tecnica",
        json={"advertencias_aceptadas": warnings},
    )


def _state(api: Api, ficha_id: str) -> tuple[str, list[int], list[str]]:
    stored = api.ok("GET", f"/api/v1/fichas/{ficha_id}", "unidad_tecnica")
    history = api.ok("GET", f"/api/v1/fichas/{ficha_id}/historial", "unidad_tecnica")
    return (
        stored["resumen"]["estado"],
        [v["numero"] for v in history["versiones"]],
        [t["hacia"] for t in history["transiciones"]],
    )


def test_a_worker_killed_mid_submission_loses_and_duplicates_nothing(
    postgres_url: str, policy_data_dir: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "datos"
    shutil.copytree(policy_data_dir, data_dir)
    settings, tokens = prepare(
        data_dir, database_url=postgres_url, http={"rate_limit_per_minute": 100_000}
    )
    victim = uvicorn_api(settings, tmp_path / "victima.log")
    for (checker,) in running(uvicorn_api(settings, tmp_path / "control.log")):
        a, b = Api(victim.start().base_url, tokens), Api(checker.base_url, tokens)

        # How long an uninterrupted submission takes, to spread the kills over it.
        ficha_id, warnings = _new_draft(b, ROUNDS)
        started = time.perf_counter()
        assert _submit(a, ficha_id, warnings).status_code == 200
        duration = time.perf_counter() - started
        submitted = [ficha_id]

        outcomes = []
        for round_ in range(ROUNDS):
            ficha_id, warnings = _new_draft(b, round_)
            delay = duration * round_ / (ROUNDS - 1)
            _kill_after(victim, delay)
            try:
                response = _submit(a, ficha_id, warnings)
                answered = response.status_code
            except httpx.HTTPError:
                answered = None  # the connection died with the process
            victim.process.wait(timeout=30)  # type: ignore[union-attr]
            a.client.close()
            victim = uvicorn_api(settings, tmp_path / f"victima{round_}.log")
            a = Api(victim.start().base_url, tokens)

            status, versions, transitions = _state(b, ficha_id)
            assert (status, versions) in (("borrador", []), ("enviada", [1])), (status, versions)
            assert transitions.count("enviada") == len(versions)
            assert answered in (None, 200), answered
            if answered == 200:
                assert versions == [1]  # a confirmed submission is never lost
            again = _submit(b, ficha_id, warnings)
            if versions:
                assert again.status_code == 409
            else:
                assert again.status_code == 200 and again.json()["version"] == 1
            assert _state(b, ficha_id)[:2] == ("enviada", [1])
            outcomes.append((round(delay * 1000), answered, bool(versions)))
            submitted.append(ficha_id)
        victim.stop()

    print(f"envío sin interrupción {duration * 1000:.0f} ms; (retardo ms, respuesta, enviada):")
    print(outcomes)
    services = build_services(settings)
    outbox: Outbox = services.notification_outbox
    for ficha_id in submitted:
        sent = [r for r in outbox.rows(ficha_id=ficha_id) if r["evento"] == "ficha_enviada"]
        assert len(sent) == 1, (ficha_id, sent)
    services.database.dispose()


def _kill_after(server: ServerProcess, delay_s: float) -> None:
    def kill() -> None:
        time.sleep(delay_s)
        if server.process is not None and server.process.poll() is None:
            server.process.send_signal(signal.SIGKILL)

    threading.Thread(target=kill, daemon=True).start()
