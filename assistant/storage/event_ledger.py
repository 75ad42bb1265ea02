"""Slack deliveries already handled, kept in the database so every worker agrees.

Slack retries an event it thinks was not received (``X-Slack-Retry-Num``); the same
``event_id`` arrives again, possibly at another worker. The first worker to record an id
handles the event; the others drop it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import DateTime, String, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from assistant.storage.base import Base
from assistant.storage.database import Database


def _now() -> datetime:
    return datetime.now(UTC)


class SlackEventRow(Base):
    """One Slack delivery that a worker claimed."""

    __tablename__ = "slack_events"
    event_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)


class SlackEventLedger:
    """Claims Slack event ids once; old ids are forgotten after ``keep``."""

    def __init__(self, database: Database, *, keep: timedelta = timedelta(days=2)) -> None:
        self.database = database
        self.keep = keep

    def claim(self, event_id: str) -> bool:
        """Record ``event_id``; False when it was already recorded (a repeated delivery)."""
        try:
            with self.database.session() as session:
                session.add(SlackEventRow(event_id=event_id[:128]))
        except IntegrityError:
            return False
        return True

    def forget_old(self, now: datetime | None = None) -> int:
        """Delete ids older than ``keep``; returns how many were deleted."""
        cutoff = (now or _now()) - self.keep
        with self.database.session() as session:
            result = session.execute(
                delete(SlackEventRow).where(SlackEventRow.received_at < cutoff)
            )
            return int(getattr(result, "rowcount", 0) or 0)


__all__ = ["SlackEventLedger", "SlackEventRow"]
