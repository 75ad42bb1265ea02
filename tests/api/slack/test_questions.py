"""Questions in Slack: mentions, DMs, channel configuration, retries, bots, errors, limits."""

from __future__ import annotations

import time

from slack_bolt import App, BoltRequest

from assistant.wiring import Services
from tests.api.slack.conftest import bolt_headers, event_body, mention, sign, signed
from tests.api.slack.slack_server import SlackServer
from tests.fakes.answerer import ScriptedAnswerer


def test_a_mention_is_acknowledged_then_answered_in_its_thread_with_sources(
    slack_app: App, slack_server: SlackServer, services: Services
) -> None:
    question = "¿Qué es la ficha de pre-diseño?"
    response = slack_app.dispatch(signed(event_body(mention(question))))
    assert response.status == 200
    post = slack_server.wait_for("chat.postMessage")[0]
    slack_server.wait_for("reactions.remove")
    assert slack_server.methods() == ["reactions.add", "chat.postMessage", "reactions.remove"]
    reaction = slack_server.of("reactions.add")[0].args
    assert reaction == {
        "channel": "CGENERAL",
        "timestamp": "100.1",
        "name": "eyes",
        "team_id": "T1",
    }
    assert slack_server.of("reactions.remove")[0].args == reaction
    assert post.args["channel"] == "CGENERAL" and post.args["thread_ts"] == "100.1"
    blocks = post.args["blocks"]
    kinds = [b["type"] for b in blocks]
    assert kinds == ["markdown", "context", "context", "context_actions", "actions"]
    logged = services.question_log.latest()
    assert logged is not None and logged.question == question and not logged.abstained
    assert blocks[0]["text"].strip()
    sources = [e["text"] for e in blocks[1]["elements"]]
    assert sources[0] == "*Fuentes*" and sources[1].startswith("*1.* _")
    assert blocks[2]["elements"][0]["text"].startswith(":")
    log_id = str(logged.log_id)
    feedback = blocks[3]["elements"][0]
    assert feedback["type"] == "feedback_buttons"
    assert (feedback["positive_button"]["value"], feedback["negative_button"]["value"]) == (
        f"util:{log_id}",
        f"no_util:{log_id}",
    )
    # «Convertir en FAQ» is a message shortcut, not a button everyone sees.
    assert [(b["action_id"], b["value"]) for b in blocks[4]["elements"]] == [
        ("pedir_persona", log_id)
    ]


def test_a_follow_up_in_the_thread_uses_the_threads_history(
    slack_app: App, slack_server: SlackServer, services: Services
) -> None:
    slack_app.dispatch(signed(event_body(mention("¿Qué es la ficha?"), event_id="Ev1")))
    slack_server.wait_for("chat.postMessage")
    follow = mention("¿y quién la revisa?", ts="100.5", thread_ts="100.1")
    slack_app.dispatch(signed(event_body(follow, event_id="Ev2")))
    posts = slack_server.wait_for("chat.postMessage", 2)
    assert posts[1].args["thread_ts"] == "100.1"
    history = services.conversations.history("slack:CGENERAL:100.1")
    assert [t.question for t in history] == ["¿Qué es la ficha?", "¿y quién la revisa?"]


def test_a_retried_delivery_is_answered_once(slack_app: App, slack_server: SlackServer) -> None:
    body = event_body(mention("¿Qué es la ficha?"), event_id="EvRepetido")
    first = slack_app.dispatch(signed(body))
    again = slack_app.dispatch(
        signed(body, **{"x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout"})
    )
    assert first.status == again.status == 200
    slack_server.wait_for("chat.postMessage")
    slack_server.settle()
    assert len(slack_server.of("chat.postMessage")) == 1


def test_messages_from_bots_and_itself_are_ignored(
    slack_app: App, slack_server: SlackServer
) -> None:
    other_bot = {
        "type": "message",
        "channel": "D1",
        "channel_type": "im",
        "text": "hola",
        "ts": "1.1",
        "bot_id": "BOTRO",
        "user": "U9",
    }
    own = {
        "type": "message",
        "subtype": "bot_message",
        "channel": "CPREGUNTAS",
        "text": "x",
        "ts": "1.2",
        "bot_id": "BBOT",
    }
    for n, event in enumerate((other_bot, own)):
        assert slack_app.dispatch(signed(event_body(event, event_id=f"EvB{n}"))).status == 200
    slack_server.settle()
    assert slack_server.methods() == []


