"""The statuses of a stored ficha and the transitions between them.

``borrador`` → ``enviada`` (submitted to DER; errors block it) → ``en_revision`` → either
``devuelta`` (DER returns it with comments; the unit edits and sends a new version) or
``aprobada`` (ready for Etapa 2, diseño). A draft that was never sent may be ``descartada``
(the unit cancelled it). Every transition is recorded; nothing is overwritten.
"""

from __future__ import annotations

from enum import StrEnum


class FichaStatus(StrEnum):
    """Where a ficha is in the DER workflow (values are stored and shown in Spanish)."""

    DRAFT = "borrador"
    SUBMITTED = "enviada"
    IN_REVIEW = "en_revision"
    RETURNED = "devuelta"
    APPROVED = "aprobada"
    DISCARDED = "descartada"

    @property
    def label(self) -> str:
        """Spanish label for people."""
        return _LABELS[self]

    @property
    def editable(self) -> bool:
        """True when the unit may edit the draft (and send it)."""
        return self in (FichaStatus.DRAFT, FichaStatus.RETURNED)

    @property
    def awaiting_der(self) -> bool:
        """True when the ficha is in DER's inbox."""
        return self in (FichaStatus.SUBMITTED, FichaStatus.IN_REVIEW)


_LABELS = {
    FichaStatus.DRAFT: "Borrador",
    FichaStatus.SUBMITTED: "Enviada a la DER",
    FichaStatus.IN_REVIEW: "En revisión por la DER",
    FichaStatus.RETURNED: "Devuelta con comentarios",
    FichaStatus.APPROVED: "Aprobada",
    FichaStatus.DISCARDED: "Descartada",
}

TRANSITIONS: dict[FichaStatus, frozenset[FichaStatus]] = {
    FichaStatus.DRAFT: frozenset({FichaStatus.SUBMITTED, FichaStatus.DISCARDED}),
    FichaStatus.SUBMITTED: frozenset({FichaStatus.IN_REVIEW}),
    FichaStatus.IN_REVIEW: frozenset({FichaStatus.RETURNED, FichaStatus.APPROVED}),
    FichaStatus.RETURNED: frozenset({FichaStatus.SUBMITTED}),
    FichaStatus.APPROVED: frozenset(),
    FichaStatus.DISCARDED: frozenset(),
}
"""Allowed next statuses from each status."""


def can_move(current: FichaStatus, target: FichaStatus) -> bool:
    """True when ``current`` → ``target`` is an allowed transition."""
    return target in TRANSITIONS[current]


SHARED_STATUSES = frozenset({FichaStatus.SUBMITTED, FichaStatus.IN_REVIEW, FichaStatus.APPROVED})
"""Fichas other units may learn of (name, unit, contact) through the near-duplicate check:
sent to DER or approved. A draft, or a ficha returned to be redone, stays with its unit."""

__all__ = ["SHARED_STATUSES", "TRANSITIONS", "FichaStatus", "can_move"]
