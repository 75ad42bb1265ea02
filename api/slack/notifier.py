"""Delivers the intake outbox's notifications in Slack: DER's channel and the unit's DM."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from api.slack import blocks
from api.slack.review_desk import ReviewDesk
from api.slack.review_message import ReviewCard, review_blocks, superseded_blocks
from assistant.errors import ConfigurationError
from assistant.faq.notices import COMMUNICATIONS_RECIPIENT
from assistant.settings import SlackSettings
from assistant.storage.der_messages import DerMessage, DerMessageLedger
from intake import DER_RECIPIENT, Actor, DrainReport, Notification, Outbox, Role


def slack_actor(user_id: str, slack: SlackSettings, unit: str | None = None) -> Actor:
    """The intake's actor for a Slack user (DER reviewers are listed in the settings; the
    unit, when known, is the one of the person registered with the same email)."""
    roles = [Role.UNIT, Role.DER] if user_id in slack.der_users else [Role.UNIT]
    return Actor.of(user_id, unit=unit, roles=roles)


GONE = {"message_not_found", "cant_update_message", "channel_not_found", "is_archived"}
"""Slack errors of updating an old DER message that no retry will fix (it was deleted)."""


class SlackNotifier:
    """A `NotificationChannel`: one DER channel message per sent version (its card, with the
    DOCX in the message's thread; the messages of earlier versions then say they were
    replaced), a DM per decision.

    Any other Slack error propagates, so the outbox keeps the notification and retries it; a
    retry after the card and its DOCX were posted only updates the earlier messages.
    """

    name = "slack"

    def __init__(
        self,
        client: WebClient,
        slack: SlackSettings,
        desk: ReviewDesk,
        *,
        messages: DerMessageLedger,
    ) -> None:
        self.client = client
        self.slack = slack
        self.desk = desk
        self.messages = messages

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
        number = card.version.number
        if self.messages.posted(ficha_id, number) is None:  # a retry finds it posted
            posted = self.client.chat_postMessage(
                channel=self.slack.der_channel, text=card.fallback(), blocks=review_blocks(card)
            )
            message = DerMessage(self.slack.der_channel, str(posted["ts"]), ficha_id, number)
            document = self.desk.docx(ficha_id, number)
            self.client.files_upload_v2(
                channel=self.slack.der_channel,
                thread_ts=message.ts,
                content=document.content,
                filename=document.filename,
                title=f"Ficha «{card.name}», versión {number}",
            )
            self.messages.record(message)  # delivered: message and document
        for older in self.messages.older(ficha_id, number):
            self.supersede(older, card)

    def supersede(self, message: DerMessage, current: ReviewCard) -> None:
        """Update ``message`` (an earlier version's) to say ``current`` replaced it: no
        buttons, the decision it showed kept."""
        old = self.desk.card(message.ficha_id, message.version)
        try:
            self.client.chat_update(
                channel=message.channel,
                ts=message.ts,
                text=old.superseded_fallback(current.version.number),
                blocks=superseded_blocks(old, current.version.number, message.decision),
            )
        except SlackApiError as error:
            if error.response.get("error") not in GONE:
                raise
        self.messages.replaced(message)

    def drain(self, outbox: Outbox) -> DrainReport:
        """Deliver every due notification of ``outbox``."""
        return outbox.drain(self)


__all__ = ["SlackNotifier", "slack_actor"]
