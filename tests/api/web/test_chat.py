"""The chat page: answers with citations and route badge, feedback, intake, errors."""

from __future__ import annotations

import re

import pytest

from assistant.usage.feedback import Feedback
from tests.api.web.conftest import Web
from tests.intake.test_conversation import HAPPY_ANSWERS, UNIT_ANSWERS

pytestmark = pytest.mark.slow


def test_an_answer_shows_its_route_numbered_citations_and_feedback(web: Web) -> None:
    csrf = web.login("funcionario")
    reply = web.client.post(
        "/chat",
        data={"mensaje": "¿Qué es el protocolo de ATT?", "csrf": csrf},
        headers={"HX-Request": "true"},
    )
    assert reply.status_code == 200
    html = reply.text
    assert "<html" not in html  # an htmx fragment
    assert 'class="insignia ruta-glosario"' in html and ">Glosario<" in html
    assert '<details><summary><span class="num">[1]</span>' in html
    assert "<blockquote>" in html
    log_id = int(re.search(r'name="registro" value="(\d+)"', html).group(1))  # type: ignore[union-attr]
    rated = web.client.post(
        "/chat/valoracion",
        data={"registro": str(log_id), "valor": "no_util", "csrf": csrf},
        headers={"HX-Request": "true"},
    )
    assert rated.status_code == 200 and "no fue útil" in rated.text
    logged = web.services.question_log.get(log_id)
    assert logged.feedback is Feedback.NO_UTIL and logged.channel == "web"


def test_nobody_rates_someone_elses_answer(web: Web) -> None:
    csrf = web.login("funcionario")
    web.client.post("/chat", data={"mensaje": "¿Qué es el protocolo de ATT?", "csrf": csrf})
    log_id = web.services.question_log.latest().log_id  # type: ignore[union-attr]
    other = web.login("der")
    refused = web.client.post(
        "/chat/valoracion", data={"registro": str(log_id), "valor": "util", "csrf": other}
    )
    assert refused.status_code == 404
    assert web.services.question_log.get(log_id).feedback is None


def test_a_bad_message_shows_a_spanish_error_and_keeps_the_text(web: Web) -> None:
    csrf = web.login("funcionario")
    long_text = "¿" + "a" * 2100 + "?"
    page = web.client.post("/chat", data={"mensaje": long_text, "csrf": csrf})
    assert page.status_code == 422
    assert "El mensaje es demasiado largo" in page.text
    assert f">{long_text}</textarea>" in page.text
    empty = web.client.post("/chat", data={"mensaje": "  ", "csrf": csrf})
    assert empty.status_code == 422 and "Escriba un mensaje" in empty.text


def test_the_intake_runs_in_the_chat_with_options_summary_and_send_button(web: Web) -> None:
    csrf = web.login("unidad")
    first = web.client.post("/chat", data={"mensaje": "quiero registrar una ficha", "csrf": csrf})
    assert "Paso 1 de 6" in first.text and "Resumen del borrador" in first.text
    html = first.text
    assert "Dependencia: " in html  # the user's unit fills it: not asked
    for answer in UNIT_ANSWERS:
        html = web.client.post(
            "/chat", data={"mensaje": answer, "csrf": csrf}, headers={"HX-Request": "true"}
        ).text
        assert "✗" not in html, html
    assert "¿Envío la ficha a la DER?" in html
    assert 'name="mensaje" value="enviar"' in html and "Enviar a la DER" in html
    sent = web.client.post(
        "/chat", data={"mensaje": "enviar", "csrf": csrf}, headers={"HX-Request": "true"}
    )
    assert "Envié la ficha" in sent.text
    ficha_id = re.search(r"F-[0-9A-F]{8}", sent.text).group(0)  # type: ignore[union-attr]
    assert f'href="/fichas/{ficha_id}"' in sent.text
    listing = web.client.get("/fichas")
    assert ficha_id in listing.text and "Enviada" in listing.text


def test_a_person_without_the_unit_role_cannot_start_a_ficha(web: Web) -> None:
    csrf = web.login("funcionario")
    reply = web.client.post("/chat", data={"mensaje": "quiero registrar una ficha", "csrf": csrf})
    assert reply.status_code == 422
    assert "dependencia" in reply.text.lower() or "permiso" in reply.text.lower()


