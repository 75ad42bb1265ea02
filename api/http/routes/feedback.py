"""Feedback on an answer: útil / no útil, with an optional reason (any authenticated user,
on the turns of their own conversations)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path
from pydantic import BaseModel, Field

from api.http.deps import CurrentUser, ServicesDep, own_conversation
from api.http.schemas import DB_INT_MAX
from assistant.usage.feedback import MAX_REASON, parse_feedback

router = APIRouter(prefix="/api/v1", tags=["preguntas"])


class FeedbackIn(BaseModel):
    """What the user thought of an answer."""

    valor: str = Field(
        min_length=1, max_length=20, description="«útil» o «no-útil» (también «util», «no_util»)."
    )
    motivo: str | None = Field(default=None, max_length=MAX_REASON, description="Por qué.")
    turno: int | None = Field(
        default=None,
        ge=1,
        le=DB_INT_MAX,
        description="Número del turno (1 = el primero); por defecto, el último.",
    )


class FeedbackOut(BaseModel):
    """The feedback recorded."""

    ok: bool = True
    conversacion_id: str
    turno: int
    respuesta_id: int
    pregunta: str
    valor: str
    motivo: str | None


@router.post(
    "/conversaciones/{conversacion_id}/retroalimentacion",
    response_model=FeedbackOut,
    summary="Califica una respuesta (útil / no útil)",
)
def rate(
    conversacion_id: Annotated[str, Path(max_length=64)],
    body: FeedbackIn,
    user: CurrentUser,
    services: ServicesDep,
) -> FeedbackOut:
    """Record (or replace) the feedback on one answer of the user's conversation; a «no útil»
    sends the question to the communications team's unresolved queue."""
    value = parse_feedback(body.valor)
    own_conversation(services, user, conversacion_id)
    answers = services.question_log.in_conversation(conversacion_id)
    turn = body.turno or len(answers)
    if not answers or turn > len(answers):
        raise HTTPException(
            status_code=404, detail=f"La conversación no tiene una respuesta número {turn}."
        )
    logged = services.question_log.give_feedback(answers[turn - 1].log_id, value, body.motivo)
    return FeedbackOut(
        conversacion_id=conversacion_id,
        turno=turn,
        respuesta_id=logged.log_id,
        pregunta=logged.question,
        valor=value.value,
        motivo=logged.feedback_reason,
    )
