"""Buttons under an answer: útil, no útil (with an optional reason) and "ask a person"."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from api.slack import answer_message
from api.slack.errors import acknowledged
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

    def _tell(self, client: WebClient, where: ThreadRef, text: str) -> None:
        client.chat_postEphemeral(
            channel=where.channel, user=where.user_id, thread_ts=where.thread_ts, text=text
        )

    def _rate(self, body: dict[str, Any], client: WebClient, value: Feedback) -> int | None:
        where = ThreadRef.of_action(body)
        log_id = _log_id(body)
        if log_id is None:
            self._tell(client, where, answer_message.NO_ANSWER_TO_RATE)
            return None
        self.services.question_log.give_feedback(log_id, value)
        return log_id

    def _show_vote(self, body: dict[str, Any], client: WebClient, useful: bool) -> None:
        """Replace the answer's feedback row with the vote (the message shows it to all)."""
        message = body.get("message") or {}
        where = ThreadRef.of_action(body)
        if not message.get("ts") or not message.get("blocks"):
            return
        client.chat_update(
            channel=where.channel,
            ts=str(message["ts"]),
            text=str(message.get("text") or ""),
            blocks=answer_message.with_vote(
                message["blocks"], useful=useful, user_id=where.user_id
            ),
        )

    def on_useful(self, body: dict[str, Any], client: WebClient) -> None:
        """ "Útil": record it, show the vote in the message and thank the user privately."""
        if self._rate(body, client, Feedback.UTIL) is not None:
            self._show_vote(body, client, useful=True)
            self._tell(client, ThreadRef.of_action(body), answer_message.THANKS)

    def on_not_useful(self, body: dict[str, Any], client: WebClient) -> None:
        """ "No útil": record it now, show the vote, then offer a modal for a reason."""
        log_id = self._rate(body, client, Feedback.NO_UTIL)
        if log_id is not None:
            where = ThreadRef.of_action(body)
            client.views_open(
                trigger_id=body["trigger_id"],
                view=answer_message.not_useful_modal(
                    log_id, channel=where.channel, thread_ts=where.thread_ts
                ),
            )
            self._show_vote(body, client, useful=False)

    def on_feedback(self, body: dict[str, Any], client: WebClient) -> None:
        """The answer's 👍/👎 (``feedback_buttons``): the same as "Útil" / "No útil"."""
        action = (body.get("actions") or [{}])[0]
        value = str(action.get("value") or "")
        positive, _, log_id = value.partition(":")
        body = {**body, "actions": [{**action, "value": log_id}]}
        if positive == answer_message.VOTE_UP:
            self.on_useful(body, client)
        else:
            self.on_not_useful(body, client)

    def on_reason(self, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        """The modal was sent: store the reason with the "no útil" and thank the user."""
        metadata = json.loads(view.get("private_metadata") or "{}")
        state = view.get("state", {}).get("values", {})
        reason = (
            state.get(answer_message.INPUT_REASON, {}).get(answer_message.INPUT_REASON) or {}
        ).get("value")
        if metadata.get("log_id") is None:
            return
        self.services.question_log.give_feedback(int(metadata["log_id"]), Feedback.NO_UTIL, reason)
        if reason and metadata.get("channel"):
            user = str((body.get("user") or {}).get("id", ""))
            where = ThreadRef(str(metadata["channel"]), metadata.get("thread_ts") or "", user)
            self._tell(client, where, answer_message.THANKS_REASON)

    def on_human(self, body: dict[str, Any], client: WebClient) -> None:
        """ "Necesito ayuda de una persona": mention the help group and queue the question."""
        where = ThreadRef.of_action(body)
        log_id = _log_id(body)
        if log_id is not None:
            self.services.question_log.give_feedback(
                log_id, Feedback.NO_UTIL, answer_message.ESCALATION_REASON
            )
        client.chat_postMessage(
            channel=where.channel,
            thread_ts=where.thread_ts or None,
            text=answer_message.escalation(where.user_id, self.services.settings.slack.help_group),
        )


def register(app: App, services: Services, notifier: SlackNotifier) -> None:
    """Listen to the feedback buttons and the reason modal (no notifications to deliver)."""
    del notifier
    listeners = FeedbackListeners(services)
    actions: dict[str, Callable[..., None]] = {
        answer_message.ACTION_USEFUL: listeners.on_useful,
        answer_message.ACTION_NOT_USEFUL: listeners.on_not_useful,
        answer_message.ACTION_FEEDBACK: listeners.on_feedback,
        answer_message.ACTION_HUMAN: listeners.on_human,
    }
    for action_id, listener in actions.items():
        app.action(action_id)(acknowledged(listener))
    app.view(answer_message.VIEW_NOT_USEFUL)(acknowledged(listeners.on_reason))


__all__ = ["FeedbackListeners", "register"]
