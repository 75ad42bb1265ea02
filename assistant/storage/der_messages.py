"""Where each sent version of a ficha was posted in DER's Slack channel.

When the unit sends a new version, the messages of the earlier ones are updated at once
(their buttons removed, «Reemplazada por la versión N»); this ledger says which messages
those are, and keeps the decision line a decided message shows so the update keeps it. A
delivery retried by the outbox finds its version already posted and does not post it twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, Integer, String, Text, select, update
from sqlalchemy.orm import Mapped, mapped_column

from assistant.storage.base import Base
from assistant.storage.database import Database


def _now() -> datetime:
    return datetime.now(UTC)


class DerMessageRow(Base):
    """One message of DER's channel about one version of a ficha."""

    __tablename__ = "slack_der_messages"
    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    ts: Mapped[str] = mapped_column(String(32), primary_key=True)
    ficha_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    decision: Mapped[str | None] = mapped_column(Text, nullable=True)
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
    posted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


@dataclass(frozen=True)
class DerMessage:
    """A posted DER message: where it is, which version it shows, its decision line."""

    channel: str
    ts: str
    ficha_id: str
    version: int
    decision: str | None = None


def _message(row: DerMessageRow) -> DerMessage:
    return DerMessage(row.channel, row.ts, row.ficha_id, row.version, row.decision)


class DerMessageLedger:
    """Records DER's messages per ficha version and which of them a newer one replaced."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def record(self, message: DerMessage) -> None:
        """Remember that ``message`` was posted."""
        with self.database.session() as session:
            session.merge(
                DerMessageRow(
                    channel=message.channel,
                    ts=message.ts,
                    ficha_id=message.ficha_id,
                    version=message.version,
                )
            )

    def posted(self, ficha_id: str, version: int) -> DerMessage | None:
        """The message already posted for ``version`` of ``ficha_id``, if any."""
        with self.database.session() as session:
            row = session.scalars(
                select(DerMessageRow)
                .where(DerMessageRow.ficha_id == ficha_id, DerMessageRow.version == version)
                .order_by(DerMessageRow.posted_at)
            ).first()
            return _message(row) if row else None

    def at(self, channel: str, ts: str) -> DerMessage | None:
        """The recorded message at (``channel``, ``ts``), if any."""
        with self.database.session() as session:
            row = session.get(DerMessageRow, (channel, ts))
            return _message(row) if row else None

    def older(self, ficha_id: str, version: int) -> list[DerMessage]:
        """Messages of versions before ``version`` not yet marked as replaced."""
        with self.database.session() as session:
            rows = session.scalars(
                select(DerMessageRow)
                .where(
                    DerMessageRow.ficha_id == ficha_id,
                    DerMessageRow.version < version,
                    DerMessageRow.superseded.is_(False),
                )
                .order_by(DerMessageRow.version, DerMessageRow.posted_at)
            ).all()
            return [_message(row) for row in rows]

    def decided(self, channel: str, ts: str, decision: str) -> None:
        """Keep the decision line the message at (``channel``, ``ts``) now shows."""
        with self.database.session() as session:
            session.execute(
                update(DerMessageRow)
                .where(DerMessageRow.channel == channel, DerMessageRow.ts == ts)
                .values(decision=decision)
            )

    def replaced(self, message: DerMessage) -> None:
        """Mark ``message`` as updated to say a newer version replaced it."""
        with self.database.session() as session:
            session.execute(
                update(DerMessageRow)
                .where(DerMessageRow.channel == message.channel, DerMessageRow.ts == message.ts)
                .values(superseded=True)
            )


__all__ = ["DerMessage", "DerMessageLedger", "DerMessageRow"]
