"""Every user-facing text and Block Kit layout of the Slack bot (Spanish).

Listeners never write copy themselves: they call these builders, so wording and limits live
in one place. Slack limits a section's text to 3,000 characters and a button value to 2,000;
quotes are cut well below that so an answer stays readable in a thread.
"""

from __future__ import annotations

import json
from typing import Any

from assistant.answering.answer import Answer, Citation
from intake import Choice, ChoiceRole, FichaSummary, IntakeReply, PartKind

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


# -- ficha intake (DM) and DER review ---------------------------------------------------

ACTION_FICHA_OPTION = "ficha_opcion"
ACTION_FICHA_CHOICE = "ficha_eleccion"
ACTION_FICHA_SEND = "ficha_enviar"
ACTION_DER_APPROVE = "der_aprobar"
ACTION_DER_RETURN = "der_devolver"
VIEW_DER_RETURN = "der_devolver_modal"
INPUT_COMMENT = "comentario"
FICHA_START = "quiero registrar una ficha"
"""What ``/ficha`` says to the intake on the user's behalf."""
FICHA_IN_DM = "Te escribí por mensaje directo para registrar la ficha de pre-diseño."
ONLY_DER = "Solo la DER puede aprobar o devolver fichas."
NO_DER_CHANNEL = "No hay canal de la DER configurado (ASISTENTE_SLACK__DER_CHANNEL)."
MAX_BUTTONS = 5
MAX_BLOCKS = 50
"""Slack's limit of blocks in one message."""
_CHOICE_STYLES = {ChoiceRole.SEND: "primary", ChoiceRole.CONFIRM: "primary"}


def text_sections(text: str, limit: int = MAX_SECTION) -> list[Block]:
    """``text`` as as many sections as it needs, split between lines (never inside one when
    a line fits), so nothing is lost to a section's size limit."""
    chunks: list[str] = []
    current = ""
    for line in escape(text).split("\n"):
        while len(line) > limit:
            cut = line[:limit].rsplit(" ", 1)[0] or line[:limit]
            if current:
                chunks.append(current)
                current = ""
            chunks.append(cut)
            line = line[len(cut) :].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        chunks.append(current)
    return [_section(chunk) for chunk in chunks if chunk.strip()]


def summary_blocks(summary: FichaSummary) -> list[Block]:
    """The check-answers summary: a header, then one section per Paso (split when long)."""
    result: list[Block] = [
        _section(f"*Resumen de la ficha {escape(summary.ficha_id)}* — «{escape(summary.name)}»")
    ]
    for step in summary.steps:
        lines = [f"*{step.title}*"]
        for item in step.fields:
            if item.blank:
                lines.append(f"• {item.label}: _{'omitido' if item.omitted else 'sin responder'}_")
            elif len(item.values) == 1:
                lines.append(f"• {item.label}: {item.values[0]}")
            else:
                lines.append(f"• {item.label}:")
                lines += [f"    ◦ {value}" for value in item.values]
        result += text_sections("\n".join(lines))
    return result


def _choice_elements(choices: tuple[Choice, ...]) -> list[Block]:
    options = [c for c in choices if c.role is ChoiceRole.OPTION]
    others = [c for c in choices if c.role is not ChoiceRole.OPTION]
    elements: list[Block] = []
    if len(options) > MAX_BUTTONS:
        elements.append(
            {
                "type": "static_select",
                "action_id": ACTION_FICHA_OPTION,
                "placeholder": {"type": "plain_text", "text": "Elija una opción"},
                "options": [
                    {"text": {"type": "plain_text", "text": shorten(c.label, 75)}, "value": c.value}
                    for c in options[:100]
                ],
            }
        )
    else:
        others = options + others
    for n, choice in enumerate(others):
        action = ACTION_FICHA_SEND if choice.role is ChoiceRole.SEND else ACTION_FICHA_CHOICE
        elements.append(
            _button(
                shorten(choice.label, 75),
                f"{action}_{n}",
                choice.value,
                _CHOICE_STYLES.get(choice.role),
            )
        )
    return elements[:25]


