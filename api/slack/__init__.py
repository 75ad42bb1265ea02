"""The Slack bot: answers in threads, ficha intake in DMs, DER review in a channel."""

from api.slack.app import build_web_client, create_slack_app

__all__ = ["build_web_client", "create_slack_app"]
