"""No adapter reads the intake's sentences: rewording them changes no button or option.

The same conversation (start, two answers, a question with four options, «ayuda», an option)
runs through HTTP, the web chat and Slack's blocks, once with the intake's own texts and once
with its help, options and welcome reworded — the help mentioning «enviar» in both. The one-click
answers each adapter offers must be identical in both runs, and none may offer to send a ficha
that still has errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from api.slack import blocks
from api.slack.notifier import slack_actor
from intake import RulesConfig, RulesEngine
from tests.api.web.conftest import Web, csrf_of
from tests.intake.test_conversation import HAPPY_ANSWERS

UNIT = "Dirección de Gestión y Promoción del Sistema General de Regalías"
MESSAGES = ("quiero registrar una ficha", HAPPY_ANSWERS[0], HAPPY_ANSWERS[1], "ayuda", "2")

SEND = "enviar"

Buttons = list[tuple[str, str]]
"""(value sent, label) of every one-click answer, in order."""

_WEB_BUTTON = re.compile(
    r'<input type="hidden" name="mensaje" value="([^"]*)">\s*'
    r'<button type="submit" class="boton[^"]*">([^<]*)</button>'
)


def _reword(monkeypatch: pytest.MonkeyPatch) -> None:
    def options(config: RulesConfig, field_id: str) -> str:
        found = config.options_for(field_id)
        return "" if found is None else "Elija: " + " / ".join(i.name for i in found.items)

    monkeypatch.setattr(
        "intake.conversation.machine.COMMANDS_HELP",
        "Cuando la tenga lista, escriba «enviar» y se la envío a la DER; «resumen» la muestra.",
    )
    monkeypatch.setattr("intake.conversation.texts.options_text", options)
    monkeypatch.setattr("intake.workflow.guided_intake.WELCOME", "Bienvenida: «enviar» al final.")


def _via_http(web: Web, who: str) -> list[Buttons]:
    token = web.services.users.create(
        name=who, email=f"{who}@dnp.gov.co", roles=["unidad_tecnica"], unit=UNIT
    )[1]
    seen: list[Buttons] = []
    session: str | None = None
    for message in MESSAGES:
        response = web.client.post(
            "/api/v1/fichas/conversacion",
            json={"mensaje": message, "sesion_id": session},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        session = body["sesion_id"]
        assert body["puede_enviarse"] is False
        seen.append([(c["valor"], c["etiqueta"]) for c in body["opciones"]])
    return seen


def _via_web(web: Web, who: str) -> list[Buttons]:
    token = web.services.users.create(
        name=who, email=f"{who}@dnp.gov.co", roles=["unidad_tecnica"], unit=UNIT
    )[1]
    web.client.cookies.clear()
    form = web.client.get("/entrar")
    web.client.post("/entrar", data={"token": token, "csrf": csrf_of(form.text)})
    csrf = csrf_of(web.client.get("/chat").text)
    seen: list[Buttons] = []
    for message in MESSAGES:
        page = web.client.post(
            "/chat", data={"mensaje": message, "csrf": csrf}, headers={"HX-Request": "true"}
        )
        assert page.status_code == 200, page.text
        seen.append([(value, label) for value, label in _WEB_BUTTON.findall(page.text)])
    return seen


def _via_slack(web: Web, who: str) -> list[Buttons]:
    actor = slack_actor(who, web.services.settings.slack)
    seen: list[Buttons] = []
    for message in MESSAGES:
        reply = web.services.conversation_router.handle(message, actor=actor, channel="slack")
        assert reply.intake is not None
        elements = [
            element
            for block in blocks.intake_blocks(reply.intake)
            if block["type"] == "actions"
            for element in block["elements"]
        ]
        buttons: Buttons = []
        for element in elements:
            if element["type"] == "static_select":
                buttons += [(o["value"], o["text"]["text"]) for o in element["options"]]
            else:
                buttons.append((element["value"], element["text"]["text"]))
        seen.append(buttons)
    return seen


ADAPTERS: dict[str, Callable[[Web, str], list[Buttons]]] = {
    "http": _via_http,
    "web": _via_web,
    "slack": _via_slack,
}


@pytest.mark.parametrize("adapter", sorted(ADAPTERS))
def test_rewording_the_intake_changes_no_button(
    web: Web, monkeypatch: pytest.MonkeyPatch, adapter: str
) -> None:
    # The near-duplicate check compares with the first run's ficha: data, not wording.
    web.services.override(rules_engine=RulesEngine.from_file())
    run = ADAPTERS[adapter]
    original = run(web, "unidad_original")
    _reword(monkeypatch)
    reworded = run(web, "unidad_reformulada")
    assert reworded == original
    at_options, after_help = original[3 - 1], original[4 - 1]
    assert [v for v, _ in at_options][:4] == ["1", "2", "3", "4"]
    assert after_help == at_options  # «ayuda» shows the help and the same question again
    assert all(value != SEND for buttons in original for value, _ in buttons)
