"""The Spanish wording of the FAQ bank's notices for comunicaciones (through the outbox)."""

from __future__ import annotations

from intake import Notification

COMMUNICATIONS_RECIPIENT = "comunicaciones"
"""Recipient of the FAQ bank's notices (reviews requested, entries to check)."""

REVIEW_REQUESTED = "faq_en_revision"
"""An entry was sent to review: someone other than its author approves it."""
NEEDS_CHECK = "faq_por_revisar"
"""A linked section of the policy changed or disappeared: the entry may be out of date."""


def review_requested(entry_id: str, question: str) -> Notification:
    """An entry waits for a reviewer."""
    return Notification(
        event=REVIEW_REQUESTED,
        recipient=COMMUNICATIONS_RECIPIENT,
        subject=f"Pregunta frecuente para revisar: «{question[:300]}»",
        body=f"La pregunta frecuente «{question}» espera la revisión de otra persona.",
        payload={"entrada": entry_id},
    )


def needs_check(entry_id: str, question: str, changed: tuple[str, ...]) -> Notification:
    """An entry's sections changed after a re-ingest."""
    return Notification(
        event=NEEDS_CHECK,
        recipient=COMMUNICATIONS_RECIPIENT,
        subject=f"Revise la pregunta frecuente «{question[:300]}»: cambió la política",
        body="Cambiaron o ya no existen estas secciones: " + "; ".join(changed) + ".",
        payload={"entrada": entry_id},
    )


__all__ = [
    "COMMUNICATIONS_RECIPIENT",
    "NEEDS_CHECK",
    "REVIEW_REQUESTED",
    "needs_check",
    "review_requested",
]
