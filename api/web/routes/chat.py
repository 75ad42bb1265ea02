"""The chat: policy questions with citations, feedback, and the guided ficha intake."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from api.http.deps import ServicesDep
from api.web.auth import CsrfChecked, WebUser
from api.web.pages import WebError, is_htmx, number_in, page
from assistant.access.users import User
from assistant.chat.router import ChatReply
from assistant.errors import USER_ERRORS, user_message
from assistant.usage.feedback import Feedback
from assistant.wiring import Services
from intake.conversation.texts import summary_text

router = APIRouter(include_in_schema=False)

MAX_MESSAGE = 2000
SEND_WORD = "enviar"
SUMMARY_MARK = "Resumen de la ficha"
ROUTE_LABELS = {
    "faq": "Pregunta frecuente",
    "glosario": "Glosario",
    "politica": "Texto de la política",
    "ninguna": "Sin respuesta en la política",
}
THANKS = "Gracias: registramos tu valoración de la respuesta."
_OPTION = re.compile(r"^\s+(\d+)\. (.+)$")


@dataclass
class ChatTurn:
    """One exchange as the page shows it."""

    message: str
    reply: ChatReply | None = None
    log_id: int | None = None
    error: str | None = None
    options: list[tuple[str, str]] = field(default_factory=list)
    can_send: bool = False
    summary: str | None = None

    @property
    def route_label(self) -> str:
        """Spanish name of the answer's route."""
        answer = self.reply.answer if self.reply else None
        return ROUTE_LABELS.get(answer.route, "") if answer else ""


def options_in(text: str) -> list[tuple[str, str]]:
    """(number, label) of the numbered options the intake offers in ``text``."""
    if "Opciones" not in text:
        return []
    return [(m.group(1), m.group(2)) for m in map(_OPTION.match, text.splitlines()) if m]


def _turn(services: Services, user: User, message: str, conversation: str | None) -> ChatTurn:
    actor = user.ficha_actor()
    try:
        reply = services.conversation_router.handle(
            message, actor=actor, conversation_id=conversation, channel="web"
        )
    except USER_ERRORS as exc:
        return ChatTurn(message, error=user_message(exc))
    turn = ChatTurn(message, reply)
    if reply.answer is not None:
        logged = services.question_log.latest(conversation_id=reply.conversation_id)
        turn.log_id = logged.log_id if logged is not None else None
    elif reply.intake is not None:
        turn.options = options_in(reply.text)
        turn.can_send = f"«{SEND_WORD}»" in reply.text
        if reply.intake.active and reply.intake.ficha_id and SUMMARY_MARK not in reply.text:
            stored = services.ficha_catalog.get(actor, reply.intake.ficha_id)
            turn.summary = summary_text(stored.draft, services.rules_engine.config)
    return turn


@router.get("/chat")
def chat_page(request: Request, user: WebUser, services: ServicesDep) -> Response:
    """The chat page (with a reminder of a paused ficha)."""
    greeting = services.conversation_router.greeting(user.ficha_actor())
    return page(request, "chat.html", turns=[], greeting=greeting, typed="")


@router.post("/chat", dependencies=[CsrfChecked])
def chat_message(
    request: Request, user: WebUser, services: ServicesDep, mensaje: Annotated[str, Form()] = ""
) -> Response:
    """One message: the reply as a fragment (htmx) or the chat page with the exchange."""
    message = mensaje.strip()
    if not message or len(message) > MAX_MESSAGE:
        error = (
            "Escribe un mensaje antes de enviarlo."
            if not message
            else f"El mensaje es demasiado largo (máximo {MAX_MESSAGE} caracteres)."
        )
        turn = ChatTurn(mensaje, error=error)
    else:
        turn = _turn(services, user, message, request.session.get("conversacion"))
    if turn.reply is not None:
        request.session["conversacion"] = turn.reply.conversation_id
        if turn.reply.answer is not None:
            answer = turn.reply.answer
            request.app.state.metrics.observe_answer(answer.route, answer.abstained)
    status = 200 if turn.error is None else 422
    if is_htmx(request):
        return page(request, "_turno.html", status, turn=turn)
    typed = mensaje if turn.error else ""
    return page(request, "chat.html", status, turns=[turn], greeting=None, typed=typed)


@router.post("/chat/valoracion", dependencies=[CsrfChecked])
def rate_answer(
    request: Request,
    user: WebUser,
    services: ServicesDep,
    registro: Annotated[str, Form()] = "",
    valor: Annotated[str, Form()] = "",
) -> Response:
    """Útil / no útil on an answer of this user (recorded like the CLI and Slack do)."""
    log_id = number_in(registro)
    if log_id is None or valor not in {f.value for f in Feedback}:
        raise WebError(422, "La valoración no es válida.")
    log = services.question_log
    try:
        logged = log.get(log_id)
    except USER_ERRORS as exc:
        raise WebError(404, user_message(exc)) from exc
    if logged.user_id != user.user_id:
        raise WebError(404, "No existe esa respuesta.")
    log.give_feedback(logged.log_id, Feedback(valor))
    if is_htmx(request):
        return page(request, "_gracias.html", valor=valor)
    return page(request, "chat.html", turns=[], greeting=THANKS, typed="")
