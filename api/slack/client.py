"""The one place that builds the Slack Web API client and the outbox notifier.

Every runner (HTTP events, Socket Mode, the CLI's ``der notificaciones --entregar``) and every
listener gets its client and notifier from here, so all of them retry connection errors and
honour 429 ``Retry-After`` the same way.
"""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from api.slack.notifier import SlackNotifier
from api.slack.review_desk import ReviewDesk
from assistant.errors import ConfigurationError
from assistant.settings import SlackSettings
from assistant.storage.der_messages import DerMessageLedger
from assistant.wiring import Services


def build_web_client(slack: SlackSettings, *, base_url: str | None = None) -> WebClient:
    """A Web API client that retries connection errors and honours 429 ``Retry-After``.

    Raises:
        ConfigurationError: The bot token is not configured.
    """
    if slack.bot_token is None:
        raise ConfigurationError("Falta el token del bot de Slack (ASISTENTE_SLACK__BOT_TOKEN).")
    return WebClient(
        token=slack.bot_token.get_secret_value(),
        base_url=base_url or WebClient.BASE_URL,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
        ],
    )


def build_notifier(services: Services, *, client: WebClient | None = None) -> SlackNotifier:
    """The outbox's Slack channel, over ``client`` (a new retrying client by default)."""
    slack = services.settings.slack
    desk = ReviewDesk(
        catalog=services.ficha_catalog, documents=services.ficha_documents, web_url=slack.web_url
    )
    messages = DerMessageLedger(services.database)
    return SlackNotifier(client or build_web_client(slack), slack, desk, messages=messages)


__all__ = ["build_notifier", "build_web_client"]
