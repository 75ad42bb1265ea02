"""Questions: @mentions in channels, direct messages, plain questions in configured channels."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from api.slack.intake_chat import IntakeChat
from api.slack.notifier import SlackNotifier
from api.slack.replies import Replier
from api.slack.threads import ThreadRef, without_mentions
from assistant.wiring import Services

IGNORED_SUBTYPES = {"message_changed", "message_deleted", "channel_join", "channel_leave"}


class QuestionListeners:
    """Decides which messages are questions and hands them to the `Replier`."""

    def __init__(self, services: Services, replier: Replier, intake: IntakeChat) -> None:
        self.slack = services.settings.slack
        self.replier = replier
        self.intake = intake

    def enabled(self, channel: str) -> bool:
        """False for channels the bot must ignore."""
        return channel not in self.slack.disabled_channels

    def on_mention(self, event: dict[str, Any], client: WebClient) -> None:
        """An @mention anywhere the bot is: answer in the thread."""
        where = ThreadRef.of_event(event)
        if not self.enabled(where.channel):
            return
        self.replier.answer(
            client, where, text=without_mentions(event.get("text", "")), ts=event["ts"]
        )

    def on_message(self, event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        """A plain message: a DM, or a question in a channel configured for plain questions."""
        if event.get("subtype") in IGNORED_SUBTYPES or not event.get("user"):
            return
        text = event.get("text", "") or ""
        if context.bot_user_id and f"<@{context.bot_user_id}" in text:
            return  # the app_mention listener answers it
        where = ThreadRef.of_event(event)
        direct = event.get("channel_type") == "im"
        if not self.enabled(where.channel):
            return
        text = without_mentions(text)
        if direct and self.intake.wants(where.user_id, text):
            self.intake.turn(client, channel=where.channel, user_id=where.user_id, text=text)
        elif direct or where.channel in self.slack.question_channels:
            self.replier.answer(client, where, text=text, ts=event["ts"])


def build_replier(services: Services) -> Replier:
    """The replier with the per-user Slack rate limit."""
    return Replier(services=services, limiter=services.slack_rate_limiter)


def register(app: App, services: Services, notifier: SlackNotifier) -> None:
    """Listen to mentions and messages."""
    intake = IntakeChat(services, notifier)
    listeners = QuestionListeners(services, build_replier(services), intake)
    app.event("app_mention")(listeners.on_mention)
    app.event("message")(listeners.on_message)


__all__ = ["QuestionListeners", "build_replier", "register"]
