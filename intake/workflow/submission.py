"""The unit's side of the DER submission workflow: drafts, immutable versions, notifications.

`FichaWorkflow` creates, edits and sends fichas (DER's decisions are `intake.workflow.review`). Each
public method is ONE transaction: the status change, the new version, the history entry and the
outbox notification are stored together or not at all (a crash half-way leaves the previous
state).
Methods that the guided intake combines with its own writes accept ``session=`` to join the
caller's transaction instead of opening one.

Authorization is decided here, from the `Actor`: only the ficha's unit edits and sends it;
only DER (or an administrator) reviews. Drafts are saved with optimistic locking: pass the
``lock_version`` you read; if someone saved in between, `ConflictError` tells the loser.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.actor import Actor, Role, unit_key
from intake.errors import PermissionDeniedError, SubmissionBlockedError, WorkflowError
from intake.ficha import Ficha
from intake.rules.duplicates import PortfolioEntry
from intake.rules.engine import RulesEngine
from intake.rules.report import ValidationReport
from intake.status import FichaStatus
from intake.storage.records import FichaVersion, StoredFicha
from intake.storage.repository import (
    add_transition,
    bump,
    dump_ficha,
    load_row,
    new_ficha_id,
)
from intake.storage.tables import (
    FichaRow,
    FichaVersionRow,
    TransactionFactory,
    as_utc,
    utc_now,
)
from intake.workflow.notices import submission_notice
from intake.workflow.outbox import Outbox


def _blocked_by_errors(report: ValidationReport) -> SubmissionBlockedError:
    errors = report.errors
    lines = "\n".join(f"- {f.field_label}: {f.message}" for f in errors)
    return SubmissionBlockedError(
        f"La ficha tiene {len(errors)} error(es) que impiden enviarla a la DER:\n{lines}",
        report=report,
    )


def _blocked_by_warnings(report: ValidationReport, pending: tuple[str, ...]) -> Exception:
    lines = "\n".join(
        f"- {f.field_label}: {f.message}" for f in report.warnings if f.key in pending
    )
    return SubmissionBlockedError(
        f"Antes de enviar, acepte una por una estas {len(pending)} advertencia(s) o corríjalas:"
        f"\n{lines}",
        report=report,
        pending_warnings=pending,
    )


class FichaWorkflow:
    """Creates, edits and sends stored fichas (the unit's side).

    Args:
        transaction: Opens a database transaction (``Database.session``).
        engine: The rules engine that decides whether a ficha may be sent.
        outbox: Where notifications are written (``None``: no notifications).
        clock: Returns "now".
        id_factory: Makes new ficha ids.
    """

    def __init__(
        self,
        *,
        transaction: TransactionFactory,
        engine: RulesEngine,
        outbox: Outbox | None = None,
        clock: Callable[[], datetime] | None = None,
        id_factory: Callable[[], str] = new_ficha_id,
    ) -> None:
        self._transaction = transaction
        self.engine = engine
        self._outbox = outbox
        self._clock = clock or utc_now
        self._new_id = id_factory

    @contextmanager
    def _tx(self, session: Session | None) -> Iterator[Session]:
        if session is not None:
            yield session
            return
        with self._transaction() as own:
            yield own

    def _now(self) -> datetime:
        return as_utc(self._clock())

    # -- the unit -----------------------------------------------------------------------
    def create(
        self, actor: Actor, ficha: Ficha | None = None, *, session: Session | None = None
    ) -> StoredFicha:
        """Store a new draft owned by the actor's unit (``ficha``: initial content).

        Raises:
            PermissionDeniedError: The actor does not draft fichas.
        """
        if not actor.has(Role.UNIT):
            raise PermissionDeniedError("Solo una dependencia técnica puede crear fichas.")
        now = self._now()
        ficha_id = self._new_id()
        draft = (ficha or Ficha()).model_copy(
            update={"id": ficha_id, "version": 1, "fecha_creacion": now, "fecha_actualizacion": now}
        )
        with self._tx(session) as s:
            row = FichaRow(
                id=ficha_id,
                unit=actor.unit or "",
                unit_key=unit_key(actor.unit),
                owner_id=actor.user_id,
                name=(draft.nombre or "")[:500],
                status=FichaStatus.DRAFT.value,
                draft=dump_ficha(draft),
                current_version=0,
                lock_version=1,
                created_at=now,
                updated_at=now,
            )
            s.add(row)
            add_transition(
                s,
                row,
                origin=None,
                to=FichaStatus.DRAFT,
                actor=actor,
                at=now,
                reason="Creación del borrador",
            )
            s.flush()
            return StoredFicha.of(row)

    def get(self, actor: Actor, ficha_id: str, *, session: Session | None = None) -> StoredFicha:
        """The stored ficha, if the actor may read it.

        Raises:
            FichaNotFoundError: No such ficha.
            PermissionDeniedError: Another unit's ficha.
        """
        with self._tx(session) as s:
            row = load_row(s, ficha_id)
            actor.require_reader(row.unit, row.owner_id)
            return StoredFicha.of(row)

    def _editable_row(self, s: Session, actor: Actor, ficha_id: str) -> FichaRow:
        row = load_row(s, ficha_id)
        actor.require_editor(row.unit, row.owner_id)
        status = FichaStatus(row.status)
        if not status.editable:
            raise WorkflowError(
                f"La ficha {row.id} está «{status.label}»: solo se edita un borrador o una "
                "ficha devuelta por la DER."
            )
        return row

    def save_draft(
        self,
        actor: Actor,
        ficha_id: str,
        ficha: Ficha,
        *,
        expected_lock: int,
        session: Session | None = None,
    ) -> StoredFicha:
        """Replace the working draft, if nobody saved since ``expected_lock`` was read.

        Raises:
            ConflictError: Someone else saved first (nothing is stored).
            PermissionDeniedError: Not the ficha's unit.
            WorkflowError: The ficha is with DER or closed.
        """
        now = self._now()
        with self._tx(session) as s:
            row = self._editable_row(s, actor, ficha_id)
            draft = ficha.model_copy(
                update={
                    "id": row.id,
                    "version": row.current_version + 1,
                    "fecha_creacion": as_utc(row.created_at),
                    "fecha_actualizacion": now,
                }
            )
            bump(
                s,
                row,
                expected_lock,
                draft=dump_ficha(draft),
                name=(draft.nombre or "")[:500],
                updated_at=now,
            )
            return StoredFicha.of(row)

    def submit(
        self,
        actor: Actor,
        ficha_id: str,
        *,
        acknowledged: Iterable[str] = (),
        expected_lock: int | None = None,
        reason: str | None = None,
        session: Session | None = None,
        reasons: Mapping[str, str] | None = None,
    ) -> FichaVersion:
        """Send the draft to DER as a new immutable version (status ``enviada``).

        Args:
            actor: Someone of the ficha's unit.
            ficha_id: The ficha.
            acknowledged: Keys of the warnings the unit accepted; every warning must be.
            reasons: Why the unit accepted some of them, by key (stored with the version).
            expected_lock: The lock counter the caller saw (``None``: the current one).
            reason: Note for the history (default "Envío de la versión n").
            session: Join this transaction instead of opening one.

        Raises:
            SubmissionBlockedError: Errors, or warnings not accepted (nothing changes).
            ConflictError: Someone else saved since ``expected_lock``.
            PermissionDeniedError: Not the ficha's unit.
            WorkflowError: The ficha is not a draft or a returned ficha.
        """
        accepted = set(acknowledged)
        with self._tx(session) as s:
            row = self._editable_row(s, actor, ficha_id)
            lock = row.lock_version if expected_lock is None else expected_lock
            now = self._now()
            number = row.current_version + 1
            content = Ficha.model_validate(row.draft).model_copy(
                update={"version": number, "fecha_actualizacion": now}
            )
            report = self.engine.validate(content)
            if report.errors:
                raise _blocked_by_errors(report)
            pending = tuple(f.key for f in report.pending_warnings(accepted))
            if pending:
                raise _blocked_by_warnings(report, pending)
            origin = FichaStatus(row.status)
            bump(
                s,
                row,
                lock,
                status=FichaStatus.SUBMITTED.value,
                current_version=number,
                draft=dump_ficha(content),
                updated_at=now,
            )
            version_row = FichaVersionRow(
                ficha_id=row.id,
                number=number,
                content=dump_ficha(content),
                report=report.to_dict(),
                acknowledged=sorted(k for k in accepted if report.has_key(k)),
                acknowledgement_reasons={
                    k: text
                    for k, text in (reasons or {}).items()
                    if k in accepted and report.has_key(k) and text.strip()
                },
                submitted_by=actor.user_id,
                submitted_at=now,
            )
            s.add(version_row)
            add_transition(
                s,
                row,
                origin=origin,
                to=FichaStatus.SUBMITTED,
                actor=actor,
                at=now,
                version=number,
                reason=reason or f"Envío de la versión {number} a la DER",
            )
            if self._outbox is not None:
                self._outbox.enqueue(s, submission_notice(row, number, actor))
            s.flush()
            submitted = FichaVersion.of(version_row)
        self.engine.add_to_portfolio([PortfolioEntry.from_ficha(submitted.ficha)])
        return submitted

    def discard(
        self,
        actor: Actor,
        ficha_id: str,
        *,
        reason: str | None = None,
        session: Session | None = None,
    ) -> StoredFicha:
        """Drop the unit's unsent work.

        A draft never sent becomes ``descartada`` (recorded in the history). A returned ficha
        keeps its status and its draft goes back to the version DER returned.

        Raises:
            PermissionDeniedError: Not the ficha's unit.
            WorkflowError: The ficha is with DER or closed.
        """
        now = self._now()
        with self._tx(session) as s:
            row = self._editable_row(s, actor, ficha_id)
            if FichaStatus(row.status) is FichaStatus.RETURNED:
                last = s.scalars(
                    select(FichaVersionRow).where(
                        FichaVersionRow.ficha_id == row.id,
                        FichaVersionRow.number == row.current_version,
                    )
                ).one()
                content = last.content
                bump(s, row, row.lock_version, draft=dict(content), updated_at=now)
                return StoredFicha.of(row)
            add_transition(
                s,
                row,
                origin=FichaStatus.DRAFT,
                to=FichaStatus.DISCARDED,
                actor=actor,
                at=now,
                reason=reason or "La dependencia canceló el borrador",
            )
            bump(s, row, row.lock_version, status=FichaStatus.DISCARDED.value, updated_at=now)
            return StoredFicha.of(row)


__all__ = ["FichaWorkflow"]
