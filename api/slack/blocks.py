"""Every user-facing text and Block Kit layout of the Slack bot (Spanish).

Listeners never write copy themselves: they call these builders, so wording and limits live
in one place. Slack limits a section's text to 3,000 characters and a button value to 2,000;
quotes are cut well below that so an answer stays readable in a thread.
"""

from __future__ import annotations

import json
from typing import Any

from assistant.answer_types import Answer, Citation

Block = dict[str, Any]

MAX_SECTION = 2900
MAX_QUOTE = 280
MAX_SOURCES = 4

ACK_REACTION = "eyes"
"""Reaction added at once to a question, before the answer is ready."""

ACTION_USEFUL = "respuesta_util"
ACTION_NOT_USEFUL = "respuesta_no_util"
ACTION_HUMAN = "pedir_persona"
ACTION_TO_FAQ = "convertir_en_faq"
VIEW_NOT_USEFUL = "motivo_no_util"
INPUT_REASON = "motivo"

ROUTE_BADGES = {
    "faq": ":bookmark_tabs: FAQ",
    "glosario": ":books: Glosario",
    "politica": ":scroll: Política",
    "ninguna": ":grey_question: Sin respuesta en la política",
}

EMPTY_QUESTION = (
    "¿En qué te ayudo? Escríbeme una pregunta sobre la Política de Llegada a Territorio, por "
    "ejemplo: «¿Qué es la ficha de pre-diseño?»."
)
THANKS = "¡Gracias! Tu opinión nos ayuda a mejorar las respuestas."
THANKS_REASON = "Gracias por contarnos qué faltó. Lo revisará el equipo de comunicaciones."
NO_ANSWER_TO_RATE = "No encontré esa respuesta; puede que sea muy antigua."
ONLY_COMMUNICATIONS = "Solo el equipo de comunicaciones puede convertir respuestas en FAQ."


def escape(text: str) -> str:
    """Text safe for Slack mrkdwn (``&``, ``<`` and ``>`` escaped)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def _button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": text, "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def _sources(answer: Answer) -> list[Citation]:
    if answer.citations:
        return answer.citations[:MAX_SOURCES]
    return [
        Citation(source_id=p.source_id, section=p.section, quote=p.text)
        for p in answer.passages[:MAX_SOURCES]
    ]


def source_lines(answer: Answer) -> list[str]:
    """Numbered sources: breadcrumb in italics and a short quote."""
    return [
        f"*{n}.* _{escape(shorten(c.section, 150))}_\n>{escape(shorten(c.quote, MAX_QUOTE))}"
        for n, c in enumerate(_sources(answer), start=1)
    ]


def answer_blocks(answer: Answer, *, log_id: int | None) -> list[Block]:
    """The answer, its numbered sources, its route badge and the feedback buttons."""
    blocks: list[Block] = []
    if answer.notice:
        blocks.append(_context(f":information_source: {escape(answer.notice)}"))
    blocks.append(_section(escape(shorten(answer.text, MAX_SECTION))))
    lines = source_lines(answer)
    if lines:
        title = "*Secciones más cercanas*" if answer.abstained else "*Fuentes*"
        blocks.append(_section(shorten_block(title, lines)))
    blocks.append(_context(f"{ROUTE_BADGES[answer.route]}"))
    value = str(log_id) if log_id is not None else ""
    blocks.append(
        {
            "type": "actions",
            "block_id": f"respuesta:{value}",
            "elements": [
                _button(":thumbsup: Útil", ACTION_USEFUL, value),
                _button(":thumbsdown: No útil", ACTION_NOT_USEFUL, value),
                _button("Necesito ayuda de una persona", ACTION_HUMAN, value, "primary"),
                _button("Convertir en FAQ", ACTION_TO_FAQ, value),
            ],
        }
    )
    return blocks


def shorten_block(title: str, lines: list[str]) -> str:
    """``title`` and as many ``lines`` as fit in one section."""
    text = title
    for line in lines:
        if len(text) + len(line) + 1 > MAX_SECTION:
            break
        text = f"{text}\n{line}"
    return text


def answer_fallback(answer: Answer) -> str:
    """Plain text of an answer, for notifications and clients without blocks."""
    return shorten(answer.text, MAX_SECTION)


def apology(reference: str) -> str:
    """The message shown when answering failed unexpectedly."""
    return (
        "Lo siento, no pude atender tu mensaje por un error interno. Intenta de nuevo en unos "
        f"minutos; si persiste, comparte esta referencia con soporte: `{reference}`."
    )


def user_error(message: str) -> str:
    """A known error explained to the user."""
    return f":warning: {message}"


def rate_limited(per_minute: int) -> str:
    """The polite message when a user asks too fast."""
    return (
        f"Recibí muchas preguntas tuyas seguidas (máximo {per_minute} por minuto). Dame un "
        "momento y vuelve a intentarlo, por favor."
    )


def escalation(user_id: str, group: str | None) -> str:
    """The thread message asking a person to help."""
    who = f"<!subteam^{group}>" if group else "Equipo de la política"
    return (
        f"{who}: <@{user_id}> necesita ayuda de una persona con esta pregunta. La marqué para "
        "revisión en la cola de preguntas frecuentes."
    )


ESCALATION_REASON = "Pidió ayuda de una persona desde Slack."
"""The reason stored with the question when someone asks for a person."""


def not_useful_modal(log_id: int, *, channel: str, thread_ts: str | None) -> Block:
    """The optional "what was missing?" modal after "No útil"."""
    metadata = json.dumps({"log_id": log_id, "channel": channel, "thread_ts": thread_ts})
    return {
        "type": "modal",
        "callback_id": VIEW_NOT_USEFUL,
        "private_metadata": metadata,
        "title": {"type": "plain_text", "text": "¿Qué faltó?"},
        "submit": {"type": "plain_text", "text": "Enviar"},
        "close": {"type": "plain_text", "text": "Omitir"},
        "blocks": [
            {
                "type": "input",
                "block_id": INPUT_REASON,
                "optional": True,
                "label": {"type": "plain_text", "text": "Motivo (opcional)"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": INPUT_REASON,
                    "multiline": True,
                    "max_length": 500,
                },
            }
        ],
    }
