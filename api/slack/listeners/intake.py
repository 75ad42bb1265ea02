"""The ficha intake: ``/ficha`` and the buttons and selects of the intake's replies."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from api.slack import blocks
from api.slack.errors import acknowledged
from api.slack.intake_chat import IntakeChat
from api.slack.notifier import SlackNotifier
from assistant.wiring import Services


class IntakeListeners:
    """Starts the intake in a DM and turns clicks into the intake's answers."""

    def __init__(self, chat: IntakeChat) -> None:
        self.chat = chat

    def on_command(self, ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        """``/ficha``: acknowledge privately and start (or resume) the intake in a DM."""
        ack(text=blocks.FICHA_IN_DM)
        user = command["user_id"]
        channel = self.chat.open_dm(client, user)
        text = (command.get("text") or "").strip() or blocks.FICHA_START
        self.chat.turn(client, channel=channel, user_id=user, text=text)

    def on_choice(self, body: dict[str, Any], client: WebClient) -> None:
        """An option button, the options select or "Enviar a DER": it answers for the user."""
        action = (body.get("actions") or [{}])[0]
        value = action.get("value") or (action.get("selected_option") or {}).get("value", "")
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
            "channel_id"
        )
        user = body["user"]["id"]
        thread_ts = (body.get("container") or {}).get("thread_ts") or (
            body.get("message") or {}
        ).get("thread_ts")
        self.chat.turn(
            client, channel=str(channel), user_id=user, text=str(value), thread_ts=thread_ts
        )


def register(app: App, services: Services, notifier: SlackNotifier) -> None:
    """Listen to ``/ficha`` and the intake's buttons."""
    listeners = IntakeListeners(IntakeChat(services, notifier))
    app.command("/ficha")(acknowledged(listeners.on_command, ack_first=False))
    choice = (
        rf"^({blocks.ACTION_FICHA_OPTION}|{blocks.ACTION_FICHA_CHOICE}|{blocks.ACTION_FICHA_SEND})"
    )
    app.action(re.compile(rf"{choice}(_\d+)?$"))(acknowledged(listeners.on_choice))


__all__ = ["IntakeListeners", "register"]
