"""API users (hashed tokens) and the database-backed rate limit, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assistant.access.rate_limit import RateLimiter
from assistant.access.users import UserError, UserRow, UserStore
from assistant.storage.database import Database


def test_tokens_are_hashed_and_resolve_to_their_user(database_url: str) -> None:
    database = Database(database_url)
    database.create_schema()
    store = UserStore(database)
    user, token = store.create(name="Ana", email="ana@dnp.gov.co", roles=["der"])
    with database.session() as session:
        stored = session.scalars(select(UserRow)).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    assert store.authenticate(token) == user
    assert store.authenticate(token + "x") is None
    assert user.has("der") and not user.has("comunicaciones")
    with pytest.raises(UserError, match="Ya existe"):
        store.create(name="Otra", email="ana@dnp.gov.co", roles=["der"])
    with pytest.raises(UserError, match="Rol desconocido"):
        store.create(name="X", email="x@dnp.gov.co", roles=["jefe"])
    database.dispose()


def test_first_admin_is_created_only_on_an_empty_installation(tmp_path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'u.db'}")
    database.create_schema()
    store = UserStore(database)
    first = store.create_first_admin()
    assert first is not None
    admin, token = first
    assert admin.has("admin") and store.authenticate(token) == admin
    assert store.create_first_admin() is None
    assert [u.email for u in store.list()] == ["admin@localhost"]
    database.dispose()


def test_users_map_to_the_actors_of_fichas_and_faq() -> None:
    from assistant.access.users import User

    comms = User("c1", "C", "c@dnp.gov.co", None, frozenset({"comunicaciones"}))
    unit = User(
        "u1", "U", "u@dnp.gov.co", "Dirección de Descentralización", frozenset({"unidad_tecnica"})
    )
    reader = User("f1", "F", "f@dnp.gov.co", None, frozenset({"funcionario"}))
    assert {r.value for r in comms.faq_actor().roles} == {"comunicaciones", "editor", "revisor"}
    assert not comms.ficha_actor().roles
    assert {r.value for r in unit.ficha_actor().roles} == {"unidad_tecnica"}
    assert unit.ficha_actor().unit == "Dirección de Descentralización"
    assert not reader.faq_actor().roles and not reader.ficha_actor().roles


def test_rate_limit_is_shared_by_two_workers(database_url: str) -> None:
    first, second = Database(database_url), Database(database_url)
    first.create_schema()
    worker_a = RateLimiter(first, limit=3, window_s=60)
    worker_b = RateLimiter(second, limit=3, window_s=60)
    now = 1_000_000.0
    results = [
        worker_a.hit("t", now),
        worker_b.hit("t", now),
        worker_a.hit("t", now),
        worker_b.hit("t", now),
    ]
    assert results == [True, True, True, False]
    assert worker_a.hit("t", now + 60)  # a new window
    first.dispose()
    second.dispose()
