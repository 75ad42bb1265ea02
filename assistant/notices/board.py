"""Each person's notices: what the durable outbox addressed to them, and what they have read.

The outbox (`intake.Outbox`) is the one record of what happened — a ficha sent to DER, DER's
decision for the unit, an FAQ entry waiting for review or flagged after a change in the
policy. Slack delivers it; the web reads the same rows here, so both say the same thing.
Read marks are per person (a table of their own); the outbox rows are never changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import DateTime, Integer, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from assistant.access.users import User
from assistant.faq.notices import COMMUNICATIONS_RECIPIENT
from assistant.storage.base import Base
from assistant.storage.database import Database
from intake import DER_RECIPIENT, Outbox, unit_recipient

SHOWN = 50
"""How many of the latest notices a person sees (and counts as unread at most)."""


def _now() -> datetime:
    return datetime.now(UTC)


class NoticeReadRow(Base):
    """A notice a person has read."""

    __tablename__ = "notice_reads"
    user_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    notification_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    read_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


@dataclass(frozen=True)
class PersonalNotice:
    """A notice as one person sees it.

    Attributes:
        notice_id: The outbox row.
        event: What happened (``ficha_enviada``, ``ficha_devuelta``, ``faq_en_revision``…).
        subject: One Spanish line.
        created_at: When it happened (aware, UTC).
        read: True once this person opened it or marked everything read.
        ficha_id: The ficha it is about, if any.
        faq_id: The FAQ entry it is about, if any.
    """

    notice_id: int
    event: str
    subject: str
    created_at: datetime
    read: bool
    ficha_id: str | None = None
    faq_id: str | None = None


def recipients_of(user: User) -> set[str]:
    """The outbox recipients whose notifications ``user`` sees (admin sees DER's and
    comunicaciones')."""
    found = {unit_recipient("", user.user_id)}
    if user.unit:
        found.add(unit_recipient(user.unit, user.user_id))
    if user.has("der"):
        found.add(DER_RECIPIENT)
    if user.has("comunicaciones"):
        found.add(COMMUNICATIONS_RECIPIENT)
    return found


class NoticeBoard:
    """Reads a person's notices from the outbox and keeps their read marks."""

    def __init__(self, database: Database, outbox: Outbox) -> None:
        self.database = database
        self.outbox = outbox

    def notices(self, user: User) -> list[PersonalNotice]:
        """The latest notices for ``user``, newest first."""
        stored = self.outbox.addressed_to(recipients_of(user), limit=SHOWN)
        read = self._read_ids(user.user_id, [s.notification_id for s in stored])
        return [
            PersonalNotice(
                notice_id=s.notification_id,
                event=s.notification.event,
                subject=s.notification.subject,
                created_at=s.created_at,
                read=s.notification_id in read,
                ficha_id=s.notification.ficha_id,
                faq_id=_text(s.notification.payload.get("entrada")),
            )
            for s in stored
        ]

    def unread(self, user: User) -> int:
        """How many of the latest notices ``user`` has not read."""
        return sum(not n.read for n in self.notices(user))

    def get(self, user: User, notice_id: int) -> PersonalNotice | None:
        """One of ``user``'s latest notices (None when it is not theirs or too old)."""
        return next((n for n in self.notices(user) if n.notice_id == notice_id), None)

    def mark_read(self, user: User, notice_ids: list[int]) -> None:
        """Mark ``notice_ids`` read for ``user`` (already read ones are left as they are)."""
        new = set(notice_ids) - self._read_ids(user.user_id, notice_ids)
        if not new:
            return
        try:
            with self.database.session() as session:
                for notice_id in sorted(new):
                    session.add(NoticeReadRow(user_id=user.user_id, notification_id=notice_id))
        except IntegrityError:
            pass  # another request of the same person marked them at the same moment

    def _read_ids(self, user_id: str, notice_ids: list[int]) -> set[int]:
        if not notice_ids:
            return set()
        with self.database.session() as session:
            return set(
                session.scalars(
                    select(NoticeReadRow.notification_id).where(
                        NoticeReadRow.user_id == user_id,
                        NoticeReadRow.notification_id.in_(notice_ids),
                    )
                )
            )


def _text(value: object) -> str | None:
    return str(value) if value else None


__all__ = ["NoticeBoard", "NoticeReadRow", "PersonalNotice"]
