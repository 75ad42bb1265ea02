"""The communications team's queues: unresolved questions ("crear borrador") and the usage
report with simple charts (CSS bars, no JavaScript)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from api.http.deps import ServicesDep
from api.web.auth import CsrfChecked, requires
from api.web.pages import page, shown_as_page
from assistant.access.users import User
from assistant.faq.usage_report import build_report
from assistant.faq.vocabulary import Status

router = APIRouter(include_in_schema=False)
WEEKS_SHOWN = 52
"""The chart shows the last year; the CSV of `asistente faq informe` has every week."""
Editor = requires("comunicaciones")


@router.get("/faq/pendientes")
def pending(request: Request, services: ServicesDep, user: User = Editor) -> Response:
    """Entries waiting for review and the unresolved questions, grouped."""
    return page(
        request,
        "faq_pendientes.html",
        en_revision=services.faq_bank.store.records(status=Status.EN_REVISION),
        grupos=services.unresolved_questions.groups(),
    )


@router.post("/faq/pendientes/{group}", dependencies=[CsrfChecked])
def draft_from_group(
    request: Request, group: int, services: ServicesDep, user: User = Editor
) -> Response:
    """A FAQ draft from an unresolved group (its phrasings pre-filled), then its editor."""
    with shown_as_page():
        record = services.unresolved_questions.draft(group, services.faq_bank, user.faq_actor())
    request.session["aviso"] = (
        f"Borrador {record.entry_id} creado desde las preguntas sin resolver: escriba la respuesta."
    )
    return RedirectResponse(f"/faq/{record.entry_id}/editar", status_code=303)


@router.get("/faq/informe")
def usage_report(request: Request, services: ServicesDep, user: User = Editor) -> Response:
    """Questions per week, FAQ hit rate, abstentions, most asked and most unresolved."""
    report = build_report(
        services.question_log.between(), services.unresolved_questions.groups(), top=10
    )
    weeks = report.weeks[-WEEKS_SHOWN:]
    busiest = max((w.questions for w in weeks), default=0)
    return page(request, "faq_informe.html", informe=report, semanas=weeks, mayor=busiest)
