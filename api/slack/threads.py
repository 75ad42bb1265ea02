"""Where a Slack message sits: its channel, its thread and the conversation it belongs to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")


@dataclass(frozen=True)
class ThreadRef:
    """A message's place: channel, thread root and author."""

    channel: str
    thread_ts: str
    user_id: str

    @property
    def conversation_id(self) -> str:
        """The assistant conversation of this thread (history for follow-ups); a DM outside
        threads is one conversation."""
        return f"slack:{self.channel}:{self.thread_ts or 'dm'}"

    @classmethod
    def of_event(cls, event: dict[str, Any], *, direct: bool = False) -> ThreadRef:
        """The thread of a message or mention event: in a channel the message starts one if
        it is not in one; in a DM (``direct``) it stays in the conversation."""
        ts = "" if direct else event.get("ts")
        return cls(
            channel=str(event.get("channel", "")),
            thread_ts=str(event.get("thread_ts") or ts or ""),
            user_id=str(event.get("user", "")),
        )

    @classmethod
    def of_action(cls, body: dict[str, Any]) -> ThreadRef:
        """The thread of the message whose button was pressed."""
        message = body.get("message") or {}
        container = body.get("container") or {}
        return cls(
            channel=str((body.get("channel") or {}).get("id") or container.get("channel_id", "")),
            thread_ts=str(
                container.get("thread_ts") or message.get("thread_ts") or message.get("ts") or ""
            ),
            user_id=str((body.get("user") or {}).get("id", "")),
        )


def without_mentions(text: str) -> str:
    """The message text without user mentions (``<@U123>``); line breaks are kept (the
    intake reads one list item per line)."""
    lines = (" ".join(line.split()) for line in MENTION.sub(" ", text or "").splitlines())
    return "\n".join(line for line in lines if line)


__all__ = ["MENTION", "ThreadRef", "without_mentions"]
