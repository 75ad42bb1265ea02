"""What reaches the bot over HTTP: only requests signed with the secret, and each event once.

Bolt verifies the signature; the project decides that HTTP mode needs the secret, that Bolt's
check is on, what is refused before Bolt could crash on it, and which deliveries the listeners
never see (bots, retries). These tests use a bare Bolt app (no answerer) so they stay fast.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient

from api.slack.deliveries import delivery_filter
from api.slack.http import EVENTS_PATH, SLACK_REFUSED, mount_slack, slack_configured_for_http
from assistant.storage.event_ledger import SlackEventLedger
from assistant.wiring import build_services
from tests.api.slack.conftest import SECRET, sign, slack_settings

CHALLENGE = json.dumps({"type": "url_verification", "challenge": "reto-7"})


def _bare_app(**options: object) -> App:
    return App(
        client=WebClient(token="xoxb-pruebas"),
        signing_secret=SECRET,
        token_verification_enabled=False,
        **options,
    )


def _client(tmp_path: Path, slack_app: App | None = None) -> TestClient:
    app = FastAPI()
    settings = slack_settings(tmp_path)
    mount_slack(app, settings, None, slack_app=slack_app or _bare_app())  # type: ignore[arg-type]
    return TestClient(app)


def _post(
    client: TestClient, body: str | bytes, headers: dict[str, str | bytes]
) -> tuple[int, str]:
    response = client.post(
        EVENTS_PATH, content=body, headers={"content-type": "application/json", **headers}
    )
    return response.status_code, response.text


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, True),
        ({"mode": "socket"}, False),
        ({"bot_token": None}, False),
        ({"signing_secret": None}, False),
    ],
    ids=["http", "socket", "sin_token", "sin_secreto"],
)
def test_slack_is_served_over_http_only_when_configured(
    tmp_path: Path, changes: dict[str, object], expected: bool
) -> None:
    settings = slack_settings(tmp_path, **changes)
    assert slack_configured_for_http(settings) is expected
    app = FastAPI()
    if not expected:
        mount_slack(app, settings, None)  # type: ignore[arg-type]  # never reaches the services
        assert EVENTS_PATH not in [getattr(r, "path", "") for r in app.routes]


def test_a_signed_request_reaches_bolt_and_the_app_is_kept(tmp_path: Path) -> None:
    bolt = _bare_app()
    app = FastAPI()
    mount_slack(app, slack_settings(tmp_path), None, slack_app=bolt)  # type: ignore[arg-type]
    assert app.state.slack_app is bolt
    assert EVENTS_PATH not in app.openapi()["paths"]  # Slack's endpoint is not part of the API
    assert _post(TestClient(app), CHALLENGE, sign(CHALLENGE)) == (
        200,
        json.dumps({"challenge": "reto-7"}, separators=(",", ": ")),
    )


@pytest.mark.parametrize(
    "timestamp",
    ["", "ayer", b"\xb9\xb2\xb3", "1" * 13, "-1700000000"],
    ids=["vacia", "texto", "superindices", "13_digitos", "negativa"],
)
def test_a_malformed_timestamp_is_refused_before_bolt(
    tmp_path: Path, timestamp: str | bytes
) -> None:
    # Superscript digits (Latin-1 «¹²³») pass `str.isdigit` but crash `int()` in Bolt.
    headers = {**sign(CHALLENGE), "x-slack-request-timestamp": timestamp}
    status, text = _post(_client(tmp_path), CHALLENGE, headers)
    assert status == 401
    assert json.loads(text)["error"] == SLACK_REFUSED


def test_a_twelve_digit_timestamp_is_left_to_bolts_check(tmp_path: Path) -> None:
    far = int("9" * 12)
    status, text = _post(_client(tmp_path), CHALLENGE, sign(CHALLENGE, timestamp=far))
    assert status == 401
    assert SLACK_REFUSED not in text  # Bolt refuses it: too far from now


def test_a_body_that_is_not_utf8_is_refused_before_bolt(tmp_path: Path) -> None:
    status, text = _post(_client(tmp_path), b"\xff\xfe", sign("x"))
    assert status == 401 and json.loads(text)["error"] == SLACK_REFUSED


@pytest.mark.parametrize(
    ("secret", "age", "status"),
    [(SECRET, 0, 200), ("otro-secreto", 0, 401), (SECRET, 60 * 10, 401)],
    ids=["firmada", "otro_secreto", "vencida"],
)
def test_the_slack_app_checks_signatures_in_http_mode(
    policy_data_dir: Path, tmp_path: Path, secret: str, age: int, status: int
) -> None:
    from api.slack.app import create_slack_app

    settings = slack_settings(policy_data_dir, tmp_path / "s.db")
    slack_app = create_slack_app(settings, build_services(settings), client=WebClient(token="x"))
    headers = sign(CHALLENGE, secret=secret, timestamp=int(time.time()) - age)
    assert slack_app.dispatch(BoltRequest(body=CHALLENGE, headers=headers)).status == status


def test_http_mode_without_the_signing_secret_names_the_setting(tmp_path: Path) -> None:
    from api.slack.app import create_slack_app
    from assistant.errors import ConfigurationError

    settings = slack_settings(tmp_path, signing_secret=None)
    with pytest.raises(ConfigurationError) as refused:
        create_slack_app(settings, build_services(settings))
    assert str(refused.value) == (
        "Falta el secreto de firma de Slack (ASISTENTE_SLACK__SIGNING_SECRET)."
    )


def test_in_socket_mode_no_signature_is_needed(policy_data_dir: Path, tmp_path: Path) -> None:
    from api.slack.app import create_slack_app

    settings = slack_settings(
        policy_data_dir, tmp_path / "s.db", mode="socket", signing_secret=None
    )
    slack_app = create_slack_app(settings, build_services(settings), client=WebClient(token="x"))
    assert slack_app.dispatch(BoltRequest(body=CHALLENGE, headers={})).status == 200


def test_payload_loggers_are_kept_at_info(policy_data_dir: Path, tmp_path: Path) -> None:
    from api.slack.app import QUIET_LOGGERS, create_slack_app

    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    settings = slack_settings(policy_data_dir, tmp_path / "s.db")
    slack_app = create_slack_app(settings, build_services(settings), client=WebClient(token="x"))
    assert [logging.getLogger(n).level for n in QUIET_LOGGERS] == [logging.INFO] * 3
    assert slack_app.logger.name in QUIET_LOGGERS  # Bolt logs payloads to a quiet logger


# --- the delivery filter ------------------------------------------------------------------------


def _filtered(ledger: SlackEventLedger, body: dict[str, object]) -> BoltResponse | None:
    reached: list[bool] = []

    def next_() -> BoltResponse:
        reached.append(True)
        return BoltResponse(status=200, body="siguiente")

    response = delivery_filter(ledger)(body, next_, logging.getLogger("pruebas"))
    return response if not reached else None


@pytest.fixture
def ledger(tmp_path: Path) -> SlackEventLedger:
    services = build_services(slack_settings(tmp_path, database=tmp_path / "s.db"))
    return SlackEventLedger(services.database)


def test_an_event_is_handled_once_per_event_id(
    ledger: SlackEventLedger, caplog: pytest.LogCaptureFixture
) -> None:
    event = {"type": "event_callback", "event_id": "Ev9", "event": {"type": "app_mention"}}
    assert _filtered(ledger, event) is None
    with caplog.at_level(logging.INFO, logger="pruebas"):
        repeated = _filtered(ledger, event)
    assert repeated is not None and (repeated.status, repeated.body) == (200, "")
    assert caplog.messages == ["Entrega repetida de Slack ignorada (Ev9)."]
    assert _filtered(ledger, {**event, "event_id": "Ev10"}) is None
    assert _filtered(ledger, {**event, "event_id": None}) is None
    assert _filtered(ledger, {**event, "event_id": None}) is None  # no id: nothing to compare


@pytest.mark.parametrize(
    "event",
    [{"type": "message", "bot_id": "B1"}, {"type": "message", "subtype": "bot_message"}],
    ids=["bot_id", "subtipo"],
)
def test_bots_messages_are_acknowledged_and_dropped(
    ledger: SlackEventLedger, event: dict[str, str]
) -> None:
    body = {"type": "event_callback", "event_id": "EvB", "event": event}
    dropped = _filtered(ledger, body)
    assert dropped is not None and (dropped.status, dropped.body) == (200, "")
    human = {"type": "event_callback", "event_id": "EvB", "event": {"type": "message"}}
    assert _filtered(ledger, human) is None  # the bot's event did not use up the id


def test_actions_and_commands_are_not_filtered(ledger: SlackEventLedger) -> None:
    action = {"type": "block_actions", "event_id": "Ev1", "event": {"bot_id": "B1"}}
    assert _filtered(ledger, action) is None
    assert _filtered(ledger, action) is None
    assert _filtered(ledger, {"type": "event_callback", "event_id": "EvX"}) is None
