"""The guided ficha intake in a Slack DM, through the shared conversation router."""

from __future__ import annotations

from slack_sdk import WebClient

from api.slack import blocks
from api.slack.notifier import SlackNotifier, slack_actor
from assistant.chat.router import wants_new_ficha, wants_to_resume
from assistant.wiring import Services


class IntakeChat:
    """Runs the intake turn by turn in the user's DM and drains the outbox after sending."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.slack = services.settings.slack

    def wants(self, user_id: str, text: str) -> bool:
        """True when ``text`` belongs to the intake (an intake is open, or one is asked for)."""
        if wants_new_ficha(text) or wants_to_resume(text)[0]:
            return True
        return self.services.intake_sessions.is_active(slack_actor(user_id, self.slack))

    def turn(self, client: WebClient, *, channel: str, user_id: str, text: str) -> None:
        """Hand ``text`` to the intake and post its reply (with buttons) in the DM."""
        reply = self.services.conversation_router.handle(
            text,
            actor=slack_actor(user_id, self.slack),
            conversation_id=f"slack:{channel}",
            channel="slack",
        )
        client.chat_postMessage(
            channel=channel, text=reply.text, blocks=blocks.intake_blocks(reply.text)
        )
        if reply.intake is not None and reply.intake.submitted_version is not None:
            SlackNotifier(client, self.slack).drain(self.services.notification_outbox)

    def open_dm(self, client: WebClient, user_id: str) -> str:
        """The user's DM channel with the bot."""
        return str(client.conversations_open(users=user_id)["channel"]["id"])


__all__ = ["IntakeChat"]
