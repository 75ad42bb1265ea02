"""The Spanish wording of the workflow's notifications (DER's inbox, the unit's decisions)."""

from __future__ import annotations

from collections.abc import Sequence

from intake.actor import Actor
from intake.status import FichaStatus
from intake.storage.records import ReviewComment
from intake.storage.tables import FichaRow
from intake.workflow.outbox import Notification

DER_RECIPIENT = "der"
"""Recipient of new submissions: the Dirección de Estrategia Regional."""


def unit_recipient(unit: str, owner_id: str) -> str:
    """Recipient of DER's decisions: the ficha's unit (or its creator when it has none)."""
    return f"unidad:{unit}" if unit else f"usuario:{owner_id}"


def submission_notice(row: FichaRow, version: int, actor: Actor) -> Notification:
    """New version for DER to review."""
    name = row.name or "(sin nombre)"
    again = " (reenvío tras devolución)" if version > 1 else ""
    body = "\n".join(
        [
            f"La dependencia {row.unit or actor.label} envió la ficha de pre-diseño «{name}» "
            f"({row.id}, versión {version}){again}.",
            f"Enviada por: {actor.label}.",
            f"Para revisarla: asistente der revisar {row.id}",
        ]
    )
    return Notification(
        event="ficha_enviada",
        recipient=DER_RECIPIENT,
        subject=f"Nueva ficha para revisar: «{name}» (versión {version})",
        body=body,
        payload={"ficha_id": row.id, "version": version, "unidad": row.unit},
        ficha_id=row.id,
    )


def decision_notice(
    row: FichaRow,
    status: FichaStatus,
    actor: Actor,
    reason: str,
    comments: Sequence[ReviewComment],
) -> Notification:
    """DER's decision (returned or approved) for the unit."""
    name = row.name or "(sin nombre)"
    verb = "devolvió" if status is FichaStatus.RETURNED else "aprobó"
    lines = [
        f"La DER {verb} la ficha «{name}» (versión {row.current_version}).",
        f"Motivo: {reason}",
    ]
    if comments:
        lines.append("Comentarios:")
        lines += [f"- {c.field_label}: {c.text}" for c in comments]
    if status is FichaStatus.RETURNED:
        lines.append("Corríjala con «continuar mi ficha» en el asistente y envíela de nuevo.")
    else:
        lines.append("El producto o servicio puede pasar a la Etapa 2 (diseño).")
    return Notification(
        event=f"ficha_{status.value}",
        recipient=unit_recipient(row.unit, row.owner_id),
        subject=f"La DER {verb} su ficha «{name}»",
        body="\n".join(lines),
        payload={
            "ficha_id": row.id,
            "version": row.current_version,
            "estado": status.value,
            "usuario": row.owner_id,
            "revisor": actor.user_id,
        },
        ficha_id=row.id,
    )


__all__ = ["DER_RECIPIENT", "decision_notice", "submission_notice", "unit_recipient"]
