"""A stale write loses on every write path of a ficha, on SQLite and PostgreSQL.

Save and submit take the lock counter the caller read (``expected_lock``): a colleague who
saved in between makes them a conflict. Return and approve read the ficha and write it in
one transaction: a second reviewer who decides in between (here, exactly between the read and
the write, through another connection) makes them a conflict too. In every case nothing of
the loser is written: no draft, no version, no history entry, no notice, no comment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from intake import RulesEngine
from intake.actor import Actor
from intake.errors import ConflictError
from intake.status import FichaStatus
from intake.storage.records import StoredFicha
from intake.storage.tables import (
    FichaCommentRow,
    FichaTransitionRow,
    FichaVersionRow,
    OutboxRow,
)
from intake.workflow.review import FichaReview
from tests.intake.factories import valid_ficha
from tests.intake.test_intake_sessions import COLLEAGUE, DER, UNIT, Intake, build_intake

SECOND_REVIEWER = Actor.of("elena", "Dirección de Estrategia Regional", ["der"])
COUNTED = (FichaVersionRow, FichaTransitionRow, FichaCommentRow, OutboxRow)


@pytest.fixture
def intake(database_url: str, engine: RulesEngine) -> Iterator[Intake]:
    built = build_intake(database_url, engine)
    yield built
    built.database.dispose()


def _counts(intake: Intake) -> dict[str, int]:
    with intake.database.session() as s:
        return {
            model.__tablename__: int(s.scalar(select(func.count()).select_from(model)) or 0)
            for model in COUNTED
        }


def _saved(intake: Intake) -> StoredFicha:
    stored = intake.workflow.create(UNIT)
    return intake.workflow.save_draft(
        UNIT, stored.id, valid_ficha(), expected_lock=stored.lock_version
    )


def _warnings(intake: Intake) -> list[str]:
    return [f.key for f in intake.workflow.engine.validate(valid_ficha()).warnings]


def _in_review(intake: Intake) -> StoredFicha:
    stored = _saved(intake)
    intake.workflow.submit(UNIT, stored.id, acknowledged=_warnings(intake))
    return intake.review.start_review(DER, stored.id)


def test_a_stale_save_is_a_conflict_and_keeps_the_colleagues_draft(intake: Intake) -> None:
    stored = _saved(intake)
    theirs = stored.draft.model_copy(update={"nombre": "Mesa técnica de proyectos del SGR"})
    intake.workflow.save_draft(COLLEAGUE, stored.id, theirs, expected_lock=stored.lock_version)
    before = intake.catalog.get(UNIT, stored.id)
    mine = stored.draft.model_copy(update={"vigencia": 2030})
    with pytest.raises(ConflictError):
        intake.workflow.save_draft(UNIT, stored.id, mine, expected_lock=stored.lock_version)
    after = intake.catalog.get(UNIT, stored.id)
    assert after.draft.nombre == "Mesa técnica de proyectos del SGR"
    assert after.draft.vigencia == before.draft.vigencia != 2030
    assert after.lock_version == before.lock_version


def test_a_stale_submit_is_a_conflict_and_sends_nothing(intake: Intake) -> None:
    """The bug this guards: a stale submit sent the colleague's content as the version."""
    stored = _saved(intake)
    theirs = stored.draft.model_copy(update={"nombre": "Mesa técnica de proyectos del SGR"})
    intake.workflow.save_draft(COLLEAGUE, stored.id, theirs, expected_lock=stored.lock_version)
    before, counts = intake.catalog.get(UNIT, stored.id), _counts(intake)
    with pytest.raises(ConflictError):
        intake.workflow.submit(
            UNIT, stored.id, acknowledged=_warnings(intake), expected_lock=stored.lock_version
        )
    after = intake.catalog.get(UNIT, stored.id)
    assert after.status is FichaStatus.DRAFT and after.current_version == 0
    assert after.lock_version == before.lock_version
    assert _counts(intake) == counts
    assert intake.catalog.inbox(DER) == []
    # With the lock just read, the same submission goes through.
    sent = intake.workflow.submit(
        UNIT, stored.id, acknowledged=_warnings(intake), expected_lock=after.lock_version
    )
    assert sent.number == 1 and sent.ficha.nombre == "Mesa técnica de proyectos del SGR"


def _between_read_and_write(
    monkeypatch: pytest.MonkeyPatch, rival: Callable[[], Any]
) -> list[bool]:
    """Run ``rival`` once, in its own transaction, right after the decision under test read
    the ficha and before it writes anything."""
    real = FichaReview._reviewed_row
    ran: list[bool] = []

    def racing(self: FichaReview, *args: Any, **kwargs: Any) -> Any:
        row = real(self, *args, **kwargs)
        if not ran:
            ran.append(True)
            rival()
        return row

    monkeypatch.setattr(FichaReview, "_reviewed_row", racing)
    return ran


DECISIONS: dict[str, Callable[[Intake, str], Any]] = {
    "devolver": lambda intake, ficha_id: intake.review.return_to_unit(
        DER, ficha_id, reason="Precise el problema.", comments=[("nombre", "Muy largo.")]
    ),
    "aprobar": lambda intake, ficha_id: intake.review.approve(DER, ficha_id, reason="Bien."),
}


@pytest.mark.parametrize("decision", sorted(DECISIONS))
@pytest.mark.parametrize("rival", ["devolver", "aprobar"])
def test_a_decision_on_a_ficha_decided_meanwhile_is_a_conflict(
    intake: Intake, monkeypatch: pytest.MonkeyPatch, decision: str, rival: str
) -> None:
    stored = _in_review(intake)

    def rival_decides() -> None:
        if rival == "devolver":
            intake.review.return_to_unit(SECOND_REVIEWER, stored.id, reason="Falta evidencia.")
        else:
            intake.review.approve(SECOND_REVIEWER, stored.id, reason="Aprobada por Elena.")

    ran = _between_read_and_write(monkeypatch, rival_decides)
    with pytest.raises(ConflictError):
        # The rival's decision commits inside; so count after it, through a fresh read.
        DECISIONS[decision](intake, stored.id)
    assert ran == [True]
    monkeypatch.undo()
    after = intake.catalog.get(DER, stored.id)
    expected = FichaStatus.RETURNED if rival == "devolver" else FichaStatus.APPROVED
    assert after.status is expected
    history = intake.catalog.history(DER, stored.id)
    assert [h.actor_id for h in history if h.to_status is expected] == [SECOND_REVIEWER.user_id]
    assert not any(
        h.actor_id == DER.user_id and h.to_status is not FichaStatus.IN_REVIEW for h in history
    )
    assert intake.catalog.comments(DER, stored.id) == []
    with intake.database.session() as s:
        notices = s.scalar(select(func.count()).select_from(OutboxRow))
    # One notice for the submission, one for the rival's decision, none for the loser.
    assert notices == 2
