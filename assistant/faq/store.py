"""Persistence of the FAQ bank: reading entries and revisions, and the write primitives the
workflow (`assistant.faq.bank`) composes inside one transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from assistant.errors import NotFoundError
from assistant.faq.matcher import FaqEntry
from assistant.faq.revision import EventView, FaqContent, RevisionView
from assistant.faq.tables import (
    FaqBankStateRow,
    FaqEntryRow,
    FaqEventRow,
    FaqRevisionRow,
    utc_now,
)
from assistant.faq.vocabulary import Status
from assistant.storage.database import Database
from assistant.usage.question_log import aware

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
STATE_ID = 1


@dataclass(frozen=True)
class FaqRecord:
    """An entry with the content of its latest revision."""

    entry_id: str
    status: Status
    head_revision: int
    published_revision: int | None
    content: FaqContent
    author: str
    reviewer: str | None
    approved_by: str | None
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    needs_review: bool
    review_reason: str | None

    @property
    def served(self) -> bool:
        """True when a revision of this entry is being served."""
        return self.published_revision is not None

    def summary(self) -> str:
        """One Spanish line: id, status, revisions, review flag and question."""
        served = f" · en servicio r{self.published_revision}" if self.served else ""
        flag = " · POR REVISAR" if self.needs_review else ""
        return (
            f"{self.entry_id}  [{self.status.value} r{self.head_revision}{served}{flag}]  "
            f"{self.content.question}"
        )

    def to_json(self) -> dict[str, object]:
        """The entry as JSON (Spanish keys, like the import/export files)."""
        c = self.content
        return {
            "id": self.entry_id,
            "estado": self.status.value,
            "revision": self.head_revision,
            "revision_publicada": self.published_revision,
            "pregunta": c.question,
            "alternativas": list(c.alternatives),
            "respuesta": c.answer,
            "secciones": list(c.sections),
            "etiquetas": list(c.tags),
            "autor": self.author,
            "revisor": self.reviewer,
            "aprobada_por": self.approved_by,
            "por_revisar": self.needs_review,
            "motivo_revision": self.review_reason,
        }


def content_of(row: FaqRevisionRow) -> FaqContent:
    """The content stored in a revision row."""
    return FaqContent(
        question=row.question,
        answer=row.answer,
        alternatives=tuple(row.alternatives or ()),
        sections=tuple(row.sections or ()),
        tags=tuple(row.tags or ()),
    )


def revision_view(row: FaqRevisionRow) -> RevisionView:
    """A revision row as a view."""
    return RevisionView(
        entry_id=row.entry_id,
        number=row.number,
        content=content_of(row),
        author=row.author,
        created_at=aware(row.created_at),
        note=row.note,
        approved_by=row.approved_by,
        approved_at=aware(row.approved_at) if row.approved_at else None,
    )


def record_view(entry: FaqEntryRow, head: FaqRevisionRow) -> FaqRecord:
    """An entry row and its head revision as a record."""
    return FaqRecord(
        entry_id=entry.id,
        status=Status(entry.status),
        head_revision=entry.head_revision,
        published_revision=entry.published_revision,
        content=content_of(head),
        author=entry.author,
        reviewer=entry.reviewer,
        approved_by=head.approved_by,
        created_at=aware(entry.created_at),
        updated_at=aware(entry.updated_at),
        published_at=aware(entry.published_at) if entry.published_at else None,
        needs_review=entry.needs_review,
        review_reason=entry.review_reason,
    )


class FaqStore:
    """Reads the bank; the write primitives take the caller's session."""

    def __init__(self, database: Database) -> None:
        self.database = database

    # -- FaqSource --------------------------------------------------------------------
    def version(self) -> object:
        """The published-set version: one small read, bumped by every publish/archive."""
        with self.database.session() as session:
            value = session.scalar(
                select(FaqBankStateRow.published_version).where(FaqBankStateRow.id == STATE_ID)
            )
        return int(value or 0)

    def entries(self) -> list[FaqEntry]:
        """The served revision of every published entry, by id."""
        query = (
            select(FaqRevisionRow)
            .join(FaqEntryRow, FaqEntryRow.id == FaqRevisionRow.entry_id)
            .where(FaqEntryRow.published_revision == FaqRevisionRow.number)
            .order_by(FaqEntryRow.id)
        )
        with self.database.session() as session:
            return [content_of(r).as_entry(r.entry_id, r.number) for r in session.scalars(query)]

    # -- reading ----------------------------------------------------------------------
    def get(self, entry_id: str) -> FaqRecord:
        """One entry (`NotFoundError` when absent)."""
        with self.database.session() as session:
            entry = self.entry_row(session, entry_id)
            return record_view(entry, self.revision_row(session, entry_id, entry.head_revision))

    def exists(self, entry_id: str) -> bool:
        """True when the entry exists (in any status)."""
        with self.database.session() as session:
            return session.get(FaqEntryRow, entry_id) is not None

    def records(
        self,
        *,
        status: Status | None = None,
        needs_review: bool | None = None,
        tag: str | None = None,
    ) -> list[FaqRecord]:
        """Entries by id, filtered by status, review flag and tag."""
        query = select(FaqEntryRow, FaqRevisionRow).join(
            FaqRevisionRow,
            (FaqRevisionRow.entry_id == FaqEntryRow.id)
            & (FaqRevisionRow.number == FaqEntryRow.head_revision),
        )
        if status is not None:
            query = query.where(FaqEntryRow.status == status.value)
        if needs_review is not None:
            query = query.where(FaqEntryRow.needs_review.is_(needs_review))
        with self.database.session() as session:
            found = [record_view(e, r) for e, r in session.execute(query.order_by(FaqEntryRow.id))]
        return [r for r in found if tag is None or tag in r.content.tags]

    def revision(self, entry_id: str, number: int) -> RevisionView:
        """One revision (`NotFoundError` when absent)."""
        with self.database.session() as session:
            return revision_view(self.revision_row(session, entry_id, number))

    def revisions(self, entry_id: str) -> list[RevisionView]:
        """Every revision of an entry, oldest first."""
        with self.database.session() as session:
            self.entry_row(session, entry_id)
            rows = session.scalars(
                select(FaqRevisionRow)
                .where(FaqRevisionRow.entry_id == entry_id)
                .order_by(FaqRevisionRow.number)
            ).all()
            return [revision_view(r) for r in rows]

    def events(self, entry_id: str) -> list[EventView]:
        """Everything that happened to an entry, oldest first."""
        with self.database.session() as session:
            rows = session.scalars(
                select(FaqEventRow).where(FaqEventRow.entry_id == entry_id).order_by(FaqEventRow.id)
            ).all()
            return [
                EventView(r.entry_id, r.revision, r.action, r.actor, aware(r.at), r.reason)
                for r in rows
            ]

    def next_id(self) -> str:
        """A fresh ``faq-NNN`` id (one more than the highest numbered one)."""
        with self.database.session() as session:
            ids = session.scalars(select(FaqEntryRow.id).where(FaqEntryRow.id.like("faq-%")))
            numbers = [int(i[4:]) for i in ids if i[4:].isdigit()]
        return f"faq-{max(numbers, default=0) + 1:03d}"

    def seed_imported(self) -> bool:
        """True once the seed FAQ was imported into this database."""
        with self.database.session() as session:
            state = session.get(FaqBankStateRow, STATE_ID)
            return bool(state and state.seed_imported)

    # -- write primitives (inside the caller's transaction) -----------------------------
    @staticmethod
    def entry_row(session: Session, entry_id: str, *, lock: bool = False) -> FaqEntryRow:
        """The entry row, locked for update when ``lock`` (`NotFoundError` when absent)."""
        entry = session.get(FaqEntryRow, entry_id, with_for_update=lock or None)
        if entry is None:
            raise NotFoundError(f"No existe la entrada de FAQ «{entry_id}».")
        return entry

    @staticmethod
    def revision_row(session: Session, entry_id: str, number: int) -> FaqRevisionRow:
        """A revision row (`NotFoundError` when absent)."""
        row = session.scalars(
            select(FaqRevisionRow).where(
                FaqRevisionRow.entry_id == entry_id, FaqRevisionRow.number == number
            )
        ).first()
        if row is None:
            raise NotFoundError(f"La entrada «{entry_id}» no tiene la revisión {number}.")
        return row

    @staticmethod
    def add_revision(
        session: Session,
        entry: FaqEntryRow,
        content: FaqContent,
        *,
        author: str,
        note: str | None = None,
        hashes: dict[str, str | None] | None = None,
    ) -> FaqRevisionRow:
        """Append a revision and make it the entry's head."""
        number = (
            session.scalar(
                select(func.max(FaqRevisionRow.number)).where(FaqRevisionRow.entry_id == entry.id)
            )
            or 0
        ) + 1
        row = FaqRevisionRow(
            entry_id=entry.id,
            number=number,
            question=content.question,
            alternatives=list(content.alternatives),
            answer=content.answer,
            sections=list(content.sections),
            tags=list(content.tags),
            author=author,
            note=note,
            section_hashes=hashes,
        )
        session.add(row)
        entry.head_revision = number
        entry.updated_at = utc_now()
        session.flush()
        return row

    @staticmethod
    def add_event(
        session: Session,
        entry: FaqEntryRow,
        action: str,
        actor: str,
        reason: str | None = None,
    ) -> None:
        """Record what happened to ``entry`` at its head revision."""
        session.add(
            FaqEventRow(
                entry_id=entry.id,
                revision=entry.head_revision,
                action=action,
                actor=actor,
                reason=reason,
            )
        )

    @staticmethod
    def bump_version(session: Session) -> None:
        """Tell every answering process that the published set changed."""
        result = session.execute(
            update(FaqBankStateRow)
            .where(FaqBankStateRow.id == STATE_ID)
            .values(published_version=FaqBankStateRow.published_version + 1)
            .execution_options(synchronize_session=False)
        )
        if not getattr(result, "rowcount", 0):
            session.add(FaqBankStateRow(id=STATE_ID, published_version=1, seed_imported=False))

    @staticmethod
    def mark_seed_imported(session: Session) -> None:
        """Remember that the seed was imported (it is never imported again)."""
        state = session.get(FaqBankStateRow, STATE_ID)
        if state is None:
            session.add(FaqBankStateRow(id=STATE_ID, published_version=0, seed_imported=True))
        else:
            state.seed_imported = True


__all__ = ["ID_PATTERN", "FaqRecord", "FaqStore", "content_of", "record_view"]
