"""Slack fixtures: a stub Web API, a Bolt app wired to it, signed requests."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt import App, BoltRequest

from api.slack import build_web_client, create_slack_app
from assistant.settings import Settings
from assistant.wiring import Services, build_services
from tests.api.slack.payloads import check_message, check_view
from tests.api.slack.slack_server import SlackServer
from tests.conftest import make_settings

SECRET = "secreto-de-firma-de-pruebas"
TOKEN = "xoxb-pruebas"


def slack_settings(data_dir: Path, database: Path | None = None, **slack: Any) -> Settings:
    """Settings with Slack configured (HTTP mode unless ``mode`` says otherwise), over the
    index in ``data_dir`` and the SQLite file ``database`` (default: inside ``data_dir``)."""
    values: dict[str, Any] = {
        "bot_token": TOKEN,
        "signing_secret": SECRET,
        "help_group": "SAYUDA",
        "question_channels": ["CPREGUNTAS"],
        "disabled_channels": ["CAPAGADO"],
        "communications_users": ["UCOMS"],
        "der_users": ["UDER"],
        "der_channel": "CDER",
    }
    values.update(slack)
    if database is None:
        return make_settings(data_dir, slack=values)
    return make_settings(data_dir, slack=values, database_url=f"sqlite:///{database}")


MESSAGE_METHODS = {"chat.postMessage", "chat.update", "chat.postEphemeral", "respond"}


@pytest.fixture
def slack_server() -> Iterator[SlackServer]:
    """The stub Web API; at the end, every payload the bot sent is checked (valid Block Kit,
    no raw Markdown in a mrkdwn field)."""
    server = SlackServer().start()
    yield server
    server.stop()
    for call in server.calls:
        if call.method in MESSAGE_METHODS:
            check_message(call.args)
        elif call.method in {"views.open", "views.update"}:
            check_view(call.args["view"])


@pytest.fixture
def services(policy_data_dir: Path, tmp_path: Path) -> Iterator[Services]:
    """The real services (the real answerer over the shared policy index), a fresh database."""
    services = build_services(slack_settings(policy_data_dir, tmp_path / "slack.db"))
    services.answerer.warm_up()
    yield services
    services.database.dispose()


@pytest.fixture
def slack_app(services: Services, slack_server: SlackServer) -> App:
    client = build_web_client(services.settings.slack, base_url=slack_server.url)
    return create_slack_app(services.settings, services, client=client)


def sign(body: str, *, timestamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    """Slack's request signature headers for ``body``."""
    ts = str(timestamp if timestamp is not None else int(time.time()))
    base = f"v0:{ts}:{body}".encode()
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"x-slack-request-timestamp": ts, "x-slack-signature": f"v0={digest}"}


def event_body(event: dict[str, Any], *, event_id: str = "Ev1") -> str:
    """An Events API envelope."""
    return json.dumps(
        {
            "type": "event_callback",
            "team_id": "T1",
            "api_app_id": "A1",
            "event_id": event_id,
            "event_time": 1700000000,
            "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
            "event": event,
        }
    )


def mention(
    text: str, *, channel: str = "CGENERAL", ts: str = "100.1", **extra: Any
) -> dict[str, Any]:
    """An app_mention event from user U1."""
    return {
        "type": "app_mention",
        "user": "U1",
        "text": f"<@UBOT> {text}",
        "channel": channel,
        "ts": ts,
        **extra,
    }


def action_body(action_id: str, value: str, *, user: str = "U1", thread_ts: str = "100.1") -> str:
    """A block_actions payload (form-encoded, as Slack sends it)."""
    payload = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": user},
        "api_app_id": "A1",
        "trigger_id": "trig-1",
        "channel": {"id": "CGENERAL"},
        "container": {"type": "message", "channel_id": "CGENERAL", "thread_ts": thread_ts},
        "message": {"ts": "1700000000.000001", "thread_ts": thread_ts},
        "actions": [
            {
                "action_id": action_id,
                "block_id": f"respuesta:{value}",
                "value": value,
                "type": "button",
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)})


def command_body(name: str, text: str, server: SlackServer) -> str:
    """A slash command from U1 in CGENERAL; its ``response_url`` is the stub's ``respond``."""
    return urlencode(
        {
            "command": name,
            "text": text,
            "user_id": "U1",
            "channel_id": "CGENERAL",
            "team_id": "T1",
            "api_app_id": "A1",
            "trigger_id": "t",
            "response_url": f"{server.url}respond",
        }
    )


def signed(body: str, **headers: str) -> BoltRequest:
    """A correctly signed Bolt request."""
    return BoltRequest(body=body, headers=bolt_headers({**sign(body), **headers}))


def bolt_headers(headers: dict[str, str]) -> dict[str, str | Sequence[str]]:
    """``headers`` typed as `BoltRequest` wants them."""
    return dict(headers)
