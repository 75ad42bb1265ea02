"""The HTTP part of ``asistente bench``: the real server (``asistente servir --workers N``)
on loopback, warm latency, throughput under concurrent clients and RSS per worker."""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from api.cli.load_generator import LoadReport, run_load, sequential_latencies
from api.cli.server_process import (
    ServerProcess,
    cpu_seconds,
    free_port,
    rss_mb,
    uvicorn_workers,
)
from assistant.settings import Settings
from assistant.wiring import build_services

Row = tuple[str, str, str]


@dataclass(frozen=True)
class HttpBenchPlan:
    """How to load the server."""

    workers: int = 2
    clients: int = 50
    duration_s: float = 60.0
    database_url: str | None = None
    """Database of the served API (default: a fresh SQLite file in a temporary folder)."""


def server_environment(settings: Settings, database_url: str) -> dict[str, str]:
    """Environment for the server: the same index, its own database, no rate limit (the
    bench measures answers, not the limiter's refusals)."""
    return {
        "ASISTENTE_DATA_DIR": str(settings.data_dir.resolve()),
        "ASISTENTE_DATABASE_URL": database_url,
        "ASISTENTE_HTTP__RATE_LIMIT_PER_MINUTE": str(10**9),
    }


def http_rows(settings: Settings, questions: list[str], plan: HttpBenchPlan) -> list[Row]:
    """Start the server, measure, stop it; rows for the bench table."""
    with tempfile.TemporaryDirectory(prefix="bench-http-") as tmp:
        database_url = plan.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        services = build_services(settings.model_copy(update={"database_url": database_url}))
        _, token = services.users.create(
            name="Bench", email="bench@dnp.gov.co", roles=["funcionario"]
        )
        services.database.dispose()
        port = free_port()
        command = [_asistente(), "servir", "--workers", str(plan.workers), "--port", str(port)]
        server = ServerProcess(
            command,
            port=port,
            env=server_environment(settings, database_url),
            log_path=Path(tmp) / "servidor.log",
        )
        with server:
            warm = sequential_latencies(server.base_url, token, questions * 2)
            workers = uvicorn_workers(server.pid)
            cpu_before = sum(cpu_seconds(pid) for pid in workers)
            loaded = asyncio.run(
                run_load(
                    [server.base_url],
                    token,
                    questions,
                    clients=plan.clients,
                    duration_s=plan.duration_s,
                )
            )
            cpu_ms = (sum(cpu_seconds(pid) for pid in workers) - cpu_before) * 1000
            memory = [rss_mb(pid) for pid in workers]
    return _rows(plan, warm, loaded, memory, cpu_ms / max(1, loaded.answered + loaded.errors))


def _rows(
    plan: HttpBenchPlan,
    warm: LoadReport,
    loaded: LoadReport,
    memory: list[float],
    cpu_per_answer_ms: float,
) -> list[Row]:
    label = f"{plan.clients} clientes, {plan.workers} workers, {plan.duration_s:.0f} s"
    rows = [
        (
            "HTTP: respuesta p50 / p95 (1 cliente, caliente)",
            f"{warm.p50:.0f} / {warm.p95:.0f} ms",
            "—",
        ),
        (
            f"HTTP: respuesta p50 / p95 ({label})",
            f"{loaded.p50:.0f} / {loaded.p95:.0f} ms",
            "p95 ≤ 150 ms",
        ),
        (f"HTTP: respuestas por segundo ({label})", f"{loaded.throughput:.0f} /s", "≥ 100 /s"),
        (
            "HTTP: respuestas / errores en la carga",
            f"{loaded.answered} / {loaded.errors}",
            "0 errores",
        ),
        (
            "HTTP: CPU de los workers por respuesta (techo en 2 núcleos)",
            f"{cpu_per_answer_ms:.1f} ms ({2000 / max(cpu_per_answer_ms, 0.1):.0f} /s)",
            "≤ 20 ms (100 /s)",
        ),
    ]
    rows.append(
        (
            "RSS por worker de uvicorn",
            " · ".join(f"{mb:.0f} MB" for mb in memory) or "sin workers",
            "≤ 600 MB",
        )
    )
    return rows


def _asistente() -> str:
    """The ``asistente`` script of this environment."""
    beside = Path(sys.executable).with_name("asistente")
    return str(beside) if beside.exists() else (shutil.which("asistente") or "asistente")
