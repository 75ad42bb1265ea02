"""Tables of the FAQ bank: entries, their immutable revisions, the event log, and the
published-set version that the answering polls."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from assistant.storage.base import Base


def utc_now() -> datetime:
    """The current time, timezone-aware."""
    return datetime.now(UTC)


class FaqEntryRow(Base):
    """An entry: its status and which revisions are the latest and the served one."""

    __tablename__ = "faq_entries"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    head_revision: Mapped[int] = mapped_column(Integer)
    published_revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    author: Mapped[str] = mapped_column(String(128))
    reviewer: Mapped[str | None] = mapped_column(String(128), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    review_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class FaqRevisionRow(Base):
    """One immutable version of an entry's content (only the fingerprints are refreshed)."""

    __tablename__ = "faq_revisions"
    __table_args__ = (UniqueConstraint("entry_id", "number", name="uq_faq_revisions_entry_number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("faq_entries.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(Text)
    alternatives: Mapped[list[str]] = mapped_column(JSON)
    answer: Mapped[str] = mapped_column(Text)
    sections: Mapped[list[str]] = mapped_column(JSON)
    tags: Mapped[list[str]] = mapped_column(JSON)
    author: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    approved_by: Mapped[str | None] = mapped_column(String(128), nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    section_hashes: Mapped[dict[str, str | None] | None] = mapped_column(JSON, nullable=True)


class FaqEventRow(Base):
    """What happened to an entry, by whom, and why (overrides keep their reason here)."""

    __tablename__ = "faq_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("faq_entries.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(24))
    actor: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class FaqBankStateRow(Base):
    """A single row: the published-set version (bumped by every publish or archive)."""

    __tablename__ = "faq_bank_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    published_version: Mapped[int] = mapped_column(Integer, default=0)
    seed_imported: Mapped[bool] = mapped_column(Boolean, default=False)


__all__ = ["FaqBankStateRow", "FaqEntryRow", "FaqEventRow", "FaqRevisionRow", "utc_now"]
