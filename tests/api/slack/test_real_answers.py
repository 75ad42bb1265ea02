"""The bot over the real Answerer and the real policy index (slow)."""

from __future__ import annotations

import time

import pytest
from pydantic import SecretStr

from api.slack import build_web_client, create_slack_app
from assistant.settings import SlackSettings
from assistant.wiring import Services
from tests.api.slack.conftest import SECRET, TOKEN, event_body, mention, signed
from tests.api.slack.slack_server import SlackServer

pytestmark = pytest.mark.slow


def test_a_real_answer_and_its_follow_up_in_a_thread(
    policy_services: Services, slack_server: SlackServer
) -> None:
    policy_services.settings.slack = SlackSettings(
        bot_token=SecretStr(TOKEN), signing_secret=SecretStr(SECRET)
    )
    policy_services.answerer.warm_up()
    app = create_slack_app(
        policy_services.settings,
        policy_services,
        client=build_web_client(policy_services.settings.slack, base_url=slack_server.url),
    )
    started = time.perf_counter()
    app.dispatch(signed(event_body(mention("¿Qué es la ficha de pre-diseño?"), event_id="E1")))
    acked = time.perf_counter() - started
    first = slack_server.wait_for("chat.postMessage", timeout=60)[0]
    elapsed = time.perf_counter() - started
    blocks = first.args["blocks"]
    assert blocks[0]["type"] == "markdown" and blocks[0]["text"].strip()
    contexts = [[e["text"] for e in b["elements"]] for b in blocks if b["type"] == "context"]
    sources, (badge,) = contexts
    assert sources[0] == "*Fuentes*" and sources[1].startswith("*1.* _")
    assert badge in {
        ":books: Glosario",
        ":bookmark_tabs: Pregunta frecuente",
        ":scroll: Texto de la política",
    }
    assert acked < 1.5 and elapsed < 30  # Slack wants the ack within 3 s

    follow = mention("¿Y quién la revisa?", ts="100.9", thread_ts="100.1")
    app.dispatch(signed(event_body(follow, event_id="E2")))
    second = slack_server.wait_for("chat.postMessage", 2, timeout=60)[1]
    assert second.args["thread_ts"] == "100.1"
    history = policy_services.conversations.history("slack:CGENERAL:100.1")
    assert [t.question for t in history] == [
        "¿Qué es la ficha de pre-diseño?",
        "¿Y quién la revisa?",
    ]
    assert "ficha" in history[1].resolved_question.lower()
