"""The reasons a unit gives when it accepts a warning («sí, porque …») are kept with the
acceptance, sent with the version and shown to DER; they go when the field changes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from intake import RulesEngine
from intake.conversation.machine import IntakeConversation
from intake.conversation.parsing import acceptance_reason
from intake.conversation.state import Mode
from intake.status import FichaStatus
from tests.intake.factories import valid_ficha, with_fields
from tests.intake.test_conversation import EVIDENCE, UNIT_ANSWERS, FakeAdvisor, Script
from tests.intake.test_intake_sessions import UNIT, Intake, build_intake

WEAK_EVIDENCE = "Muchos proyectos se devuelven"
REASON = "porque la cifra oficial del SGR se publica en marzo"


@pytest.fixture
def script(engine: RulesEngine) -> Script:
    return Script(IntakeConversation(engine=engine, advisor=FakeAdvisor(), current_year=2026))


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (f"sí, {REASON}", REASON),
        (f"Acepto: {REASON}.", REASON),
        ("sí", ""),
        ("sí, ok", ""),
        (f"no, {REASON}", ""),
    ],
)
def test_acceptance_reason(answer: str, reason: str) -> None:
    assert acceptance_reason(answer) == reason


def test_a_reason_given_at_the_field_is_kept_with_the_acceptance(script: Script) -> None:
    script.answer_until("problema.evidencia")
    asked = script.say(WEAK_EVIDENCE)
    assert "«sí, porque …»" in asked  # the question says a reason may go with the «sí»
    reply = script.say(f"sí, {REASON}")
    assert "La DER verá su motivo" in reply
    (key,) = [k for k in script.state.acknowledged if k.startswith("PROB-EVIDENCE")]
    assert script.state.reasons == {key: REASON}
    assert script.state.field == "problema.tecnica_analisis"


def test_a_plain_yes_stores_no_reason(script: Script) -> None:
    script.answer_until("problema.evidencia")
    script.say(WEAK_EVIDENCE)
    script.say("sí")
    assert script.state.acknowledged and script.state.reasons == {}


def test_the_reason_goes_when_the_field_changes(script: Script) -> None:
    script.answer_until("problema.evidencia")
    script.say(WEAK_EVIDENCE)
    script.say(f"sí, {REASON}")
    script.say(f"corrige la evidencia: {EVIDENCE}")
    assert script.ficha.problema.evidencia == EVIDENCE
    assert script.state.reasons == {}


def test_a_reason_given_at_the_final_check_is_kept(engine: RulesEngine) -> None:
    ficha = with_fields(valid_ficha(), problema__evidencia=WEAK_EVIDENCE)
    conversation = IntakeConversation(engine=engine, advisor=FakeAdvisor(), current_year=2026)
    script = Script(conversation, ficha)
    assert script.state.mode is Mode.ACK_WARNINGS, script.last.reply
    assert "«acepto, porque …»" in script.last.reply
    key = script.state.warning_key
    reply = script.say(f"acepto, {REASON}")
    assert "Advertencia aceptada con su motivo." in reply
    assert key is not None and script.state.reasons == {key: REASON}


@pytest.fixture
def intake(database_url: str, engine: RulesEngine) -> Iterator[Intake]:
    built = build_intake(database_url, engine)
    yield built
    built.database.dispose()


def test_the_reason_is_sent_with_the_version(intake: Intake) -> None:
    opening = intake.sessions.start(UNIT)
    messages = list(UNIT_ANSWERS)
    at = messages.index(EVIDENCE)
    messages[at : at + 1] = [WEAK_EVIDENCE, f"sí, {REASON}"]
    for message in messages:
        reply = intake.sessions.handle(UNIT, message)
    assert "¿Envío la ficha a la DER?" in reply.text, reply.text
    sent = intake.sessions.handle(UNIT, "enviar")
    assert sent.status is FichaStatus.SUBMITTED
    (version,) = intake.catalog.versions(UNIT, opening.ficha_id or "")
    (key,) = [k for k in version.acknowledged if k.startswith("PROB-EVIDENCE")]
    assert version.reasons == {key: REASON}
