"""DER's side of the workflow: take a sent ficha into review, comment per field, return it to
the unit or approve it.

Each decision is ONE transaction with its history entry, DER's comments and the notification
for the unit (written to the outbox). Only DER (or an administrator) may review.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy.orm import Session

from intake.actor import Actor
from intake.errors import WorkflowError
from intake.fields import field_spec
from intake.status import FichaStatus, can_move
from intake.storage.records import ReviewComment, StoredFicha
from intake.storage.repository import add_transition, bump, load_row
from intake.storage.tables import FichaCommentRow, FichaRow, TransactionFactory, as_utc, utc_now
from intake.workflow.notices import decision_notice
from intake.workflow.outbox import Outbox


class FichaReview:
    """DER's review of the fichas sent to it.

    Args:
        transaction: Opens a database transaction (``Database.session``).
        outbox: Where the decisions' notifications are written (``None``: none).
        clock: Returns "now".
    """

    def __init__(
        self,
        *,
        transaction: TransactionFactory,
        outbox: Outbox | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._transaction = transaction
        self._outbox = outbox
        self._clock = clock or utc_now

    def _now(self) -> datetime:
        return as_utc(self._clock())

    def _move(
        self, s: Session, row: FichaRow, actor: Actor, target: FichaStatus, reason: str
    ) -> None:
        current = FichaStatus(row.status)
        if not can_move(current, target):
            raise WorkflowError(
                f"La ficha {row.id} está «{current.label}»: no puede pasar a «{target.label}»."
            )
        now = self._now()
        add_transition(
            s,
            row,
            origin=current,
            to=target,
            actor=actor,
            at=now,
            version=row.current_version,
            reason=reason,
        )
        bump(s, row, row.lock_version, status=target.value, updated_at=now)

    def _reviewed_row(self, s: Session, actor: Actor, ficha_id: str) -> FichaRow:
        actor.require_reviewer()
        row = load_row(s, ficha_id)
        if FichaStatus(row.status) is FichaStatus.SUBMITTED:
            self._move(s, row, actor, FichaStatus.IN_REVIEW, "La DER inició la revisión")
        return row

    def start_review(self, actor: Actor, ficha_id: str) -> StoredFicha:
        """Take a submitted ficha into review (``enviada`` → ``en_revision``; idempotent).

        Raises:
            PermissionDeniedError: The actor is not DER.
            WorkflowError: The ficha is not with DER.
        """
        with self._transaction() as s:
            row = self._reviewed_row(s, actor, ficha_id)
            if FichaStatus(row.status) is not FichaStatus.IN_REVIEW:
                raise WorkflowError(
                    f"La ficha {row.id} está «{FichaStatus(row.status).label}»: no está "
                    "pendiente de revisión."
                )
            return StoredFicha.of(row)

    def _add_comment(
        self, s: Session, row: FichaRow, actor: Actor, text: str, field: str | None
    ) -> ReviewComment:
        if field is not None:
            field = field_spec(field).id
        if not text.strip():
            raise WorkflowError("El comentario está vacío.")
        comment = FichaCommentRow(
            ficha_id=row.id,
            version=row.current_version,
            field=field,
            text=text.strip(),
            author_id=actor.user_id,
            created_at=self._now(),
        )
        s.add(comment)
        s.flush()
        return ReviewComment.of(comment)

    def comment(
        self, actor: Actor, ficha_id: str, text: str, *, field: str | None = None
    ) -> ReviewComment:
        """Add a DER comment on the version under review (``field``: about one field).

        Raises:
            PermissionDeniedError: The actor is not DER.
            UnknownFieldError: ``field`` is not a field of the ficha.
            WorkflowError: The ficha is not with DER, or the comment is empty.
        """
        with self._transaction() as s:
            row = self._reviewed_row(s, actor, ficha_id)
            if FichaStatus(row.status) is not FichaStatus.IN_REVIEW:
                raise WorkflowError(f"La ficha {row.id} no está en revisión.")
            return self._add_comment(s, row, actor, text, field)

    def return_to_unit(
        self,
        actor: Actor,
        ficha_id: str,
        *,
        reason: str,
        comments: Iterable[tuple[str | None, str]] = (),
    ) -> StoredFicha:
        """Return the ficha to its unit with the reason and per-field comments.

        Raises:
            PermissionDeniedError: The actor is not DER.
            WorkflowError: The ficha is not with DER, or the reason is empty.
        """
        if not reason.strip():
            raise WorkflowError("Escriba el motivo de la devolución para la dependencia.")
        with self._transaction() as s:
            row = self._reviewed_row(s, actor, ficha_id)
            added = [self._add_comment(s, row, actor, text, f) for f, text in comments]
            self._move(s, row, actor, FichaStatus.RETURNED, reason.strip())
            if self._outbox is not None:
                self._outbox.enqueue(
                    s, decision_notice(row, FichaStatus.RETURNED, actor, reason.strip(), added)
                )
            return StoredFicha.of(row)

    def approve(self, actor: Actor, ficha_id: str, *, reason: str | None = None) -> StoredFicha:
        """Approve the ficha: it is ready for Etapa 2 (diseño).

        Raises:
            PermissionDeniedError: The actor is not DER.
            WorkflowError: The ficha is not with DER.
        """
        text = (reason or "").strip() or "Aprobada: lista para la Etapa 2 (diseño)"
        with self._transaction() as s:
            row = self._reviewed_row(s, actor, ficha_id)
            self._move(s, row, actor, FichaStatus.APPROVED, text)
            if self._outbox is not None:
                self._outbox.enqueue(s, decision_notice(row, FichaStatus.APPROVED, actor, text, []))
            return StoredFicha.of(row)


__all__ = ["FichaReview"]
