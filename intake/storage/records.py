"""What the workflow returns: plain, immutable views of the stored rows.

Callers (the conversation, the CLI, Slack) never see SQLAlchemy rows; they get these
dataclasses, built inside the transaction that read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from intake.ficha import Ficha
from intake.fields import FIELDS
from intake.status import FichaStatus
from intake.storage.tables import (
    FichaCommentRow,
    FichaRow,
    FichaTransitionRow,
    FichaVersionRow,
    aware,
)


@dataclass(frozen=True)
class StoredFicha:
    """A ficha as stored: the working draft and its place in the workflow.

    Attributes:
        id: The ficha's id (``F-3A9C1B2E``).
        unit: The unit (dependencia) that owns it.
        owner_id: Who created it.
        status: Workflow status.
        draft: The working copy (the last sent version while DER has it).
        current_version: Number of the last version sent to DER (0: never sent).
        lock_version: Optimistic-locking counter; pass it back when saving.
        created_at: Creation time.
        updated_at: Last change.
    """

    id: str
    unit: str
    owner_id: str
    status: FichaStatus
    draft: Ficha
    current_version: int
    lock_version: int
    created_at: datetime
    updated_at: datetime

    @property
    def name(self) -> str:
        """The product name, or a placeholder for an unnamed draft."""
        return self.draft.nombre or "(sin nombre)"

    @classmethod
    def of(cls, row: FichaRow) -> StoredFicha:
        """The view of a row."""
        return cls(
            id=row.id,
            unit=row.unit,
            owner_id=row.owner_id,
            status=FichaStatus(row.status),
            draft=Ficha.model_validate(row.draft),
            current_version=row.current_version,
            lock_version=row.lock_version,
            created_at=aware(row.created_at),
            updated_at=aware(row.updated_at),
        )


@dataclass(frozen=True)
class FichaVersion:
    """An immutable version sent to DER.

    Attributes:
        ficha_id: The ficha.
        number: 1, 2, … (each resubmission adds one).
        ficha: The content as sent.
        report: The validation report at sending time (Spanish JSON form).
        acknowledged: Keys of the warnings the unit accepted.
        submitted_by: Who sent it.
        submitted_at: When.
        reasons: Why the unit accepted a warning, by key (only those it explained).
    """

    ficha_id: str
    number: int
    ficha: Ficha
    report: dict[str, Any]
    acknowledged: tuple[str, ...]
    submitted_by: str
    submitted_at: datetime
    reasons: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, row: FichaVersionRow) -> FichaVersion:
        """The view of a row."""
        return cls(
            ficha_id=row.ficha_id,
            number=row.number,
            ficha=Ficha.model_validate(row.content),
            report=dict(row.report),
            acknowledged=tuple(row.acknowledged),
            submitted_by=row.submitted_by,
            submitted_at=aware(row.submitted_at),
            reasons=dict(row.acknowledgement_reasons or {}),
        )


@dataclass(frozen=True)
class Transition:
    """One recorded status change.

    Attributes:
        ficha_id: The ficha.
        from_status: Status before (``None`` for the creation).
        to_status: Status after.
        version: The version it concerns, if any.
        actor_id: Who.
        actor_unit: Their unit.
        reason: Why (Spanish text).
        at: When.
    """

    ficha_id: str
    from_status: FichaStatus | None
    to_status: FichaStatus
    version: int | None
    actor_id: str
    actor_unit: str
    reason: str
    at: datetime

    @classmethod
    def of(cls, row: FichaTransitionRow) -> Transition:
        """The view of a row."""
        return cls(
            ficha_id=row.ficha_id,
            from_status=FichaStatus(row.from_status) if row.from_status else None,
            to_status=FichaStatus(row.to_status),
            version=row.version,
            actor_id=row.actor_id,
            actor_unit=row.actor_unit,
            reason=row.reason,
            at=aware(row.created_at),
        )


@dataclass(frozen=True)
class ReviewComment:
    """A DER comment on a version (about one field, or the whole ficha).

    Attributes:
        ficha_id: The ficha.
        version: The version commented on.
        field: Field id, or ``None`` for a general comment.
        text: The comment.
        author_id: Who wrote it.
        at: When.
    """

    ficha_id: str
    version: int
    field: str | None
    text: str
    author_id: str
    at: datetime

    @property
    def field_label(self) -> str:
        """Spanish label of the field ("Ficha completa" for a general comment)."""
        if self.field is None:
            return "Ficha completa"
        spec = FIELDS.get(self.field)
        return spec.full_label if spec else self.field

    @classmethod
    def of(cls, row: FichaCommentRow) -> ReviewComment:
        """The view of a row."""
        return cls(
            ficha_id=row.ficha_id,
            version=row.version,
            field=row.field,
            text=row.text,
            author_id=row.author_id,
            at=aware(row.created_at),
        )


__all__ = ["FichaVersion", "ReviewComment", "StoredFicha", "Transition"]
