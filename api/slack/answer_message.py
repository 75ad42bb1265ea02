"""The interactive side of an answer in Slack: votes, the escalation, the reason modal.

How an answer looks is `api.rendering.slack` (one renderer per format); this module holds
what the listeners do with a posted answer.
"""

from __future__ import annotations

from typing import Any

from api.rendering.block_kit import Block, context
from api.rendering.slack import (
    ACTION_FEEDBACK,
    ACTION_HUMAN,
    ANSWER_BLOCK,
    VOTE_DOWN,
    VOTE_UP,
)
from api.slack.blocks import text_modal

ACK_REACTION = "eyes"
"""Reaction added at once to a question, removed when the answer is posted."""

STATUS_SEARCHING = "Buscando en la política…"
"""The assistant thread's status while an answer is prepared."""

ACTION_USEFUL = "respuesta_util"
ACTION_NOT_USEFUL = "respuesta_no_util"
"""Buttons of answers posted before ``feedback_buttons``; still handled."""
ACTION_TO_FAQ = "convertir_en_faq"
"""The message shortcut (and the button of older answers) that drafts a FAQ entry."""
VIEW_NOT_USEFUL = "motivo_no_util"
INPUT_REASON = "motivo"

EMPTY_QUESTION = (
    "¿En qué le ayudo? Escríbame una pregunta sobre la Política de Llegada a Territorio, por "
    "ejemplo: «¿Qué es la ficha de pre-diseño?»."
)
THANKS = "¡Gracias! Su opinión nos ayuda a mejorar las respuestas."
THANKS_REASON = "Gracias por contarnos qué faltó. Lo revisará el equipo de comunicaciones."
NO_ANSWER_TO_RATE = "No encontré esa respuesta; puede que sea muy antigua."
ESCALATION_REASON = "Pidió ayuda de una persona desde Slack."
"""The reason stored with the question when someone asks for a person."""


def logged_answer(message: dict[str, Any]) -> str:
    """The log id of the answer in ``message`` (a Slack message payload), or ""."""
    for block in message.get("blocks") or []:
        block_id = str(block.get("block_id") or "")
        if block_id.startswith(ANSWER_BLOCK):
            return block_id.removeprefix(ANSWER_BLOCK)
    return ""


def with_vote(message_blocks: list[Block], *, useful: bool, user_id: str) -> list[Block]:
    """The answer's blocks with the latest vote shown above its 👍/👎 (which stay, so the
    vote can be changed: the answer keeps one vote, the last one)."""
    vote = "marcó la respuesta como útil" if useful else "marcó la respuesta como no útil"
    icon = ":thumbsup:" if useful else ":thumbsdown:"
    line = context(f"<@{user_id}> {icon} {vote}.")
    result: list[Block] = []
    for block in message_blocks:
        if block.get("type") == "context" and _is_vote(block):
            continue  # an earlier vote: the new one replaces it
        legacy = block.get("type") == "actions" and any(
            e.get("action_id") in {ACTION_USEFUL, ACTION_NOT_USEFUL}
            for e in block.get("elements", [])
        )
        if block.get("type") == "context_actions" or legacy:
            result.append(line)
        result.append(block)
    return result


def _is_vote(block: Block) -> bool:
    texts = [str(e.get("text", "")) for e in block.get("elements", [])]
    return any("marcó la respuesta como" in t for t in texts)


def escalation(user_id: str, group: str | None) -> str:
    """The thread message asking a person to help."""
    who = f"<!subteam^{group}>" if group else "Equipo de la política"
    return (
        f"{who}: <@{user_id}> necesita ayuda de una persona con esta pregunta. La marqué para "
        "revisión en la cola de preguntas frecuentes."
    )


def not_useful_modal(log_id: int, *, channel: str, thread_ts: str | None) -> Block:
    """The optional "what was missing?" modal after "No útil"."""
    return text_modal(
        VIEW_NOT_USEFUL,
        {"log_id": log_id, "channel": channel, "thread_ts": thread_ts},
        title="¿Qué faltó?",
        submit="Enviar",
        close="Omitir",
        label="Motivo (opcional)",
        input_id=INPUT_REASON,
        optional=True,
        max_length=500,
    )


__all__ = [
    "ACK_REACTION",
    "ACTION_FEEDBACK",
    "ACTION_HUMAN",
    "ANSWER_BLOCK",
    "VOTE_DOWN",
    "VOTE_UP",
    "escalation",
    "not_useful_modal",
    "with_vote",
]
