"""Questions and conversations."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from api.http.deps import AnswererDep, CurrentUser, ServicesDep, own_conversation
from assistant.answering.answer import Citation, PassageView

router = APIRouter(prefix="/api/v1", tags=["preguntas"])


class QuestionIn(BaseModel):
    """A question to the assistant."""

    pregunta: str = Field(min_length=1, max_length=2000, description="La pregunta, en español.")
    conversacion_id: str | None = Field(
        default=None, max_length=64, description="Para preguntas de seguimiento."
    )


class AnswerOut(BaseModel):
    """The assistant's answer."""

    ok: bool = True
    respuesta: str
    ruta: str
    abstencion: bool
    confianza: float
    citas: list[Citation]
    pasajes: list[PassageView]
    conversacion_id: str | None
    faq_id: str | None = None
    aviso: str | None = None


class TurnOut(BaseModel):
    """One turn of a conversation."""

    pregunta: str
    respuesta: str
    ruta: str


class ConversationOut(BaseModel):
    """A conversation's history."""

    ok: bool = True
    conversacion_id: str
    turnos: list[TurnOut]


@router.post("/preguntas", response_model=AnswerOut, summary="Responde una pregunta con citas")
def ask(
    body: QuestionIn,
    user: CurrentUser,
    answerer: AnswererDep,
    services: ServicesDep,
    request: Request,
) -> AnswerOut:
    """Answer from the glossary, the FAQ bank or the policy, or abstain honestly; a follow-up
    continues only a conversation of the user (admins any), never someone else's."""
    if body.conversacion_id is not None:
        own_conversation(services, user, body.conversacion_id, new_ok=True, writing=True)
    answer = answerer.answer(
        body.pregunta, conversation_id=body.conversacion_id, channel="web", user_id=user.user_id
    )
    request.app.state.metrics.observe_answer(answer.route, answer.abstained)
    return AnswerOut(
        respuesta=answer.text,
        ruta=answer.route,
        abstencion=answer.abstained,
        confianza=answer.confidence,
        citas=answer.citations,
        pasajes=answer.passages[:5],
        conversacion_id=answer.conversation_id,
        faq_id=answer.faq_id,
        aviso=answer.notice,
    )


@router.get(
    "/conversaciones/{conversacion_id}",
    response_model=ConversationOut,
    summary="Historial de una conversación",
)
def conversation(conversacion_id: str, user: CurrentUser, services: ServicesDep) -> ConversationOut:
    """The turns of a conversation of the user (admins see any)."""
    own_conversation(services, user, conversacion_id)
    turns = services.conversations.history(conversacion_id, limit=200)
    return ConversationOut(
        conversacion_id=conversacion_id,
        turnos=[TurnOut(pregunta=t.question, respuesta=t.answer, ruta=t.route) for t in turns],
    )
