"""What the last answer of each conversation was about (for its follow-ups), in the database.

One row per conversation, replaced at every answer: a follow-up is resolved against the
previous turn only, so older turns need no context (see `assistant.chat.follow_up`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, String, Text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from assistant.chat.follow_up import PreviousTurn
from assistant.storage.base import Base
from assistant.storage.database import Database


def _now() -> datetime:
    return datetime.now(UTC)


class LastTurnRow(Base):
    """The sections and list items of a conversation's last answer."""

    __tablename__ = "conversation_last_turns"
    conversation_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    sections: Mapped[list[str]] = mapped_column(JSON)
    items: Mapped[list[str]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class LastTurnStore:
    """Reads and replaces the last turn's context of a conversation."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def get(self, conversation_id: str) -> PreviousTurn | None:
        """The context of the conversation's last answer, or None."""
        with self.database.session() as session:
            row = session.get(LastTurnRow, conversation_id)
            if row is None:
                return None
            return PreviousTurn(
                question=row.question,
                answer=row.answer,
                sections=tuple(row.sections or ()),
                items=tuple(row.items or ()),
            )

    def put(self, conversation_id: str, turn: PreviousTurn) -> None:
        """Replace the conversation's last-turn context (another worker inserting the same
        conversation at the same moment makes the first attempt fail; the second updates)."""
        for attempt in range(2):
            try:
                with self.database.session() as session:
                    row = session.get(LastTurnRow, conversation_id)
                    if row is None:
                        row = LastTurnRow(conversation_id=conversation_id)
                        session.add(row)
                    row.question = turn.question
                    row.answer = turn.answer[:8000]
                    row.sections = list(turn.sections)
                    row.items = list(turn.items)
                    row.updated_at = _now()
                return
            except IntegrityError:
                if attempt:
                    raise
