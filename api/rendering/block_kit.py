"""Slack Block Kit's building blocks as plain dicts (sections, contexts, buttons)."""

from __future__ import annotations

from typing import Any

Block = dict[str, Any]


def section(text: str) -> Block:
    """A section with ``text`` (mrkdwn)."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def context(text: str) -> Block:
    """A context line with ``text`` (mrkdwn)."""
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    """A button labelled ``text`` that sends ``value`` to ``action_id``."""
    button: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": text, "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


__all__ = ["Block", "button", "context", "section"]
