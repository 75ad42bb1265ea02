"""Fichas de pre-diseño: the guided intake as a conversation, drafts, validation, submission
to DER, history and the DOCX document. A unit sees only its own fichas (the domain decides);
DER and administrators read every ficha."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api.http.deps import ServicesDep, own_conversation, require
from api.http.schemas import DB_INT_MAX
from api.http.schemas.fichas import (
    ChoiceOut,
    CommentOut,
    ConversationIn,
    ConversationOut,
    DraftIn,
    DraftUpdateIn,
    FichaCheckIn,
    FichaListOut,
    FichaOut,
    FichaSummaryOut,
    FindingOut,
    HistoryOut,
    NoticeOut,
    PartOut,
    QuestionOut,
    SubmitIn,
    SubmitOut,
    TransitionOut,
    ValidationOut,
    VersionOut,
)
from assistant.access.users import User
from assistant.fichas.documents import DOCX_MEDIA_TYPE
from intake import FichaStatus

router = APIRouter(prefix="/api/v1/fichas", tags=["fichas"])

DOCX = DOCX_MEDIA_TYPE
FichaId = Annotated[str, Path(max_length=64, description="Id de la ficha (F-…).")]
Unit = Annotated[User, require("unidad_tecnica")]
Reader = Annotated[User, require("unidad_tecnica", "der")]


@router.post(
    "/conversacion",
    response_model=ConversationOut,
    summary="Un turno del registro guiado de la ficha",
)
def conversation(body: ConversationIn, user: Unit, services: ServicesDep) -> ConversationOut:
    """Send one message of the guided intake; the session lives in the database (any worker
    continues it). Without an open session the message starts a ficha (or resumes the one
    in progress; «continuar la ficha F-…» opens that one)."""
    if body.sesion_id is not None:
        own_conversation(services, user, body.sesion_id, new_ok=True, writing=True)
    actor = user.ficha_actor()
    session_id = body.sesion_id or uuid.uuid4().hex
    chat = services.conversation_router.handle(
        body.mensaje, actor=actor, conversation_id=session_id, channel="api", intake_only=True
    )
    reply = chat.intake
    assert reply is not None  # intake_only: the intake always answers
    draft, findings = None, []
    if reply.ficha_id is not None:
        stored = services.ficha_catalog.get(actor, reply.ficha_id)
        draft = FichaSummaryOut.of(stored)
        findings = FindingOut.disclosed(services.duplicate_disclosure.validate(actor, stored.draft))
    return ConversationOut(
        sesion_id=session_id,
        respuesta=reply.text,
        partes=[PartOut(tipo=p.kind.value, texto=p.text) for p in reply.view.parts],
        avisos=[NoticeOut(tipo=n.kind.value, texto=n.text) for n in reply.notices],
        pregunta=QuestionOut.of(reply.question) if reply.question else None,
        opciones=[
            ChoiceOut(valor=c.value, etiqueta=c.label, tipo=c.role.value) for c in reply.choices
        ],
        activa=reply.active,
        ficha_id=reply.ficha_id,
        estado=reply.status.value if reply.status else None,
        version_enviada=reply.submitted_version,
        borrador=draft,
        hallazgos=findings,
        puede_enviarse=reply.can_send,
    )


@router.get("", response_model=FichaListOut, summary="Fichas de la dependencia (o todas, DER)")
def list_fichas(
    user: Reader,
    services: ServicesDep,
    estado: Annotated[list[FichaStatus] | None, Query(description="Solo estos estados.")] = None,
) -> FichaListOut:
    """A unit's fichas, newest change first; DER and administrators see every unit's."""
    actor = user.ficha_actor()
    fichas = services.ficha_catalog.list_fichas(
        actor, statuses=tuple(estado or ()), every_unit=actor.reviews
    )
    return FichaListOut(fichas=[FichaSummaryOut.of(f) for f in fichas])


@router.post("", response_model=FichaOut, status_code=201, summary="Crea un borrador de ficha")
def create(body: DraftIn, user: Unit, services: ServicesDep) -> FichaOut:
    """A new draft owned by the user's unit (optionally with initial content)."""
    stored = services.ficha_workflow.create(user.ficha_actor(), body.ficha)
    return _ficha_out(user, services, stored.id)


