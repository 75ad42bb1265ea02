"""The guided ficha intake in a Slack DM, through the shared conversation router."""

from __future__ import annotations

from slack_sdk import WebClient

from api.slack import blocks
from api.slack.notifier import SlackNotifier, slack_actor
from api.slack.people import SlackPeople
from assistant.wiring import Services


class IntakeChat:
    """Runs the intake turn by turn in the user's DM and drains the outbox after sending."""

    def __init__(self, services: Services, notifier: SlackNotifier) -> None:
        self.services = services
        self.slack = services.settings.slack
        self.notifier = notifier
        self.people = SlackPeople(services.users)

    def wants(self, user_id: str, text: str) -> bool:
        """True when ``text`` belongs to the intake (an intake is open, or one is asked for)."""
        route = self.services.conversation_router.route(
            text, actor=slack_actor(user_id, self.slack)
        )
        return route.to_intake

    def turn(
        self,
        client: WebClient,
        *,
        channel: str,
        user_id: str,
        text: str,
        thread_ts: str | None = None,
    ) -> None:
        """Hand ``text`` to the intake and post its reply (with buttons) in the DM (in
        ``thread_ts`` when the user writes in a thread, e.g. the agent container's)."""
        reply = self.services.conversation_router.handle(
            text,
            actor=slack_actor(user_id, self.slack, self.people.unit(client, user_id)),
            conversation_id=f"slack:{channel}",
            channel="slack",
        )
        if reply.intake is None:  # the router answered a question: not expected here
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=reply.text)
            return
        client.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            text=reply.text,
            blocks=blocks.intake_blocks(reply.intake),
        )
        if reply.intake.submitted_version is not None:
            self.notifier.drain(self.services.notification_outbox)

    def open_dm(self, client: WebClient, user_id: str) -> str:
        """The user's DM channel with the bot."""
        return str(client.conversations_open(users=user_id)["channel"]["id"])


__all__ = ["IntakeChat"]
