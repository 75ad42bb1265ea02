"""What the fichas' store writes for each status change, and the order of DER's inbox."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from intake import RulesEngine
from intake.actor import Actor
from intake.storage.tables import FichaTransitionRow
from intake.workflow.review import FichaReview
from intake.workflow.submission import FichaWorkflow
from tests.intake.factories import valid_ficha
from tests.intake.test_intake_sessions import DER, UNIT, Intake, build_intake

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
REVIEWER_WITHOUT_UNIT = Actor.of("dora", None, ["der"])


@pytest.fixture
def intake(engine: RulesEngine, tmp_path: object) -> Iterator[Intake]:
    built = build_intake(f"sqlite:///{tmp_path}/fichas.db", engine)
    yield built
    built.database.dispose()


def _workflow(intake: Intake, ids: list[str]) -> FichaWorkflow:
    """A workflow whose clock never moves and whose ids come from ``ids``."""
    queue = iter(ids)
    return FichaWorkflow(
        transaction=intake.database.session,
        engine=intake.workflow.engine,
        outbox=intake.outbox,
        clock=lambda: NOW,
        id_factory=lambda: next(queue),
    )


def test_each_transition_stores_the_actors_unit_and_roles(intake: Intake) -> None:
    workflow = _workflow(intake, ["F-1"])
    workflow.create(UNIT, valid_ficha())
    workflow.submit(UNIT, "F-1")
    FichaReview(transaction=intake.database.session).return_to_unit(
        REVIEWER_WITHOUT_UNIT, "F-1", reason="Complete la evidencia"
    )
    with intake.database.session() as session:
        rows = session.scalars(select(FichaTransitionRow).order_by(FichaTransitionRow.id)).all()
        stored = [(r.actor_id, r.actor_unit, r.actor_roles) for r in rows]
    assert stored[0] == ("ana", UNIT.unit, "unidad_tecnica")
    assert stored[-1] == ("dora", "", "der")
    last = intake.catalog.history(UNIT, "F-1")[-1]
    assert (last.actor_id, last.actor_unit) == ("dora", "")


def test_an_actor_with_several_roles_is_stored_with_all_of_them_in_order(
    intake: Intake,
) -> None:
    both = Actor.of("eva", UNIT.unit, ["unidad_tecnica", "der"])
    _workflow(intake, ["F-1"]).create(both, valid_ficha())
    with intake.database.session() as session:
        (row,) = session.scalars(select(FichaTransitionRow)).all()
    assert row.actor_roles == "der,unidad_tecnica"


def test_the_inbox_breaks_a_tie_in_time_by_the_fichas_id(intake: Intake) -> None:
    workflow = _workflow(intake, ["F-B", "F-A"])
    for ficha_id in ("F-B", "F-A"):
        workflow.create(UNIT, valid_ficha())
        workflow.submit(UNIT, ficha_id)
    assert [f.id for f in intake.catalog.inbox(DER)] == ["F-A", "F-B"]
