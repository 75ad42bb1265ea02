"""The chat: policy questions with citations, feedback, and the guided ficha intake."""

from __future__ import annotations

from dataclasses import dataclass
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

router = APIRouter(include_in_schema=False)

MAX_MESSAGE = 2000
ROUTE_LABELS = {
    "faq": "Pregunta frecuente",
    "glosario": "Glosario",
    "politica": "Texto de la política",
    "ninguna": "Sin respuesta en la política",
}
THANKS = "Gracias: registramos su valoración de la respuesta."


@dataclass
class ChatTurn:
    """One exchange as the page shows it (the reply's data is rendered by the templates)."""

    message: str
    reply: ChatReply | None = None
    error: str | None = None

    @property
    def route_label(self) -> str:
        """Spanish name of the answer's route."""
        answer = self.reply.answer if self.reply else None
        return ROUTE_LABELS.get(answer.route, "") if answer else ""


def _turn(services: Services, user: User, message: str, conversation: str | None) -> ChatTurn:
    try:
        reply = services.conversation_router.handle(
            message, actor=user.ficha_actor(), conversation_id=conversation, channel="web"
        )
    except USER_ERRORS as exc:
        return ChatTurn(message, error=user_message(exc))
    return ChatTurn(message, reply)


@router.get("/chat")
def chat_page(request: Request, user: WebUser, services: ServicesDep) -> Response:
    """The chat page (with a reminder of a paused ficha)."""
    notice = services.conversation_router.greeting(user.ficha_actor())
    return page(request, "chat.html", turns=[], greeting=notice.text if notice else None, typed="")


@router.post("/chat", dependencies=[CsrfChecked])
def chat_message(
    request: Request, user: WebUser, services: ServicesDep, mensaje: Annotated[str, Form()] = ""
) -> Response:
    """One message: the reply as a fragment (htmx) or the chat page with the exchange."""
    message = mensaje.strip()
    if not message or len(message) > MAX_MESSAGE:
        error = (
            "Escriba un mensaje antes de enviarlo."
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
