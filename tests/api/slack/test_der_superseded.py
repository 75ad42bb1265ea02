"""A new version of a ficha updates DER's messages of the earlier ones when it is delivered
(not only when someone clicks an old button): buttons removed, «Reemplazada por la versión N»,
the decision the old message showed kept. Driven through the real outbox and the notifier
against the stub Web API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from api.slack import build_web_client
from api.slack.client import build_notifier
from api.slack.notifier import SlackNotifier
from assistant.wiring import Services, build_services
from intake import Actor, Outbox, Role, RulesEngine
from tests.api.slack.conftest import slack_settings
from tests.api.slack.payloads import check_message, mrkdwn_texts
from tests.api.slack.slack_server import Call, SlackServer
from tests.intake.factories import valid_ficha, with_fields

UNIT = Actor.of("U1", roles=[Role.UNIT])
DER = Actor.of("UDER", roles=[Role.DER])


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Services, SlackServer, SlackNotifier]]:
    server = SlackServer().start()
    services = build_services(slack_settings(tmp_path, tmp_path / "der.db"))
    services.override(rules_engine=RulesEngine.from_file())
    client = build_web_client(services.settings.slack, base_url=server.url)
    yield services, server, build_notifier(services, client=client)
    server.stop()
    services.database.dispose()
    for call in server.calls:
        if call.method in {"chat.postMessage", "chat.update"}:
            check_message(call.args)


def _send(services: Services, ficha_id: str | None = None, **fields: object) -> str:
    workflow = services.ficha_workflow
    stored = workflow.create(UNIT) if ficha_id is None else workflow.get(UNIT, ficha_id)
    ficha = with_fields(valid_ficha(), **fields)
    stored = workflow.save_draft(UNIT, stored.id, ficha, expected_lock=stored.lock_version)
    warnings = [f.key for f in services.rules_engine.validate(ficha).warnings]
    workflow.submit(UNIT, stored.id, acknowledged=warnings)
    return stored.id


def _der_posts(server: SlackServer) -> list[Call]:
    return [c for c in server.of("chat.postMessage") if c.args.get("channel") == "CDER"]


def _text(call: Call) -> str:
    return "\n".join(mrkdwn_texts(call.args.get("blocks", [])))


def _has_buttons(call: Call) -> bool:
    return any(b["type"] == "actions" for b in call.args.get("blocks", []))


def test_a_new_version_marks_the_old_message_replaced_when_delivered(
    world: tuple[Services, SlackServer, SlackNotifier],
) -> None:
    services, server, notifier = world
    outbox = services.notification_outbox
    ficha_id = _send(services)
    assert notifier.drain(outbox).delivered == 1
    (v1,) = _der_posts(server)
    assert _has_buttons(v1) and server.of("chat.update") == []

    # DER returns it from Slack: the listener keeps the decision line of the message.
    services.ficha_review.return_to_unit(DER, ficha_id, reason="Precise la población.")
    line = ":leftwards_arrow_with_hook: Devuelta por <@UDER> el 6/12/2026 9:41 a. m."
    notifier.messages.decided("CDER", v1.response["ts"], line)
    notifier.drain(outbox)

    _send(services, ficha_id, problema__enunciado="Un problema precisado por la unidad.")
    notifier.drain(outbox)
    v1_now, v2 = _der_posts(server)
    assert v1_now is v1 and "versión 2" in v2.args["text"] and _has_buttons(v2)
    (update,) = server.of("chat.update")
    assert update.args["channel"] == "CDER" and update.args["ts"] == v1.response["ts"]
    assert not _has_buttons(update)
    assert "Reemplazada por la versión 2" in _text(update)
    assert line in _text(update)  # the decision it showed stays
    assert "reemplazada por la versión 2" in update.args["text"]  # not «Nueva ficha…»
    header = update.args["blocks"][0]["text"]["text"]
    assert header.startswith("Versión 1 (reemplazada): ")

    notifier.drain(outbox)  # nothing left: the old message is updated once
    assert len(server.of("chat.update")) == 1 and outbox.pending_count() == 0


def test_a_deleted_old_message_does_not_hold_the_delivery_and_a_retry_posts_once(
    world: tuple[Services, SlackServer, SlackNotifier],
) -> None:
    services, server, notifier = world
    outbox = services.notification_outbox
    first = _send(services)
    notifier.drain(outbox)
    services.ficha_review.return_to_unit(DER, first, reason="Falta la población.")
    notifier.drain(outbox)

    # The old message was deleted: the new version is delivered all the same.
    server.errors["chat.update"] = ["message_not_found"]
    _send(services, first, problema__enunciado="Versión dos del problema.")
    report = notifier.drain(outbox)
    assert report.failed == 0 and outbox.pending_count() == 0
    assert len(_der_posts(server)) == 2

    # A passing Slack failure while updating: the outbox retries, and the retry updates the
    # old message without posting the new version again.
    services.ficha_review.return_to_unit(DER, first, reason="Otra vez.")
    notifier.drain(outbox)
    server.errors["chat.update"] = ["internal_error"]
    _send(services, first, problema__enunciado="Versión tres del problema.")
    assert notifier.drain(outbox).failed == 1
    assert len(_der_posts(server)) == 3
    later = Outbox(
        transaction=services.database.session, clock=lambda: datetime.now(UTC) + timedelta(hours=2)
    )
    assert notifier.drain(later).delivered == 1
    assert len(_der_posts(server)) == 3  # not posted twice
    update = server.of("chat.update")[-1]
    assert "Reemplazada por la versión 3" in _text(update) and not _has_buttons(update)
    assert update.args["ts"] == _der_posts(server)[1].response["ts"]
