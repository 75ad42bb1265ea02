"""Delivers the intake outbox's notifications in Slack: DER's channel and the unit's DM."""

from __future__ import annotations

from slack_sdk import WebClient

from api.slack import blocks
from assistant.errors import ConfigurationError
from assistant.faq.notices import COMMUNICATIONS_RECIPIENT
from assistant.settings import SlackSettings
from intake import DER_RECIPIENT, Actor, DrainReport, Notification, Outbox, Role


def slack_actor(user_id: str, slack: SlackSettings) -> Actor:
    """The intake's actor for a Slack user (DER reviewers are listed in the settings)."""
    roles = [Role.UNIT, Role.DER] if user_id in slack.der_users else [Role.UNIT]
    return Actor.of(user_id, roles=roles)


class SlackNotifier:
    """A `NotificationChannel`: one DER channel message per submission, a DM per decision.

    Any Slack error propagates, so the outbox keeps the notification and retries it.
    """

    name = "slack"

    def __init__(self, client: WebClient, slack: SlackSettings) -> None:
        self.client = client
        self.slack = slack

    def deliver(self, notification: Notification) -> None:
        """Post ``notification`` where it belongs."""
        ficha_id = str(notification.payload.get("ficha_id") or notification.ficha_id or "")
        if notification.recipient == DER_RECIPIENT:
            if not self.slack.der_channel:
                raise ConfigurationError(blocks.NO_DER_CHANNEL)
            self.client.chat_postMessage(
                channel=self.slack.der_channel,
                text=notification.subject,
                blocks=blocks.der_review_blocks(notification.subject, notification.body, ficha_id),
            )
            return
        if notification.recipient == COMMUNICATIONS_RECIPIENT:
            # the FAQ bank's notices: a DM to each comunicaciones member (none listed: the
            # web's notices are the only place they appear)
            for member in self.slack.communications_users:
                opened = self.client.conversations_open(users=member)
                self.client.chat_postMessage(
                    channel=opened["channel"]["id"],
                    text=blocks.decision_text(notification.subject, notification.body),
                )
            return
        user = str(notification.payload.get("usuario") or notification.recipient.split(":")[-1])
        opened = self.client.conversations_open(users=user)
        self.client.chat_postMessage(
            channel=opened["channel"]["id"],
            text=blocks.decision_text(notification.subject, notification.body),
        )

    def drain(self, outbox: Outbox) -> DrainReport:
        """Deliver every due notification of ``outbox``."""
        return outbox.drain(self)


__all__ = ["SlackNotifier", "slack_actor"]
