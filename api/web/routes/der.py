"""DER's review: the queue, a ficha with its validation report, comments, return, approval."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.http.deps import ServicesDep
from api.web.auth import CsrfChecked, requires
from api.web.pages import WebError, form_status, page, shown_as_page
from api.web.review_sheet import review_sheet
from api.web.routes.fichas import ficha_context
from assistant.access.users import User
from assistant.errors import USER_ERRORS, user_message
from assistant.wiring import Services
from intake import FIELDS

router = APIRouter(include_in_schema=False)
Reviewer = requires("der")
DONE = {
    "comentar": "Comentario agregado.",
    "devolver": "Ficha devuelta a la dependencia; se le notificará.",
    "aprobar": "Ficha aprobada: pasa a la Etapa 2 (diseño). Se notificará a la dependencia.",
}
FIELD_CHOICES = [(field_id, spec.full_label) for field_id, spec in FIELDS.items()]


@router.get("/der")
def inbox(request: Request, services: ServicesDep, user: User = Reviewer) -> Response:
    """Fichas sent to DER and not yet decided, oldest first."""
    with shown_as_page():
        fichas = services.ficha_catalog.inbox(user.ficha_actor())
    return page(request, "der.html", fichas=fichas)


def _review_context(
    services: Services, user: User, ficha_id: str, de: str = "", a: str = ""
) -> dict[str, Any]:
    actor, catalog, engine = user.ficha_actor(), services.ficha_catalog, services.rules_engine
    with shown_as_page():
        context = ficha_context(services, user, ficha_id, de, a)
        stored = context["ficha"]
        sent = (
            catalog.version(actor, stored.id, stored.current_version)
            if stored.current_version
            else None
        )
        ficha = sent.ficha if sent else stored.draft
        report = engine.validate(ficha)
        previous = sent.number - 1 if sent and sent.number > 1 else None
        changes = catalog.diff(actor, stored.id, previous, sent.number) if sent and previous else []
        this_round = catalog.comments(actor, stored.id, version=sent.number) if sent else []
    sheet = review_sheet(
        ficha,
        engine.config,
        report,
        acknowledged=sent.acknowledged if sent else (),
        reasons=sent.reasons if sent else None,
        comments=this_round,
        changes=changes,
        previous=previous,
    )
    return context | {
        "enviada": sent,
        "hoja": sheet,
        "validacion_resumen": report.summary,
        "campos": FIELD_CHOICES,
        "pendiente": stored.status.awaiting_der,
        "propia": stored.owner_id == user.user_id,
        "escrito": {},
    }


@router.get("/der/{ficha_id}")
def review_page(
    request: Request,
    ficha_id: str,
    services: ServicesDep,
    de: str = "",
    a: str = "",
    user: User = Reviewer,
) -> Response:
    """A ficha under review: the sent version, its validation report and the decisions."""
    return page(request, "der_ficha.html", **_review_context(services, user, ficha_id, de, a))


@router.post("/der/{ficha_id}", dependencies=[CsrfChecked])
def decide(
    request: Request,
    ficha_id: str,
    services: ServicesDep,
    accion: Annotated[str, Form()] = "",
    texto: Annotated[str, Form()] = "",
    campo: Annotated[str, Form()] = "",
    user: User = Reviewer,
) -> Response:
    """Comment, return or approve; on error the page shows it and keeps what was typed."""
    actor, review = user.ficha_actor(), services.ficha_review
    field = campo or None
    try:
        if accion == "comentar":
            review.comment(actor, ficha_id, texto, field=field)
        elif accion == "devolver":
            comments = [(field, texto)] if field else []
            review.return_to_unit(actor, ficha_id, reason=texto, comments=comments)
        elif accion == "aprobar":
            if field and texto.strip():
                review.comment(actor, ficha_id, texto, field=field)
            review.approve(actor, ficha_id, reason=texto or None)
        else:
            raise WebError(422, "Elija una acción: comentar, devolver o aprobar.")
    except USER_ERRORS as exc:
        context = _review_context(services, user, ficha_id)
        context["error"] = user_message(exc)
        context["escrito"] = {"texto": texto, "campo": campo}
        return page(request, "der_ficha.html", form_status(exc), **context)
    notice = DONE[accion]
    request.session["aviso"] = notice
    # after a field's comment, back to that field (the reviewer goes on from there)
    anchor = f"#campo-{field.replace('.', '-')}" if accion == "comentar" and field else ""
    return RedirectResponse(f"/der/{ficha_id}{anchor}", status_code=303)
