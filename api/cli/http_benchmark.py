"""The HTTP part of ``asistente bench``: the real server (``asistente servir --workers N``)
on loopback, warm latency, throughput under concurrent clients and RSS per worker."""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from api.cli.load_generator import LoadReport, run_load, run_paced_load, sequential_latencies
from api.cli.server_process import (
    ServerProcess,
    cpu_seconds,
    free_port,
    rss_mb,
    uvicorn_workers,
)
from assistant.settings import Settings
from assistant.wiring import build_services
from knowledge.progress import SILENT, Progress

Row = tuple[str, str, str]


@dataclass(frozen=True)
class HttpBenchPlan:
    """How to load the server."""

    workers: int = 2
    clients: int = 50
    duration_s: float = 60.0
    rate: float = 100.0
    """Questions per second that the clients offer together in the paced run."""
    database_url: str | None = None
    """Database of the served API (default: a fresh SQLite file in a temporary folder)."""


def server_environment(
    settings: Settings, database_url: str, query_cache_size: int | None = None
) -> dict[str, str]:
    """Environment for the server: the same index, its own database, no rate limit (the
    bench measures answers, not the limiter's refusals)."""
    cache = settings.knowledge.query_cache_size if query_cache_size is None else query_cache_size
    return {
        "ASISTENTE_DATA_DIR": str(settings.data_dir.resolve()),
        "ASISTENTE_DATABASE_URL": database_url,
        "ASISTENTE_HTTP__RATE_LIMIT_PER_MINUTE": str(10**9),
        "ASISTENTE_KNOWLEDGE__QUERY_CACHE_SIZE": str(cache),
    }


def http_rows(
    settings: Settings, questions: list[str], plan: HttpBenchPlan, progress: Progress = SILENT
) -> list[Row]:
    """Measure twice: every question embedded anew (query cache off) and with the cache
    of question vectors on (the bench's questions repeat, as in a help channel)."""
    modes = [(0, "sin caché de vectores")]
    if settings.knowledge.query_cache_size > 0:
        modes.append(
            (settings.knowledge.query_cache_size, "con caché de vectores, preguntas repetidas")
        )
    rows: list[Row] = []
    for cache_size, label in modes:
        rows += _measured_rows(settings, questions, plan, cache_size, label, progress)
    return rows


def _measured_rows(
    settings: Settings,
    questions: list[str],
    plan: HttpBenchPlan,
    cache_size: int,
    label: str,
    progress: Progress,
) -> list[Row]:
    """Start the server, measure, stop it; rows for the bench table."""
    with tempfile.TemporaryDirectory(prefix="bench-http-") as tmp:
        progress.stage(f"HTTP {label}: arrancando {plan.workers} workers")
        database_url = plan.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        services = build_services(settings.model_copy(update={"database_url": database_url}))
        _, token = services.users.create(
            name="Bench", email=f"bench-{cache_size}@dnp.gov.co", roles=["funcionario"]
        )
        services.database.dispose()
        port = free_port()
        command = [_asistente(), "servir", "--workers", str(plan.workers), "--port", str(port)]
        server = ServerProcess(
            command,
            port=port,
            env=server_environment(settings, database_url, cache_size),
            log_path=Path(tmp) / "servidor.log",
        )
        with server:
            progress.stage(f"HTTP {label}: {len(questions) * 2} preguntas una a la vez")
            warm = sequential_latencies(server.base_url, token, questions * 2)
            workers = uvicorn_workers(server.pid)
            cpu_before = sum(cpu_seconds(pid) for pid in workers)
            progress.stage(
                f"HTTP {label}: {plan.clients} clientes a toda velocidad, {plan.duration_s:.0f} s"
            )
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
            progress.stage(
                f"HTTP {label}: {plan.rate:.0f} preguntas/s ofrecidas, {plan.duration_s:.0f} s"
            )
            paced = asyncio.run(
                run_paced_load(
                    [server.base_url],
                    token,
                    questions,
                    clients=plan.clients,
                    rate=plan.rate,
                    duration_s=plan.duration_s,
                )
            )
            memory = [rss_mb(pid) for pid in workers]
    cpu = cpu_ms / max(1, loaded.answered + loaded.errors)
    return _rows(plan, warm, loaded, paced, memory, cpu, label)


def _rows(
    plan: HttpBenchPlan,
    warm: LoadReport,
    loaded: LoadReport,
    paced: LoadReport,
    memory: list[float],
    cpu_per_answer_ms: float,
    mode: str,
) -> list[Row]:
    closed = f"{plan.clients} clientes sin pausa, {plan.workers} workers, {plan.duration_s:.0f} s"
    open_ = f"{plan.clients} clientes, {plan.rate:.0f} /s en total"
    return [
        (f"HTTP ({mode})", "", ""),
        (
            "  respuesta p50 / p95 (1 cliente, caliente)",
            f"{warm.p50:.0f} / {warm.p95:.0f} ms",
            "—",
        ),
        (
            f"  respuesta p50 / p95 ({open_})",
            f"{paced.p50:.0f} / {paced.p95:.0f} ms",
            "p95 ≤ 150 ms",
        ),
        (
            f"  respondidas / errores ({open_})",
            f"{paced.answered} / {paced.errors} ({paced.throughput:.0f} /s)",
            "0 errores",
        ),
        (f"  respuestas por segundo ({closed})", f"{loaded.throughput:.0f} /s", "≥ 100 /s"),
        (
            f"  respuesta p50 / p95 en saturación ({closed})",
            f"{loaded.p50:.0f} / {loaded.p95:.0f} ms",
            "≈ clientes / rendimiento",
        ),
        (
            "  respuestas / errores en saturación",
            f"{loaded.answered} / {loaded.errors}",
            "0 errores",
        ),
        (
            "  CPU de los workers por respuesta (techo en 2 núcleos)",
            f"{cpu_per_answer_ms:.1f} ms ({2000 / max(cpu_per_answer_ms, 0.1):.0f} /s)",
            "≤ 20 ms (100 /s)",
        ),
        (
            "  RSS por worker de uvicorn",
            " · ".join(f"{mb:.0f} MB" for mb in memory) or "sin workers",
            "≤ 600 MB",
        ),
    ]


def _asistente() -> str:
    """The ``asistente`` script of this environment."""
    beside = Path(sys.executable).with_name("asistente")
    return str(beside) if beside.exists() else (shutil.which("asistente") or "asistente")
