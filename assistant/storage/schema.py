"""Database schema: the metadata of every package and the Alembic migrations that build it."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, MetaData

SCHEMA_PROVIDERS: list[str] = [
    "assistant.chat.history",
    "assistant.chat.last_turn",
    "intake.storage.tables",
    "assistant.faq.tables",
    "assistant.faq.grouping",
    "assistant.usage.question_log",
    "assistant.access.users",
    "assistant.access.sessions",
    "assistant.access.rate_limit",
    "assistant.storage.event_ledger",
    "assistant.storage.der_messages",
    "assistant.notices.board",
]
"""Modules whose tables the migrations manage (imported so their metadata is complete)."""

MIGRATION_LOCK = 0x4C4C5454
"""PostgreSQL advisory lock key held while migrating (``LLTT``)."""


def target_metadata() -> list[MetaData]:
    """Metadata of every table, for Alembic's autogenerate and checks."""
    import importlib

    from assistant.storage.base import Base
    from intake import IntakeBase

    for module in SCHEMA_PROVIDERS:
        importlib.import_module(module)
    return [Base.metadata, IntakeBase.metadata]


def alembic_config(url: str) -> Config:
    """Alembic configuration without an .ini file (migrations ship in the package)."""
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("assistant.storage") / "migrations")
    )
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    """Apply every pending migration (idempotent), one process at a time: workers starting
    together on a fresh database each ran them and all but one failed (duplicate tables)."""
    config = alembic_config(str(engine.url.render_as_string(hide_password=False)))
    with _sqlite_file_lock(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")


@contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    """An exclusive lock on ``<database>.migracion`` for a SQLite file (no-op otherwise)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migracion", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
