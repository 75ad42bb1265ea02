"""The FAQ bank for the communications team: entries, revisions, the editorial workflow, the
unresolved-questions queue and the usage report. Published entries are readable by anyone."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.http.deps import CurrentUser, ServicesDep, require
from api.http.schemas import DB_INT_MAX
from api.http.schemas.faq import (
    EventOut,
    FaqDetailOut,
    FaqDiffOut,
    FaqEditIn,
    FaqIn,
    FaqListOut,
    FaqOut,
    FaqResultOut,
    GroupDraftIn,
    PublishedListOut,
    PublishedOut,
    PublishIn,
    ReasonIn,
    ReportOut,
    RestoreIn,
    RevisionOut,
    UnresolvedGroupOut,
    UnresolvedListOut,
)
from assistant.access.users import User
from assistant.faq.revision import FaqContent
from assistant.faq.store import FaqRecord
from assistant.faq.usage_report import build_report
from assistant.faq.vocabulary import Status
from knowledge import fold

router = APIRouter(prefix="/api/v1/faq", tags=["faq"])

FaqId = Annotated[str, Path(max_length=64, description="Id de la entrada (p. ej. faq-012).")]
Search = Annotated[
    str | None, Query(max_length=200, description="Palabras que deben aparecer (sin tildes).")
]
Editor = Annotated[User, require("comunicaciones")]


def _matches(query: str | None, content: FaqContent) -> bool:
    if not query:
        return True
    haystack = fold(
        " ".join([content.question, *content.alternatives, content.answer, *content.tags])
    )
    return all(word in haystack for word in fold(query).split())


def _result(record: FaqRecord, conflicts: Iterable[str] = ()) -> FaqResultOut:
    return FaqResultOut(entrada=FaqOut.of(record), conflictos=list(conflicts))


@router.get(
    "/publicadas", response_model=PublishedListOut, summary="Preguntas frecuentes publicadas"
)
def published(user: CurrentUser, services: ServicesDep, q: Search = None) -> PublishedListOut:
    """The entries being served (any authenticated user), optionally searched."""
    entries = [e for e in services.faq_bank.entries() if _matches(q, FaqContent.from_entry(e))]
    return PublishedListOut(total=len(entries), entradas=[PublishedOut.of(e) for e in entries])


@router.get("", response_model=FaqListOut, summary="Entradas del banco de FAQ")
def list_entries(
    user: Editor,
    services: ServicesDep,
    q: Search = None,
    estado: Annotated[Status | None, Query(description="Solo este estado.")] = None,
    etiqueta: Annotated[str | None, Query(max_length=100)] = None,
    por_revisar: Annotated[
        bool | None, Query(description="Solo las marcadas porque su sección cambió.")
    ] = None,
) -> FaqListOut:
    """Every entry with its latest revision, by id; filtered and searched."""
    records = services.faq_bank.store.records(status=estado, needs_review=por_revisar, tag=etiqueta)
    found = [FaqOut.of(r) for r in records if _matches(q, r.content)]
    return FaqListOut(total=len(found), entradas=found)


@router.post("", response_model=FaqResultOut, status_code=201, summary="Crea un borrador")
def create(body: FaqIn, user: Editor, services: ServicesDep) -> FaqResultOut:
    """A new draft (its sections must exist in the policy index)."""
    record = services.faq_bank.create(
        body.content(), user.faq_actor(), entry_id=body.id, note=body.nota
    )
    return _result(record)


@router.get("/sin-resolver", response_model=UnresolvedListOut, summary="Preguntas sin resolver")
def unresolved(user: Editor, services: ServicesDep) -> UnresolvedListOut:
    """Abstentions and not-useful answers, grouped by similarity, most recent first."""
    groups = services.unresolved_questions.groups()
    return UnresolvedListOut(grupos=[UnresolvedGroupOut.of(g) for g in groups])


@router.post(
    "/sin-resolver/{grupo}/borrador",
    response_model=FaqResultOut,
    status_code=201,
    summary="Crea un borrador desde un grupo sin resolver",
)
def draft_from_group(
    grupo: Annotated[int, Path(ge=0, le=DB_INT_MAX, description="Id del grupo.")],
    body: GroupDraftIn,
    user: Editor,
    services: ServicesDep,
) -> FaqResultOut:
    """A draft with the group's question and phrasings; the group leaves the queue."""
    record = services.unresolved_questions.draft(
        grupo,
        services.faq_bank,
        user.faq_actor(),
        answer=body.respuesta,
        sections=tuple(body.secciones),
        tags=tuple(body.etiquetas),
    )
    return _result(record)


