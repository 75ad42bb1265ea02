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


def test_a_persons_conversations_are_listed_newest_first_with_their_transcript(
    database_url: str,
) -> None:
    database = Database(database_url)
    database.create_schema()
    store = ConversationStore(database)
    first, second, other = store.ensure(None), store.ensure(None), store.ensure(None)
    store.append(first, Turn("¿Qué es el SETA?", "q", "R1", "politica"), user_id="ana")
    store.append(other, Turn("¿Salario?", "q", "R", "ninguna"), user_id="beto")
    store.append(second, Turn("quiero registrar una ficha", "q", "Paso 1", "ficha"), user_id="ana")
    store.attach(second, {"ficha_id": "F-1"})
    store.append(second, Turn("¿Qué es el PND?", "q", "R3", "glosario"), user_id="ana")
    store.attach(second, {"log_id": 7, "citations": []})
    listed = store.of_user("ana")
    assert [(c.conversation_id, c.first_question, c.turns) for c in listed] == [
        (second, "quiero registrar una ficha", 2),
        (first, "¿Qué es el SETA?", 1),
    ]
    assert listed[0].started_at.tzinfo is not None
    transcript = store.transcript(second)
    assert [(t.question, t.route, t.details) for t in transcript] == [
        ("quiero registrar una ficha", "ficha", {"ficha_id": "F-1"}),
        ("¿Qué es el PND?", "glosario", {"log_id": 7, "citations": []}),
    ]
    # the intake's turns are not what a follow-up question leans on
    assert [t.question for t in store.history(second)] == ["¿Qué es el PND?"]
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
