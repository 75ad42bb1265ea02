"""The FAQ bank in Slack: ``/faq buscar …`` for everyone, "Convertir en FAQ" for
communications."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from api.slack import answer_message, blocks
from api.slack.errors import acknowledged
from api.slack.notifier import SlackNotifier
from api.slack.threads import ThreadRef
from assistant.faq.revision import FaqContent
from assistant.faq.workflow import Actor, Role
from assistant.usage.question_log import LoggedQuestion
from assistant.wiring import Services
from knowledge import content_stems

MAX_RESULTS = 5
CITATION_MARKER = re.compile(r" ?\[\d+\]")
"""An answer's «[1]» markers, which point at sources the draft does not carry."""


class FaqListeners:
    """Searches published entries and drafts new ones from bot answers."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.slack = services.settings.slack

    def search(self, query: str) -> list[tuple[str, str, str]]:
        """Published entries sharing the most content words with ``query``."""
        wanted = set(content_stems(query))
        scored = []
        for entry in self.services.faq_bank.entries():
            words = set(content_stems(" ".join(entry.phrasings)))
            overlap = len(wanted & words)
            if overlap:
                scored.append((overlap, entry.entry_id, entry.question, entry.answer))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [(e, q, a) for _, e, q, a in scored[:MAX_RESULTS]]

    def on_command(self, command: dict[str, Any], respond: Respond) -> None:
        """``/faq buscar <palabras>``: answer privately with the best matches."""
        verb, _, query = (command.get("text") or "").strip().partition(" ")
        if verb.lower() != "buscar" or not query.strip():
            respond(text=blocks.FAQ_USAGE, response_type="ephemeral")
            return
        found = self.search(query)
        respond(
            text=f"Preguntas frecuentes: {len(found)}",
            blocks=blocks.faq_results(query.strip(), found),
            response_type="ephemeral",
        )

    def answer_of(self, logged: LoggedQuestion) -> str:
        """The Markdown the bot answered ``logged`` with, without its citation markers (the
        draft has no sources to number); empty when the conversation is gone."""
        turns = self.services.conversations.history(logged.conversation_id or "", limit=50)
        answers = [t.answer for t in turns if t.question == logged.question]
        return CITATION_MARKER.sub("", answers[-1]).strip() if answers else ""

    def on_convert(self, body: dict[str, Any], client: WebClient) -> None:
        """ "Convertir en FAQ" (message shortcut): a draft with the question and the bot's
        answer (communications only); the question leaves the unresolved queue."""
        where = ThreadRef.of_action(body)
        if body.get("type") == "message_action":  # the shortcut on one of the bot's answers
            value = answer_message.logged_answer(body.get("message") or {})
        else:  # the button of answers posted before the shortcut
            value = str(body["actions"][0].get("value") or "")

        def tell(text: str) -> None:
            client.chat_postEphemeral(
                channel=where.channel, user=where.user_id, thread_ts=where.thread_ts, text=text
            )

        if where.user_id not in self.slack.communications_users:
            tell(blocks.ONLY_COMMUNICATIONS)
            return
        if not value.isdigit():
            tell(answer_message.NO_ANSWER_TO_RATE)
            return
        logged = self.services.question_log.get(int(value))
        answer = self.answer_of(logged)
        actor = Actor.of(where.user_id, Role.COMUNICACIONES)
        record = self.services.faq_bank.create(
            FaqContent(question=logged.question, answer=answer), actor, note="desde Slack"
        )
        self.services.question_log.mark_resolved([logged.log_id], record.entry_id)
        tell(blocks.faq_drafted(record.entry_id))


def register(app: App, services: Services, notifier: SlackNotifier) -> None:
    """Listen to ``/faq`` and "Convertir en FAQ" (no notifications to deliver)."""
    del notifier
    listeners = FaqListeners(services)
    app.command("/faq")(acknowledged(listeners.on_command))
    app.shortcut(answer_message.ACTION_TO_FAQ)(acknowledged(listeners.on_convert))
    app.action(answer_message.ACTION_TO_FAQ)(acknowledged(listeners.on_convert))


__all__ = ["FaqListeners", "register"]
