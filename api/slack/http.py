"""The Slack Events endpoint of the FastAPI app (HTTP mode): ``POST /slack/events``."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.concurrency import run_in_threadpool

from api.http.errors import error_response
from api.slack.app import create_slack_app
from assistant.settings import Settings
from assistant.wiring import Services

EVENTS_PATH = "/slack/events"


def slack_configured_for_http(settings: Settings) -> bool:
    """True when the settings ask for the Slack bot over HTTP and have its secrets."""
    slack = settings.slack
    return slack.mode == "http" and slack.bot_token is not None and slack.signing_secret is not None


def mount_slack(
    app: FastAPI, settings: Settings, services: Services, *, slack_app: App | None = None
) -> None:
    """Serve Slack's events, actions, commands and views at `EVENTS_PATH` (signatures are
    verified by Bolt); nothing is mounted unless Slack is configured for HTTP."""
    if slack_app is None:
        if not slack_configured_for_http(settings):
            return
        slack_app = create_slack_app(settings, services)
    bolt = slack_app
    app.state.slack_app = bolt

    async def slack_events(request: Request) -> Response:
        body = await request.body()
        if not _well_formed(request, body):
            return error_response(SLACK_REFUSED, 401)
        # Bolt's dispatch is synchronous (listeners run after the ack in its own threads).
        response = await run_in_threadpool(bolt.dispatch, to_bolt_request(request, body))
        return to_starlette_response(response)

    app.add_api_route(EVENTS_PATH, slack_events, methods=["POST"], include_in_schema=False)


SLACK_REFUSED = "La petición no viene firmada por Slack."


def _well_formed(request: Request, body: bytes) -> bool:
    """False for what Bolt's signature check would crash on (a 500) instead of refusing:
    a body that is not UTF-8 or a timestamp that is not a number."""
    timestamp = request.headers.get("x-slack-request-timestamp", "")
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


__all__ = ["EVENTS_PATH", "mount_slack", "slack_configured_for_http"]
