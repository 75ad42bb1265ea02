"""FAQ admin for the communications team: list and search, edit with a safe preview,
review, approval, publishing, archiving, history and diffs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.http.deps import ServicesDep
from api.web.auth import CsrfChecked, requires
from api.web.pages import WebError, form_status, number_in, page, shown_as_page
from assistant.access.users import User
from assistant.errors import USER_ERRORS, user_message
from assistant.faq.errors import FaqValidationError, MatchingConflictError
from assistant.faq.revision import FaqContent
from assistant.faq.store import FaqRecord
from assistant.faq.vocabulary import Status
from assistant.wiring import Services
from knowledge import fold

router = APIRouter(include_in_schema=False)
Editor = requires("comunicaciones")
ACTIONS = {
    "enviar": "Enviada a revisión.",
    "aprobar": "Revisión aprobada; ya se puede publicar.",
    "publicar": "Publicada: el asistente ya la sirve.",
    "devolver": "Devuelta al editor.",
    "archivar": "Archivada: el asistente deja de servirla.",
}


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def content_from_form(form: dict[str, str]) -> FaqContent:
    """The entry content typed in the form (alternatives and sections one per line)."""
    return FaqContent(
        question=form.get("pregunta", ""),
        answer=form.get("respuesta", ""),
        alternatives=_lines(form.get("alternativas", "")),
        sections=_lines(form.get("secciones", "")),
        tags=tuple(t.strip() for t in form.get("etiquetas", "").split(",") if t.strip()),
    )


def form_of(content: FaqContent) -> dict[str, str]:
    """The form fields showing ``content``."""
    return {
        "pregunta": content.question,
        "respuesta": content.answer,
        "alternativas": "\n".join(content.alternatives),
        "secciones": "\n".join(content.sections),
        "etiquetas": ", ".join(content.tags),
    }


def _matches(record: FaqRecord, query: str) -> bool:
    folded = fold(query)
    c = record.content
    haystack = " ".join([record.entry_id, c.question, *c.alternatives, *c.tags, c.answer])
    return folded in fold(haystack)


@router.get("/faq")
def list_entries(
    request: Request,
    services: ServicesDep,
    q: str = "",
    estado: str = "",
    user: User = Editor,
) -> Response:
    """Every entry, filtered by status and a search over its text."""
    status = Status(estado) if estado in {s.value for s in Status} else None
    records = services.faq_bank.store.records(status=status)
    if q.strip():
        records = [r for r in records if _matches(r, q.strip())]
    return page(
        request, "faq_lista.html", entradas=records, q=q, estado=estado, estados=list(Status)
    )


def _form_page(
    request: Request,
    *,
    entry: FaqRecord | None,
    form: dict[str, str],
    status: int = 200,
    **extra: Any,
) -> Response:
    return page(request, "faq_form.html", status, entrada=entry, form=form, **extra)


async def _typed(request: Request) -> dict[str, str]:
    data = await request.form()
    return {k: v for k, v in data.items() if isinstance(v, str)}


@router.get("/faq/nueva")
def new_entry(request: Request, user: User = Editor) -> Response:
    """An empty form for a new entry."""
    return _form_page(request, entry=None, form={})


@router.post("/faq/vista-previa", dependencies=[CsrfChecked])
def preview(
    request: Request, respuesta: Annotated[str, Form()] = "", user: User = Editor
) -> Response:
    """The answer's Markdown rendered safely (htmx, while typing)."""
    return page(request, "_vista_previa.html", respuesta=respuesta)


def _save(
    services: Services, user: User, form: dict[str, str], entry: FaqRecord | None
) -> FaqRecord:
    bank, actor, content = services.faq_bank, user.faq_actor(), content_from_form(form)
    note = form.get("nota", "").strip() or None
    if entry is None:
        return bank.create(content, actor, entry_id=form.get("id", "").strip() or None, note=note)
    return bank.edit(
        entry.entry_id,
        content,
        actor,
        base_revision=number_in(form.get("base", "")),
        note=note,
    )