def test_channel_configuration_decides_which_plain_messages_are_questions(
    slack_app: App, slack_server: SlackServer
) -> None:
    def message(channel: str, ts: str, channel_type: str = "channel") -> dict[str, object]:
        return {
            "type": "message",
            "user": "U1",
            "text": "¿Qué es la DER?",
            "channel": channel,
            "channel_type": channel_type,
            "ts": ts,
        }

    events = [
        message("CGENERAL", "1.1"),  # mention-only channel: plain message ignored
        message("CPREGUNTAS", "1.2"),  # plain questions configured: answered
        message("D1", "1.3", "im"),  # DM: answered
    ]
    for n, event in enumerate(events):
        slack_app.dispatch(signed(event_body(event, event_id=f"EvC{n}")))
    slack_app.dispatch(signed(event_body(mention("hola", channel="CAPAGADO"), event_id="EvC9")))
    posts = slack_server.wait_for("chat.postMessage", 2)
    slack_server.settle()
    assert sorted(
        (p.args["channel"], p.args.get("thread_ts")) for p in slack_server.of("chat.postMessage")
    ) == [("CPREGUNTAS", "1.2"), ("D1", None)]  # a DM answer is not threaded
    assert len(posts) == 2


def test_a_mention_in_a_channel_is_not_answered_twice_by_the_message_listener(
    slack_app: App, slack_server: SlackServer
) -> None:
    plain = {
        "type": "message",
        "user": "U1",
        "text": "<@UBOT> ¿Qué es la DER?",
        "channel": "CPREGUNTAS",
        "channel_type": "channel",
        "ts": "2.1",
    }
    slack_app.dispatch(signed(event_body(plain, event_id="EvM1")))
    slack_app.dispatch(
        signed(
            event_body(mention("¿Qué es la DER?", channel="CPREGUNTAS", ts="2.1"), event_id="EvM2")
        )
    )
    slack_server.wait_for("chat.postMessage")
    slack_server.settle()
    assert len(slack_server.of("chat.postMessage")) == 1


def test_a_failure_gets_one_apology_with_a_reference(
    slack_app: App, slack_server: SlackServer, services: Services
) -> None:
    services.override(answerer=ScriptedAnswerer(fail_with=RuntimeError("texto privado")))
    slack_app.dispatch(signed(event_body(mention("¿Qué es la ficha?"))))
    post = slack_server.wait_for("chat.postEphemeral")[0]
    assert (post.args["thread_ts"], post.args["user"]) == ("100.1", "U1")
    assert post.args["text"].startswith("Lo siento, no pude atender su mensaje")
    assert "referencia con soporte: `" in post.args["text"]
    assert "texto privado" not in post.args["text"]


def test_a_user_error_is_explained(
    slack_app: App, slack_server: SlackServer, services: Services
) -> None:
    from assistant.errors import InvalidQuestionError

    failing = ScriptedAnswerer(fail_with=InvalidQuestionError("La pregunta es demasiado larga."))
    services.override(answerer=failing)
    slack_app.dispatch(signed(event_body(mention("x" * 10))))
    post = slack_server.wait_for("chat.postEphemeral")[0]
    assert post.args["text"] == ":warning: La pregunta es demasiado larga."


def test_too_many_questions_get_a_polite_message(
    tmp_path: object, slack_server: SlackServer, services: Services
) -> None:
    from api.slack import build_web_client, create_slack_app

    services.settings.slack.rate_limit_per_minute = 2
    app = create_slack_app(
        services.settings,
        services,
        client=build_web_client(services.settings.slack, base_url=slack_server.url),
    )
    for n in range(3):
        app.dispatch(
            signed(event_body(mention("¿Qué es la ficha?", ts=f"3.{n}"), event_id=f"EvR{n}"))
        )
    slack_server.wait_for("chat.postMessage", 2)
    notice = slack_server.wait_for("chat.postEphemeral")[0].args  # only the asker sees it
    assert notice["text"].startswith("Recibí muchas preguntas suyas seguidas (máximo 2")
    assert notice["user"] == "U1" and notice["thread_ts"] in {"3.0", "3.1", "3.2"}


def test_an_empty_mention_gets_a_hint(slack_app: App, slack_server: SlackServer) -> None:
    slack_app.dispatch(signed(event_body(mention(""))))
    post = slack_server.wait_for("chat.postMessage")[0]
    assert post.args["text"].startswith("¿En qué le ayudo?")


