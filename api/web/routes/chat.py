"""The chat: policy questions with citations, feedback, and the guided ficha intake."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.http.deps import ServicesDep
from api.web.auth import CsrfChecked, WebUser
from api.web.pages import WebError, is_htmx, number_in, page
from assistant.access.users import User
from assistant.answering.answer import Answer, Citation
from assistant.chat.history import INTAKE_ROUTE, StoredTurn
from assistant.chat.router import ChatReply
from assistant.errors import USER_ERRORS, user_message
from assistant.usage.feedback import Feedback
from assistant.wiring import Services

router = APIRouter(include_in_schema=False)

MAX_MESSAGE = 2000
THANKS = "Gracias: registramos su valoración de la respuesta."
NO_CONVERSATION = "No existe esa conversación o no es suya."
SESSION_KEY = "conversacion"


@dataclass
class ChatTurn:
    """One exchange as the page shows it (an answer is rendered by `api.rendering.html`)."""

    message: str
    reply: ChatReply | None = None
    error: str | None = None
    ficha_id: str | None = None
    """For a stored intake turn (shown again as text): the ficha it was about."""


def stored_turn(stored: StoredTurn, conversation_id: str) -> ChatTurn:
    """A turn of a reopened conversation, as the page shows it."""
    details = stored.details
    if stored.route == INTAKE_ROUTE:
        reply = ChatReply(stored.answer, "ficha", conversation_id)
        return ChatTurn(stored.question, reply, ficha_id=details.get("ficha_id"))
    answer = Answer.model_validate(
        {
            "text": stored.answer,
            "route": stored.route,
            "citations": [Citation.model_validate(c) for c in details.get("citations", [])],
            "abstained": bool(details.get("abstained")),
            "notice": details.get("notice"),
            "log_id": details.get("log_id"),
            "conversation_id": conversation_id,
        }
    )
    return ChatTurn(stored.question, ChatReply(answer.text, "respuesta", conversation_id, answer))


def transcript_turns(stored: list[StoredTurn], conversation_id: str) -> list[ChatTurn]:
    """The stored turns as the page shows them; a ficha's link only after its last turn."""
    turns = [stored_turn(t, conversation_id) for t in stored]
    for turn, after in zip(turns, turns[1:], strict=False):
        if after.ficha_id and after.ficha_id == turn.ficha_id:
            turn.ficha_id = None
    return turns


def _own_conversation(services: Services, user: User, conversation_id: str) -> bool:
    return services.conversations.owner(conversation_id) == user.user_id


def _turn(services: Services, user: User, message: str, conversation: str | None) -> ChatTurn:
    try:
        reply = services.conversation_router.handle(
            message, actor=user.ficha_actor(), conversation_id=conversation, channel="web"
        )
    except USER_ERRORS as exc:
        return ChatTurn(message, error=user_message(exc))
    return ChatTurn(message, reply)


def _chat_page(
    request: Request,
    user: User,
    services: Services,
    status: int = 200,
    *,
    turns: list[ChatTurn] | None = None,
    greeting: str | None = None,
    typed: str = "",
) -> Response:
    """The chat page: the current conversation (its stored turns unless ``turns`` are
    given) and the list of the person's conversations."""
    current = request.session.get(SESSION_KEY)
    if turns is None:
        turns = []
        if current and _own_conversation(services, user, current):
            turns = transcript_turns(services.conversations.transcript(current), current)
    past = services.conversations.of_user(user.user_id)
    return page(
        request,
        "chat.html",
        status,
        turns=turns,
        greeting=greeting,
        typed=typed,
        conversaciones=past,
        actual=current,
    )


@router.get("/chat")
def chat_page(
    request: Request, user: WebUser, services: ServicesDep, conversacion: str | None = None
) -> Response:
    """The chat page: the current (or reopened) conversation with its turns, the list of
    past conversations, and a reminder of a paused ficha."""
    if conversacion is not None:
        if not _own_conversation(services, user, conversacion):
            raise WebError(404, NO_CONVERSATION)
        request.session[SESSION_KEY] = conversacion
        return RedirectResponse("/chat", status_code=303)
    notice = services.conversation_router.greeting(user.ficha_actor())
    return _chat_page(request, user, services, greeting=notice.text if notice else None)


@router.post("/chat/nueva", dependencies=[CsrfChecked])
def new_conversation(request: Request, user: WebUser) -> Response:
    """Start a new conversation (the previous one stays in the list)."""
    del user  # signed-in users only
    request.session.pop(SESSION_KEY, None)
    return RedirectResponse("/chat", status_code=303)


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
        turn = _turn(services, user, message, request.session.get(SESSION_KEY))
    if turn.reply is not None:
        request.session[SESSION_KEY] = turn.reply.conversation_id
        if turn.reply.answer is not None:
            answer = turn.reply.answer
            request.app.state.metrics.observe_answer(answer.route, answer.abstained)
    status = 200 if turn.error is None else 422
    if is_htmx(request):
        if turn.reply is None:
            return page(request, "_turno.html", status, turn=turn)
        # the list of conversations is refreshed with the reply (a new one appears at once)
        past = services.conversations.of_user(user.user_id)
        current = turn.reply.conversation_id
        return page(request, "_turno.html", turn=turn, lista_oob=past, actual_oob=current)
    if turn.error:
        return _chat_page(request, user, services, status, turns=[turn], typed=mensaje)
    # Without JavaScript: the stored conversation with this turn as it was just given (its
    # options and summary, which the transcript keeps only as text).
    conversation = turn.reply.conversation_id if turn.reply else None
    earlier = services.conversations.transcript(conversation)[:-1] if conversation else []
    turns = [*transcript_turns(earlier, conversation or ""), turn]
    return _chat_page(request, user, services, turns=turns)


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
        return page(request, "_valoracion.html", log_id=logged.log_id, valor=valor)
    return _chat_page(request, user, services, greeting=THANKS)