@router.post("/validacion", response_model=ValidationOut, summary="Valida una ficha sin guardarla")
def check(body: FichaCheckIn, user: Reader, services: ServicesDep) -> ValidationOut:
    """The findings of the DER rules for a ficha, each with its policy reference."""
    return ValidationOut.of(services.duplicate_disclosure.validate(user.ficha_actor(), body.ficha))


@router.get("/{ficha_id}", response_model=FichaOut, summary="Una ficha guardada")
def get(ficha_id: FichaId, user: Reader, services: ServicesDep) -> FichaOut:
    """The draft, its status and lock counter, and DER's comments."""
    return _ficha_out(user, services, ficha_id)


@router.put("/{ficha_id}", response_model=FichaOut, summary="Guarda el borrador de una ficha")
def update(ficha_id: FichaId, body: DraftUpdateIn, user: Unit, services: ServicesDep) -> FichaOut:
    """Replace the draft; 409 when someone saved since ``version_bloqueo`` was read."""
    services.ficha_workflow.save_draft(
        user.ficha_actor(), ficha_id, body.ficha, expected_lock=body.version_bloqueo
    )
    return _ficha_out(user, services, ficha_id)


@router.get(
    "/{ficha_id}/validacion", response_model=ValidationOut, summary="Valida el borrador guardado"
)
def validate(ficha_id: FichaId, user: Reader, services: ServicesDep) -> ValidationOut:
    """The findings of the stored draft (errors block sending; warnings must be accepted)."""
    actor = user.ficha_actor()
    stored = services.ficha_catalog.get(actor, ficha_id)
    return ValidationOut.of(services.duplicate_disclosure.validate(actor, stored.draft))


@router.post("/{ficha_id}/envio", response_model=SubmitOut, summary="Envía la ficha a la DER")
def submit(ficha_id: FichaId, body: SubmitIn, user: Unit, services: ServicesDep) -> SubmitOut:
    """A new immutable version for DER; 422 with the findings when errors or unaccepted
    warnings block it, 409 when the ficha is not editable or changed meanwhile."""
    version = services.ficha_workflow.submit(
        user.ficha_actor(),
        ficha_id,
        acknowledged=body.advertencias_aceptadas,
        expected_lock=body.version_bloqueo,
    )
    return SubmitOut(
        ficha_id=version.ficha_id,
        version=version.number,
        estado=FichaStatus.SUBMITTED.value,
        enviada_por=version.submitted_by,
        fecha=version.submitted_at,
    )


@router.get("/{ficha_id}/historial", response_model=HistoryOut, summary="Historial y versiones")
def history(ficha_id: FichaId, user: Reader, services: ServicesDep) -> HistoryOut:
    """Every status change (who, when, why), every version sent and DER's comments."""
    actor, catalog = user.ficha_actor(), services.ficha_catalog
    return HistoryOut(
        ficha_id=catalog.get(actor, ficha_id).id,
        transiciones=[TransitionOut.of(t) for t in catalog.history(actor, ficha_id)],
        versiones=[VersionOut.of(v) for v in catalog.versions(actor, ficha_id)],
        comentarios=[CommentOut.of(c) for c in catalog.comments(actor, ficha_id)],
    )


@router.get(
    "/{ficha_id}/documento",
    response_class=Response,
    summary="Documento DOCX de la ficha",
    responses={200: {"content": {DOCX: {}}, "description": "La ficha en Word."}},
)
def document(
    ficha_id: FichaId,
    user: Reader,
    services: ServicesDep,
    version: Annotated[
        int | None, Query(ge=1, le=DB_INT_MAX, description="Una versión enviada.")
    ] = None,
) -> Response:
    """The ficha (its draft, or a sent version) with its validation, as a Word document."""
    document = services.ficha_documents.docx(user.ficha_actor(), ficha_id, version)
    return Response(
        document.content,
        media_type=document.media_type,
        headers={"Content-Disposition": f'attachment; filename="{document.filename}"'},
    )


def _ficha_out(user: User, services: ServicesDep, ficha_id: str) -> FichaOut:
    actor, catalog = user.ficha_actor(), services.ficha_catalog
    stored = catalog.get(actor, ficha_id)
    return FichaOut(
        resumen=FichaSummaryOut.of(stored),
        ficha=stored.draft,
        puede_editarse=catalog.can_edit(actor, stored),
        comentarios=[CommentOut.of(c) for c in catalog.comments(actor, stored.id)],
    )
