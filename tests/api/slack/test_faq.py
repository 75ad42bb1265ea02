"""``/faq buscar`` and "Convertir en FAQ"."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from slack_bolt import App

from assistant.faq.vocabulary import Status
from assistant.wiring import Services
from tests.api.slack.conftest import command_body, event_body, mention, signed
from tests.api.slack.slack_server import SlackServer


def test_faq_search_answers_privately_with_matching_entries(
    slack_app: App, slack_server: SlackServer
) -> None:
    assert (
        slack_app.dispatch(
            signed(command_body("/faq", "buscar ficha de pre-diseño", slack_server))
        ).status
        == 200
    )
    reply = slack_server.wait_for("respond")[0].args
    assert reply["response_type"] == "ephemeral"
    blocks = reply["blocks"]
    assert blocks[0]["text"]["text"] == "*Preguntas frecuentes sobre «ficha de pre-diseño»*"
    assert 2 <= len(blocks) <= 6 and "ficha" in blocks[1]["text"]["text"].lower()


def test_faq_without_a_search_shows_the_usage(slack_app: App, slack_server: SlackServer) -> None:
    slack_app.dispatch(signed(command_body("/faq", "", slack_server)))
    assert slack_server.wait_for("respond")[0].args["text"].startswith("Uso: `/faq buscar")


def test_communications_turns_an_answer_into_a_faq_draft(
    slack_app: App, slack_server: SlackServer, services: Services
) -> None:
    slack_app.dispatch(signed(event_body(mention("¿Cuánto dura la revisión de la DER?"))))
    slack_server.wait_for("chat.postMessage")
    logged = services.question_log.latest()
    assert logged is not None

    post = slack_server.of("chat.postMessage")[0].args

    def convert(user: str) -> None:
        # The message shortcut on the bot's answer (what Slack sends: the message with its blocks).
        payload = {
            "type": "message_action",
            "callback_id": "convertir_en_faq",
            "team": {"id": "T1"},
            "user": {"id": user},
            "api_app_id": "A1",
            "trigger_id": "t",
            "channel": {"id": "CGENERAL"},
            "message_ts": "1700000000.000001",
            "message": {**post, "ts": "1700000000.000001", "thread_ts": "100.1"},
        }
        slack_app.dispatch(signed(urlencode({"payload": json.dumps(payload)})))

    convert("U1")
    denied = slack_server.wait_for("chat.postEphemeral")[0].args
    assert denied["text"] == "Solo el equipo de comunicaciones puede convertir respuestas en FAQ."
    convert("UCOMS")
    done = slack_server.wait_for("chat.postEphemeral", 2)[1].args
    assert done["user"] == "UCOMS" and done["text"].startswith("Creé un borrador de pregunta")
    assert done["thread_ts"] == denied["thread_ts"] == "100.1"  # both in the answer's thread
    assert "asistente " not in done["text"]  # no CLI command for a Slack user
    entry_id = services.question_log.get(logged.log_id).resolved_by
    drafts = services.faq_bank.store.records(status=Status.BORRADOR)
    (draft,) = [r for r in drafts if r.entry_id == entry_id]
    assert draft.content.question == "¿Cuánto dura la revisión de la DER?"
    # The bot's Markdown answer, without «[1]» markers whose sources the draft lacks.
    (turn,) = services.conversations.history(logged.conversation_id or "")
    assert "[1]" in turn.answer and "[1]" not in draft.content.answer
    assert draft.content.answer.split()[:5] == turn.answer.split()[:5]
    assert draft.author == "UCOMS"
    assert services.question_log.get(logged.log_id).resolved_by == entry_id