@pytest.mark.parametrize("registro", ["²", "9" * 30])
def test_a_malformed_answer_number_is_a_spanish_error_not_a_crash(web: Web, registro: str) -> None:
    csrf = web.login("funcionario")
    refused = web.client.post(
        "/chat/valoracion", data={"registro": registro, "valor": "util", "csrf": csrf}
    )
    assert refused.status_code == 422 and "<h1" in refused.text
    assert "La valoración no es válida." in refused.text


def user_id(web: Web, who: str) -> str:
    """The user id of ``who``."""
    user = web.services.users.authenticate(web.tokens[who])
    assert user is not None
    return user.user_id


def test_the_conversation_survives_a_reload_and_reopens_from_the_list(web: Web) -> None:
    csrf = web.login("funcionario")
    htmx = {"HX-Request": "true"}
    web.client.post(
        "/chat", data={"mensaje": "¿Qué es el protocolo de ATT?", "csrf": csrf}, headers=htmx
    )
    first_reply = web.client.post(
        "/chat", data={"mensaje": "¿Qué es el PND?", "csrf": csrf}, headers=htmx
    ).text
    assert 'id="lista-conversaciones" hx-swap-oob="true"' in first_reply  # the list, refreshed
    assert "¿Qué es el protocolo de ATT?" in first_reply
    reloaded = web.client.get("/chat").text
    assert "¿Qué es el protocolo de ATT?" in reloaded
    assert '<details><summary><span class="num">[1]</span>' in reloaded  # citations kept
    assert 'name="registro"' in reloaded  # and the feedback buttons
    first = web.services.conversations.of_user(user_id(web, "funcionario"))[0]
    assert web.client.post("/chat/nueva", data={"csrf": csrf}).status_code == 200
    fresh = web.client.get("/chat").text
    assert 'class="turno"' not in fresh
    assert f'href="/chat?conversacion={first.conversation_id}"' in fresh
    reopened = web.client.get(f"/chat?conversacion={first.conversation_id}").text
    assert "¿Qué es el protocolo de ATT?" in reopened
    web.client.post("/chat", data={"mensaje": "¿y quién lo coordina?", "csrf": csrf}, headers=htmx)
    transcript = web.services.conversations.transcript(first.conversation_id)
    assert [t.question for t in transcript] == [
        "¿Qué es el protocolo de ATT?",
        "¿Qué es el PND?",
        "¿y quién lo coordina?",
    ]


def test_nobody_reopens_someone_elses_conversation(web: Web) -> None:
    csrf = web.login("funcionario")
    web.client.post("/chat", data={"mensaje": "¿Qué es el protocolo de ATT?", "csrf": csrf})
    conversation = web.services.conversations.of_user(user_id(web, "funcionario"))[
        0
    ].conversation_id
    web.login("der")
    refused = web.client.get(f"/chat?conversacion={conversation}")
    assert refused.status_code == 404 and "<html" in refused.text
    assert "protocolo de ATT" not in web.client.get("/chat").text


def test_the_intake_turns_are_kept_in_the_transcript(web: Web) -> None:
    csrf = web.login("unidad")
    web.client.post("/chat", data={"mensaje": "quiero registrar una ficha", "csrf": csrf})
    reloaded = web.client.get("/chat").text
    assert "quiero registrar una ficha" in reloaded and "Paso 1 de 6" in reloaded


def test_an_open_draft_never_takes_a_start_phrase_as_data(web: Web) -> None:
    csrf = web.login("unidad")
    web.client.post("/chat", data={"mensaje": "quiero registrar una ficha", "csrf": csrf})
    for answer in HAPPY_ANSWERS[:5]:
        web.client.post("/chat", data={"mensaje": answer, "csrf": csrf})
    again = web.client.post("/chat", data={"mensaje": "quiero registrar una ficha", "csrf": csrf})
    assert "Ya tiene una ficha en curso" in again.text
    summary = web.client.post("/chat", data={"mensaje": "resumen", "csrf": csrf}).text
    assert re.search(
        r"<dt>Dependencias corresponsables</dt>\s*<dd><span class=\"vacio\">Sin responder", summary
    )
