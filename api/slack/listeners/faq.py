"""The FAQ bank in Slack: ``/faq buscar …`` for everyone, "Convertir en FAQ" for
communications."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from api.slack import blocks
from api.slack.notifier import SlackNotifier
from api.slack.threads import ThreadRef
from assistant.faq.revision import FaqContent
from assistant.faq.workflow import Actor, Role
from assistant.wiring import Services
from knowledge import content_stems

MAX_RESULTS = 5


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

    def on_command(self, ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        """``/faq buscar <palabras>``: answer privately with the best matches."""
        ack()
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

    def on_convert(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        """ "Convertir en FAQ": a draft with the question and the bot's answer (communications
        only); the question leaves the unresolved queue."""
        ack()
        where = ThreadRef.of_action(body)
        value = str(body["actions"][0].get("value") or "")
        if where.user_id not in self.slack.communications_users:
            client.chat_postEphemeral(
                channel=where.channel, user=where.user_id, text=blocks.ONLY_COMMUNICATIONS
            )
            return
        if not value.isdigit():
            client.chat_postEphemeral(
                channel=where.channel, user=where.user_id, text=blocks.NO_ANSWER_TO_RATE
            )
            return
        logged = self.services.question_log.get(int(value))
        answer = str((body.get("message") or {}).get("text") or "")
        actor = Actor.of(where.user_id, Role.COMUNICACIONES)
        record = self.services.faq_bank.create(
            FaqContent(question=logged.question, answer=answer), actor, note="desde Slack"
        )
        self.services.question_log.mark_resolved([logged.log_id], record.entry_id)
        client.chat_postEphemeral(
            channel=where.channel,
            user=where.user_id,
            thread_ts=where.thread_ts,
            text=blocks.faq_drafted(record.entry_id),
        )


def register(app: App, services: Services, notifier: SlackNotifier) -> None:
    """Listen to ``/faq`` and "Convertir en FAQ" (no notifications to deliver)."""
    del notifier
    listeners = FaqListeners(services)
    app.command("/faq")(listeners.on_command)
    app.action(blocks.ACTION_TO_FAQ)(listeners.on_convert)


__all__ = ["FaqListeners", "register"]
