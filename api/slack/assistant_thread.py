"""A thread of Slack's agent container (the app's «Asistente» surface): greeting, suggested
prompts, title and the «Buscando en la política…» status.

These calls decorate the conversation; when Slack refuses one (the workspace has not turned
on the agent features, a plain DM thread) the answer still goes out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from api.rendering.markdown_text import clip

log = logging.getLogger(__name__)

WELCOME = (
    "Hola. Respondo preguntas sobre la Política de Llegada a Territorio con citas a la "
    "sección exacta, y le acompaño a registrar una ficha de pre-diseño."
)
PROMPTS_TITLE = "Puede empezar por:"
SUGGESTED_PROMPTS = (
    ("¿Qué es la ficha de pre-diseño?", "¿Qué es la ficha de pre-diseño y quién la revisa?"),
    ("Etapas de la ATT", "¿Cuáles son las etapas de la asistencia técnica territorial?"),
    ("Capacidad institucional", "¿Qué es la capacidad institucional según la política?"),
    ("Registrar una ficha", "Quiero registrar una ficha de pre-diseño"),
)
"""(title, message) pairs: three policy questions and the start of the ficha intake."""
MAX_TITLE = 60


class AssistantThread:
    """One agent-container thread: ``channel`` (the DM) and its root ``ts``."""

    def __init__(self, client: WebClient, channel: str, ts: str) -> None:
        self.client = client
        self.channel = channel
        self.ts = ts

    @classmethod
    def of_started(cls, client: WebClient, event: dict[str, Any]) -> AssistantThread:
        """The thread an ``assistant_thread_started`` event opened."""
        thread = event.get("assistant_thread") or {}
        return cls(client, str(thread.get("channel_id", "")), str(thread.get("thread_ts", "")))

    def _courtesy(self, call: Callable[..., object], **args: Any) -> None:
        try:
            call(channel_id=self.channel, thread_ts=self.ts, **args)
        except SlackApiError as exc:
            log.info("Slack rechazó una llamada del asistente: %s", exc.response.get("error"))

    def welcome(self) -> None:
        """Greet and offer the suggested prompts."""
        self.client.chat_postMessage(channel=self.channel, thread_ts=self.ts, text=WELCOME)
        prompts = [{"title": title, "message": message} for title, message in SUGGESTED_PROMPTS]
        self._courtesy(
            self.client.assistant_threads_setSuggestedPrompts, title=PROMPTS_TITLE, prompts=prompts
        )

    def title(self, question: str) -> None:
        """Name the thread after its first question."""
        title = clip(" ".join(question.split()), MAX_TITLE)
        self._courtesy(self.client.assistant_threads_setTitle, title=title)

    def status(self, text: str) -> None:
        """Show ``text`` under the thread until the next message is posted."""
        self._courtesy(self.client.assistant_threads_setStatus, status=text)


__all__ = ["SUGGESTED_PROMPTS", "AssistantThread"]
