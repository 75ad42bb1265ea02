"""Database schema: the metadata of every package and the Alembic migrations that build it."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, MetaData

SCHEMA_PROVIDERS: list[str] = [
    "assistant.conversations",
    "intake.persistence",
    "assistant.faq_tables",
    "assistant.question_log",
    "assistant.users",
    "assistant.rate_limit",
    "assistant.slack_events",
]
"""Modules whose tables the migrations manage (imported so their metadata is complete)."""


def target_metadata() -> list[MetaData]:
    """Metadata of every table, for Alembic's autogenerate and checks."""
    import importlib

    from assistant.database import Base
    from intake.persistence import IntakeBase

    for module in SCHEMA_PROVIDERS:
        importlib.import_module(module)
    return [Base.metadata, IntakeBase.metadata]


def alembic_config(url: str) -> Config:
    """Alembic configuration without an .ini file (migrations ship in the package)."""
    config = Config()
    config.set_main_option("script_location", str(resources.files("assistant") / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    """Apply every pending migration (idempotent)."""
    config = alembic_config(str(engine.url.render_as_string(hide_password=False)))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")