@router.get("/informe", response_model=ReportOut, summary="Informe de uso")
def report(
    user: Editor,
    services: ServicesDep,
    top: Annotated[int, Query(ge=1, le=100, description="Filas de las listas.")] = 10,
) -> ReportOut:
    """Questions, FAQ answers and abstentions per ISO week, most asked, most unresolved."""
    built = build_report(
        services.question_log.between(), services.unresolved_questions.groups(), top=top
    )
    return ReportOut.of(built)


@router.get("/{faq_id}", response_model=FaqDetailOut, summary="Una entrada con su historial")
def get(faq_id: FaqId, user: Editor, services: ServicesDep) -> FaqDetailOut:
    """The entry, every revision and every event (creation, edits, transitions)."""
    store = services.faq_bank.store
    return FaqDetailOut(
        entrada=FaqOut.of(store.get(faq_id)),
        revisiones=[RevisionOut.of(r) for r in store.revisions(faq_id)],
        eventos=[EventOut.of(e) for e in store.events(faq_id)],
    )


@router.put("/{faq_id}", response_model=FaqResultOut, summary="Edita una entrada")
def edit(faq_id: FaqId, body: FaqEditIn, user: Editor, services: ServicesDep) -> FaqResultOut:
    """A new revision, back to draft (a published revision keeps being served)."""
    bank = services.faq_bank
    content = body.content(bank.store.get(faq_id).content)
    record = bank.edit(
        faq_id, content, user.faq_actor(), base_revision=body.revision_base, note=body.nota
    )
    return _result(record)


@router.post("/{faq_id}/enviar-revision", response_model=FaqResultOut, summary="Envía a revisión")
def submit(faq_id: FaqId, user: Editor, services: ServicesDep) -> FaqResultOut:
    """``borrador`` → ``en_revision`` (the answer must be written)."""
    return _result(services.faq_bank.submit(faq_id, user.faq_actor()))


@router.post("/{faq_id}/devolver", response_model=FaqResultOut, summary="Devuelve al editor")
def send_back(faq_id: FaqId, body: ReasonIn, user: Editor, services: ServicesDep) -> FaqResultOut:
    """``en_revision`` → ``borrador``, with the reason."""
    return _result(services.faq_bank.send_back(faq_id, user.faq_actor(), body.motivo))


@router.post("/{faq_id}/aprobar", response_model=FaqResultOut, summary="Aprueba la revisión")
def approve(faq_id: FaqId, user: Editor, services: ServicesDep) -> FaqResultOut:
    """Approve the revision under review (someone other than its author); lists the routing
    conflicts that publishing it would create."""
    bank = services.faq_bank
    record = bank.approve(faq_id, user.faq_actor())
    preview = bank.preview(faq_id)
    return _result(record, [c.describe() for c in preview.blocking] if preview else [])


@router.post("/{faq_id}/publicar", response_model=FaqResultOut, summary="Publica la entrada")
def publish(faq_id: FaqId, body: PublishIn, user: Editor, services: ServicesDep) -> FaqResultOut:
    """Serve the approved revision from the next question on; 409 with the conflicts when
    it would break FAQ routing (unless ``ignorar_conflictos`` gives a reason)."""
    outcome = services.faq_bank.publish(
        faq_id, user.faq_actor(), override_reason=body.ignorar_conflictos
    )
    ignored = outcome.report.blocking if outcome.override_reason and outcome.report else []
    return _result(outcome.record, [c.describe() for c in ignored])


@router.post("/{faq_id}/archivar", response_model=FaqResultOut, summary="Archiva la entrada")
def archive(faq_id: FaqId, body: ReasonIn, user: Editor, services: ServicesDep) -> FaqResultOut:
    """Stop serving it; it stays, with its history, as archived."""
    return _result(services.faq_bank.archive(faq_id, user.faq_actor(), body.motivo))


@router.post(
    "/{faq_id}/restaurar", response_model=FaqResultOut, summary="Restaura una revisión anterior"
)
def restore(faq_id: FaqId, body: RestoreIn, user: Editor, services: ServicesDep) -> FaqResultOut:
    """A new draft revision with the content of an earlier one."""
    return _result(services.faq_bank.restore(faq_id, body.revision, user.faq_actor()))


@router.get(
    "/{faq_id}/diferencias", response_model=FaqDiffOut, summary="Diferencias entre revisiones"
)
def diff(
    faq_id: FaqId,
    user: Editor,
    services: ServicesDep,
    desde: Annotated[int, Query(ge=0, le=DB_INT_MAX, description="Revisión de partida.")],
    hasta: Annotated[int, Query(ge=0, le=DB_INT_MAX, description="Revisión de llegada.")],
) -> FaqDiffOut:
    """Unified diff, field by field (empty when both say the same)."""
    lines = services.faq_bank.diff(faq_id, desde, hasta)
    return FaqDiffOut(id=faq_id, desde=desde, hasta=hasta, diferencias=lines)
