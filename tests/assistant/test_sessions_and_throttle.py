"""Web sessions kept on the server and the backoff after failures, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from assistant.access.sessions import SessionStore
from assistant.access.throttle import STEPS, FailureThrottle
from assistant.access.users import ActingUserError, UserError, UserStore
from assistant.storage.database import Database


def test_a_session_lives_until_logout_expiry_or_revocation(database: Database) -> None:
    sessions = SessionStore(database, hours=10)
    users = UserStore(database, sessions=sessions)
    ana, _ = users.create(name="Ana", email="ana@dnp.gov.co", roles=["der"])
    start = datetime.now(UTC)
    first, second = sessions.open(ana.user_id, now=start), sessions.open(ana.user_id, now=start)
    assert sessions.user_id(first) == ana.user_id and sessions.live(ana.user_id) == 2
    assert sessions.user_id(first, now=start + timedelta(hours=11)) is None  # expired
    sessions.revoke(first)
    assert sessions.user_id(first) is None and sessions.user_id(second) == ana.user_id
    users.new_token("ana@dnp.gov.co")
    assert sessions.user_id(second) is None and sessions.live(ana.user_id) == 0
    third = sessions.open(ana.user_id)
    users.deactivate(ana.user_id)
    assert sessions.user_id(third) is None
    with pytest.raises(UserError, match="No existe"):
        users.deactivate("nadie@dnp.gov.co")


@dataclass(frozen=True)
class Case:
    name: str
    roles: list[str]
    identifier: str | None
    error: str | None


ACTING = [
    Case("der por correo", ["der"], "dora@dnp.gov.co", None),
    Case("admin", ["admin"], "dora@dnp.gov.co", None),
    Case("unidad", ["unidad_tecnica"], "dora@dnp.gov.co", "no tiene el rol der"),
    Case("desconocido", ["der"], "zoe@dnp.gov.co", "No hay un usuario activo"),
    Case("nadie", ["der"], None, "Indique con --usuario"),
]


@pytest.mark.parametrize("case", ACTING, ids=[c.name for c in ACTING])
def test_a_command_acts_as_a_registered_user_with_the_role(database: Database, case: Case) -> None:
    users = UserStore(database)
    users.create(name="Dora", email="dora@dnp.gov.co", roles=case.roles)
    if case.error is None:
        assert users.acting(case.identifier, "der").email == "dora@dnp.gov.co"
    else:
        with pytest.raises(ActingUserError, match=case.error):
            users.acting(case.identifier, "der")


def test_failures_back_off_by_prefix_without_refusing_other_tokens(database: Database) -> None:
    throttle = FailureThrottle(database, scope="prueba")
    now = 1_000_000.0
    allowed = STEPS[0][1]
    results = [throttle.failed("10.0.0.1", f"ast_guess{n:03d}", now) for n in range(allowed + 1)]
    assert results[:allowed] == [False] * allowed and results[-1] is True  # the source
    assert not throttle.refused("10.0.0.1", "ast_otro_token_valido", now)
    for _ in range(allowed + 1):
        throttle.failed("10.0.0.2", "ast_mismo_prefijo", now)
    assert throttle.refused("10.0.0.9", "ast_mismo_prefijo", now)  # that prefix, any source
    later = now + STEPS[-1][0] + 1
    assert not throttle.refused("10.0.0.9", "ast_mismo_prefijo", later)  # the backoff ends
