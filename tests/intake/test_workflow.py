"""The DER submission workflow on SQLite and PostgreSQL: versions, review, authorization,
optimistic locking, one-transaction submissions and the migration."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select

from intake import RulesEngine
from intake.errors import (
    ConflictError,
    PermissionDeniedError,
    SubmissionBlockedError,
    WorkflowError,
)
from intake.status import FichaStatus
from intake.storage.records import StoredFicha
from intake.storage.tables import FichaTransitionRow, FichaVersionRow, IntakeBase, OutboxRow
from tests.intake.factories import valid_ficha, with_fields
from tests.intake.test_intake_sessions import (
    COLLEAGUE,
    DER,
    OTHER_UNIT,
    UNIT,
    Intake,
    build_intake,
)

NEW_NAME = "Acompañamiento técnico a la formulación de proyectos de regalías"


@pytest.fixture
def intake(database_url: str, engine: RulesEngine) -> Iterator[Intake]:
    built = build_intake(database_url, engine)
    yield built
    built.database.dispose()


def _draft(intake: Intake, **fields: Any) -> StoredFicha:
    stored = intake.workflow.create(UNIT)
    ficha = with_fields(valid_ficha(), **fields) if fields else valid_ficha()
    return intake.workflow.save_draft(UNIT, stored.id, ficha, expected_lock=stored.lock_version)


def _count(intake: Intake, model: Any) -> int:
    with intake.database.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_der_returns_the_unit_fixes_and_resubmits_der_approves(intake: Intake) -> None:
    stored = _draft(intake)
    first = intake.workflow.submit(UNIT, stored.id)
    assert first.number == 1 and first.ficha.id == stored.id
    assert [f.id for f in intake.catalog.inbox(DER)] == [stored.id]

    in_review = intake.review.start_review(DER, stored.id)
    assert in_review.status is FichaStatus.IN_REVIEW
    intake.review.comment(
        DER, stored.id, "Cite la fuente de las cifras.", field="problema.evidencia"
    )
    returned = intake.review.return_to_unit(
        DER,
        stored.id,
        reason="El nombre es muy largo para comunicarlo en terreno.",
        comments=[("nombre", "Acórtelo y diga qué se entrega.")],
    )
    assert returned.status is FichaStatus.RETURNED
    assert intake.catalog.inbox(DER) == []
    decision = intake.outbox.rows(ficha_id=stored.id)[-1]
    assert decision["destinatario"] == f"unidad:{UNIT.unit}"
    assert decision["asunto"] == f"La DER devolvió su ficha «{stored.name}»"  # no id shown

    opened = intake.sessions.resume(UNIT)
    assert opened.ficha_id == stored.id
    assert "La DER devolvió su ficha" in opened.text
    assert "El nombre es muy largo" in opened.text
    assert "Nombre del producto o servicio de ATT: Acórtelo y diga qué se entrega." in opened.text
    assert "Datos y evidencia: Cite la fuente de las cifras." in opened.text
    assert "¿Cómo se llama el producto o servicio de ATT?" in opened.text
    confirm = intake.sessions.handle(UNIT, NEW_NAME)
    assert "¿Envío la ficha a la DER?" in confirm.text
    sent = intake.sessions.handle(UNIT, "sí")
    assert sent.submitted_version == 2

    approved = intake.review.approve(DER, stored.id, reason="Lista para diseño.")
    assert approved.status is FichaStatus.APPROVED

    versions = intake.catalog.versions(UNIT, stored.id)
    assert [(v.number, v.ficha.nombre) for v in versions] == [
        (1, valid_ficha().nombre),
        (2, NEW_NAME),
    ]
    assert [c.field for c in intake.catalog.diff(UNIT, stored.id, 1, 2)] == ["nombre"]
    steps = [
        (t.from_status, t.to_status, t.actor_id) for t in intake.catalog.history(DER, stored.id)
    ]
    assert steps == [
        (None, FichaStatus.DRAFT, "ana"),
        (FichaStatus.DRAFT, FichaStatus.SUBMITTED, "ana"),
        (FichaStatus.SUBMITTED, FichaStatus.IN_REVIEW, "diana"),
        (FichaStatus.IN_REVIEW, FichaStatus.RETURNED, "diana"),
        (FichaStatus.RETURNED, FichaStatus.SUBMITTED, "ana"),
        (FichaStatus.SUBMITTED, FichaStatus.IN_REVIEW, "diana"),
        (FichaStatus.IN_REVIEW, FichaStatus.APPROVED, "diana"),
    ]
    history = intake.catalog.history(UNIT, stored.id)
    assert all(t.at.tzinfo is not None for t in history)
    assert history[3].reason == "El nombre es muy largo para comunicarlo en terreno."
    assert [c.field for c in intake.catalog.comments(UNIT, stored.id, version=1)] == [
        "problema.evidencia",
        "nombre",
    ]
    events = [r["evento"] for r in intake.outbox.rows(ficha_id=stored.id)]
    assert events == ["ficha_enviada", "ficha_devuelta", "ficha_enviada", "ficha_aprobada"]


def test_only_the_unit_edits_and_only_der_reviews(intake: Intake) -> None:
    stored = _draft(intake)
    with pytest.raises(PermissionDeniedError, match="otra dependencia"):
        intake.catalog.get(OTHER_UNIT, stored.id)
    with pytest.raises(PermissionDeniedError, match="Solo la dependencia responsable"):
        intake.workflow.save_draft(
            OTHER_UNIT, stored.id, valid_ficha(), expected_lock=stored.lock_version
        )
    with pytest.raises(PermissionDeniedError, match="Solo la dependencia responsable"):
        intake.workflow.submit(OTHER_UNIT, stored.id)
    with pytest.raises(PermissionDeniedError, match="Solo la dependencia responsable"):
        intake.workflow.save_draft(DER, stored.id, valid_ficha(), expected_lock=stored.lock_version)
    intake.workflow.submit(COLLEAGUE, stored.id)
    with pytest.raises(PermissionDeniedError, match="Solo la Dirección de Estrategia Regional"):
        intake.review.approve(UNIT, stored.id)
    with pytest.raises(PermissionDeniedError):
        intake.catalog.inbox(UNIT)
    assert intake.catalog.get(DER, stored.id).status is FichaStatus.SUBMITTED
    assert [f.id for f in intake.catalog.list_fichas(COLLEAGUE)] == [stored.id]
    assert intake.catalog.list_fichas(OTHER_UNIT) == []


def test_a_stale_save_loses_with_a_clear_message(intake: Intake) -> None:
    stored = _draft(intake)
    mine = stored.draft.model_copy(update={"nombre": NEW_NAME})
    theirs = stored.draft.model_copy(update={"vigencia": 2027})
    intake.workflow.save_draft(UNIT, stored.id, mine, expected_lock=stored.lock_version)
    with pytest.raises(ConflictError, match="Otra persona guardó cambios") as caught:
        intake.workflow.save_draft(COLLEAGUE, stored.id, theirs, expected_lock=stored.lock_version)
    assert caught.value.code == "conflicto"
    current = intake.catalog.get(UNIT, stored.id)
    assert current.draft.nombre == NEW_NAME and current.draft.vigencia == 2026
    assert current.lock_version == stored.lock_version + 1


@pytest.mark.parametrize(
    "step", ["intake.workflow.outbox.Outbox.enqueue", "intake.workflow.submission.add_transition"]
)
def test_a_crash_mid_submission_leaves_the_old_state(
    intake: Intake, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    stored = _draft(intake)
    transitions = _count(intake, FichaTransitionRow)

    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("corte de energía")

    with monkeypatch.context() as patch:
        patch.setattr(step, crash)
        with pytest.raises(RuntimeError, match="corte de energía"):
            intake.workflow.submit(UNIT, stored.id)
    after = intake.catalog.get(UNIT, stored.id)
    assert after.status is FichaStatus.DRAFT and after.current_version == 0
    assert after.lock_version == stored.lock_version
    assert _count(intake, FichaVersionRow) == 0
    assert _count(intake, FichaTransitionRow) == transitions
    assert _count(intake, OutboxRow) == 0
    assert intake.workflow.submit(UNIT, stored.id).number == 1
    assert _count(intake, OutboxRow) == 1


def test_errors_and_unaccepted_warnings_block_submission(intake: Intake) -> None:
    broken = _draft(intake, problema__enunciado="No existe una guía para formular proyectos")
    with pytest.raises(SubmissionBlockedError, match="impiden enviarla") as caught:
        intake.workflow.submit(UNIT, broken.id)
    assert caught.value.report is not None and caught.value.report.errors
    warned = _draft(intake, cadena_valor__actividades=["Talleres de formulación"])
    with pytest.raises(SubmissionBlockedError, match="acepte una por una") as pending:
        intake.workflow.submit(UNIT, warned.id)
    (key,) = pending.value.pending_warnings
    version = intake.workflow.submit(UNIT, warned.id, acknowledged=[key, "OTRA@clave"])
    assert version.acknowledged == (key,)
    assert _count(intake, FichaVersionRow) == 1


def test_sent_versions_are_immutable_and_not_editable(intake: Intake) -> None:
    stored = _draft(intake)
    intake.workflow.submit(UNIT, stored.id)
    current = intake.catalog.get(UNIT, stored.id)
    with pytest.raises(WorkflowError, match="solo se edita un borrador"):
        intake.workflow.save_draft(
            UNIT, stored.id, valid_ficha(), expected_lock=current.lock_version
        )
    with pytest.raises(WorkflowError, match="no se modifican"):
        with intake.database.session() as s:
            row = s.scalars(select(FichaVersionRow)).one()
            row.content = {"nombre": "reescrita"}
    (version,) = intake.catalog.versions(UNIT, stored.id)
    assert version.ficha.nombre == valid_ficha().nombre
    with pytest.raises(WorkflowError, match="Enviada a la DER"):
        intake.workflow.discard(UNIT, stored.id)


def test_the_migration_builds_exactly_the_intake_tables(intake: Intake) -> None:
    engine = intake.database.engine
    tables = set(inspect(engine).get_table_names())
    assert set(IntakeBase.metadata.tables) <= tables
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = compare_metadata(context, IntakeBase.metadata)
    ours = set(IntakeBase.metadata.tables)

    def table_of(diff: Any) -> str | None:
        item = diff[0] if isinstance(diff, list) else diff
        for part in item[1:]:
            if isinstance(part, str) and part in ours:
                return part
            table = getattr(part, "table", None)
            name = getattr(table, "name", None) or getattr(part, "name", None)
            if name in ours:
                return str(name)
        return None

    assert [d for d in diffs if table_of(d) in ours] == []
