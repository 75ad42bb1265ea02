"""Buttons under an answer: útil, no útil (with an optional reason) and "ask a person"."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from api.slack import blocks
from api.slack.notifier import SlackNotifier
from api.slack.threads import ThreadRef
from assistant.usage.feedback import Feedback
from assistant.wiring import Services


def _log_id(body: dict[str, Any]) -> int | None:
    value = str((body.get("actions") or [{}])[0].get("value") or "")
    return int(value) if value.isdigit() else None


class FeedbackListeners:
    """Records feedback in the question log; escalations join the FAQ queue."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def _rate(self, body: dict[str, Any], client: WebClient, value: Feedback) -> int | None:
        where = ThreadRef.of_action(body)
        log_id = _log_id(body)
        if log_id is None:
            client.chat_postEphemeral(
                channel=where.channel, user=where.user_id, text=blocks.NO_ANSWER_TO_RATE
            )
            return None
        self.services.question_log.give_feedback(log_id, value)
        return log_id

    def on_useful(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        """ "Útil": record it and thank the user privately."""
        ack()
        if self._rate(body, client, Feedback.UTIL) is not None:
            where = ThreadRef.of_action(body)
            client.chat_postEphemeral(
                channel=where.channel,
                user=where.user_id,
                thread_ts=where.thread_ts,
                text=blocks.THANKS,
            )

    def on_not_useful(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        """ "No útil": record it now, then offer a modal for an optional reason."""
        ack()
        log_id = self._rate(body, client, Feedback.NO_UTIL)
        if log_id is not None:
            where = ThreadRef.of_action(body)
            client.views_open(
                trigger_id=body["trigger_id"],
                view=blocks.not_useful_modal(
                    log_id, channel=where.channel, thread_ts=where.thread_ts
                ),
            )

    def on_reason(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        """The modal was sent: store the reason with the "no útil"."""
        ack()
        metadata = json.loads(view.get("private_metadata") or "{}")
        state = view.get("state", {}).get("values", {})
        reason = (state.get(blocks.INPUT_REASON, {}).get(blocks.INPUT_REASON) or {}).get("value")
        if metadata.get("log_id") is not None:
            self.services.question_log.give_feedback(
                int(metadata["log_id"]), Feedback.NO_UTIL, reason
            )

    def on_human(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        """ "Necesito ayuda de una persona": mention the help group and queue the question."""
        ack()
        where = ThreadRef.of_action(body)
        log_id = _log_id(body)
        if log_id is not None:
            self.services.question_log.give_feedback(
                log_id, Feedback.NO_UTIL, blocks.ESCALATION_REASON
            )
        client.chat_postMessage(
            channel=where.channel,
            thread_ts=where.thread_ts,
            text=blocks.escalation(where.user_id, self.services.settings.slack.help_group),
        )


def register(app: App, services: Services, notifier: SlackNotifier) -> None:
    """Listen to the feedback buttons and the reason modal (no notifications to deliver)."""
    del notifier
    listeners = FeedbackListeners(services)
    actions: dict[str, Callable[..., None]] = {
        blocks.ACTION_USEFUL: listeners.on_useful,
        blocks.ACTION_NOT_USEFUL: listeners.on_not_useful,
        blocks.ACTION_HUMAN: listeners.on_human,
    }
    for action_id, listener in actions.items():
        app.action(action_id)(listener)
    app.view(blocks.VIEW_NOT_USEFUL)(listeners.on_reason)


__all__ = ["FeedbackListeners", "register"]
