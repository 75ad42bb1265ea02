"""Row-level operations shared by the workflow and the catalog (inside a caller's session).

Every change to a ``fichas`` row goes through `bump`: an ``UPDATE … WHERE lock_version = n``
that also increments the counter. If another editor saved in between, no row matches and
`ConflictError` is raised; the caller's transaction rolls back, so nothing of the loser's
change is stored.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from intake.actor import Actor
from intake.errors import ConflictError, FichaNotFoundError
from intake.ficha import Ficha
from intake.status import FichaStatus
from intake.storage.tables import FichaRow, FichaTransitionRow

CONFLICT_MESSAGE = (
    "Otra persona guardó cambios en esta ficha mientras usted la editaba. Para no borrar su "
    "trabajo, su último cambio no se guardó: revise la ficha actual y vuelva a escribirlo."
)


def new_ficha_id() -> str:
    """A short, unguessable ficha id such as ``F-3A9C1B2E``."""
    return f"F-{uuid.uuid4().hex[:8].upper()}"


def dump_ficha(ficha: Ficha) -> dict[str, Any]:
    """The JSON form stored in the database."""
    return ficha.model_dump(mode="json")


def load_row(session: Session, ficha_id: str) -> FichaRow:
    """The row of ``ficha_id``.

    Raises:
        FichaNotFoundError: No such ficha.
    """
    row = session.get(FichaRow, ficha_id.strip().upper())
    if row is None:
        raise FichaNotFoundError(f"No existe la ficha «{ficha_id}».", detail=ficha_id)
    return row


def bump(session: Session, row: FichaRow, expected_lock: int, **values: Any) -> None:
    """Update ``row`` only if its lock counter is still ``expected_lock``; increment it.

    Raises:
        ConflictError: Someone else changed the ficha first.
    """
    result = session.execute(
        update(FichaRow)
        .where(FichaRow.id == row.id, FichaRow.lock_version == expected_lock)
        .values(lock_version=expected_lock + 1, **values)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        raise ConflictError(CONFLICT_MESSAGE, detail=f"{row.id}: lock {expected_lock}")
    session.refresh(row)


def add_transition(
    session: Session,
    row: FichaRow,
    *,
    origin: FichaStatus | None,
    to: FichaStatus,
    actor: Actor,
    at: datetime,
    reason: str,
    version: int | None = None,
) -> None:
    """Record a status change of ``row`` from ``origin`` (``None``: its creation) to ``to``."""
    session.add(
        FichaTransitionRow(
            ficha_id=row.id,
            version=version,
            from_status=origin.value if origin is not None else None,
            to_status=to.value,
            actor_id=actor.user_id,
            actor_unit=actor.unit or "",
            actor_roles=",".join(sorted(r.value for r in actor.roles)),
            reason=reason,
            created_at=at,
        )
    )


def rows_by_status(session: Session, statuses: tuple[FichaStatus, ...]) -> list[FichaRow]:
    """Rows in any of ``statuses``, oldest change first."""
    query = (
        select(FichaRow)
        .where(FichaRow.status.in_([s.value for s in statuses]))
        .order_by(FichaRow.updated_at, FichaRow.id)
    )
    return list(session.scalars(query))


__all__ = [
    "CONFLICT_MESSAGE",
    "add_transition",
    "bump",
    "dump_ficha",
    "load_row",
    "new_ficha_id",
    "rows_by_status",
]
