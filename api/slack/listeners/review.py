"""DER's review in its channel: "Aprobar" and "Devolver con comentarios" (modal)."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from api.slack import blocks
from api.slack.errors import acknowledged
from api.slack.notifier import SlackNotifier, slack_actor
from assistant.errors import USER_ERRORS, user_message
from assistant.wiring import Services


class ReviewListeners:
    """Records DER's decisions and delivers them to the unit at once."""

    def __init__(self, services: Services, notifier: SlackNotifier) -> None:
        self.services = services
        self.slack = services.settings.slack
        self.notifier = notifier

    def _allowed(self, client: WebClient, channel: str, user: str) -> bool:
        if user in self.slack.der_users:
            return True
        client.chat_postEphemeral(channel=channel, user=user, text=blocks.ONLY_DER)
        return False

    def _done(self, client: WebClient, channel: str, ts: str, user: str, approved: bool) -> None:
        client.chat_postMessage(channel=channel, thread_ts=ts, text=blocks.decided(user, approved))
        self.notifier.drain(self.services.notification_outbox)

    def on_approve(self, body: dict[str, Any], client: WebClient) -> None:
        """ "Aprobar"."""
        user, channel = body["user"]["id"], body["channel"]["id"]
        if not self._allowed(client, channel, user):
            return
        ficha_id = body["actions"][0]["value"]
        self.services.ficha_review.approve(slack_actor(user, self.slack), ficha_id)
        self._done(client, channel, body["message"]["ts"], user, approved=True)

    def on_return(self, body: dict[str, Any], client: WebClient) -> None:
        """ "Devolver con comentarios": ask for the comments in a modal."""
        user, channel = body["user"]["id"], body["channel"]["id"]
        if not self._allowed(client, channel, user):
            return
        view = blocks.return_modal(
            body["actions"][0]["value"], channel=channel, ts=body["message"]["ts"]
        )
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
        try:
            self.services.ficha_review.return_to_unit(
                slack_actor(user, self.slack), metadata["ficha_id"], reason=comment
            )
        except USER_ERRORS as error:
            ack(response_action="errors", errors={blocks.INPUT_COMMENT: user_message(error)})
            return
        ack()
        self._done(client, metadata["channel"], metadata["ts"], user, approved=False)


def register(app: App, services: Services, notifier: SlackNotifier) -> None:
    """Listen to DER's buttons and modal."""
    listeners = ReviewListeners(services, notifier)
    app.action(blocks.ACTION_DER_APPROVE)(acknowledged(listeners.on_approve))
    app.action(blocks.ACTION_DER_RETURN)(acknowledged(listeners.on_return))
    app.view(blocks.VIEW_DER_RETURN)(acknowledged(listeners.on_return_comments, ack_first=False))


__all__ = ["ReviewListeners", "register"]
