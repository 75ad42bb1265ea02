"""Socket Mode: the bot without a public URL (``asistente slack`` with ``mode=socket``)."""

from __future__ import annotations

import logging
import threading

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from api.slack.app import create_slack_app
from api.slack.client import build_notifier
from assistant.errors import ConfigurationError
from assistant.settings import Settings
from assistant.wiring import Services

log = logging.getLogger(__name__)

DRAIN_EVERY_S = 60.0
"""How often pending notifications (e.g. after a Slack outage) are retried."""


def drain_periodically(app: App, services: Services, stop: threading.Event) -> None:
    """Retry the outbox every `DRAIN_EVERY_S` seconds until ``stop`` is set."""
    notifier = build_notifier(services, client=app.client)
    while not stop.wait(DRAIN_EVERY_S):
        report = notifier.drain(services.notification_outbox)
        if report.delivered or report.failed:
            log.info(report.summary)


def serve_socket_mode(settings: Settings, services: Services) -> None:
    """Connect to Slack over Socket Mode and serve until interrupted.

    Raises:
        ConfigurationError: When the app-level token is missing.
    """
    if settings.slack.app_token is None:
        raise ConfigurationError(
            "Falta el token de aplicación de Slack (ASISTENTE_SLACK__APP_TOKEN) para Socket Mode."
        )
    services.answerer.warm_up()
    app = create_slack_app(settings, services)
    stop = threading.Event()
    drainer = threading.Thread(
        target=drain_periodically, args=(app, services, stop), daemon=True, name="bandeja-slack"
    )
    drainer.start()
    try:
        SocketModeHandler(app, app_token=settings.slack.app_token.get_secret_value()).start()
    finally:
        stop.set()


__all__ = ["DRAIN_EVERY_S", "drain_periodically", "serve_socket_mode"]
