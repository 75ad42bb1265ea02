"""The Dirección de Estrategia Regional (DER) reviews fichas: inbox, review, per-field
comments, return with comments, approval and the differences between versions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.http.deps import ServicesDep, require
from api.http.schemas import DB_INT_MAX
from api.http.schemas.fichas import (
    ApproveIn,
    ChangeOut,
    CommentIn,
    CommentOut,
    CommentResultOut,
    DiffOut,
    FichaListOut,
    FichaResultOut,
    FichaSummaryOut,
    ReturnIn,
    ReviewOut,
    ValidationOut,
    VersionOut,
)
from assistant.access.users import User

router = APIRouter(prefix="/api/v1/der", tags=["der"])

FichaId = Annotated[str, Path(max_length=64, description="Id de la ficha (F-…).")]
Reviewer = Annotated[User, require("der")]


@router.get("/bandeja", response_model=FichaListOut, summary="Fichas por revisar")
def inbox(user: Reviewer, services: ServicesDep) -> FichaListOut:
    """Fichas sent to DER and not yet decided, oldest first."""
    fichas = services.ficha_catalog.inbox(user.ficha_actor())
    return FichaListOut(fichas=[FichaSummaryOut.of(f) for f in fichas])


@router.post(
    "/fichas/{ficha_id}/revision", response_model=ReviewOut, summary="Toma una ficha en revisión"
)
def start_review(ficha_id: FichaId, user: Reviewer, services: ServicesDep) -> ReviewOut:
    """``enviada`` → ``en_revision`` (idempotent); returns the version sent, its validation
    and the comments so far."""
    actor, catalog = user.ficha_actor(), services.ficha_catalog
    stored = services.ficha_review.start_review(actor, ficha_id)
    version = catalog.version(actor, stored.id, stored.current_version)
    return ReviewOut(
        resumen=FichaSummaryOut.of(stored),
        version=VersionOut.of(version),
        validacion=ValidationOut.of(services.duplicate_disclosure.validate(actor, version.ficha)),
        comentarios=[
            CommentOut.of(c) for c in catalog.comments(actor, stored.id, version=version.number)
        ],
    )


@router.post(
    "/fichas/{ficha_id}/comentarios",
    response_model=CommentResultOut,
    status_code=201,
    summary="Comenta la ficha en revisión (por campo)",
)
def comment(
    ficha_id: FichaId, body: CommentIn, user: Reviewer, services: ServicesDep
) -> CommentResultOut:
    """A comment on the version under review, about one field (``campo``) or the whole ficha."""
    added = services.ficha_review.comment(
        user.ficha_actor(), ficha_id, body.texto, field=body.campo
    )
    return CommentResultOut(comentario=CommentOut.of(added))


@router.post(
    "/fichas/{ficha_id}/devolucion",
    response_model=FichaResultOut,
    summary="Devuelve la ficha a la dependencia",
)
def return_to_unit(
    ficha_id: FichaId, body: ReturnIn, user: Reviewer, services: ServicesDep
) -> FichaResultOut:
    """Return it with the reason and per-field comments; the unit is notified."""
    stored = services.ficha_review.return_to_unit(
        user.ficha_actor(),
        ficha_id,
        reason=body.motivo,
        comments=[(c.campo, c.texto) for c in body.comentarios],
    )
    return FichaResultOut(resumen=FichaSummaryOut.of(stored))


@router.post(
    "/fichas/{ficha_id}/aprobacion", response_model=FichaResultOut, summary="Aprueba la ficha"
)
def approve(
    ficha_id: FichaId, body: ApproveIn, user: Reviewer, services: ServicesDep
) -> FichaResultOut:
    """Approved: ready for Etapa 2 (diseño); the unit is notified."""
    stored = services.ficha_review.approve(user.ficha_actor(), ficha_id, reason=body.motivo)
    return FichaResultOut(resumen=FichaSummaryOut.of(stored))


@router.get(
    "/fichas/{ficha_id}/diferencias",
    response_model=DiffOut,
    summary="Diferencias entre dos versiones",
)
def diff(
    ficha_id: FichaId,
    user: Reviewer,
    services: ServicesDep,
    desde: Annotated[int, Query(ge=1, le=DB_INT_MAX, description="Versión de partida.")],
    hasta: Annotated[
        int | None,
        Query(ge=1, le=DB_INT_MAX, description="Versión de llegada (por defecto, el borrador)."),
    ] = None,
) -> DiffOut:
    """Field by field, what changed from version ``desde`` to ``hasta`` (or the draft)."""
    changes = services.ficha_catalog.diff(user.ficha_actor(), ficha_id, desde, hasta)
    return DiffOut(
        ficha_id=ficha_id, desde=desde, hasta=hasta, cambios=[ChangeOut.of(c) for c in changes]
    )
