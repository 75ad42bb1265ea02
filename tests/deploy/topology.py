"""The production topology on loopback: a Chroma server (``chroma run``), PostgreSQL and API
processes (uvicorn with the app factory, or ``asistente servir``) sharing both.

Used by the deployment and fault tests; every process is a real child process.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from api.cli.server_process import ServerProcess, free_port
from assistant.settings import Settings
from assistant.wiring import build_services
from tests.api.http.conftest import USERS as API_USERS
from tests.conftest import make_settings

USERS: dict[str, tuple[str, str | None]] = {
    **API_USERS,
    "limitado": ("funcionario", None),  # its own rate-limit budget
}


def start_chroma(folder: Path) -> ServerProcess:
    """``chroma run`` (the chromadb package's server) on a free loopback port."""
    port = free_port()
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or "chroma"
    return ServerProcess(
        [chroma, "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(folder)],
        port=port,
        ready_path="/api/v2/heartbeat",
        log_path=folder.parent / "chroma.log",
    ).start()


def environment(settings: Settings) -> dict[str, str]:
    """The settings as the ``ASISTENTE_*`` variables an API process reads."""
    env = {
        "ASISTENTE_ENVIRONMENT": settings.environment,
        "ASISTENTE_DATA_DIR": str(settings.data_dir),
        "ASISTENTE_DATABASE_URL": settings.resolved_database_url,
        "ASISTENTE_HTTP__RATE_LIMIT_PER_MINUTE": str(settings.http.rate_limit_per_minute),
        "ASISTENTE_LOG_LEVEL": "WARNING",
    }
    if settings.knowledge.chroma_url:
        env["ASISTENTE_KNOWLEDGE__CHROMA_URL"] = settings.knowledge.chroma_url
    return env


def uvicorn_api(settings: Settings, log_path: Path) -> ServerProcess:
    """One API process: uvicorn with ``api.http.main:app_factory`` (not yet started)."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "--factory", "api.http.main:app_factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    return ServerProcess(command, port=port, env=environment(settings), log_path=log_path)


def served_api(settings: Settings, log_path: Path, workers: int) -> ServerProcess:
    """``asistente servir --workers N`` (not yet started)."""
    port = free_port()
    script = Path(sys.executable).with_name("asistente")
    command = [str(script), "servir", "--workers", str(workers), "--port", str(port)]
    return ServerProcess(command, port=port, env=environment(settings), log_path=log_path)


@dataclass
class Api:
    """A client of one API process, acting as the users of `USERS`."""

    base_url: str
    tokens: dict[str, str]
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.client = httpx.Client(base_url=self.base_url, timeout=60)

    def call(self, method: str, path: str, who: str | None, **kwargs: Any) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}))
        if who:
            headers["Authorization"] = f"Bearer {self.tokens[who]}"
        return self.client.request(method, path, headers=headers, **kwargs)

    def ok(self, method: str, path: str, who: str, **kwargs: Any) -> dict[str, Any]:
        response = self.call(method, path, who, **kwargs)
        assert response.status_code in (200, 201), (response.status_code, response.text)
        body: dict[str, Any] = response.json()
        return body


def prepare(data_dir: Path, **overrides: Any) -> tuple[Settings, dict[str, str]]:
    """Settings for the topology, the index built (into Chroma when ``knowledge.chroma_url``
    is set), the schema migrated and one token per user of `USERS`."""
    settings = make_settings(data_dir, **overrides)
    services = build_services(settings)
    services.knowledge.warm_up()
    services.knowledge.ensure_index()
    tokens = {
        name: services.users.create(name=name, email=f"{name}@dnp.gov.co", roles=[role], unit=unit)[
            1
        ]
        for name, (role, unit) in USERS.items()
    }
    services.database.dispose()
    return settings, tokens


def running(*servers: ServerProcess) -> Iterator[list[ServerProcess]]:
    """Start ``servers`` and stop them afterwards (a generator for fixtures)."""
    started: list[ServerProcess] = []
    try:
        for server in servers:
            started.append(server.start())
        yield started
    finally:
        for server in started:
            server.stop()
