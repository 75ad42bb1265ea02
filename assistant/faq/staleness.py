"""Entries whose linked policy sections changed or disappeared since they were written.

Each revision keeps a fingerprint of its linked sections' text. After a re-ingest (``asistente
cargar``) or on ``asistente faq pendientes`` the check compares them with the live index and
flags the entries whose sections changed; the flag clears when a new revision is published or
a reviewer confirms the entry is still right.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from assistant.faq.errors import FaqValidationError
from assistant.faq.notices import needs_check
from assistant.faq.sections import SectionCatalog, changed_sections
from assistant.faq.store import FaqRecord, FaqStore, content_of, record_view
from assistant.faq.tables import FaqEntryRow, FaqRevisionRow, utc_now
from assistant.faq.workflow import SYSTEM, Action, Actor, Status, authorize, check_transition
from intake import Outbox


@dataclass(frozen=True)
class StaleEntry:
    """An entry flagged for review because its sections changed."""

    entry_id: str
    status: Status
    changed: tuple[str, ...]
    """Sections whose text changed or that no longer exist."""
    missing: tuple[str, ...]
    """Of those, the ones that no longer exist."""
    newly_flagged: bool
    """True when this check raised the flag (it was not flagged before)."""
    reason: str | None = None
    """The stored reason of the flag."""

    def describe(self) -> str:
        """One Spanish line."""
        if not self.changed:
            return (
                f"{self.entry_id} ({self.status.value}): {self.reason or 'marcada para revisión'}"
            )
        parts = [f"«{s}» {'ya no existe' if s in self.missing else 'cambió'}" for s in self.changed]
        return f"{self.entry_id} ({self.status.value}): " + "; ".join(parts)


class StalenessCheck:
    """Compares stored section fingerprints with the live index."""

    def __init__(
        self, store: FaqStore, catalog: SectionCatalog, outbox: Outbox | None = None
    ) -> None:
        self.store = store
        self.catalog = catalog
        self.outbox = outbox

    def run(self) -> list[StaleEntry]:
        """Flag entries whose sections changed; revisions without a fingerprint get one now
        (missing sections are reported anyway). Returns every flagged entry."""
        with self.store.database.session() as session:
            pairs = session.execute(
                select(FaqEntryRow, FaqRevisionRow)
                .join(FaqRevisionRow, FaqRevisionRow.entry_id == FaqEntryRow.id)
                .where(FaqEntryRow.status != Status.ARCHIVADA.value)
                .where(
                    or_(
                        FaqRevisionRow.number == FaqEntryRow.head_revision,
                        FaqRevisionRow.number == FaqEntryRow.published_revision,
                    )
                )
                .order_by(FaqEntryRow.id, FaqRevisionRow.number)
            ).all()
            current = self.catalog.fingerprints({s for _, r in pairs for s in r.sections or ()})
            grouped: dict[str, tuple[FaqEntryRow, list[FaqRevisionRow]]] = {}
            for entry, revision in pairs:
                grouped.setdefault(entry.id, (entry, []))[1].append(revision)
            return [
                stale
                for entry, revisions in grouped.values()
                if (stale := self._check(session, entry, revisions, current)) is not None
            ]

    def _check(
        self,
        session: Session,
        entry: FaqEntryRow,
        revisions: list[FaqRevisionRow],
        current: dict[str, str | None],
    ) -> StaleEntry | None:
        changed: dict[str, None] = {}
        for revision in revisions:
            now = {s: current[s] for s in revision.sections or ()}
            if revision.section_hashes is None:
                revision.section_hashes = dict(now)
            for section in changed_sections(revision.section_hashes, now):
                changed.setdefault(section, None)
        if not changed:
            if not entry.needs_review:
                return None
            # Flagged earlier (the section may have changed back): it stays until reviewed.
            return StaleEntry(entry.id, Status(entry.status), (), (), False, entry.review_reason)
        missing = tuple(s for s in changed if current.get(s) is None)
        newly = not entry.needs_review
        reason = "Secciones cambiadas o eliminadas: " + "; ".join(changed)
        if newly or entry.review_reason != reason:
            entry.needs_review, entry.review_reason = True, reason
            self.store.add_event(session, entry, "marcar-revision", SYSTEM.user_id, reason)
            if newly and self.outbox is not None:
                question = content_of(revisions[-1]).question
                self.outbox.enqueue(session, needs_check(entry.id, question, tuple(changed)))
        return StaleEntry(entry.id, Status(entry.status), tuple(changed), missing, newly, reason)

    def confirm(self, entry_id: str, actor: Actor) -> FaqRecord:
        """A reviewer says the entry is still right: fingerprints are taken again and the
        flag clears. Refused while a linked section no longer exists (edit the entry)."""
        authorize(actor, Action.CONFIRMAR)
        with self.store.database.session() as session:
            entry = self.store.entry_row(session, entry_id, lock=True)
            check_transition(Action.CONFIRMAR, Status(entry.status), entry_id)
            numbers = {entry.head_revision, entry.published_revision} - {None}
            revisions = [self.store.revision_row(session, entry_id, n) for n in numbers if n]
            for revision in revisions:
                now = self.catalog.fingerprints(revision.sections or ())
                gone = [s for s, h in now.items() if h is None]
                if gone:
                    raise FaqValidationError(
                        f"La sección «{gone[0]}» ya no existe: edita la entrada {entry_id} "
                        "para enlazar otra.",
                        problems=[f"la sección «{s}» no existe en el índice" for s in gone],
                    )
                revision.section_hashes = now
            entry.needs_review, entry.review_reason, entry.updated_at = False, None, utc_now()
            self.store.add_event(session, entry, Action.CONFIRMAR.value, actor.user_id)
            head = self.store.revision_row(session, entry_id, entry.head_revision)
            return record_view(entry, head)


__all__ = ["StaleEntry", "StalenessCheck"]
