"""Questions: @mentions, DMs and assistant threads, plain questions in configured channels,
and follow-ups in a thread the bot already answered."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from api.slack.assistant_thread import AssistantThread
from api.slack.errors import acknowledged
from api.slack.intake_chat import IntakeChat
from api.slack.notifier import SlackNotifier
from api.slack.replies import Replier
from api.slack.threads import ThreadRef, without_mentions
from assistant.wiring import Services

IGNORED_SUBTYPES = {"message_changed", "message_deleted", "channel_join", "channel_leave"}


class QuestionListeners:
    """Decides which messages are questions and hands them to the `Replier`."""

    def __init__(self, services: Services, replier: Replier, intake: IntakeChat) -> None:
        self.services = services
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
        text = without_mentions(event.get("text", ""))
        self.replier.answer(client, where, text=text, ts=event["ts"], reply_ts=where.thread_ts)

    def answered_thread(self, where: ThreadRef, event: dict[str, Any]) -> bool:
        """True for a reply in a channel thread the bot already answered in (where the
        channel does not ask for a new @mention)."""
        if not event.get("thread_ts") or where.channel in self.slack.mention_only_channels:
            return False
        return bool(self.services.conversations.history(where.conversation_id, limit=1))

    def on_message(self, event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        """A plain message: a DM (or assistant thread), a question in a channel configured for
        plain questions, or a follow-up in a thread the bot answered."""
        if event.get("subtype") in IGNORED_SUBTYPES or not event.get("user"):
            return
        text = event.get("text", "") or ""
        if context.bot_user_id and f"<@{context.bot_user_id}" in text:
            return  # the app_mention listener answers it
        direct = event.get("channel_type") == "im"
        where = ThreadRef.of_event(event, direct=direct)
        if not self.enabled(where.channel):
            return
        text = without_mentions(text)
        if direct and self.intake.wants(where.user_id, text):
            self.intake.turn(
                client,
                channel=where.channel,
                user_id=where.user_id,
                text=text,
                thread_ts=where.thread_ts or None,
            )
        elif direct and event.get("thread_ts"):
            thread = AssistantThread(client, where.channel, str(event["thread_ts"]))
            if not self.services.conversations.history(where.conversation_id, limit=1):
                thread.title(text)
            self.replier.answer(
                client, where, text=text, ts=event["ts"], reply_ts=thread.ts, status=thread.status
            )
        elif direct:
            self.replier.answer(client, where, text=text, ts=event["ts"], reply_ts=None)
        elif where.channel in self.slack.question_channels or self.answered_thread(where, event):
            self.replier.answer(client, where, text=text, ts=event["ts"], reply_ts=where.thread_ts)

    def on_thread_started(self, event: dict[str, Any], client: WebClient) -> None:
        """The agent container opened a thread: greet and suggest what to ask."""
        AssistantThread.of_started(client, event).welcome()


def build_replier(services: Services) -> Replier:
    """The replier with the per-user Slack rate limit."""
    return Replier(services=services, limiter=services.slack_rate_limiter)


def register(app: App, services: Services, notifier: SlackNotifier) -> None:
    """Listen to mentions, messages and the agent container's new threads."""
    intake = IntakeChat(services, notifier)
    listeners = QuestionListeners(services, build_replier(services), intake)
    app.event("app_mention")(acknowledged(listeners.on_mention))
    app.event("message")(acknowledged(listeners.on_message))
    app.event("assistant_thread_started")(acknowledged(listeners.on_thread_started))


__all__ = ["QuestionListeners", "build_replier", "register"]
