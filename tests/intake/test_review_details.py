"""DER's review in detail (SQLite): inbox order, general and per-field comments, exact refusals.

Written where mutation testing found review behaviour no test pinned down.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from assistant.storage.database import Database
from intake import RulesEngine
from intake.errors import UnknownFieldError, WorkflowError
from intake.storage.catalog import FichaCatalog
from intake.workflow.outbox import Outbox
from intake.workflow.review import FichaReview
from intake.workflow.submission import FichaWorkflow
from tests.intake.conftest import FIXED_NOW
from tests.intake.factories import valid_ficha
from tests.intake.test_intake_sessions import DER, UNIT


class Clock:
    """A settable "now"."""

    def __init__(self) -> None:
        self.now = FIXED_NOW

    def __call__(self):  # type: ignore[no-untyped-def]
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'revision.db'}")
    database.create_schema()
    yield database
    database.dispose()


@pytest.fixture
def workflow(database: Database, engine: RulesEngine, clock: Clock) -> FichaWorkflow:
    outbox = Outbox(transaction=database.session)
    return FichaWorkflow(transaction=database.session, engine=engine, outbox=outbox, clock=clock)


@pytest.fixture
def review(database: Database, clock: Clock) -> FichaReview:
    return FichaReview(transaction=database.session, outbox=None, clock=clock)


def _sent(workflow: FichaWorkflow) -> str:
    stored = workflow.create(UNIT)
    workflow.save_draft(UNIT, stored.id, valid_ficha(), expected_lock=stored.lock_version)
    warnings = [f.key for f in workflow.engine.validate(valid_ficha()).warnings]
    workflow.submit(UNIT, stored.id, acknowledged=warnings)
    return stored.id


def test_the_inbox_lists_the_oldest_change_first_then_by_id(
    workflow: FichaWorkflow, database: Database, clock: Clock
) -> None:
    clock.now = FIXED_NOW + timedelta(hours=2)
    late = _sent(workflow)
    clock.now = FIXED_NOW
    early = _sent(workflow)
    clock.now = FIXED_NOW + timedelta(hours=5)
    tied = sorted([_sent(workflow), _sent(workflow)])
    inbox = FichaCatalog(transaction=database.session).inbox(DER)
    assert [f.id for f in inbox] == [early, late, *tied]


def test_general_and_per_field_comments(
    workflow: FichaWorkflow, review: FichaReview, database: Database
) -> None:
    ficha_id = _sent(workflow)
    general = review.comment(DER, ficha_id, "  Buena ficha.  ")
    about = review.comment(DER, ficha_id, "Precise la población.", field="problema.enunciado")
    assert (general.field, general.text, general.version) == (None, "Buena ficha.", 1)
    assert (about.field, about.text) == ("problema.enunciado", "Precise la población.")
    stored = FichaCatalog(transaction=database.session).comments(DER, ficha_id)
    assert [(c.field, c.text) for c in stored] == [
        (None, "Buena ficha."),
        ("problema.enunciado", "Precise la población."),
    ]
    with pytest.raises(UnknownFieldError, match="El campo «poblacion» no existe en la ficha."):
        review.comment(DER, ficha_id, "¿Cuál?", field="poblacion")
    with pytest.raises(WorkflowError, match="^El comentario está vacío.$"):
        review.comment(DER, ficha_id, "   ")


def test_a_decided_ficha_takes_no_more_comments(
    workflow: FichaWorkflow, review: FichaReview
) -> None:
    ficha_id = _sent(workflow)
    review.approve(DER, ficha_id)
    with pytest.raises(WorkflowError, match=f"^La ficha {ficha_id} no está en revisión.$"):
        review.comment(DER, ficha_id, "Tarde.")
