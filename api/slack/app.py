"""`create_slack_app(settings, services)`: the Bolt app shared by HTTP and Socket Mode."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient

from api.slack.client import build_notifier, build_web_client
from api.slack.deliveries import delivery_filter
from api.slack.errors import install_error_handler
from api.slack.listeners import faq, feedback, intake, questions, review
from assistant.errors import ConfigurationError
from assistant.settings import Settings
from assistant.storage.event_ledger import SlackEventLedger
from assistant.wiring import Services

log = logging.getLogger(__name__)

LISTENER_FAMILIES = (questions, feedback, intake, review, faq)
"""Every listener module; each one has ``register(app, services, notifier)``."""

QUIET_LOGGERS = ("slack_sdk", "slack_bolt", "api.slack.bolt")
"""Loggers that write payloads (message text) at DEBUG: kept at INFO or above."""


def _keep_message_text_out_of_logs() -> None:
    for name in QUIET_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(max(logger.getEffectiveLevel(), logging.INFO))


def create_slack_app(
    settings: Settings, services: Services, *, client: WebClient | None = None
) -> App:
    """The Bolt app with every listener, the delivery filter and the global error handler.

    Args:
        settings: The assistant's settings (tokens and signing secret are passed explicitly).
        services: The wired services the listeners use.
        client: A Web API client to use instead of the default (tests point it at a stub).

    Raises:
        ConfigurationError: When the bot token, or in HTTP mode the signing secret, is missing.
    """
    slack = settings.slack
    if slack.mode == "http" and slack.signing_secret is None:
        raise ConfigurationError(
            "Falta el secreto de firma de Slack (ASISTENTE_SLACK__SIGNING_SECRET)."
        )
    _keep_message_text_out_of_logs()
    client = client or build_web_client(slack)
    app = App(
        client=client,
        signing_secret=slack.signing_secret.get_secret_value() if slack.signing_secret else "",
        request_verification_enabled=slack.mode == "http",
        token_verification_enabled=False,
        logger=logging.getLogger("api.slack.bolt"),
    )
    app.use(delivery_filter(SlackEventLedger(services.database)))
    install_error_handler(app)
    notifier = build_notifier(services, client=client)
    for family in LISTENER_FAMILIES:
        family.register(app, services, notifier)
    return app


__all__ = ["LISTENER_FAMILIES", "create_slack_app"]
