"""DER's review in its channel: "Aprobar" (confirmed in Slack) and "Devolver con comentarios"
(modal). After a decision the message loses its buttons and says who decided and when; a
message of an older version cannot act on the ficha."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from api.slack import blocks
from api.slack.errors import acknowledged
from api.slack.notifier import SlackNotifier, slack_actor
from api.slack.review_message import (
    ReviewCard,
    decided_blocks,
    decision_line,
    parse_value,
    stale,
)
from assistant.errors import USER_ERRORS, user_message
from assistant.storage.der_messages import DerMessage
from assistant.wiring import Services


class ReviewListeners:
    """Records DER's decisions, updates the message and delivers them to the unit at once."""

    def __init__(self, services: Services, notifier: SlackNotifier) -> None:
        self.services = services
        self.slack = services.settings.slack
        self.notifier = notifier
        self.desk = notifier.desk

    def _allowed(self, client: WebClient, channel: str, user: str) -> bool:
        if user in self.slack.der_users:
            return True
        client.chat_postEphemeral(channel=channel, user=user, text=blocks.ONLY_DER)
        return False

    def _current(
        self, client: WebClient, value: str, *, channel: str, ts: str, user: str
    ) -> ReviewCard | None:
        """The card the button refers to; None (and the old message updated) when a newer
        version was sent since."""
        ficha_id, version = parse_value(value)
        card = self.desk.card(ficha_id)
        if version is None or version == card.version.number:
            return card
        message = self.notifier.messages.at(channel, ts)
        self.notifier.supersede(message or DerMessage(channel, ts, ficha_id, version), card)
        client.chat_postEphemeral(
            channel=channel, user=user, text=stale(version, card.version.number)
        )
        return None

    def _done(
        self,
        client: WebClient,
        card: ReviewCard,
        *,
        channel: str,
        ts: str,
        user: str,
        approved: bool,
    ) -> None:
        decision = decision_line(user_id=user, approved=approved, at=datetime.now(UTC))
        client.chat_update(
            channel=channel,
            ts=ts,
            text=card.decided_fallback(approved),
            blocks=decided_blocks(card, decision),
        )
        self.notifier.messages.decided(channel, ts, decision)
        client.chat_postMessage(channel=channel, thread_ts=ts, text=blocks.decided(user, approved))
        self.notifier.drain(self.services.notification_outbox)

    def on_approve(self, body: dict[str, Any], client: WebClient) -> None:
        """ "Aprobar" (Slack already asked for confirmation)."""
        user, channel, ts = body["user"]["id"], body["channel"]["id"], body["message"]["ts"]
        if not self._allowed(client, channel, user):
            return
        card = self._current(client, body["actions"][0]["value"], channel=channel, ts=ts, user=user)
        if card is None:
            return
        self.services.ficha_review.approve(slack_actor(user, self.slack), card.stored.id)
        self._done(client, card, channel=channel, ts=ts, user=user, approved=True)

    def on_return(self, body: dict[str, Any], client: WebClient) -> None:
        """ "Devolver con comentarios": ask for the comments in a modal."""
        user, channel, ts = body["user"]["id"], body["channel"]["id"], body["message"]["ts"]
        if not self._allowed(client, channel, user):
            return
        value = body["actions"][0]["value"]
        if self._current(client, value, channel=channel, ts=ts, user=user) is None:
            return
        view = blocks.return_modal(value, channel=channel, ts=ts)
        client.views_open(trigger_id=body["trigger_id"], view=view)

    def on_return_comments(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        """The modal was sent: return the ficha with the comments and tell the unit; a
        blank comment or a refusal (the ficha changed meanwhile) is shown in the modal."""
        user = body["user"]["id"]
        metadata = json.loads(view["private_metadata"])
        values = view["state"]["values"][blocks.INPUT_COMMENT][blocks.INPUT_COMMENT]
        comment = (values.get("value") or "").strip()
        if not comment:
            ack(response_action="errors", errors={blocks.INPUT_COMMENT: blocks.COMMENT_NEEDED})
            return
        ficha_id, version = parse_value(metadata["ficha_id"])
        try:
            card = self.desk.card(ficha_id)
            if version is not None and version != card.version.number:
                refusal = stale(version, card.version.number)
                ack(response_action="errors", errors={blocks.INPUT_COMMENT: refusal})
                return
            self.services.ficha_review.return_to_unit(
                slack_actor(user, self.slack), ficha_id, reason=comment
            )
        except USER_ERRORS as error:
            ack(response_action="errors", errors={blocks.INPUT_COMMENT: user_message(error)})
            return
        ack()
        channel, ts = metadata["channel"], metadata["ts"]
        self._done(client, card, channel=channel, ts=ts, user=user, approved=False)


def register(app: App, services: Services, notifier: SlackNotifier) -> None:
    """Listen to DER's buttons and modal."""
    listeners = ReviewListeners(services, notifier)
    app.action(blocks.ACTION_DER_APPROVE)(acknowledged(listeners.on_approve))
    app.action(blocks.ACTION_DER_RETURN)(acknowledged(listeners.on_return))
    app.view(blocks.VIEW_DER_RETURN)(acknowledged(listeners.on_return_comments, ack_first=False))


__all__ = ["ReviewListeners", "register"]