async def _submit_form(
    request: Request, services: Services, user: User, entry: FaqRecord | None
) -> Response:
    form = await _typed(request)
    if form.get("accion") == "vista_previa":
        return _form_page(request, entry=entry, form=form, vista=True)
    try:
        saved = _save(services, user, form, entry)
    except FaqValidationError as exc:
        problems = exc.details() or [exc.message]
        return _form_page(request, entry=entry, form=form, status=422, errores=problems)
    except USER_ERRORS as exc:
        return _form_page(
            request, entry=entry, form=form, status=form_status(exc), errores=[user_message(exc)]
        )
    request.session["aviso"] = f"Revisión {saved.head_revision} guardada como borrador."
    return RedirectResponse(f"/faq/{saved.entry_id}", status_code=303)


@router.post("/faq/nueva", dependencies=[CsrfChecked])
async def create_entry(request: Request, services: ServicesDep, user: User = Editor) -> Response:
    """Create a draft (or show the preview and keep the form)."""
    return await _submit_form(request, services, user, None)


def _record(services: Services, entry_id: str) -> FaqRecord:
    with shown_as_page():
        return services.faq_bank.store.get(entry_id)


@router.get("/faq/{entry_id}/editar")
def edit_form(
    request: Request, entry_id: str, services: ServicesDep, user: User = Editor
) -> Response:
    """The entry's latest revision in the form."""
    entry = _record(services, entry_id)
    form = form_of(entry.content) | {"base": str(entry.head_revision)}
    return _form_page(request, entry=entry, form=form)


@router.post("/faq/{entry_id}/editar", dependencies=[CsrfChecked])
async def edit_entry(
    request: Request, entry_id: str, services: ServicesDep, user: User = Editor
) -> Response:
    """Save a new revision (back to draft)."""
    return await _submit_form(request, services, user, _record(services, entry_id))


def _detail(
    request: Request, services: Services, entry_id: str, status: int = 200, **extra: Any
) -> Response:
    bank = services.faq_bank
    entry = _record(services, entry_id)
    revisions = bank.store.revisions(entry_id)
    de, a = request.query_params.get("de", ""), request.query_params.get("a", "")
    diff = None
    old, new = number_in(de), number_in(a)
    if old is not None and new is not None:
        with shown_as_page():
            diff = bank.diff(entry_id, old, new)
    return page(
        request,
        "faq_entrada.html",
        status,
        entrada=entry,
        revisiones=revisions,
        eventos=bank.store.events(entry_id),
        diff=diff,
        de=de,
        a=a,
        **extra,
    )


@router.get("/faq/{entry_id}")
def show_entry(
    request: Request, entry_id: str, services: ServicesDep, user: User = Editor
) -> Response:
    """The entry: content (rendered), actions, revisions, events and a diff."""
    return _detail(request, services, entry_id)


@router.post("/faq/{entry_id}/accion", dependencies=[CsrfChecked])
def act_on_entry(
    request: Request,
    entry_id: str,
    services: ServicesDep,
    accion: Annotated[str, Form()] = "",
    motivo: Annotated[str, Form()] = "",
    user: User = Editor,
) -> Response:
    """Send to review, approve, publish, send back or archive."""
    if accion not in ACTIONS:
        raise WebError(422, "Acción desconocida.")
    bank, actor, reason = services.faq_bank, user.faq_actor(), motivo.strip() or None
    try:
        if accion == "enviar":
            bank.submit(entry_id, actor)
        elif accion == "aprobar":
            bank.approve(entry_id, actor)
        elif accion == "publicar":
            bank.publish(entry_id, actor, override_reason=reason)
        elif accion == "devolver":
            bank.send_back(entry_id, actor, reason)
        else:
            bank.archive(entry_id, actor, reason)
    except MatchingConflictError as exc:
        conflicts = exc.details()
        return _detail(
            request, services, entry_id, 409, error=exc.message, conflictos=conflicts, motivo=motivo
        )
    except USER_ERRORS as exc:
        return _detail(
            request, services, entry_id, form_status(exc), error=user_message(exc), motivo=motivo
        )
    request.session["aviso"] = ACTIONS[accion]
    return RedirectResponse(f"/faq/{entry_id}", status_code=303)
