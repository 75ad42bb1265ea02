"""The bench's load generator against a small real server: counts, statuses, percentiles."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi import FastAPI, Header, HTTPException

from api.cli.load_generator import LoadReport, run_load, run_paced_load, sequential_latencies
from api.cli.server_process import free_port


def _target() -> FastAPI:
    app = FastAPI()
    seen: list[str] = []

    @app.post("/api/v1/preguntas")
    async def ask(body: dict[str, str], authorization: str = Header("")) -> dict[str, str]:
        seen.append(body["pregunta"])
        if authorization != "Bearer bueno":
            raise HTTPException(status_code=401)
        if body["pregunta"] == "falla":
            raise HTTPException(status_code=503)
        await asyncio.sleep(0.3 if body["pregunta"] == "lenta" else 0.01)
        return {"respuesta": "ok"}

    app.state.seen = seen
    return app


@pytest.fixture
def server() -> Iterator[tuple[str, FastAPI]]:
    app = _target()
    port = free_port()
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    while not instance.started:
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}", app
    instance.should_exit = True
    thread.join(timeout=10)


def test_concurrent_clients_count_answers_and_errors(server: tuple[str, FastAPI]) -> None:
    url, app = server
    report = asyncio.run(
        run_load([url], "bueno", ["¿uno?", "¿dos?", "falla"], clients=6, duration_s=1.0)
    )
    assert report.answered == report.statuses[200] > 0
    assert report.statuses[503] > 0 and report.errors == report.statuses[503]
    assert report.answered + report.errors == len(app.state.seen)
    assert 0.9 <= report.duration_s < 5
    assert report.throughput == pytest.approx(report.answered / report.duration_s)
    assert 10 <= report.p50 <= report.p95 < 1000
    # Every client starts at its own question, so all of them are asked.
    assert set(app.state.seen) == {"¿uno?", "¿dos?", "falla"}


def test_one_client_asks_each_question_in_order(server: tuple[str, FastAPI]) -> None:
    url, app = server
    report = sequential_latencies(url, "malo", ["¿a?", "¿b?"])
    assert app.state.seen == ["¿a?", "¿b?"]
    assert report.statuses[401] == 2 and report.answered == 0 and report.p95 == 0.0


def test_percentiles_use_the_nearest_rank() -> None:
    report = LoadReport(duration_s=1.0, latencies_ms=[float(n) for n in range(1, 101)])
    assert (report.p50, report.p95, report.percentile(1.0)) == (50.5, 95.0, 100.0)


def test_paced_load_offers_the_rate_whatever_the_answers_take(
    server: tuple[str, FastAPI],
) -> None:
    url, app = server
    report = asyncio.run(
        run_paced_load([url], "bueno", ["¿uno?", "¿dos?"], clients=5, rate=100, duration_s=1.5)
    )
    # Poisson arrivals at 100/s for 1.5 s: 150 expected; the seed fixes the draw.
    assert 100 <= len(app.state.seen) <= 200 and report.errors == 0
    assert 10 <= report.p50 <= report.p95 < 1000
    again = asyncio.run(
        run_paced_load([url], "bueno", ["¿uno?"], clients=5, rate=100, duration_s=1.5)
    )
    assert again.answered == report.answered  # same seed, same schedule


def test_paced_latency_counts_the_wait_behind_a_slow_answer(server: tuple[str, FastAPI]) -> None:
    url, _ = server
    # One connection, a question due every ~50 ms, each taking 300 ms: the queue grows, and
    # the latency from each question's due time shows it (a closed loop would hide it).
    report = asyncio.run(
        run_paced_load([url], "bueno", ["lenta"], clients=1, rate=20, duration_s=1.5)
    )
    assert 3 <= report.answered <= 6
    assert report.percentile(1.0) > 600
    assert report.throughput < 5
