"""Feedback buttons, escalation, the FastAPI mount and Socket Mode envelopes."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from fastapi.testclient import TestClient
from slack_bolt import App
from slack_bolt.adapter.socket_mode.internals import run_bolt_app
from slack_sdk.socket_mode.request import SocketModeRequest

from api.http.app import create_app
from api.slack.http import mount_slack
from assistant.usage.feedback import Feedback
from assistant.wiring import Services
from tests.api.slack.conftest import action_body, event_body, mention, sign, signed
from tests.api.slack.slack_server import SlackServer


def _reason(slack_app: App, view: dict[str, Any], user: str, text: str) -> int:
    """Send the «¿Qué faltó?» modal with ``text``; the HTTP status."""
    value = {"type": "plain_text_input", "value": text}
    submission = {
        "type": "view_submission",
        "team": {"id": "T1"},
        "user": {"id": user},
        "api_app_id": "A1",
        "view": {**view, "id": "V1", "state": {"values": {"motivo": {"motivo": value}}}},
    }
    return slack_app.dispatch(signed(urlencode({"payload": json.dumps(submission)}))).status


def _answered(slack_app: App, slack_server: SlackServer, services: Services) -> str:
    slack_app.dispatch(signed(event_body(mention("¿Qué es la ficha?"))))
    slack_server.wait_for("chat.postMessage")
    logged = services.question_log.latest()
    assert logged is not None
    return str(logged.log_id)


def test_useful_is_recorded_and_thanked_privately(
    slack_app: App, slack_server: SlackServer, services: Services
) -> None:
    log_id = _answered(slack_app, slack_server, services)
    assert slack_app.dispatch(signed(action_body("respuesta_util", log_id))).status == 200
    thanks = slack_server.wait_for("chat.postEphemeral")[0].args
    assert thanks["user"] == "U1" and thanks["text"].startswith("¡Gracias!")
    assert services.question_log.get(int(log_id)).feedback is Feedback.UTIL


def test_not_useful_opens_the_reason_modal_and_stores_the_reason(
    slack_app: App, slack_server: SlackServer, services: Services
) -> None:
    log_id = _answered(slack_app, slack_server, services)
    slack_app.dispatch(signed(action_body("respuesta_no_util", log_id)))
    view = slack_server.wait_for("views.open")[0].args["view"]
    assert view["callback_id"] == "motivo_no_util" and view["blocks"][0]["optional"] is True
    assert services.question_log.get(int(log_id)).feedback is Feedback.NO_UTIL
    assert _reason(slack_app, view, "U1", "Faltó el plazo") == 200
    slack_server.wait_for("chat.postEphemeral")  # the thanks comes after the reason is stored
    logged = services.question_log.get(int(log_id))
    assert logged.feedback is Feedback.NO_UTIL and logged.feedback_reason == "Faltó el plazo"


def test_asking_for_a_person_mentions_the_group_and_queues_the_question(
    slack_app: App, slack_server: SlackServer, services: Services
) -> None:
    log_id = _answered(slack_app, slack_server, services)
    slack_app.dispatch(signed(action_body("pedir_persona", log_id)))
    posts = slack_server.wait_for("chat.postMessage", 2)
    assert posts[1].args["thread_ts"] == "100.1"
    assert posts[1].args["text"].startswith("<!subteam^SAYUDA>: <@U1> necesita ayuda")
    assert [q.log_id for q in services.question_log.unresolved()] == [int(log_id)]


def test_the_fastapi_app_serves_slack_events_and_checks_signatures(
    slack_app: App, slack_server: SlackServer, services: Services
) -> None:
    services.settings.slack.mode = "socket"  # create_app mounts nothing; the stub client is used
    app = create_app(services.settings, services)
    services.settings.slack.mode = "http"
    mount_slack(app, services.settings, services, slack_app=slack_app)
    client = TestClient(app)
    body = event_body(mention("¿Qué es la ficha?"))
    headers = {**sign(body), "content-type": "application/json"}
    assert client.post("/slack/events", content=body, headers=headers).status_code == 200
    bad = {**sign(body, secret="otro"), "content-type": "application/json"}
    assert client.post("/slack/events", content=body, headers=bad).status_code == 401
    post = slack_server.wait_for("chat.postMessage")[0]
    assert post.args["thread_ts"] == "100.1"


def test_the_api_mounts_slack_when_configured_for_http(services: Services) -> None:
    app = create_app(services.settings, services)
    assert "/slack/events" in [getattr(r, "path", "") for r in app.routes]


def test_socket_mode_envelopes_are_dispatched_and_retries_dropped(
    slack_app: App, slack_server: SlackServer
) -> None:
    payload = json.loads(event_body(mention("¿Qué es la ficha?"), event_id="EvSocket"))
    first = SocketModeRequest(type="events_api", envelope_id="env-1", payload=payload)
    again = SocketModeRequest(
        type="events_api",
        envelope_id="env-2",
        payload=payload,
        retry_attempt=1,
        retry_reason="timeout",
    )
    assert run_bolt_app(slack_app, first).status == 200
    assert run_bolt_app(slack_app, again).status == 200
    slack_server.wait_for("chat.postMessage")
    slack_server.settle()
    assert len(slack_server.of("chat.postMessage")) == 1


def _vote(slack_app: App, post: dict[str, object], value: str, user: str = "U1") -> None:
    payload = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": user},
        "api_app_id": "A1",
        "trigger_id": "trig-2",
        "channel": {"id": "CGENERAL"},
        "container": {"type": "message", "channel_id": "CGENERAL", "thread_ts": "100.1"},
        "message": {**post, "ts": "1700000000.000001", "thread_ts": "100.1"},
        "actions": [
            {"action_id": "respuesta_valoracion", "value": value, "type": "feedback_buttons"}
        ],
    }
    assert slack_app.dispatch(signed(urlencode({"payload": json.dumps(payload)}))).status == 200


def test_thumbs_record_the_vote_and_the_message_shows_it(
    slack_app: App, slack_server: SlackServer, services: Services
) -> None:
    log_id = _answered(slack_app, slack_server, services)
    post = slack_server.of("chat.postMessage")[0].args
    _vote(slack_app, post, f"util:{log_id}")
    update = slack_server.wait_for("chat.update")[0].args
    assert update["ts"] == "1700000000.000001" and update["channel"] == "CGENERAL"
    texts = [e.get("text") for b in update["blocks"] for e in b.get("elements", [])]
    assert "<@U1> :thumbsup: marcó la respuesta como útil." in texts
    thanks = slack_server.wait_for("chat.postEphemeral")[0].args
    assert thanks["thread_ts"] == "100.1" and thanks["text"].startswith("¡Gracias!")
    assert services.question_log.get(int(log_id)).feedback is Feedback.UTIL

    _vote(slack_app, update, f"no_util:{log_id}", user="U2")  # a change of mind, by another
    view = slack_server.wait_for("views.open")[0].args["view"]
    again = slack_server.wait_for("chat.update", 2)[1].args
    votes = [
        e["text"]
        for b in again["blocks"]
        for e in b.get("elements", [])
        if "marcó" in str(e.get("text"))
    ]
    assert votes == ["<@U2> :thumbsdown: marcó la respuesta como no útil."]
    _reason(slack_app, view, "U2", "x")
    reason_thanks = slack_server.wait_for("chat.postEphemeral", 2)[1].args
    assert (reason_thanks["user"], reason_thanks["thread_ts"]) == ("U2", "100.1")
    assert reason_thanks["text"].startswith("Gracias por contarnos qué faltó")
    assert services.question_log.get(int(log_id)).feedback is Feedback.NO_UTIL
