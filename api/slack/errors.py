"""How the Slack app fails: acknowledged first, reported to the person, never to Slack.

Slack shows an action as failed when the HTTP answer is not a 200 within 3 s. Bolt 1.30, when a
listener raises *after* ``ack()``, resets the acknowledgement and answers 404 three seconds
later («didn't call ack()»). So every listener is registered through `acknowledged`: it acks
first (or lets a modal listener ack with its inline errors), runs the listener, and any
exception is reported by `report` to the person who acted, ephemerally, in the thread where
they acted; Bolt never sees it. The global ``app.error`` (`install_error_handler`) stays for
failures outside listeners (middleware) and reports the same way.
"""

from __future__ import annotations

import inspect
import json
import logging
import uuid
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_bolt.kwargs_injection.args import Args
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from api.slack import blocks
from assistant.errors import USER_ERRORS, user_message
from knowledge.errors import ErrorKind, UserFacingError

log = logging.getLogger(__name__)


def _metadata_place(view: dict[str, Any]) -> tuple[str | None, str | None]:
    try:
        metadata = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return None, None
    if not isinstance(metadata, dict):
        return None, None
    return metadata.get("channel"), metadata.get("thread_ts") or metadata.get("ts")


def place(body: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(channel, thread_ts, user) to answer an error in, from any kind of Slack payload."""
    if body.get("type") == "event_callback":
        event = body.get("event") or {}
        thread_ts = event.get("thread_ts")
        if not thread_ts and event.get("channel_type") != "im":
            thread_ts = event.get("ts")  # in a channel the answer starts a thread
        return event.get("channel"), thread_ts, event.get("user")
    if body.get("command"):
        return body.get("channel_id"), None, body.get("user_id")
    user = (body.get("user") or {}).get("id")
    if body.get("type") == "view_submission":
        channel, thread_ts = _metadata_place(body.get("view") or {})
        return channel or user, thread_ts, user
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    thread_ts = container.get("thread_ts") or message.get("thread_ts")
    return channel or user, thread_ts, user


def explanation(error: Exception, reference: str) -> str:
    """What the person reads about ``error``: its own message for a person's mistake or a
    state conflict, a generic apology with ``reference`` for the rest (an unavailable
    service's message is written for administrators, so it is not shown)."""
    if isinstance(error, USER_ERRORS) and not (
        isinstance(error, UserFacingError) and error.kind is ErrorKind.UNAVAILABLE
    ):
        return blocks.user_error(user_message(error))
    return blocks.apology(reference)


def report(error: Exception, body: dict[str, Any], client: WebClient) -> None:
    """Tell the person who acted that ``error`` happened, where they acted; log it."""
    reference = uuid.uuid4().hex[:8]
    text = explanation(error, reference)
    if isinstance(error, USER_ERRORS):
        log.info("Error de usuario en Slack (ref %s): %s", reference, type(error).__name__)
    else:
        log.error("Fallo atendiendo a Slack (ref %s)", reference, exc_info=error)
    channel, thread_ts, user = place(body or {})
    if not channel:
        return
    try:
        if user and channel != user:
            client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts, text=text)
        else:  # a DM (or a user with no channel): a message the person sees
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text)
    except SlackApiError as exc:
        log.error(
            "No se pudo avisar del error %s en Slack: %s", reference, exc.response.get("error")
        )


Listener = Callable[..., Any]


def acknowledged(listener: Listener, *, ack_first: bool = True) -> Callable[[Args], None]:
    """``listener`` as Bolt should run it: acknowledged, and never raising to Bolt.

    Args:
        listener: A listener taking any of Bolt's argument names (``body``, ``client``, …).
        ack_first: Ack before the listener runs (buttons, commands). False for a modal's
            submission, whose listener acks itself with ``response_action`` errors; if it
            raises before acking, the modal is acknowledged (closed) and the error reported.
    """
    names = [name for name in inspect.signature(listener).parameters if name != "self"]

    def run(args: Args) -> None:
        if ack_first:
            args.ack()
        try:
            listener(**{name: getattr(args, name) for name in names})
        except Exception as error:  # noqa: BLE001 — reported to the person, see module doc
            if args.ack.response is None:
                args.ack()
            report(error, args.body, args.client)

    run.acknowledged = True  # type: ignore[attr-defined]  # checked by the tests
    run.__name__ = getattr(listener, "__name__", "listener")
    run.__qualname__ = getattr(listener, "__qualname__", run.__name__)
    return run


def install_error_handler(app: App) -> None:
    """Register ``app.error``: failures outside listeners, reported like theirs."""

    @app.error
    def apologize(error: Exception, body: dict[str, Any], client: WebClient) -> None:
        report(error, body or {}, client)


__all__ = ["acknowledged", "explanation", "install_error_handler", "place", "report"]
