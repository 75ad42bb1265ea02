"""The ficha's status and DER's decisions, as the filed document shows them.

An approved ficha's document must say it is approved, by whom and when, and keep the trail that
led there: sent, returned with comments per field, sent again, approved. Times are shown in
Colombia's time zone (America/Bogotá, UTC−5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from intake.documents.dates import format_datetime
from intake.status import FichaStatus
from intake.storage.records import ReviewComment, Transition


@dataclass(frozen=True)
class Decision:
    """One step of the trail.

    Attributes:
        when: Date and time in Bogotá.
        status: The status it led to (Spanish label).
        who: Who did it (and their unit).
        reason: What they wrote.
        version: The version it concerns, if any.
        comments: DER's comments on that version, «Campo: comentario», when it was returned
            or approved.
    """

    when: str
    status: str
    who: str
    reason: str
    version: int | None
    comments: tuple[str, ...] = ()


@dataclass(frozen=True)
class DecisionTrail:
    """The current status and every decision, oldest first."""

    status: FichaStatus
    decisions: tuple[Decision, ...]

    @property
    def headline(self) -> str:
        """ "Estado: Aprobada por la DER (por diana, 24 de noviembre de 2026, 10:30)"."""
        last = next((d for d in reversed(self.decisions) if d.status == self.status.label), None)
        detail = f" (por {last.who}, {last.when})" if last is not None else ""
        return f"Estado: {self.status.label}{detail}"


_WITH_COMMENTS = (FichaStatus.RETURNED, FichaStatus.APPROVED)


def decision_trail(
    status: FichaStatus,
    history: Sequence[Transition],
    comments: Sequence[ReviewComment] = (),
) -> DecisionTrail:
    """The trail of a stored ficha from its transitions and DER's comments."""
    decisions = []
    for t in history:
        notes: tuple[str, ...] = ()
        if t.to_status in _WITH_COMMENTS and t.version is not None:
            notes = tuple(
                f"{c.field_label}: {c.text} ({c.author_id}, {format_datetime(c.at)})"
                for c in comments
                if c.version == t.version
            )
        who = f"{t.actor_id} ({t.actor_unit})" if t.actor_unit else t.actor_id
        decisions.append(
            Decision(
                when=format_datetime(t.at),
                status=t.to_status.label,
                who=who,
                reason=t.reason,
                version=t.version,
                comments=notes,
            )
        )
    return DecisionTrail(status=status, decisions=tuple(decisions))


__all__ = ["Decision", "DecisionTrail", "decision_trail"]
