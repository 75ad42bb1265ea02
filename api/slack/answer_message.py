"""The Slack renderer of an `Answer`: its Markdown, sources, route and feedback controls.

The answer's text is Markdown and goes out as it is in ``markdown`` blocks, which Slack
renders (bold, lists, paragraphs). Slack caps the ``markdown`` text of one message at 12,000
characters, so a longer answer becomes several messages, split between paragraphs or lines:
nothing is cut. Everything in a mrkdwn field (notice, sources, fallback text) goes through
`to_mrkdwn`, so no ``**``, Markdown link or heading reaches Slack raw. Fields of `Answer` this
renderer does not know are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from api.slack.blocks import button, context, text_modal
from api.slack.mrkdwn import clip, escape, pieces, to_mrkdwn
from assistant.answering.answer import Answer, Citation

Block = dict[str, Any]

MAX_MARKDOWN = 11_000
"""Markdown characters per message (Slack's cap is 12,000 for all markdown blocks of one)."""
MAX_FALLBACK = 3_000
MAX_QUOTE = 160
MAX_SOURCES = 4

ACK_REACTION = "eyes"
"""Reaction added at once to a question, removed when the answer is posted."""

STATUS_SEARCHING = "Buscando en la política…"
"""The assistant thread's status while an answer is prepared."""

ACTION_FEEDBACK = "respuesta_valoracion"
"""The answer's 👍/👎 (``feedback_buttons``); values are ``util:<id>`` / ``no_util:<id>``."""
VOTE_UP = "util"
VOTE_DOWN = "no_util"
ACTION_USEFUL = "respuesta_util"
ACTION_NOT_USEFUL = "respuesta_no_util"
"""Buttons of answers posted before ``feedback_buttons``; still handled."""
ACTION_HUMAN = "pedir_persona"
ACTION_TO_FAQ = "convertir_en_faq"
"""The message shortcut (and the button of older answers) that drafts a FAQ entry."""
ANSWER_BLOCK = "respuesta:"
"""Prefix of the ``block_id`` that carries the answer's log id."""
VIEW_NOT_USEFUL = "motivo_no_util"
INPUT_REASON = "motivo"

ROUTE_BADGES = {
    "faq": ":bookmark_tabs: Pregunta frecuente",
    "glosario": ":books: Glosario",
    "politica": ":scroll: Política",
    "ninguna": ":grey_question: Sin respuesta en la política",
}

EMPTY_QUESTION = (
    "¿En qué le ayudo? Escríbame una pregunta sobre la Política de Llegada a Territorio, por "
    "ejemplo: «¿Qué es la ficha de pre-diseño?»."
)
THANKS = "¡Gracias! Su opinión nos ayuda a mejorar las respuestas."
THANKS_REASON = "Gracias por contarnos qué faltó. Lo revisará el equipo de comunicaciones."
NO_ANSWER_TO_RATE = "No encontré esa respuesta; puede que sea muy antigua."
ESCALATION_REASON = "Pidió ayuda de una persona desde Slack."
"""The reason stored with the question when someone asks for a person."""


@dataclass(frozen=True)
class SlackMessage:
    """One message to post: blocks and the fallback text notifications show."""

    text: str
    blocks: list[Block] = field(default_factory=list)


def _sources(answer: Answer) -> list[Citation]:
    if answer.citations:
        return answer.citations[:MAX_SOURCES]
    return [
        Citation(source_id=p.source_id, section=p.section, quote=p.text)
        for p in answer.passages[:MAX_SOURCES]
    ]


def _one_line(text: str, limit: int) -> str:
    return clip(" ".join(to_mrkdwn(text).split()), limit)


def sources_block(answer: Answer) -> Block | None:
    """The numbered sources as one compact context: section in italics, a short quote."""
    sources = _sources(answer)
    if not sources:
        return None
    title = "Secciones más cercanas" if answer.abstained else "Fuentes"
    elements = [{"type": "mrkdwn", "text": f"*{title}*"}]
    elements += [
        {
            "type": "mrkdwn",
            "text": f"*{n}.* _{escape(clip(c.section, 150))}_ — «{_one_line(c.quote, MAX_QUOTE)}»",
        }
        for n, c in enumerate(sources, start=1)
    ]
    return {"type": "context", "elements": elements}


def feedback_blocks(log_id: int | None) -> list[Block]:
    """👍/👎 and "Necesito ayuda de una persona" for a logged answer. ("Convertir en FAQ" is
    the message shortcut `ACTION_TO_FAQ`, so only whoever looks for it sees it.)"""
    if log_id is None:
        return []
    value = str(log_id)
    return [
        {
            "type": "context_actions",
            "block_id": f"valoracion:{value}",
            "elements": [
                {
                    "type": "feedback_buttons",
                    "action_id": ACTION_FEEDBACK,
                    "positive_button": {
                        "text": {"type": "plain_text", "text": "👍 Útil"},
                        "value": f"{VOTE_UP}:{value}",
                        "accessibility_label": "Marcar la respuesta como útil",
                    },
                    "negative_button": {
                        "text": {"type": "plain_text", "text": "👎 No útil"},
                        "value": f"{VOTE_DOWN}:{value}",
                        "accessibility_label": "Marcar la respuesta como no útil",
                    },
                }
            ],
        },
        {
            "type": "actions",
            "block_id": f"{ANSWER_BLOCK}{value}",
            "elements": [button("Necesito ayuda de una persona", ACTION_HUMAN, value, "primary")],
        },
    ]


def answer_fallback(answer: Answer) -> str:
    """The answer as mrkdwn for notifications and clients without blocks (cut between words)."""
    return clip(to_mrkdwn(answer.text), MAX_FALLBACK)


def answer_messages(answer: Answer, *, log_id: int | None) -> list[SlackMessage]:
    """The answer as one message (several when its Markdown passes `MAX_MARKDOWN`): notice,
    the Markdown, then on the last one its sources, route and feedback controls."""
    parts = pieces(answer.text.strip(), MAX_MARKDOWN) or [answer.text or "…"]
    messages: list[SlackMessage] = []
    for n, part in enumerate(parts):
        content: list[Block] = []
        if n == 0 and answer.notice:
            content.append(context(f":information_source: {to_mrkdwn(answer.notice)}"))
        content.append({"type": "markdown", "text": part})
        text = answer_fallback(answer) if n == 0 else clip(to_mrkdwn(part), MAX_FALLBACK)
        messages.append(SlackMessage(text=text, blocks=content))
    last = messages[-1].blocks
    sources = sources_block(answer)
    if sources is not None:
        last.append(sources)
    last.append(context(ROUTE_BADGES.get(answer.route, ROUTE_BADGES["ninguna"])))
    last += feedback_blocks(log_id)
    return messages


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
    "SlackMessage",
    "answer_fallback",
    "answer_messages",
    "escalation",
    "feedback_blocks",
    "not_useful_modal",
    "sources_block",
    "with_vote",
]
