"""Migrations and conversation history on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import inspect

from assistant.chat.history import ConversationStore, Turn
from assistant.storage.database import Database


def test_migrations_build_the_schema_and_are_idempotent(database_url: str) -> None:
    database = Database(database_url)
    database.create_schema()
    database.create_schema()
    tables = set(inspect(database.engine).get_table_names())
    assert {"conversations", "conversation_turns", "alembic_version"} <= tables
    database.dispose()


def test_conversation_history_round_trip(database_url: str) -> None:
    database = Database(database_url)
    database.create_schema()
    store = ConversationStore(database)
    conversation = store.ensure(None)
    assert store.owner(conversation) is None  # written with its first turn
    store.append(
        conversation,
        Turn("¿Qué es el SETA?", "¿Qué es el SETA?", "Respuesta", "politica"),
        channel="slack",
        user_id="U123",
    )
    assert store.owner(conversation) == "U123"
    store.append(
        conversation,
        Turn(
            "¿y quién lo administra?", "¿Qué es el SETA? ¿y quién lo administra?", "R2", "politica"
        ),
    )
    assert [t.question for t in store.history(conversation)] == [
        "¿Qué es el SETA?",
        "¿y quién lo administra?",
    ]
    assert store.ensure(conversation) == conversation
    database.dispose()


def test_the_last_turn_context_round_trips_and_matches_its_migration(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from assistant.chat.follow_up import PreviousTurn
    from assistant.chat.last_turn import LastTurnStore
    from assistant.storage.base import Base
    from assistant.storage.schema import target_metadata

    database = Database(database_url)
    database.create_schema()
    target_metadata()
    with database.engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in diffs if "conversation_last_turns" in repr(d)] == []
    store = LastTurnStore(database)
    assert store.get("c1") is None
    first = PreviousTurn("¿Cuáles son las etapas?", "R", ("Lineamiento 2",), ("Etapa 1", "Etapa 2"))
    store.put("c1", first)
    store.put("c1", PreviousTurn("¿y la segunda?", "R2", (), ()))
    assert store.get("c1") == PreviousTurn("¿y la segunda?", "R2", (), ())
    database.dispose()
