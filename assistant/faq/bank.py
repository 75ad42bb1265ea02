"""`FaqBank`: the communications team's FAQ bank — drafting, review, publishing, history.

Every edit is a new immutable revision; nothing is deleted (archive instead). Publishing runs
the matching regression, takes effect in every answering process on its next question (the
published-set version is bumped in the same transaction), and clears the staleness flag.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import object_session

from assistant.faq.errors import (
    FaqConflictError,
    FaqValidationError,
    FaqWorkflowError,
    MatchingConflictError,
)
from assistant.faq.matcher import FaqEntry
from assistant.faq.notices import review_requested
from assistant.faq.regression import MatchingRegression, RegressionReport, replace_entries
from assistant.faq.revision import FaqContent, diff_revisions
from assistant.faq.sections import SectionCatalog
from assistant.faq.store import ID_PATTERN, FaqRecord, FaqStore, content_of, record_view
from assistant.faq.tables import FaqEntryRow, FaqRevisionRow, utc_now
from assistant.faq.workflow import (
    SYSTEM,
    Action,
    Actor,
    Status,
    authorize,
    check_four_eyes,
    check_transition,
)
from assistant.storage.database import DatabaseUnavailableError
from intake import Outbox

log = logging.getLogger(__name__)
GATE_THREAD = "faq-publicar"
"""Name of the thread that prepares the publishing gate after an approval."""


@dataclass(frozen=True)
class PublishOutcome:
    """A publication and the regression it passed (or overrode)."""

    record: FaqRecord
    report: RegressionReport | None
    override_reason: str | None = None


class FaqBank:
    """The FAQ bank's workflow over a `FaqStore`; also the answering's `FaqSource`."""

    def __init__(
        self,
        store: FaqStore,
        *,
        sections: SectionCatalog | None = None,
        regression: MatchingRegression | None = None,
        outbox: Outbox | None = None,
    ) -> None:
        self.store = store
        self.sections = sections
        self.regression = regression
        self.outbox = outbox

    # -- FaqSource --------------------------------------------------------------------
    def version(self) -> object:
        """Changes whenever the published set changes (one small read)."""
        return self.store.version()

    def entries(self) -> list[FaqEntry]:
        """The entries being served."""
        return self.store.entries()

    # -- validation -------------------------------------------------------------------
    def validate(
        self, content: FaqContent, *, for_review: bool = False, links: bool = True
    ) -> FaqContent:
        """``content`` normalized; `FaqValidationError` lists every problem (unknown
        sections included when the index is available and ``links`` is set)."""
        content = content.normalized()
        problems = content.problems(for_review=for_review)
        if links and self.sections is not None and content.sections:
            problems += [
                f"la sección «{s}» no existe en el índice"
                for s in self.sections.unknown(content.sections)
            ]
        if problems:
            raise FaqValidationError(
                "La entrada no es válida: " + "; ".join(problems) + ".", problems=problems
            )
        return content

    def fingerprints(self, content: FaqContent) -> dict[str, str | None] | None:
        """Fingerprints of the content's linked sections (None without an index)."""
        if self.sections is None or not content.sections:
            return None
        return self.sections.fingerprints(content.sections)

    # -- drafting ---------------------------------------------------------------------
    def create(
        self,
        content: FaqContent,
        actor: Actor,
        *,
        entry_id: str | None = None,
        note: str | None = None,
    ) -> FaqRecord:
        """A new draft (``entry_id`` defaults to the next ``faq-NNN``)."""
        authorize(actor, Action.CREAR)
        content = self.validate(content)
        entry_id = (entry_id or self.store.next_id()).strip()
        if not ID_PATTERN.match(entry_id):
            raise FaqValidationError(
                f"Id inválido «{entry_id}»: use minúsculas, dígitos, «-», «_» o «.»."
            )
        if self.store.exists(entry_id):
            raise FaqConflictError(f"Ya existe la entrada «{entry_id}».")
        try:
            with self.store.database.session() as session:
                entry = FaqEntryRow(
                    id=entry_id, status=Status.BORRADOR.value, head_revision=0, author=actor.user_id
                )
                session.add(entry)
                head = self.store.add_revision(
                    session,
                    entry,
                    content,
                    author=actor.user_id,
                    note=note,
                    hashes=self.fingerprints(content),
                )
                self.store.add_event(session, entry, Action.CREAR.value, actor.user_id, note)
                return record_view(entry, head)
        except IntegrityError as exc:
            raise FaqConflictError(f"Ya existe la entrada «{entry_id}».") from exc

    def edit(
        self,
        entry_id: str,
        content: FaqContent,
        actor: Actor,
        *,
        base_revision: int | None = None,
        note: str | None = None,
    ) -> FaqRecord:
        """A new revision, back to draft (a published revision keeps being served)."""
        return self._new_revision(entry_id, content, actor, Action.EDITAR, base_revision, note)

    def restore(self, entry_id: str, number: int, actor: Actor) -> FaqRecord:
        """A new draft revision with the content of revision ``number``."""
        old = self.store.revision(entry_id, number)
        return self._new_revision(
            entry_id,
            old.content,
            actor,
            Action.RESTAURAR,
            None,
            f"restaurada desde la revisión {number}",
        )

    def _new_revision(
        self,
        entry_id: str,
        content: FaqContent,
        actor: Actor,
        action: Action,
        base_revision: int | None,
        note: str | None,
    ) -> FaqRecord:
        authorize(actor, action)
        content = self.validate(content)
        with self.store.database.session() as session:
            entry = self.store.entry_row(session, entry_id, lock=True)
            if base_revision is not None and entry.head_revision != base_revision:
                raise FaqConflictError(
                    f"La entrada {entry_id} cambió (revisión {entry.head_revision}, no "
                    f"{base_revision}): vuelva a abrirla y repita el cambio."
                )
            target = check_transition(action, Status(entry.status), entry_id)
            head = self.store.add_revision(
                session,
                entry,
                content,
                author=actor.user_id,
                note=note,
                hashes=self.fingerprints(content),
            )
            entry.status = target.value
            self.store.add_event(session, entry, action.value, actor.user_id, note)
            return record_view(entry, head)

    # -- review -----------------------------------------------------------------------
    def submit(self, entry_id: str, actor: Actor) -> FaqRecord:
        """Send the draft to review (its answer must be written and its sections valid)."""
        authorize(actor, Action.ENVIAR_REVISION)
        self.validate(self.store.get(entry_id).content, for_review=True)
        return self._transition(entry_id, actor, Action.ENVIAR_REVISION)

    def send_back(self, entry_id: str, actor: Actor, reason: str | None = None) -> FaqRecord:
        """Return an entry under review to its editor."""
        return self._transition(entry_id, actor, Action.DEVOLVER, reason=reason)

    def approve(self, entry_id: str, actor: Actor) -> FaqRecord:
        """Approve the revision under review (someone other than its author)."""

        def sign(entry: FaqEntryRow, head: FaqRevisionRow) -> bool:
            session = object_session(entry)
            assert session is not None
            authors = set(
                session.scalars(
                    select(FaqRevisionRow.author).where(
                        FaqRevisionRow.entry_id == entry_id,
                        FaqRevisionRow.number > (entry.published_revision or 0),
                        FaqRevisionRow.number <= head.number,
                    )
                )
            )
            check_four_eyes(actor, authors | {head.author}, entry_id)
            if head.approved_by:
                raise FaqWorkflowError(
                    f"La revisión {head.number} de {entry_id} ya está aprobada por {head.approved_by}."
                )
            head.approved_by, head.approved_at = actor.user_id, utc_now()
            entry.reviewer = actor.user_id
            return False

        record = self._transition(entry_id, actor, Action.APROBAR, change=sign)
        self._prepare_gate(record)
        return record

    def _prepare_gate(self, record: FaqRecord) -> None:
        """Compute, in the background, the query vectors the publishing gate will need for
        ``record`` (approved: «Publicar» comes next) and the published set."""
        if self.regression is None:
            return
        candidate = record.content.as_entry(record.entry_id, record.head_revision)
        entries = [*self.store.entries(), candidate]
        threading.Thread(
            target=self._prepare_quietly, args=(entries,), name=GATE_THREAD, daemon=True
        ).start()

    def _prepare_quietly(self, entries: list[FaqEntry]) -> None:
        assert self.regression is not None
        try:
            self.regression.prepare(entries)
        except Exception:  # noqa: BLE001 - only a head start: publishing computes what is missing
            log.warning("No se pudieron precalcular los vectores de publicación", exc_info=True)

    def archive(self, entry_id: str, actor: Actor, reason: str | None = None) -> FaqRecord:
        """Stop serving the entry and keep it, with its history, as archived."""

        def withdraw(entry: FaqEntryRow, head: FaqRevisionRow) -> bool:
            served = entry.published_revision is not None
            entry.published_revision = None
            return served

        return self._transition(entry_id, actor, Action.ARCHIVAR, reason=reason, change=withdraw)

    def _transition(
        self,
        entry_id: str,
        actor: Actor,
        action: Action,
        *,
        reason: str | None = None,
        change: Callable[[FaqEntryRow, FaqRevisionRow], bool] | None = None,
    ) -> FaqRecord:
        """Apply ``action``; ``change`` edits the rows and says whether the served set changed."""
        authorize(actor, action)
        with self.store.database.session() as session:
            entry = self.store.entry_row(session, entry_id, lock=True)
            target = check_transition(action, Status(entry.status), entry_id)
            head = self.store.revision_row(session, entry_id, entry.head_revision)
            served_changed = change(entry, head) if change is not None else False
            entry.status, entry.updated_at = target.value, utc_now()
            self.store.add_event(session, entry, action.value, actor.user_id, reason)
            if action is Action.ENVIAR_REVISION and self.outbox is not None:
                # in the same transaction: comunicaciones is told exactly when it happened
                self.outbox.enqueue(session, review_requested(entry_id, content_of(head).question))
            if served_changed:
                self.store.bump_version(session)
            return record_view(entry, head)

    # -- publishing -------------------------------------------------------------------
    def preview(self, entry_id: str) -> RegressionReport | None:
        """The matching regression for publishing the entry's latest revision now."""
        if self.regression is None:
            return None
        record = self.store.get(entry_id)
        candidate = record.content.as_entry(entry_id, record.head_revision)
        published = self.store.entries()
        return self.regression.check(published, replace_entries(published, [candidate]))

    def publish(
        self, entry_id: str, actor: Actor, *, override_reason: str | None = None
    ) -> PublishOutcome:
        """Serve the approved revision. Routing conflicts it would introduce block it unless
        ``override_reason`` is given (kept in the history)."""
        authorize(actor, Action.PUBLICAR)
        record = self.store.get(entry_id)
        check_transition(Action.PUBLICAR, record.status, entry_id)
        if not record.approved_by:
            raise FaqWorkflowError(
                f"La revisión {record.head_revision} de {entry_id} aún no está aprobada."
            )
        report = self.preview(entry_id)
        override = (override_reason or "").strip() or None
        if report is not None and report.blocking and override is None:
            raise MatchingConflictError(
                f"Publicar {entry_id} crearía {len(report.blocking)} conflicto(s) de coincidencia; "
                "corrige las formulaciones o publica indicando un motivo.",
                conflicts=report.blocking,
            )
        with self.store.database.session() as session:
            entry = self.store.entry_row(session, entry_id, lock=True)
            if entry.head_revision != record.head_revision or entry.status != record.status:
                raise FaqConflictError(f"La entrada {entry_id} cambió mientras se verificaba.")
            head = self.store.revision_row(session, entry_id, entry.head_revision)
            entry.status = Status.PUBLICADA.value
            entry.published_revision = entry.head_revision
            entry.published_at = entry.updated_at = utc_now()
            hashes = self.fingerprints(content_of(head))
            if hashes is not None:
                head.section_hashes = hashes
            entry.needs_review, entry.review_reason = False, None
            reason = f"conflictos ignorados: {override}" if report and report.blocking else None
            self.store.add_event(session, entry, Action.PUBLICAR.value, actor.user_id, reason)
            self.store.bump_version(session)
            published = record_view(entry, head)
        return PublishOutcome(published, report, override if report and report.blocking else None)

    # -- history ----------------------------------------------------------------------
    def diff(self, entry_id: str, old: int, new: int) -> list[str]:
        """Unified diff, field by field, between two revisions."""
        return diff_revisions(
            self.store.revision(entry_id, old), self.store.revision(entry_id, new)
        )

    # -- seed -------------------------------------------------------------------------
    def ensure_seed(self, entries: list[FaqEntry]) -> int:
        """Import the seed entries as published, once per database (idempotent, safe when
        two processes start together). Returns how many were imported."""
        if self.store.seed_imported():
            return 0
        try:
            with self.store.database.session() as session:
                count = 0
                for seed in entries:
                    if session.get(FaqEntryRow, seed.entry_id) is not None:
                        continue
                    entry = FaqEntryRow(
                        id=seed.entry_id,
                        status=Status.PUBLICADA.value,
                        head_revision=0,
                        author=SYSTEM.user_id,
                        reviewer=SYSTEM.user_id,
                        published_at=utc_now(),
                    )
                    session.add(entry)
                    head = self.store.add_revision(
                        session,
                        entry,
                        FaqContent.from_entry(seed).normalized(),
                        author=SYSTEM.user_id,
                        note="semilla",
                    )
                    head.approved_by, head.approved_at = SYSTEM.user_id, utc_now()
                    entry.published_revision = head.number
                    self.store.add_event(session, entry, "importar-semilla", SYSTEM.user_id)
                    count += 1
                self.store.mark_seed_imported(session)
                self.store.bump_version(session)
                return count
        except (IntegrityError, DatabaseUnavailableError):
            if self.store.seed_imported():
                return 0
            raise


__all__ = ["FaqBank", "PublishOutcome"]
