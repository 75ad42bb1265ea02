"""A unit that comes back hears that DER returned its ficha, and can ask where its fichas are."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.chat.router import ConversationRouter, asks_ficha_status
from intake import NoticeKind, RulesEngine
from tests.fakes.answerer import ScriptedAnswerer
from tests.intake.factories import valid_ficha
from tests.intake.test_intake_sessions import DER, UNIT, Intake, build_intake


@pytest.fixture
def intake(database_url: str) -> Iterator[Intake]:
    built = build_intake(database_url, RulesEngine.from_file())
    yield built
    built.database.dispose()


def _returned(intake: Intake) -> str:
    stored = intake.workflow.create(UNIT)
    intake.workflow.save_draft(UNIT, stored.id, valid_ficha(), expected_lock=stored.lock_version)
    intake.workflow.submit(UNIT, stored.id)
    intake.review.start_review(DER, stored.id)
    intake.review.return_to_unit(DER, stored.id, reason="Precise la población objetivo.")
    return stored.id


def test_a_returned_ficha_is_announced_and_its_status_answered(intake: Intake) -> None:
    answerer = ScriptedAnswerer()
    router = ConversationRouter(answerer=answerer, intake=intake.sessions)
    assert router.greeting(UNIT) is None
    ficha_id = _returned(intake)

    notice = router.greeting(UNIT)
    assert notice is not None and notice.kind is NoticeKind.RETURNED
    assert f"La DER devolvió su ficha {ficha_id}" in notice.text
    assert "«continuar mi ficha»" in notice.text

    reply = router.handle("¿ya me revisaron la ficha?", actor=UNIT)
    assert reply.kind == "ficha" and not answerer.questions
    assert f"{ficha_id} «{valid_ficha().nombre}»: Devuelta con comentarios" in reply.text
    assert "para ver los comentarios y corregirla" in reply.text


@pytest.mark.parametrize(
    ("message", "is_status"),
    [
        ("¿ya me revisaron la ficha?", True),
        ("¿Cómo va mi ficha?", True),
        ("estado de mis fichas", True),
        ("¿qué pasó con la ficha?", True),
        ("¿quién revisa la ficha de pre-diseño?", False),
        ("¿qué es la ficha de pre-diseño?", False),
    ],
)
def test_status_questions_are_told_apart_from_policy_questions(
    message: str, is_status: bool
) -> None:
    assert asks_ficha_status(message) is is_status
