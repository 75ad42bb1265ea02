"""Conversation history in the database (follow-ups: `assistant.chat.follow_up`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, select
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
    user_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
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
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


@dataclass(frozen=True)
class Turn:
    """A past turn."""

    question: str
    resolved_question: str
    answer: str
    route: str


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
                .where(TurnRow.conversation_id == conversation_id)
                .order_by(TurnRow.id.desc())
                .limit(limit)
            ).all()
        return [Turn(r.question, r.resolved_question, r.answer, r.route) for r in reversed(rows)]

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
                        )
                    )
                return
            except IntegrityError:
                if attempt:
                    raise
                # another worker created the conversation at the same moment: append again
