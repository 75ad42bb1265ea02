"""The one global error handler of the Slack app: never silent, never leaking details."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from api.slack import blocks
from assistant.errors import USER_ERRORS, user_message

log = logging.getLogger(__name__)


def _where(body: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(channel, thread_ts, user) to answer an error in, from any kind of Slack payload."""
    if body.get("type") == "event_callback":
        event = body.get("event") or {}
        return event.get("channel"), event.get("thread_ts") or event.get("ts"), event.get("user")
    if body.get("command"):
        return body.get("channel_id"), None, body.get("user_id")
    user = (body.get("user") or {}).get("id")
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id"
    )
    return channel or user, (body.get("container") or {}).get("thread_ts"), user


def install_error_handler(app: App) -> None:
    """Register ``app.error``: a short Spanish apology with a reference id, in place."""

    @app.error
    def apologize(error: Exception, body: dict[str, Any], client: WebClient) -> None:
        reference = uuid.uuid4().hex[:8]
        if isinstance(error, USER_ERRORS):
            text = blocks.user_error(user_message(error))
            log.info("Error de usuario en Slack (ref %s): %s", reference, type(error).__name__)
        else:
            text = blocks.apology(reference)
            log.error("Fallo atendiendo a Slack (ref %s)", reference, exc_info=error)
        channel, thread_ts, user = _where(body or {})
        if not channel:
            return
        try:
            if body.get("type") == "event_callback" or not user:
                client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text)
            else:
                client.chat_postEphemeral(channel=channel, user=user, text=text)
        except SlackApiError as exc:
            log.error(
                "No se pudo avisar del error %s en Slack: %s", reference, exc.response.get("error")
            )


__all__ = ["install_error_handler"]
