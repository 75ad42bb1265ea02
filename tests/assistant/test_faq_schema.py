"""Migration 0003_faq builds exactly the tables the models describe, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from assistant.faq.bank import FaqBank
from assistant.faq.matcher import load_seed
from assistant.faq.store import FaqStore
from assistant.storage.base import Base
from assistant.storage.database import Database
from assistant.storage.schema import SCHEMA_PROVIDERS, target_metadata

OUR_TABLES = {"faq_entries", "faq_revisions", "faq_events", "faq_bank_state", "question_log"}


def _ours(diff: object) -> bool:
    """True when an autogenerate difference touches one of our tables."""
    return any(f"<{table}>" in repr(diff) or f"'{table}'" in repr(diff) for table in OUR_TABLES)


def test_the_migration_matches_the_models(database_url: str) -> None:
    assert {"assistant.faq.tables", "assistant.usage.question_log"} <= set(SCHEMA_PROVIDERS)
    database = Database(database_url)
    database.create_schema()
    assert OUR_TABLES <= set(inspect(database.engine).get_table_names())
    target_metadata()
    with database.engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in diffs if _ours(d)] == []
    with database.engine.connect() as connection:
        state = connection.execute(text("SELECT id, published_version FROM faq_bank_state")).all()
        heads = {r[0] for r in connection.execute(text("SELECT version_num FROM alembic_version"))}
    assert [tuple(r) for r in state] == [(1, 0)]
    assert "0003_faq" in heads
    database.dispose()


def test_the_seed_import_is_idempotent(database_url: str) -> None:
    database = Database(database_url)
    database.create_schema()
    first, second = FaqBank(FaqStore(database)), FaqBank(FaqStore(database))
    assert first.ensure_seed(load_seed()) == 87
    version = first.version()
    assert second.ensure_seed(load_seed()) == 0
    assert second.version() == version and len(second.entries()) == 87
    database.create_schema()  # a restart migrates nothing and keeps the bank
    assert len(FaqBank(FaqStore(database)).entries()) == 87
    database.dispose()
