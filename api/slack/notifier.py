"""Delivers the intake outbox's notifications in Slack: DER's channel and the unit's DM."""

from __future__ import annotations

from slack_sdk import WebClient

from api.slack import blocks
from api.slack.review_desk import ReviewDesk
from api.slack.review_message import review_blocks
from assistant.errors import ConfigurationError
from assistant.faq.notices import COMMUNICATIONS_RECIPIENT
from assistant.settings import SlackSettings
from intake import DER_RECIPIENT, Actor, DrainReport, Notification, Outbox, Role


def slack_actor(user_id: str, slack: SlackSettings) -> Actor:
    """The intake's actor for a Slack user (DER reviewers are listed in the settings)."""
    roles = [Role.UNIT, Role.DER] if user_id in slack.der_users else [Role.UNIT]
    return Actor.of(user_id, roles=roles)


class SlackNotifier:
    """A `NotificationChannel`: one DER channel message per sent version (its card, with the
    DOCX in the message's thread), a DM per decision.

    Any Slack error propagates, so the outbox keeps the notification and retries it.
    """

    name = "slack"

    def __init__(self, client: WebClient, slack: SlackSettings, desk: ReviewDesk) -> None:
        self.client = client
        self.slack = slack
        self.desk = desk

    def deliver(self, notification: Notification) -> None:
        """Post ``notification`` where it belongs."""
        if notification.recipient == DER_RECIPIENT:
            self._to_der(notification)
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

    def _to_der(self, notification: Notification) -> None:
        if not self.slack.der_channel:
            raise ConfigurationError(blocks.NO_DER_CHANNEL)
        ficha_id = str(notification.payload.get("ficha_id") or notification.ficha_id or "")
        version = notification.payload.get("version")
        card = self.desk.card(ficha_id, int(version) if version else None)
        posted = self.client.chat_postMessage(
            channel=self.slack.der_channel, text=card.fallback(), blocks=review_blocks(card)
        )
        document = self.desk.docx(ficha_id, card.version.number)
        self.client.files_upload_v2(
            channel=self.slack.der_channel,
            thread_ts=str(posted["ts"]),
            content=document.content,
            filename=document.filename,
            title=f"Ficha «{card.name}», versión {card.version.number}",
        )

    def drain(self, outbox: Outbox) -> DrainReport:
        """Deliver every due notification of ``outbox``."""
        return outbox.drain(self)


__all__ = ["SlackNotifier", "slack_actor"]