def intake_blocks(reply: IntakeReply) -> list[Block]:
    """The intake's reply: notices, its paragraphs (the summary by Paso), the question last,
    then its choices as buttons (a select when a list has many options)."""
    result: list[Block] = [
        _context(f":information_source: {escape(n.text)}") for n in reply.notices
    ]
    for part in reply.view.parts:
        if part.kind is PartKind.SUMMARY and reply.view.summary is not None:
            result += summary_blocks(reply.view.summary)
        elif part.kind is PartKind.PROMPT:
            result += text_sections(f"*{part.text}*" if "\n" not in part.text else part.text)
        else:
            result += text_sections(part.text)
    if reply.choices:
        result.append({"type": "actions", "elements": _choice_elements(reply.choices)})
    if len(result) > MAX_BLOCKS:
        # Keep the end (the question and its buttons); the start is in the fallback text.
        result = [_context("…")] + result[-(MAX_BLOCKS - 1) :]
    return result


def shorten_lines(text: str, limit: int = MAX_SECTION) -> str:
    """``text`` with its line breaks, cut to ``limit`` characters."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def der_review_blocks(subject: str, body: str, ficha_id: str) -> list[Block]:
    """One DER channel message per submission, with "Aprobar" and "Devolver con comentarios"."""
    return [
        _section(f"*{escape(subject)}*\n{escape(shorten_lines(body, 2500))}"),
        {
            "type": "actions",
            "block_id": f"der:{ficha_id}",
            "elements": [
                _button("Aprobar", ACTION_DER_APPROVE, ficha_id, "primary"),
                _button("Devolver con comentarios", ACTION_DER_RETURN, ficha_id, "danger"),
            ],
        },
    ]


def decision_text(subject: str, body: str) -> str:
    """DER's decision as the unit reads it in its DM."""
    return f"*{escape(subject)}*\n{escape(body)}"


def decided(user_id: str, approved: bool) -> str:
    """The note left in the DER thread after a decision."""
    verb = "aprobó" if approved else "devolvió con comentarios"
    return f"<@{user_id}> {verb} la ficha. Se avisó a la unidad."


def return_modal(ficha_id: str, *, channel: str, ts: str) -> Block:
    """The "Devolver con comentarios" modal."""
    metadata = json.dumps({"ficha_id": ficha_id, "channel": channel, "ts": ts})
    return {
        "type": "modal",
        "callback_id": VIEW_DER_RETURN,
        "private_metadata": metadata,
        "title": {"type": "plain_text", "text": "Devolver la ficha"},
        "submit": {"type": "plain_text", "text": "Devolver"},
        "close": {"type": "plain_text", "text": "Cancelar"},
        "blocks": [
            {
                "type": "input",
                "block_id": INPUT_COMMENT,
                "label": {"type": "plain_text", "text": f"Comentarios para la unidad ({ficha_id})"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": INPUT_COMMENT,
                    "multiline": True,
                    "max_length": 2000,
                },
            }
        ],
    }


# -- FAQ -----------------------------------------------------------------------------------

FAQ_USAGE = "Uso: `/faq buscar <palabras>` — por ejemplo `/faq buscar ficha de pre-diseño`."


def faq_results(query: str, found: list[tuple[str, str, str]]) -> list[Block]:
    """Published FAQ entries (id, question, answer) that match ``query``."""
    if not found:
        return [
            _section(f"No encontré preguntas frecuentes sobre «{escape(shorten(query, 100))}».")
        ]
    result = [_section(f"*Preguntas frecuentes sobre «{escape(shorten(query, 100))}»*")]
    result += [
        _section(f"*{escape(shorten(question, 200))}* ({entry_id})\n{escape(shorten(answer, 500))}")
        for entry_id, question, answer in found
    ]
    return result


def faq_drafted(entry_id: str) -> str:
    """Confirmation after "Convertir en FAQ"."""
    return (
        f"Creé el borrador de FAQ `{entry_id}` con esta pregunta y respuesta. Revísalo con "
        f"`asistente faq ver {entry_id}` antes de enviarlo a revisión."
    )
