"""The ficha in Slack: DM intake to submission, DER returns with a comment, the unit resends,
DER approves, the unit gets the decision in its DM."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt import App

from api.slack.review_desk import READER
from assistant.wiring import Services
from intake import RulesEngine
from tests.api.slack.conftest import event_body, signed
from tests.api.slack.payloads import mrkdwn_texts
from tests.api.slack.slack_server import Call, SlackServer
from tests.intake.test_conversation import HAPPY_ANSWERS

DM = "DU1"


@pytest.fixture(autouse=True)
def _rules_without_model(services: Services) -> None:
    # The near-duplicate check's embedding model is not what these tests are about.
    services.override(rules_engine=RulesEngine.from_file())


class Conversation:
    """Drives the bot like Slack would, one message or click at a time."""

    def __init__(self, app: App, server: SlackServer) -> None:
        self.app, self.server, self.n = app, server, 0

    def _posts(self) -> int:
        return len(self.server.of("chat.postMessage"))

    def _dispatch(self, body: str, expect_posts: int = 1) -> list[Call]:
        before = self._posts()
        assert self.app.dispatch(signed(body)).status == 200
        return self.server.wait_for("chat.postMessage", before + expect_posts)[before:]

    def dm(self, text: str, user: str = "U1", expect_posts: int = 1) -> list[Call]:
        self.n += 1
        event = {
            "type": "message",
            "user": user,
            "text": text,
            "channel": DM,
            "channel_type": "im",
            "ts": f"500.{self.n}",
        }
        return self._dispatch(event_body(event, event_id=f"EvDM{self.n}"), expect_posts)

    def click(self, payload: dict[str, Any], expect_posts: int = 1) -> list[Call]:
        base = {"team": {"id": "T1"}, "api_app_id": "A1", "trigger_id": "trig"}
        return self._dispatch(urlencode({"payload": json.dumps({**base, **payload})}), expect_posts)

    def button(
        self, user: str, channel: str, ts: str, action_id: str, value: str, posts: int = 1
    ) -> list[Call]:
        return self.click(
            {
                "type": "block_actions",
                "user": {"id": user},
                "channel": {"id": channel},
                "container": {"type": "message", "channel_id": channel, "message_ts": ts},
                "message": {"ts": ts},
                "actions": [{"action_id": action_id, "value": value, "type": "button"}],
            },
            posts,
        )


def _card_text(call: Call) -> str:
    return "\n".join(mrkdwn_texts(call.args.get("blocks", [])))


def _der_click(
    value: str, ts: str, *, user: str = "UDER", action: str = "der_aprobar"
) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": "T1"},
        "api_app_id": "A1",
        "trigger_id": "t",
        "user": {"id": user},
        "channel": {"id": "CDER"},
        "message": {"ts": ts},
        "actions": [{"action_id": action, "value": value, "type": "button"}],
    }


def _actions(call: Call) -> list[str]:
    return [
        e["action_id"]
        for b in call.args.get("blocks", [])
        if b["type"] == "actions"
        for e in b["elements"]
    ]


def test_dm_intake_to_der_return_resend_and_approval(
    slack_app: App, slack_server: SlackServer, services: Services
) -> None:
    chat = Conversation(slack_app, slack_server)
    (opening,) = chat.dm("quiero registrar una ficha")
    assert opening.args["channel"] == DM and "Paso 1 de 6" in opening.args["text"]
    for answer in HAPPY_ANSWERS:
        (last,) = chat.dm(answer)
        assert "✗" not in last.args["text"], last.args["text"]
    assert "¿Envío la ficha a la DER?" in last.args["text"]
    assert "ficha_enviar_0" in _actions(last)

    sent, der_post = chat.button("U1", DM, "1.1", "ficha_enviar_0", "enviar", posts=2)
    assert "Envié la ficha" in sent.args["text"]
    assert der_post.args["channel"] == "CDER"
    assert _actions(der_post) == ["der_aprobar", "der_devolver"]
    card = _card_text(der_post)
    for shown in ("Dependencia", "Subdirección general", "Problema", "Cadena de valor"):
        assert f"*{shown}*" in card
    assert "*Validación:* sin errores ni advertencias." in card and "asistente " not in card
    assert "por <@U1>" in card and "U1" not in card.replace("<@U1>", "")  # a mention, no raw id
    (approve,) = [
        e
        for b in der_post.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "der_aprobar"
    ]
    assert approve["confirm"]["confirm"]["text"] == "Aprobar"  # Slack asks before approving
    value_v1 = approve["value"]
    ficha_id = value_v1.split(":")[0]
    assert value_v1 == f"{ficha_id}:1"
    upload = slack_server.wait_for("files.completeUploadExternal")[0].args
    assert upload["channel_id"] == "CDER" and upload["thread_ts"] == der_post.response["ts"]
    (docx,) = slack_server.uploads.values()
    assert docx.startswith(b"PK")  # a DOCX (zip)
    der_ts = der_post.response["ts"]

    # Someone outside DER cannot decide.
    before = len(slack_server.of("chat.postEphemeral"))
    click = _der_click(value_v1, der_ts, user="U1", action="der_aprobar")
    slack_app.dispatch(signed(urlencode({"payload": json.dumps(click)})))
    denied = slack_server.wait_for("chat.postEphemeral", before + 1)[-1]
    assert denied.args["text"] == "Solo la DER puede aprobar o devolver fichas."

    # DER returns it with a comment (modal).
    click = _der_click(value_v1, der_ts, user="UDER", action="der_devolver")
    slack_app.dispatch(signed(urlencode({"payload": json.dumps(click)})))
    view = slack_server.wait_for("views.open")[0].args["view"]
    assert view["callback_id"] == "der_devolver_modal"
    view = {
        **view,
        "id": "V1",
        "state": {
            "values": {
                "comentario": {
                    "comentario": {
                        "type": "plain_text_input",
                        "value": "Precise la población objetivo.",
                    }
                }
            }
        },
    }
    noted, unit_dm = chat.click(
        {"type": "view_submission", "user": {"id": "UDER"}, "view": view}, 2
    )
    assert noted.args == {**noted.args, "channel": "CDER", "thread_ts": der_ts}
    assert noted.args["text"].startswith("<@UDER> devolvió con comentarios")
    returned = slack_server.wait_for("chat.update")[-1]  # the card, decided
    assert returned.args["ts"] == der_ts and _actions(returned) == []
    assert "Devuelta por <@UDER> el " in _card_text(returned)
    assert returned.args["text"].endswith("(versión 1): devuelta.")
    assert slack_server.of("conversations.open")[-1].args["users"] == "U1"
    assert unit_dm.args["channel"] == "DU1" and "devolvió" in unit_dm.args["text"]
    assert "Precise la población objetivo." in unit_dm.args["text"]

    # The unit resumes, resends; DER gets a new message and approves.
    (resumed,) = chat.dm("continuar mi ficha")
    assert "Motivo: Precise la población objetivo." in resumed.args["text"]
    resent, der_again = chat.dm("enviar", expect_posts=2)
    assert "Envié la ficha" in resent.args["text"], resent.args["text"]
    assert der_again.args["channel"] == "CDER" and "versión 2" in der_again.args["text"]
    assert "*Cambios desde la versión 1:*" in _card_text(der_again)
    # The DOCX goes to the new message's thread (its delivery ends there).
    upload_v2 = slack_server.wait_for("files.completeUploadExternal", 2)[1].args
    assert upload_v2["thread_ts"] == der_again.response["ts"]
    # The v1 message says at once that v2 replaced it (no click needed); its decision stays.
    replaced = slack_server.wait_for("chat.update", 2)[-1]
    assert replaced.args["ts"] == der_ts and _actions(replaced) == []
    assert "Reemplazada por la versión 2" in _card_text(replaced)
    assert "Devuelta por <@UDER> el " in _card_text(replaced)

    # The old v1 message cannot approve v2: it says so, and loses its buttons.
    updates = len(slack_server.of("chat.update"))
    slack_app.dispatch(signed(urlencode({"payload": json.dumps(_der_click(value_v1, der_ts))})))
    superseded = slack_server.wait_for("chat.update", updates + 1)[-1]
    assert _actions(superseded) == [] and "Reemplazada por la versión 2" in _card_text(superseded)
    assert "Devuelta por <@UDER> el " in _card_text(superseded)
    assert services.ficha_catalog.get(READER, ficha_id).status.value == "enviada"  # untouched
    approved, unit_news = chat.button(
        "UDER", "CDER", der_ts, "der_aprobar", f"{ficha_id}:2", posts=2
    )
    assert approved.args["text"].startswith("<@UDER> aprobó la ficha")
    assert unit_news.args["channel"] == "DU1" and "aprobó" in unit_news.args["text"]
    # The outbox marks the DM delivered once Slack accepted it: just after the post.
    deadline = time.monotonic() + 5
    while services.notification_outbox.pending_count() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert services.notification_outbox.pending_count() == 0


def test_slash_ficha_starts_the_intake_in_a_dm(slack_app: App, slack_server: SlackServer) -> None:
    body = urlencode(
        {
            "command": "/ficha",
            "text": "",
            "user_id": "U1",
            "channel_id": "CGENERAL",
            "team_id": "T1",
            "api_app_id": "A1",
            "trigger_id": "t",
            "response_url": "http://127.0.0.1:1/x",
        }
    )
    response = slack_app.dispatch(signed(body))
    assert response.status == 200
    assert "mensaje directo" in (response.body or "")
    post = slack_server.wait_for("chat.postMessage")[0]
    assert post.args["channel"] == "DU1" and "Paso 1 de 6" in post.args["text"]


def test_an_open_draft_never_takes_a_start_phrase_as_data(
    slack_app: App, slack_server: SlackServer
) -> None:
    chat = Conversation(slack_app, slack_server)
    chat.dm("quiero registrar una ficha")
    for answer in HAPPY_ANSWERS[:5]:
        chat.dm(answer)
    (asked,) = chat.dm("resumen")
    assert "Dependencias corresponsables" in asked.args["text"]
    (again,) = chat.dm("quiero registrar una ficha")
    assert "Ya tiene una ficha en curso" in again.args["text"]
    (summary,) = chat.dm("resumen")
    assert "quiero registrar una ficha" not in summary.args["text"].lower()
    assert "Dependencias corresponsables: (sin responder)" in summary.args["text"]


def test_a_registered_person_starts_with_their_unit_as_the_dependencia(
    slack_app: App, slack_server: SlackServer, services: Services
) -> None:
    """Slack gives the person's email; the person registered with it in the assistant brings
    their unit, as in the web. Someone Slack cannot tell about is asked for it."""
    unit = "Dirección de Descentralización y Fortalecimiento Fiscal"
    services.users.create(name="Ana", email="ana@dnp.gov.co", roles=["unidad_tecnica"], unit=unit)
    slack_server.emails["U7"] = "Ana@DNP.gov.co"
    chat = Conversation(slack_app, slack_server)
    (opening,) = chat.dm("quiero registrar una ficha", user="U7")
    assert f"Dependencia: {unit} (la de su usuario)" in opening.args["text"]
    assert [c.args["user"] for c in slack_server.of("users.info")] == ["U7"]

    (stranger,) = chat.dm("quiero registrar una ficha", user="U8")
    assert "la de su usuario" not in stranger.args["text"]
