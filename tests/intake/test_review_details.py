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
from intake.fields import FIELDS
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


def _bodies(database: Database, ficha_id: str) -> list[str]:
    from sqlalchemy import select

    from intake.storage.tables import OutboxRow

    with database.session() as s:
        rows = s.scalars(select(OutboxRow).where(OutboxRow.ficha_id == ficha_id))
        return [r.body for r in rows]


@pytest.fixture
def noticed_review(database: Database, clock: Clock) -> FichaReview:
    return FichaReview(
        transaction=database.session, outbox=Outbox(transaction=database.session), clock=clock
    )


def test_decisions_leave_their_reason_version_and_time_in_the_history_and_notice(
    workflow: FichaWorkflow, noticed_review: FichaReview, database: Database, clock: Clock
) -> None:
    from intake.status import FichaStatus

    catalog = FichaCatalog(transaction=database.session)
    returned, approved = _sent(workflow), _sent(workflow)
    clock.now = FIXED_NOW + timedelta(days=1)
    noticed_review.return_to_unit(
        DER, returned, reason="  Falta evidencia.  ", comments=[("nombre", "Muy largo.")]
    )
    noticed_review.approve(DER, approved)
    last = catalog.history(DER, returned)[-1]
    assert (last.to_status, last.version, last.reason) == (
        FichaStatus.RETURNED,
        1,
        "Falta evidencia.",
    )
    assert catalog.get(DER, returned).updated_at == clock.now
    history = catalog.history(DER, approved)
    assert [(h.from_status, h.to_status, h.version, h.reason) for h in history[-2:]] == [
        (FichaStatus.SUBMITTED, FichaStatus.IN_REVIEW, 1, "La DER inició la revisión"),
        (
            FichaStatus.IN_REVIEW,
            FichaStatus.APPROVED,
            1,
            "Aprobada: lista para la Etapa 2 (diseño)",
        ),
    ]
    label = FIELDS["nombre"].label
    assert "Motivo: Falta evidencia." in _bodies(database, returned)[-1]
    assert f"- {label}: Muy largo." in _bodies(database, returned)[-1]
    assert "Motivo: Aprobada: lista para la Etapa 2 (diseño)" in _bodies(database, approved)[-1]
    with pytest.raises(
        WorkflowError,
        match=f"^La ficha {approved} está «{FichaStatus.APPROVED.label}»: no puede pasar a "
        f"«{FichaStatus.RETURNED.label}».$",
    ):
        noticed_review.return_to_unit(DER, approved, reason="Otra vez.")
    with pytest.raises(
        WorkflowError, match="^Escriba el motivo de la devolución para la dependencia.$"
    ):
        noticed_review.return_to_unit(DER, returned, reason="  ")
    with pytest.raises(
        WorkflowError,
        match=f"^La ficha {returned} está «{FichaStatus.RETURNED.label}»: no está pendiente de "
        "revisión.$",
    ):
        noticed_review.start_review(DER, returned)


def test_an_approval_reason_is_kept_trimmed(
    workflow: FichaWorkflow, noticed_review: FichaReview, database: Database
) -> None:
    ficha_id = _sent(workflow)
    noticed_review.approve(DER, ficha_id, reason="  Muy bien planteada.  ")
    catalog = FichaCatalog(transaction=database.session)
    assert catalog.history(DER, ficha_id)[-1].reason == "Muy bien planteada."
    assert "Motivo: Muy bien planteada." in _bodies(database, ficha_id)[-1]


def test_ids_history_actors_and_errors_say_exactly_what_happened(
    workflow: FichaWorkflow, review: FichaReview, database: Database
) -> None:
    import re

    from sqlalchemy import select

    from intake.errors import ConflictError, FichaNotFoundError
    from intake.storage.tables import FichaTransitionRow

    ficha_id = _sent(workflow)
    assert re.fullmatch(r"F-[0-9A-F]{8}", ficha_id)
    review.approve(DER, ficha_id)
    with database.session() as s:
        rows = list(s.scalars(select(FichaTransitionRow).order_by(FichaTransitionRow.id)))
        last = rows[-1]
        assert (last.actor_id, last.actor_unit, last.actor_roles) == (DER.user_id, DER.unit, "der")
        assert (rows[0].actor_unit, rows[0].actor_roles) == (UNIT.unit, "unidad_tecnica")
    catalog = FichaCatalog(transaction=database.session)
    with pytest.raises(FichaNotFoundError, match="^No existe la ficha «F-00000000».$") as missing:
        catalog.get(DER, "F-00000000")
    assert missing.value.detail == "F-00000000"
    stored = workflow.create(UNIT)
    workflow.save_draft(UNIT, stored.id, valid_ficha(), expected_lock=stored.lock_version)
    with pytest.raises(ConflictError) as conflict:
        workflow.save_draft(UNIT, stored.id, valid_ficha(), expected_lock=stored.lock_version)
    assert conflict.value.detail == f"{stored.id}: lock {stored.lock_version}"
