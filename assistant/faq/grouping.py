"""The unresolved-questions queue grouped incrementally, in the database.

Grouping every unresolved question on each read cost 78 s after 4,735 new abstentions (each
one embedded, then all clustered again), and the web page timed out. Now each question is
assigned to a group once, in bounded steps (`assign_pending`: at most ``batch`` questions,
oldest first, compared with the ``active`` most recent groups), by a background thread of
the server and at the start of each read. A read then costs the same at 10 and at 100,000
questions: the pending step is bounded, and the page reads its ``page`` newest groups with
at most ``members`` questions each.

Vectors are centered on the mean of the published FAQ phrasings only (the queue's own mean
moved with every question; a fixed center keeps earlier assignments valid). A question joins
the group it is most similar to: half the cosine to the group's centroid, half the share of
content words it has with the group's questions (`GroupProfile.score`). The embedding alone
put «¿cuántas fichas tengo?» with the salary; on tests/data/cola_sin_resolver.jsonl (108
questions, 12 intents) embedding only: purity 0.546, completeness 0.546; with the words, at
0.23: 0.870 / 0.509 (and 0.96 / 0.88 on the 25 questions of tests/assistant/test_faq_backlog.py).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from sqlalchemy import JSON, DateTime, Float, Integer, Text, delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from assistant.storage.base import Base
from assistant.storage.database import Database
from assistant.usage.feedback import Feedback
from assistant.usage.question_log import LoggedQuestion, QuestionLogRow, logged_question
from knowledge import content_stems

LEXICAL_WEIGHT = 0.5
"""Share of the shared content words in a question's similarity to a group."""


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
    stems: Mapped[dict[str, int] | None] = mapped_column(JSON, nullable=True)
    stem_total: Mapped[int | None] = mapped_column(Integer, nullable=True)


class UnresolvedMemberRow(Base):
    """Which group a logged question was assigned to."""

    __tablename__ = "unresolved_members"
    log_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    group_key: Mapped[int] = mapped_column(Integer, index=True)


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9)


def stems_of(text: str) -> frozenset[str]:
    """The content words of a question, as stems (what `GroupProfile.score` compares)."""
    return frozenset(content_stems(text))


@dataclass
class GroupProfile:
    """What a question is compared with: the sum of the group's centered vectors, how many
    of its questions hold each content stem, and how many stems they hold in all."""

    vector_sum: np.ndarray
    size: int = 0
    stems: Counter[str] = field(default_factory=Counter)
    stem_total: int = 0

    def score(self, vector: np.ndarray, stems: Iterable[str], lexical: float) -> float:
        """Cosine to the centroid blended (``lexical``) with the expected Jaccard overlap of
        ``stems`` with the group's questions."""
        cosine = float(_unit(self.vector_sum[None, :])[0] @ vector)
        if not lexical or not self.size:
            return cosine
        own = set(stems)
        shared = sum(self.stems[s] for s in own) / self.size
        union = len(own) + self.stem_total / self.size - shared
        overlap = shared / union if union > 0 else 0.0
        return (1 - lexical) * cosine + lexical * overlap

    def add(self, vector: np.ndarray, stems: Iterable[str]) -> None:
        own = set(stems)
        self.vector_sum = self.vector_sum + vector
        self.size += 1
        self.stems.update(own)
        self.stem_total += len(own)


def best_group(
    profiles: Sequence[GroupProfile],
    vector: np.ndarray,
    stems: Iterable[str],
    threshold: float,
    lexical: float = LEXICAL_WEIGHT,
) -> int:
    """Index of the group ``vector`` joins, or -1 to start a new one."""
    own = list(stems)
    scores = [p.score(vector, own, lexical) for p in profiles]
    if not scores:
        return -1
    best = int(np.argmax(scores))
    return best if scores[best] >= threshold else -1


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
        profiles = [
            GroupProfile(
                np.asarray(r.centroid, dtype=np.float64),
                r.size,
                Counter(r.stems or {}),
                r.stem_total or 0,
            )
            for r in rows
        ]
        for question, vector in zip(questions, vectors, strict=True):
            stems = stems_of(question.question)
            best = best_group(profiles, vector, stems, self.threshold)
            if best < 0:
                row = UnresolvedGroupRow(
                    key=question.log_id,
                    centroid=vector.tolist(),
                    size=0,
                    newest_log_id=question.log_id,
                    newest_at=question.created_at,
                    representative=question.question,
                    representative_score=-1.0,
                    stems={},
                    stem_total=0,
                )
                session.add(row)
                rows.append(row)
                profiles.append(GroupProfile(np.zeros_like(vector)))
                best = len(rows) - 1
            row, profile = rows[best], profiles[best]
            profile.add(vector, stems)
            row.size = profile.size
            row.centroid = profile.vector_sum.tolist()
            row.stems = dict(profile.stems)
            row.stem_total = profile.stem_total
            if question.log_id > row.newest_log_id:
                row.newest_log_id, row.newest_at = question.log_id, question.created_at
            score = profile.score(vector, stems, 0.0)
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
