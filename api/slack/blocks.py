"""Every user-facing text and Block Kit layout of the Slack bot (Spanish).

Listeners never write copy themselves: they call these builders, so wording and limits live
in one place. Slack limits a section's text to 3,000 characters and a button value to 2,000;
quotes are cut well below that so an answer stays readable in a thread.
"""

from __future__ import annotations

import json
from typing import Any

from api.rendering.block_kit import Block, button, context, section
from api.rendering.markdown_text import clip, escape, pieces, to_mrkdwn
from intake import Choice, ChoiceRole, FichaSummary, IntakeReply, PartKind

MAX_SECTION = 2900

ONLY_COMMUNICATIONS = "Solo el equipo de comunicaciones puede convertir respuestas en FAQ."


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


def apology(reference: str) -> str:
    """The message shown when answering failed unexpectedly."""
    return (
        "Lo siento, no pude atender su mensaje por un error interno. Intente de nuevo en unos "
        f"minutos; si persiste, comparta esta referencia con soporte: `{reference}`."
    )


def user_error(message: str) -> str:
    """A known error explained to the user."""
    return f":warning: {message}"


def rate_limited(per_minute: int) -> str:
    """The polite message when a user asks too fast."""
    return (
        f"Recibí muchas preguntas suyas seguidas (máximo {per_minute} por minuto). Espere un "
        "momento y vuelva a intentarlo, por favor."
    )


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
FICHA_IN_DM = "Le escribí por mensaje directo para registrar la ficha de pre-diseño."
ONLY_DER = "Solo la DER puede aprobar o devolver fichas."
COMMENT_NEEDED = "Escriba qué debe ajustar la unidad."
NO_DER_CHANNEL = "No hay canal de la DER configurado (ASISTENTE_SLACK__DER_CHANNEL)."
MAX_BUTTONS = 5
MAX_BLOCKS = 50
"""Slack's limit of blocks in one message."""
_CHOICE_STYLES = {ChoiceRole.SEND: "primary", ChoiceRole.CONFIRM: "primary"}


def text_sections(text: str, limit: int = MAX_SECTION) -> list[Block]:
    """``text`` (mrkdwn) as as many sections as it needs, split between lines (never inside
    one when a line fits), so nothing is lost to a section's size limit."""
    return [section(piece) for piece in pieces(escape(text), limit)]


def summary_blocks(summary: FichaSummary) -> list[Block]:
    """The check-answers summary: a header, then one section per Paso (split when long)."""
    result: list[Block] = [
        section(f"*Resumen de la ficha {escape(summary.ficha_id)}* — «{escape(summary.name)}»")
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
            button(
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
    result: list[Block] = [context(f":information_source: {escape(n.text)}") for n in reply.notices]
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
        result = [context("…")] + result[-(MAX_BLOCKS - 1) :]
    return result


def decision_text(subject: str, body: str) -> str:
    """DER's decision as the unit reads it in its DM."""
    return f"*{escape(subject)}*\n{escape(body)}"


def decided(user_id: str, approved: bool) -> str:
    """The note left in the DER thread after a decision."""
    verb = "aprobó" if approved else "devolvió con comentarios"
    return f"<@{user_id}> {verb} la ficha. Se avisó a la unidad."


def text_modal(
    callback_id: str,
    metadata: dict[str, Any],
    *,
    title: str,
    submit: str,
    close: str,
    label: str,
    input_id: str,
    optional: bool = False,
    max_length: int = 2000,
) -> Block:
    """A modal asking for one multi-line text (``input_id`` is its block and action id)."""
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": json.dumps(metadata),
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": submit},
        "close": {"type": "plain_text", "text": close},
        "blocks": [
            {
                "type": "input",
                "block_id": input_id,
                "optional": optional,
                "label": {"type": "plain_text", "text": label},
                "element": {
                    "type": "plain_text_input",
                    "action_id": input_id,
                    "multiline": True,
                    "max_length": max_length,
                },
            }
        ],
    }


def return_modal(ficha_id: str, *, channel: str, ts: str) -> Block:
    """The "Devolver con comentarios" modal."""
    return text_modal(
        VIEW_DER_RETURN,
        {"ficha_id": ficha_id, "channel": channel, "ts": ts},
        title="Devolver la ficha",
        submit="Devolver",
        close="Cancelar",
        label="Comentarios para la unidad",
        input_id=INPUT_COMMENT,
    )


# -- FAQ -----------------------------------------------------------------------------------

FAQ_USAGE = "Uso: `/faq buscar <palabras>` — por ejemplo `/faq buscar ficha de pre-diseño`."


def faq_results(query: str, found: list[tuple[str, str, str]]) -> list[Block]:
    """Published FAQ entries (id, question, answer) that match ``query``."""
    if not found:
        return [section(f"No encontré preguntas frecuentes sobre «{escape(shorten(query, 100))}».")]
    result = [section(f"*Preguntas frecuentes sobre «{escape(shorten(query, 100))}»*")]
    result += [
        section(f"*{escape(shorten(question, 200))}*\n{clip(to_mrkdwn(answer), 600)}")
        for _entry_id, question, answer in found
    ]
    return result


def faq_drafted(entry_id: str) -> str:
    """Confirmation after "Convertir en FAQ" (the draft's id stays in the logs)."""
    del entry_id
    return (
        "Creé un borrador de pregunta frecuente con esta pregunta y su respuesta. Revíselo en "
        "el banco de FAQ de la web antes de enviarlo a revisión."
    )
