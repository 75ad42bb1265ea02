"""The Slack bot: answers in threads, ficha intake in DMs, DER review in a channel."""

from api.slack.app import create_slack_app
from api.slack.client import build_web_client

__all__ = ["build_web_client", "create_slack_app"]
