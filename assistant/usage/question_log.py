"""The log of answered questions: what was asked, how it was answered, and the feedback.

No personal data beyond the user id is stored. The log feeds the "preguntas sin resolver"
queue (abstentions and negative feedback) and the usage report.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, Float, Integer, String, Text, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column

from assistant.answering.answer import Answer
from assistant.errors import NotFoundError
from assistant.storage.base import Base
from assistant.storage.database import Database, DatabaseUnavailableError
from assistant.usage.feedback import Feedback, clean_reason

log = logging.getLogger(__name__)

MAX_QUESTION = 2000


def _now() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """``moment`` with a timezone (SQLite hands back naive UTC datetimes)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class QuestionLogRow(Base):
    """One answered question."""

    __tablename__ = "question_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    question: Mapped[str] = mapped_column(Text)
    route: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[float] = mapped_column(Float)
    abstained: Mapped[bool] = mapped_column(Boolean)
    faq_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    conversation_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    channel: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    feedback: Mapped[str | None] = mapped_column(String(16), nullable=True)
    feedback_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    feedback_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    """The FAQ entry drafted from this question (it then leaves the unresolved queue)."""


@dataclass(frozen=True)
class LoggedQuestion:
    """A logged question as the queue and the report read it."""

    log_id: int
    created_at: datetime
    question: str
    route: str
    confidence: float
    abstained: bool
    faq_id: str | None
    conversation_id: str | None
    channel: str
    user_id: str | None
    feedback: Feedback | None = None
    feedback_reason: str | None = None
    resolved_by: str | None = None

    @property
    def unresolved(self) -> bool:
        """Abstained, or marked not useful, and not yet turned into a FAQ draft."""
        return self.resolved_by is None and (self.abstained or self.feedback is Feedback.NO_UTIL)


def logged_question(row: QuestionLogRow) -> LoggedQuestion:
    """The view of a row (for modules that query the log with their own tables)."""
    return _view(row)


def _view(row: QuestionLogRow) -> LoggedQuestion:
    return LoggedQuestion(
        log_id=row.id,
        created_at=aware(row.created_at),
        question=row.question,
        route=row.route,
        confidence=row.confidence,
        abstained=row.abstained,
        faq_id=row.faq_id,
        conversation_id=row.conversation_id,
        channel=row.channel,
        user_id=row.user_id,
        feedback=Feedback(row.feedback) if row.feedback else None,
        feedback_reason=row.feedback_reason,
        resolved_by=row.resolved_by,
    )


class QuestionLog:
    """Records answers (the `Answerer`'s log port) and feedback, and reads them back."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def record(
        self, question: str, answer: Answer, *, channel: str, user_id: str | None
    ) -> int | None:
        """Log one answer; returns its id (None when the database failed: the user still
        gets the answer)."""
        row = QuestionLogRow(
            question=question[:MAX_QUESTION],
            route=answer.route,
            confidence=float(answer.confidence),
            abstained=answer.abstained,
            faq_id=answer.faq_id,
            conversation_id=answer.conversation_id,
            channel=channel,
            user_id=user_id,
        )
        try:
            with self.database.session() as session:
                session.add(row)
                session.flush()
                return row.id
        except DatabaseUnavailableError as exc:
            log.warning("No se pudo registrar la pregunta. (%s)", exc.detail)
            return None

    def get(self, log_id: int) -> LoggedQuestion:
        """One logged question (`NotFoundError` when absent)."""
        with self.database.session() as session:
            row = session.get(QuestionLogRow, log_id)
            if row is None:
                raise NotFoundError(f"No hay ninguna respuesta registrada con el id {log_id}.")
            return _view(row)

    def latest(self, *, conversation_id: str | None = None) -> LoggedQuestion | None:
        """The most recent logged question (of ``conversation_id`` when given)."""
        query = select(QuestionLogRow).order_by(QuestionLogRow.id.desc()).limit(1)
        if conversation_id is not None:
            query = query.where(QuestionLogRow.conversation_id == conversation_id)
        with self.database.session() as session:
            row = session.scalars(query).first()
            return _view(row) if row is not None else None

    def in_conversation(self, conversation_id: str) -> list[LoggedQuestion]:
        """The logged answers of one conversation, oldest first (one per turn)."""
        query = (
            select(QuestionLogRow)
            .where(QuestionLogRow.conversation_id == conversation_id)
            .order_by(QuestionLogRow.id)
        )
        with self.database.session() as session:
            return [_view(r) for r in session.scalars(query).all()]

    def give_feedback(
        self, log_id: int, value: Feedback, reason: str | None = None
    ) -> LoggedQuestion:
        """Record (or replace) the feedback on a logged answer."""
        with self.database.session() as session:
            row = session.get(QuestionLogRow, log_id)
            if row is None:
                raise NotFoundError(f"No hay ninguna respuesta registrada con el id {log_id}.")
            row.feedback = value.value
            row.feedback_reason = clean_reason(reason)
            row.feedback_at = _now()
            session.flush()
            return _view(row)

    def unresolved(self, *, limit: int = 2000) -> list[LoggedQuestion]:
        """The newest ``limit`` abstentions and not-useful answers not yet turned into FAQ
        drafts, oldest first."""
        query = (
            select(QuestionLogRow)
            .where(QuestionLogRow.resolved_by.is_(None))
            .where(
                or_(
                    QuestionLogRow.abstained.is_(True),
                    QuestionLogRow.feedback == Feedback.NO_UTIL.value,
                )
            )
            .order_by(QuestionLogRow.id.desc())
            .limit(limit)
        )
        with self.database.session() as session:
            rows = session.scalars(query).all()
            return [_view(r) for r in reversed(rows)]

    def mark_resolved(self, log_ids: Iterable[int], entry_id: str) -> int:
        """Link questions to the FAQ entry drafted from them; returns how many changed."""
        ids = list(log_ids)
        if not ids:
            return 0
        with self.database.session() as session:
            result = session.execute(
                update(QuestionLogRow)
                .where(QuestionLogRow.id.in_(ids))
                .values(resolved_by=entry_id)
                .execution_options(synchronize_session=False)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def between(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[LoggedQuestion]:
        """Every logged question in ``[since, until)``, oldest first."""
        query = select(QuestionLogRow).order_by(QuestionLogRow.id)
        if since is not None:
            query = query.where(QuestionLogRow.created_at >= since)
        if until is not None:
            query = query.where(QuestionLogRow.created_at < until)
        with self.database.session() as session:
            return [_view(r) for r in session.scalars(query).all()]


__all__ = ["LoggedQuestion", "QuestionLog", "QuestionLogRow", "aware"]
