"""The unresolved-questions queue grouped incrementally, in the database.

Grouping every unresolved question on each read cost 78 s after 4,735 new abstentions (each
one embedded, then all clustered again), and the web page timed out. Now each question is
assigned to a group once, in bounded steps (`assign_pending`: at most ``batch`` questions,
oldest first, compared with the ``active`` most recent groups), by a background thread of
the server and at the start of each read. A read then costs the same at 10 and at 100,000
questions: the pending step is bounded, and the page reads its ``page`` newest groups with
at most ``members`` questions each.

Vectors are centered on the mean of the published FAQ phrasings only (the queue's own mean
moved with every question; a fixed center keeps earlier assignments valid).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime

import numpy as np
from sqlalchemy import JSON, DateTime, Float, Integer, Text, delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from assistant.storage.base import Base
from assistant.storage.database import Database
from assistant.usage.feedback import Feedback
from assistant.usage.question_log import LoggedQuestion, QuestionLogRow, logged_question


class UnresolvedGroupRow(Base):
    """A group of similar unresolved questions (its centroid is a sum of centered vectors)."""

    __tablename__ = "unresolved_groups"
    key: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    centroid: Mapped[list[float]] = mapped_column(JSON)
    size: Mapped[int] = mapped_column(Integer)
    newest_log_id: Mapped[int] = mapped_column(Integer, index=True)
    newest_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    representative: Mapped[str] = mapped_column(Text)
    representative_score: Mapped[float] = mapped_column(Float)


class UnresolvedMemberRow(Base):
    """Which group a logged question was assigned to."""

    __tablename__ = "unresolved_members"
    log_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    group_key: Mapped[int] = mapped_column(Integer, index=True)


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9)


def _unresolved() -> object:
    return (QuestionLogRow.resolved_by.is_(None)) & or_(
        QuestionLogRow.abstained.is_(True), QuestionLogRow.feedback == Feedback.NO_UTIL.value
    )


class GroupStore:
    """Assigns unresolved questions to groups and reads the groups back."""

    def __init__(
        self,
        database: Database,
        *,
        embed: Callable[[list[str]], Sequence[Sequence[float]]],
        background: Callable[[], list[str]] | None,
        threshold: float,
        batch: int = 64,
        active: int = 500,
    ) -> None:
        self.database = database
        self.embed = embed
        self.background = background
        self.threshold = threshold
        self.batch = batch
        self.active = active
        self._center: tuple[int, np.ndarray | None] | None = None
        self._lock = threading.Lock()

    def _background_mean(self) -> np.ndarray | None:
        texts = self.background() if self.background is not None else []
        stamp = hash(tuple(texts))
        if self._center is None or self._center[0] != stamp:
            mean = None
            if texts:
                mean = _unit(np.asarray(self.embed(texts), dtype=np.float64)).mean(axis=0)
            self._center = (stamp, mean)
        return self._center[1]

    def centered(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of ``texts`` after removing the published phrasings' mean (the space
        in which a question is compared with the groups' centroids)."""
        vectors = _unit(np.asarray(self.embed(texts), np.float64))
        mean = self._background_mean()
        if mean is not None:
            vectors = vectors - mean
        return _unit(vectors)

    def pending(self, limit: int) -> list[LoggedQuestion]:
        """Unresolved questions not assigned yet, oldest first."""
        assigned = select(UnresolvedMemberRow.log_id).where(
            UnresolvedMemberRow.log_id == QuestionLogRow.id
        )
        query = (
            select(QuestionLogRow)
            .where(_unresolved(), ~assigned.exists())  # type: ignore[arg-type]
            .order_by(QuestionLogRow.id)
            .limit(limit)
        )
        with self.database.session() as session:
            return [logged_question(r) for r in session.scalars(query)]

    def assign_pending(self, limit: int | None = None) -> int:
        """Assign at most ``limit`` (default ``batch``) pending questions; how many."""
        with self._lock:  # one step at a time per process (the background thread and reads)
            questions = self.pending(limit or self.batch)
            if not questions:
                return 0
            vectors = self.centered([q.question for q in questions])
            try:
                with self.database.session() as session:
                    self._assign(session, questions, vectors)
            except IntegrityError:
                return 0  # another process assigned them first
            return len(questions)

    def _assign(
        self, session: Session, questions: list[LoggedQuestion], vectors: np.ndarray
    ) -> None:
        rows = list(
            session.scalars(
                select(UnresolvedGroupRow)
                .order_by(UnresolvedGroupRow.newest_log_id.desc())
                .limit(self.active)
            )
        )
        sums = (
            np.asarray([r.centroid for r in rows], dtype=np.float64)
            if rows
            else np.zeros((0, vectors.shape[1]))
        )
        for question, vector in zip(questions, vectors, strict=True):
            best = -1
            if len(rows):
                scores = _unit(sums) @ vector
                best = int(np.argmax(scores))
                if scores[best] < self.threshold:
                    best = -1
            if best < 0:
                row = UnresolvedGroupRow(
                    key=question.log_id,
                    centroid=vector.tolist(),
                    size=0,
                    newest_log_id=question.log_id,
                    newest_at=question.created_at,
                    representative=question.question,
                    representative_score=-1.0,
                )
                session.add(row)
                rows.append(row)
                sums = np.vstack([sums, np.zeros_like(vector)])
                best = len(rows) - 1
            row = rows[best]
            sums[best] += vector
            row.size += 1
            row.centroid = sums[best].tolist()
            if question.log_id > row.newest_log_id:
                row.newest_log_id, row.newest_at = question.log_id, question.created_at
            score = float(_unit(sums[best : best + 1])[0] @ vector)
            if score > row.representative_score:
                row.representative, row.representative_score = question.question, score
            session.add(UnresolvedMemberRow(log_id=question.log_id, group_key=row.key))

    def page(self, groups: int, members: int) -> list[tuple[int, int, str, list[LoggedQuestion]]]:
        """The ``groups`` most recently asked groups: key, size, representative and their
        newest ``members`` still-unresolved questions."""
        with self.database.session() as session:
            rows = list(
                session.scalars(
                    select(UnresolvedGroupRow)
                    .order_by(UnresolvedGroupRow.newest_log_id.desc())
                    .limit(groups)
                )
            )
            return [
                (r.key, r.size, r.representative, self._members(session, r.key, members))
                for r in rows
            ]

    def find(self, key: int, members: int) -> tuple[int, int, str, list[LoggedQuestion]] | None:
        """The group with ``key``, or the one holding the question ``key``."""
        with self.database.session() as session:
            row = session.get(UnresolvedGroupRow, key)
            if row is None:
                member = session.get(UnresolvedMemberRow, key)
                row = session.get(UnresolvedGroupRow, member.group_key) if member else None
            if row is None:
                return None
            return row.key, row.size, row.representative, self._members(session, row.key, members)

    @staticmethod
    def _members(session: Session, key: int, limit: int) -> list[LoggedQuestion]:
        query = (
            select(QuestionLogRow)
            .join(UnresolvedMemberRow, UnresolvedMemberRow.log_id == QuestionLogRow.id)
            .where(UnresolvedMemberRow.group_key == key, _unresolved())  # type: ignore[arg-type]
            .order_by(QuestionLogRow.id.desc())
            .limit(limit)
        )
        return [logged_question(r) for r in session.scalars(query)]

    def member_ids(self, key: int) -> list[int]:
        """Every question of the group (also those beyond a page's ``members``)."""
        with self.database.session() as session:
            return list(
                session.scalars(
                    select(UnresolvedMemberRow.log_id).where(UnresolvedMemberRow.group_key == key)
                )
            )

    def forget(self, key: int) -> None:
        """Remove a group (its questions became a FAQ draft)."""
        with self.database.session() as session:
            session.execute(delete(UnresolvedMemberRow).where(UnresolvedMemberRow.group_key == key))
            session.execute(delete(UnresolvedGroupRow).where(UnresolvedGroupRow.key == key))


__all__ = ["GroupStore", "UnresolvedGroupRow", "UnresolvedMemberRow"]
