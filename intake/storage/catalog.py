"""Reading stored fichas: lists, DER's inbox, versions, history, comments and diffs.

Read-only counterpart of `FichaWorkflow`; it applies the same reading rule (the ficha's unit,
DER and administrators) and returns the plain records of `intake.storage.records`.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select

from intake.actor import Actor, Role, unit_key
from intake.errors import FichaNotFoundError
from intake.rules.duplicates import PortfolioEntry
from intake.status import SHARED_STATUSES, FichaStatus
from intake.storage.records import FichaVersion, ReviewComment, StoredFicha, Transition
from intake.storage.repository import load_row, rows_by_status
from intake.storage.tables import (
    FichaCommentRow,
    FichaRow,
    FichaTransitionRow,
    FichaVersionRow,
    TransactionFactory,
)
from intake.version_diff import FieldChange, diff_fichas


class FichaCatalog:
    """Queries over stored fichas.

    Args:
        transaction: Opens a database transaction (``Database.session``).
    """

    def __init__(self, *, transaction: TransactionFactory) -> None:
        self._transaction = transaction

    def list_fichas(
        self,
        actor: Actor,
        *,
        statuses: tuple[FichaStatus, ...] = (),
        every_unit: bool = False,
    ) -> list[StoredFicha]:
        """The fichas of the actor's unit (or created by the actor), newest change first.

        ``every_unit`` lists every unit's fichas and requires DER or administrator rights.

        Raises:
            PermissionDeniedError: ``every_unit`` without reviewer rights.
        """
        query = select(FichaRow).order_by(FichaRow.updated_at.desc(), FichaRow.id)
        if every_unit:
            actor.require_reviewer()
        else:
            mine = FichaRow.owner_id == actor.user_id
            key = unit_key(actor.unit)
            query = query.where(or_(mine, FichaRow.unit_key == key) if key else mine)
        if statuses:
            query = query.where(FichaRow.status.in_([s.value for s in statuses]))
        with self._transaction() as s:
            return [StoredFicha.of(r) for r in s.scalars(query)]

    def inbox(self, actor: Actor) -> list[StoredFicha]:
        """DER's inbox: fichas sent and not yet decided, oldest first.

        Raises:
            PermissionDeniedError: The actor is not DER.
        """
        actor.require_reviewer()
        with self._transaction() as s:
            rows = rows_by_status(s, (FichaStatus.SUBMITTED, FichaStatus.IN_REVIEW))
            return [StoredFicha.of(r) for r in rows]

    def get(self, actor: Actor, ficha_id: str) -> StoredFicha:
        """One ficha (draft and status).

        Raises:
            FichaNotFoundError: No such ficha.
            PermissionDeniedError: Another unit's ficha.
        """
        with self._transaction() as s:
            row = load_row(s, ficha_id)
            actor.require_reader(row.unit, row.owner_id)
            return StoredFicha.of(row)

    def versions(self, actor: Actor, ficha_id: str) -> list[FichaVersion]:
        """Every version sent to DER, oldest first."""
        with self._transaction() as s:
            row = load_row(s, ficha_id)
            actor.require_reader(row.unit, row.owner_id)
            query = (
                select(FichaVersionRow)
                .where(FichaVersionRow.ficha_id == row.id)
                .order_by(FichaVersionRow.number)
            )
            return [FichaVersion.of(v) for v in s.scalars(query)]

    def version(self, actor: Actor, ficha_id: str, number: int) -> FichaVersion:
        """One sent version.

        Raises:
            FichaNotFoundError: No such ficha or version.
        """
        for version in self.versions(actor, ficha_id):
            if version.number == number:
                return version
        raise FichaNotFoundError(f"La ficha {ficha_id} no tiene una versión {number}.")

    def history(self, actor: Actor, ficha_id: str) -> list[Transition]:
        """Every status change, oldest first (who, when, why)."""
        with self._transaction() as s:
            row = load_row(s, ficha_id)
            actor.require_reader(row.unit, row.owner_id)
            query = (
                select(FichaTransitionRow)
                .where(FichaTransitionRow.ficha_id == row.id)
                .order_by(FichaTransitionRow.id)
            )
            return [Transition.of(t) for t in s.scalars(query)]

    def comments(
        self, actor: Actor, ficha_id: str, *, version: int | None = None
    ) -> list[ReviewComment]:
        """DER's comments (of one version, or all), oldest first."""
        with self._transaction() as s:
            row = load_row(s, ficha_id)
            actor.require_reader(row.unit, row.owner_id)
            query = select(FichaCommentRow).where(FichaCommentRow.ficha_id == row.id)
            if version is not None:
                query = query.where(FichaCommentRow.version == version)
            return [ReviewComment.of(c) for c in s.scalars(query.order_by(FichaCommentRow.id))]

    def diff(
        self, actor: Actor, ficha_id: str, old: int, new: int | None = None
    ) -> list[FieldChange]:
        """What changed from version ``old`` to version ``new`` (``None``: the current draft).

        Raises:
            FichaNotFoundError: No such ficha or version.
        """
        before = self.version(actor, ficha_id, old).ficha
        if new is None:
            after = self.get(actor, ficha_id).draft
        else:
            after = self.version(actor, ficha_id, new).ficha
        return diff_fichas(before, after)

    def portfolio(self) -> list[PortfolioEntry]:
        """Every named ficha sent to DER or approved, for the near-duplicate check (a draft
        is its unit's own: other units never learn of it, see `SHARED_STATUSES`)."""
        query = select(FichaRow).where(
            FichaRow.status.in_([s.value for s in SHARED_STATUSES]), FichaRow.name != ""
        )
        with self._transaction() as s:
            return [PortfolioEntry.from_ficha(StoredFicha.of(r).draft) for r in s.scalars(query)]

    def portfolio_fingerprint(self) -> tuple[object, ...]:
        """Changes whenever a ficha is created, edited, submitted or discarded (one cheap
        aggregate, so every worker can tell when its near-duplicate portfolio is stale)."""
        query = select(
            func.count(FichaRow.id),
            func.coalesce(func.sum(FichaRow.lock_version), 0),
            func.max(FichaRow.updated_at),
        ).where(FichaRow.status != FichaStatus.DISCARDED.value)
        with self._transaction() as s:
            return tuple(s.execute(query).one())

    def can_edit(self, actor: Actor, stored: StoredFicha) -> bool:
        """True when ``actor`` may edit ``stored`` now (its unit, and an editable status)."""
        return (
            actor.has(Role.UNIT)
            and actor.owns(stored.unit, stored.owner_id)
            and stored.status.editable
        )


__all__ = ["FichaCatalog"]
