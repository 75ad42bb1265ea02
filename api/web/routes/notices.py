"""Notices: the header's unread count and the page of a person's notices (read/unread)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from api.http.deps import ServicesDep
from api.web.auth import CsrfChecked, WebUser
from api.web.pages import WebError, number_in, page
from assistant.access.users import User
from assistant.notices.board import PersonalNotice

router = APIRouter(include_in_schema=False)

EVENT_LABELS = {
    "ficha_enviada": "Ficha para revisar",
    "ficha_devuelta": "Ficha devuelta",
    "ficha_aprobada": "Ficha aprobada",
    "ficha_archivada": "Ficha archivada",
    "faq_en_revision": "Pregunta frecuente para revisar",
    "faq_por_revisar": "Pregunta frecuente por revisar",
}
"""What kind of notice it is, in Spanish (the outbox's event names are not for people)."""
NOT_FOUND = "No existe ese aviso, o no es para usted."


def notice_link(notice: PersonalNotice, user: User) -> str:
    """Where the notice takes the person: the ficha (DER's review page for DER), the FAQ."""
    if notice.faq_id:
        return f"/faq/{notice.faq_id}"
    if notice.ficha_id:
        to_review = notice.event == "ficha_enviada" and user.has("der")
        return f"/der/{notice.ficha_id}" if to_review else f"/fichas/{notice.ficha_id}"
    return "/avisos"


@router.get("/avisos")
def notices_page(request: Request, user: WebUser, services: ServicesDep) -> Response:
    """The person's latest notices, unread first marked."""
    notices = services.notice_board.notices(user)
    return page(
        request,
        "avisos.html",
        avisos=[(n, EVENT_LABELS.get(n.event, "Aviso"), notice_link(n, user)) for n in notices],
        sin_leer=sum(not n.read for n in notices),
    )


@router.get("/avisos/{notice_id}")
def open_notice(notice_id: str, user: WebUser, services: ServicesDep) -> Response:
    """Mark the notice read and go to what it is about."""
    number = number_in(notice_id)
    notice = services.notice_board.get(user, number) if number is not None else None
    if notice is None:
        raise WebError(404, NOT_FOUND)
    services.notice_board.mark_read(user, [notice.notice_id])
    return RedirectResponse(notice_link(notice, user), status_code=303)


@router.post("/avisos/leidos", dependencies=[CsrfChecked])
def mark_all_read(request: Request, user: WebUser, services: ServicesDep) -> Response:
    """Mark every shown notice read."""
    board = services.notice_board
    board.mark_read(user, [n.notice_id for n in board.notices(user)])
    request.session["aviso"] = "Marcamos todos sus avisos como leídos."
    return RedirectResponse("/avisos", status_code=303)
