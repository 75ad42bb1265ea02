"""Tables of the intake package: stored fichas, their versions, history, comments, intake
sessions and the notification outbox.

They live on intake's own `IntakeBase` metadata (``intake`` cannot import ``assistant``);
``assistant.storage.schema`` lists this module so the Alembic migrations
(``assistant/migrations/versions/0002_fichas.py``) manage these tables. Submitted versions and
transitions are append-only: an attempt to update one raises `WorkflowError` before any SQL
runs. The ``lock_version`` column of ``fichas`` is the optimistic-locking counter.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from intake.errors import WorkflowError

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Constraint names (the same convention as the assistant's tables)."""


class TransactionFactory(Protocol):
    """Opens a transaction: commits when the block ends, rolls back on any exception.

    ``assistant.storage.database.Database.session`` is one.
    """

    def __call__(self) -> AbstractContextManager[Session]:
        """A session inside a new transaction."""
        ...


def utc_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def aware(value: datetime) -> datetime:
    """``value`` with a time zone (SQLite returns naive UTC datetimes)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def as_utc(value: datetime) -> datetime:
    """``value`` in UTC: SQLite drops the offset, so every stored time must be UTC."""
    return aware(value).astimezone(UTC)


class IntakeBase(DeclarativeBase):
    """Declarative base of the intake tables (its own metadata)."""

    metadata = MetaData(naming_convention=NAMING)


class FichaRow(IntakeBase):
    """A ficha: the unit's working draft plus where it is in the DER workflow."""

    __tablename__ = "fichas"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    unit: Mapped[str] = mapped_column(String(300), default="")
    unit_key: Mapped[str] = mapped_column(String(300), index=True, default="")
    owner_id: Mapped[str] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20), index=True)
    draft: Mapped[dict[str, Any]] = mapped_column(JSON)
    current_version: Mapped[int] = mapped_column(Integer, default=0)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class FichaVersionRow(IntakeBase):
    """A submitted version: immutable content, validation report and accepted warnings."""

    __tablename__ = "ficha_versions"
    __table_args__ = (UniqueConstraint("ficha_id", "number", name="uq_ficha_versions_number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ficha_id: Mapped[str] = mapped_column(ForeignKey("fichas.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    acknowledged: Mapped[list[str]] = mapped_column(JSON)
    # Why the unit accepted each warning (key → reason); NULL in versions sent before 0009.
    acknowledgement_reasons: Mapped[dict[str, str] | None] = mapped_column(JSON, nullable=True)
    submitted_by: Mapped[str] = mapped_column(String(128))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FichaTransitionRow(IntakeBase):
    """One status change: who, when, why (append-only)."""

    __tablename__ = "ficha_transitions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ficha_id: Mapped[str] = mapped_column(ForeignKey("fichas.id"), index=True)
    version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    from_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[str] = mapped_column(String(128))
    actor_unit: Mapped[str] = mapped_column(String(300), default="")
    actor_roles: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FichaCommentRow(IntakeBase):
    """A DER comment on a version, for the whole ficha or one field (append-only)."""

    __tablename__ = "ficha_comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ficha_id: Mapped[str] = mapped_column(ForeignKey("fichas.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    field: Mapped[str | None] = mapped_column(String(100), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IntakeSessionRow(IntakeBase):
    """The guided-intake conversation of one user (where it stopped), keyed by user."""

    __tablename__ = "intake_sessions"
    user_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    ficha_id: Mapped[str] = mapped_column(ForeignKey("fichas.id"), index=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class OutboxRow(IntakeBase):
    """A notification waiting for (or done with) delivery: written in the same transaction
    as the change it announces, so it is never lost when the channel is down."""

    __tablename__ = "notification_outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event: Mapped[str] = mapped_column(String(64))
    recipient: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    ficha_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(16), index=True, default="pendiente")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


def _refuse_update(_mapper: Any, _connection: Any, target: Any) -> None:
    raise WorkflowError(
        "Las versiones enviadas y el historial no se modifican: se agrega un registro nuevo.",
        detail=f"UPDATE refused on {type(target).__name__}",
    )


for _append_only in (FichaVersionRow, FichaTransitionRow, FichaCommentRow):
    event.listen(_append_only, "before_update", _refuse_update)


__all__ = [
    "NAMING",
    "FichaCommentRow",
    "FichaRow",
    "FichaTransitionRow",
    "FichaVersionRow",
    "IntakeBase",
    "IntakeSessionRow",
    "OutboxRow",
    "TransactionFactory",
    "as_utc",
    "aware",
    "utc_now",
]
