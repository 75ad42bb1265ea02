"""The Slack (Block Kit) renderer of an `Answer`: its Markdown, sources, route and feedback
controls.

The answer's text is Markdown and goes out as it is in ``markdown`` blocks, which Slack
renders (bold, lists, paragraphs). Slack caps the ``markdown`` text of one message at 12,000
characters, so a longer answer becomes several messages, split between paragraphs or lines:
nothing is cut. Everything in a mrkdwn field (notice, sources, fallback text) goes through
`to_mrkdwn`, so no ``**``, Markdown link or heading reaches Slack raw. Fields of `Answer` this
renderer does not know are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from api.rendering.block_kit import Block, button, context
from api.rendering.markdown_text import clip, escape, pieces, to_mrkdwn
from api.rendering.sources import answer_sources, route_label, short_section, sources_title
from assistant.answering.answer import Answer

MAX_MARKDOWN = 11_000
"""Markdown characters per message (Slack's cap is 12,000 for all markdown blocks of one)."""
MAX_FALLBACK = 3_000
MAX_QUOTE = 160
SECTION_CHARS = 150
MAX_SOURCES = 4

ACTION_FEEDBACK = "respuesta_valoracion"
"""The answer's 👍/👎 (``feedback_buttons``); values are ``util:<id>`` / ``no_util:<id>``."""
VOTE_UP = "util"
VOTE_DOWN = "no_util"
ACTION_HUMAN = "pedir_persona"
ANSWER_BLOCK = "respuesta:"
"""Prefix of the ``block_id`` that carries the answer's log id."""

ROUTE_ICONS = {
    "faq": ":bookmark_tabs:",
    "glosario": ":books:",
    "politica": ":scroll:",
    "ninguna": ":grey_question:",
}


@dataclass(frozen=True)
class SlackMessage:
    """One message to post: blocks and the fallback text notifications show."""

    text: str
    blocks: list[Block] = field(default_factory=list)


def _one_line(text: str, limit: int) -> str:
    return clip(" ".join(to_mrkdwn(text).split()), limit)


def sources_block(answer: Answer) -> Block | None:
    """The numbered sources as one compact context: section in italics, a short quote."""
    sources = answer_sources(answer, MAX_SOURCES)
    if not sources:
        return None
    elements = [{"type": "mrkdwn", "text": f"*{sources_title(answer)}*"}]
    elements += [
        {
            "type": "mrkdwn",
            "text": f"*{s.number}.* _{escape(short_section(s.section, SECTION_CHARS))}_ — "
            f"«{_one_line(s.short, MAX_QUOTE)}»",
        }
        for s in sources
    ]
    return {"type": "context", "elements": elements}


def route_badge(answer: Answer) -> str:
    """Where the answer came from, with its icon."""
    icon = ROUTE_ICONS.get(answer.route, ROUTE_ICONS["ninguna"])
    return f"{icon} {route_label(answer)}"


def feedback_blocks(log_id: int | None) -> list[Block]:
    """👍/👎 and "Necesito ayuda de una persona" for a logged answer. ("Convertir en FAQ" is
    a message shortcut, so only whoever looks for it sees it.)"""
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
    last.append(context(route_badge(answer)))
    last += feedback_blocks(log_id)
    return messages


__all__ = [
    "ACTION_FEEDBACK",
    "ACTION_HUMAN",
    "ANSWER_BLOCK",
    "VOTE_DOWN",
    "VOTE_UP",
    "SlackMessage",
    "answer_fallback",
    "answer_messages",
    "feedback_blocks",
    "route_badge",
    "sources_block",
]
