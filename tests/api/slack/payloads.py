"""Checks every payload the bot sends: valid Block Kit, and no raw Markdown in mrkdwn."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

RAW_MARKDOWN = {
    "negrita «**»": re.compile(r"\*\*"),
    "enlace Markdown": re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),
    "encabezado": re.compile(r"(?m)^#{1,6} "),
}


def mrkdwn_texts(value: Any) -> Iterator[str]:
    """Every mrkdwn text inside ``value`` (blocks, a view, a message)."""
    if isinstance(value, dict):
        if value.get("type") == "mrkdwn" and isinstance(value.get("text"), str):
            yield value["text"]
        for item in value.values():
            yield from mrkdwn_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from mrkdwn_texts(item)


def raw_markdown(text: str) -> list[str]:
    """What in ``text`` is Markdown that Slack's mrkdwn would show as typed."""
    return [name for name, pattern in RAW_MARKDOWN.items() if pattern.search(text)]


def check_message(args: dict[str, Any]) -> None:
    """``args`` of a chat.postMessage / chat.update / chat.postEphemeral / respond call."""
    for block in args.get("blocks") or []:
        parsed = Block.parse(block)
        assert parsed is not None, block
        parsed.validate_json()
    texts = list(mrkdwn_texts(args.get("blocks") or []))
    if isinstance(args.get("text"), str):
        texts.append(args["text"])  # the fallback text is mrkdwn too
    for text in texts:
        assert not raw_markdown(text), (raw_markdown(text), text)


def check_view(view: dict[str, Any]) -> None:
    """A modal opened with views.open / views.update."""
    View(**view).validate_json()
    for text in mrkdwn_texts(view):
        assert not raw_markdown(text), text