def test_rate_limited_web_api_calls_are_retried(slack_app: App, slack_server: SlackServer) -> None:
    slack_server.failures["chat.postMessage"] = [429]
    slack_app.dispatch(signed(event_body(mention("¿Qué es la ficha de pre-diseño?"))))
    post = slack_server.wait_for("chat.postMessage")[0]
    assert slack_server.failures["chat.postMessage"] == []  # the 429 was answered, then retried
    assert "ficha" in post.args["text"].lower()


def test_bad_signature_and_expired_timestamp_are_refused(
    slack_app: App, slack_server: SlackServer
) -> None:
    body = event_body(mention("¿Qué es la ficha?"))
    bad = BoltRequest(body=body, headers=bolt_headers(sign(body, secret="otro-secreto")))
    old = BoltRequest(
        body=body, headers=bolt_headers(sign(body, timestamp=int(time.time()) - 60 * 10))
    )
    assert slack_app.dispatch(bad).status == 401
    assert slack_app.dispatch(old).status == 401
    slack_server.settle()
    assert slack_server.methods() == []


def test_a_new_agent_thread_greets_and_suggests_prompts(
    slack_app: App, slack_server: SlackServer
) -> None:
    started = {
        "type": "assistant_thread_started",
        "assistant_thread": {"user_id": "U1", "channel_id": "DU1", "thread_ts": "700.1"},
        "event_ts": "700.2",
    }
    assert slack_app.dispatch(signed(event_body(started, event_id="EvA1"))).status == 200
    hello = slack_server.wait_for("chat.postMessage")[0].args
    assert (hello["channel"], hello["thread_ts"]) == ("DU1", "700.1")
    prompts = slack_server.wait_for("assistant.threads.setSuggestedPrompts")[0].args
    titles = [p["title"] for p in prompts["prompts"]]
    assert len(titles) == 4 and titles[-1] == "Registrar una ficha"
    assert (prompts["channel_id"], prompts["thread_ts"]) == ("DU1", "700.1")


def test_a_question_in_an_agent_thread_gets_a_title_a_status_and_its_answer_in_the_thread(
    slack_app: App, slack_server: SlackServer
) -> None:
    question = {
        "type": "message",
        "user": "U1",
        "text": "¿Qué es la ficha de pre-diseño?",
        "channel": "DU1",
        "channel_type": "im",
        "ts": "700.5",
        "thread_ts": "700.1",
    }
    slack_app.dispatch(signed(event_body(question, event_id="EvA2")))
    answer = slack_server.wait_for("chat.postMessage")[0].args
    assert (answer["channel"], answer["thread_ts"]) == ("DU1", "700.1")
    title = slack_server.of("assistant.threads.setTitle")[0].args
    assert title["title"] == "¿Qué es la ficha de pre-diseño?"
    status = slack_server.of("assistant.threads.setStatus")[0].args
    assert status["status"] == "Buscando en la política…"
    methods = slack_server.methods()
    assert methods.index("assistant.threads.setStatus") < methods.index("chat.postMessage")
    assert "reactions.add" not in methods  # the status replaces 👀 here


def test_a_reply_in_a_thread_the_bot_answered_needs_no_new_mention(
    slack_server: SlackServer, services: Services
) -> None:
    from api.slack import build_web_client, create_slack_app

    services.settings.slack.mention_only_channels = ["CSOLOMENCION"]
    app = create_slack_app(
        services.settings,
        services,
        client=build_web_client(services.settings.slack, base_url=slack_server.url),
    )
    for n, channel in enumerate(("CGENERAL", "CSOLOMENCION")):
        app.dispatch(
            signed(event_body(mention("¿Qué es la ficha?", channel=channel), event_id=f"EvF{n}"))
        )
    slack_server.wait_for("chat.postMessage", 2)
    for n, channel in enumerate(("CGENERAL", "CSOLOMENCION")):
        reply = {
            "type": "message",
            "user": "U1",
            "text": "¿y quién la revisa?",
            "channel": channel,
            "channel_type": "channel",
            "ts": "100.7",
            "thread_ts": "100.1",
        }
        app.dispatch(signed(event_body(reply, event_id=f"EvG{n}")))
    posts = slack_server.wait_for("chat.postMessage", 3)
    slack_server.settle()
    assert len(slack_server.of("chat.postMessage")) == 3
    assert (posts[2].args["channel"], posts[2].args["thread_ts"]) == ("CGENERAL", "100.1")
    history = services.conversations.history("slack:CGENERAL:100.1")
    assert [t.question for t in history] == ["¿Qué es la ficha?", "¿y quién la revisa?"]
