"""Conversation history in the database (follow-ups: `assistant.chat.follow_up`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from assistant.storage.base import Base
from assistant.storage.database import Database


def _now() -> datetime:
    return datetime.now(UTC)


class ConversationRow(Base):
    """A conversation (Slack thread, web chat, terminal session)."""

    __tablename__ = "conversations"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), default="cli")
    user_id: Mapped[str | None] = mapped_column(String(128), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class TurnRow(Base):
    """One question and its answer."""

    __tablename__ = "conversation_turns"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    question: Mapped[str] = mapped_column(Text)
    resolved_question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    route: Mapped[str] = mapped_column(String(16))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


INTAKE_ROUTE = "ficha"
"""The route of a turn of the guided intake (kept in the transcript, not used for follow-ups)."""


@dataclass(frozen=True)
class Turn:
    """A past turn."""

    question: str
    resolved_question: str
    answer: str
    route: str
    details: dict[str, Any] | None = None
    """What an adapter needs to show the turn again (citations, usage-log id, ficha id)."""


@dataclass(frozen=True)
class StoredTurn:
    """A turn as a transcript shows it again."""

    question: str
    answer: str
    route: str
    created_at: datetime
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ConversationSummary:
    """One of a person's past conversations, for a list."""

    conversation_id: str
    first_question: str
    started_at: datetime
    last_at: datetime
    turns: int


class ConversationStore:
    """Reads and appends turns."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def ensure(self, conversation_id: str | None) -> str:
        """``conversation_id``, or a new id when None; the conversation itself is written
        with its first turn (`append`), so asking costs no extra transaction."""
        return conversation_id or uuid.uuid4().hex

    def owner(self, conversation_id: str) -> str | None:
        """The user id of a conversation ("" when it has none), None when it does not exist."""
        with self.database.session() as session:
            row = session.get(ConversationRow, conversation_id)
        return None if row is None else (row.user_id or "")

    def history(self, conversation_id: str, limit: int = 10) -> list[Turn]:
        """The last ``limit`` turns, oldest first."""
        with self.database.session() as session:
            rows = session.scalars(
                select(TurnRow)
                .where(TurnRow.conversation_id == conversation_id, TurnRow.route != INTAKE_ROUTE)
                .order_by(TurnRow.id.desc())
                .limit(limit)
            ).all()
        return [Turn(r.question, r.resolved_question, r.answer, r.route) for r in reversed(rows)]

    def transcript(self, conversation_id: str, limit: int = 200) -> list[StoredTurn]:
        """Every turn of the conversation (the last ``limit``), oldest first."""
        with self.database.session() as session:
            rows = session.scalars(
                select(TurnRow)
                .where(TurnRow.conversation_id == conversation_id)
                .order_by(TurnRow.id.desc())
                .limit(limit)
            ).all()
            return [
                StoredTurn(
                    r.question, r.answer, r.route, _aware(r.created_at), dict(r.details or {})
                )
                for r in reversed(rows)
            ]

    def of_user(self, user_id: str, limit: int = 30) -> list[ConversationSummary]:
        """The user's conversations that have a turn, the most recent first."""
        first_turn = (
            select(
                TurnRow.conversation_id,
                func.min(TurnRow.id).label("first_id"),
                func.max(TurnRow.created_at).label("last_at"),
                func.count(TurnRow.id).label("turns"),
            )
            .group_by(TurnRow.conversation_id)
            .subquery()
        )
        with self.database.session() as session:
            rows = session.execute(
                select(ConversationRow, TurnRow.question, first_turn.c.last_at, first_turn.c.turns)
                .join(first_turn, first_turn.c.conversation_id == ConversationRow.id)
                .join(TurnRow, TurnRow.id == first_turn.c.first_id)
                .where(ConversationRow.user_id == user_id)
                .order_by(first_turn.c.last_at.desc(), ConversationRow.id)
                .limit(limit)
            ).all()
            return [
                ConversationSummary(
                    row.id, question, _aware(row.created_at), _aware(last_at), int(turns)
                )
                for row, question, last_at, turns in rows
            ]

    def attach(self, conversation_id: str, details: dict[str, Any]) -> None:
        """Keep ``details`` with the conversation's last turn (to show it again later)."""
        with self.database.session() as session:
            row = session.scalars(
                select(TurnRow)
                .where(TurnRow.conversation_id == conversation_id)
                .order_by(TurnRow.id.desc())
                .limit(1)
            ).first()
            if row is not None:
                row.details = details

    def append(
        self, conversation_id: str, turn: Turn, *, channel: str = "cli", user_id: str | None = None
    ) -> None:
        """Record a turn, creating the conversation (``channel``, ``user_id``) with its first
        one; one transaction."""
        for attempt in range(2):
            try:
                with self.database.session() as session:
                    if session.get(ConversationRow, conversation_id) is None:
                        session.add(
                            ConversationRow(id=conversation_id, channel=channel, user_id=user_id)
                        )
                        session.flush()
                    session.add(
                        TurnRow(
                            conversation_id=conversation_id,
                            question=turn.question,
                            resolved_question=turn.resolved_question,
                            answer=turn.answer[:8000],
                            route=turn.route,
                            details=turn.details,
                        )
                    )
                return
            except IntegrityError:
                if attempt:
                    raise
                # another worker created the conversation at the same moment: append again


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes: they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
