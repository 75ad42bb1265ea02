"""What a unit hears when it asks where its fichas are («¿ya me revisaron la ficha?»)."""

from __future__ import annotations

from collections.abc import Sequence

from intake.documents.dates import format_datetime
from intake.status import FichaStatus
from intake.storage.records import StoredFicha

SHOWN = 5
"""Fichas listed at most (newest change first)."""

_NEXT_STEP = {
    FichaStatus.DRAFT: "escriba «continuar mi ficha» para seguir diligenciándola",
    FichaStatus.SUBMITTED: "la DER aún no empieza a revisarla",
    FichaStatus.IN_REVIEW: "la DER la está revisando",
    FichaStatus.RETURNED: "escriba «continuar mi ficha» para ver los comentarios y corregirla",
    FichaStatus.APPROVED: "puede pasar a la Etapa 2 (diseño)",
}


def status_text(fichas: Sequence[StoredFicha]) -> str:
    """The status of each of the unit's fichas, with the date and what to do next."""
    active = [f for f in fichas if f.status is not FichaStatus.DISCARDED][:SHOWN]
    if not active:
        return (
            "Su dependencia no tiene fichas registradas. Escriba «quiero registrar una ficha» "
            "para empezar una."
        )
    lines = ["Así van sus fichas:"]
    for ficha in active:
        name = ficha.draft.nombre or "sin nombre"
        step = _NEXT_STEP.get(ficha.status, "")
        lines.append(
            f"  • {ficha.id} «{name}»: {ficha.status.label} "
            f"(último cambio: {format_datetime(ficha.updated_at)}){'; ' + step if step else ''}."
        )
    return "\n".join(lines)


def returned_text(ficha: StoredFicha) -> str:
    """The notice shown when a unit comes back and DER has returned one of its fichas."""
    return (
        f"La DER devolvió su ficha {ficha.id} «{ficha.draft.nombre or 'sin nombre'}» con "
        f"comentarios ({format_datetime(ficha.updated_at)}). Escriba «continuar mi ficha» "
        "para verlos y corregirla."
    )


__all__ = ["SHOWN", "returned_text", "status_text"]
