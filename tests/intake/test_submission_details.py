"""The unit's side of the workflow, exactly: what a draft, a save, a submission and a discard
store and record, and what a blocked submission tells the unit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import yaml
from sqlalchemy import select

from intake import RulesConfig, RulesEngine, default_rules_path, parse_rules
from intake.actor import Actor
from intake.errors import PermissionDeniedError, SubmissionBlockedError, WorkflowError
from intake.status import FichaStatus
from intake.storage.tables import FichaRow
from intake.workflow.outbox import Outbox
from intake.workflow.review import FichaReview
from intake.workflow.submission import FichaWorkflow
from tests.fakes.embedder import FakeEmbedder
from tests.intake.factories import valid_ficha, with_fields
from tests.intake.test_intake_sessions import (
    COLLEAGUE,
    DER,
    OTHER_UNIT,
    UNIT,
    Intake,
    build_intake,
)

START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


class Clock:
    """A clock that advances one minute per reading."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def intake(engine: RulesEngine, tmp_path: object) -> Iterator[Intake]:
    built = build_intake(f"sqlite:///{tmp_path}/fichas.db", engine)
    yield built
    built.database.dispose()


@pytest.fixture
def clocked(intake: Intake) -> FichaWorkflow:
    """A workflow over the same database with a ticking clock and its own ids."""
    ids = iter(f"F-{n:08X}" for n in range(1, 100))
    return FichaWorkflow(
        transaction=intake.database.session,
        engine=intake.workflow.engine,
        outbox=intake.outbox,
        clock=Clock(),
        id_factory=lambda: next(ids),
    )


def test_a_new_draft(intake: Intake, clocked: FichaWorkflow) -> None:
    stored = clocked.create(UNIT, valid_ficha())
    assert stored.id == "F-00000001"
    assert (stored.status, stored.current_version, stored.lock_version) == (FichaStatus.DRAFT, 0, 1)
    assert stored.unit == UNIT.unit and stored.owner_id == "ana"
    assert stored.draft.id == "F-00000001" and stored.draft.version == 1
    created = START + timedelta(minutes=1)
    assert stored.draft.fecha_creacion == created == stored.draft.fecha_actualizacion
    assert stored.created_at == created
    (transition,) = intake.catalog.history(UNIT, stored.id)
    assert (transition.from_status, transition.to_status, transition.reason) == (
        None,
        FichaStatus.DRAFT,
        "Creación del borrador",
    )
    assert (transition.actor_id, transition.at) == ("ana", created)
    empty = clocked.create(UNIT)
    assert empty.draft.nombre is None and empty.draft.version == 1


def test_only_a_unit_creates_drafts(intake: Intake) -> None:
    with pytest.raises(
        PermissionDeniedError, match="^Solo una dependencia técnica puede crear fichas.$"
    ):
        intake.workflow.create(DER)


def test_a_long_name_is_listed_cut_to_500_characters(intake: Intake) -> None:
    name = "Servicio " + "x" * 600
    stored = intake.workflow.create(UNIT, with_fields(valid_ficha(), nombre=name))
    assert [f.id for f in intake.catalog.list_fichas(UNIT)] == [stored.id]
    assert intake.catalog.get(UNIT, stored.id).draft.nombre == name
    from sqlalchemy import select

    from intake.storage.tables import FichaRow

    saved = intake.workflow.save_draft(
        UNIT, stored.id, with_fields(valid_ficha(), nombre=name + "y"), expected_lock=1
    )
    with intake.database.session() as s:
        row = s.scalars(select(FichaRow).where(FichaRow.id == stored.id)).one()
        assert row.name == name[:500] and len(row.name) == 500
    assert saved.lock_version == 2


def test_a_save_keeps_the_creation_date_and_numbers_the_next_version(
    intake: Intake, clocked: FichaWorkflow
) -> None:
    stored = clocked.create(UNIT, valid_ficha())
    saved = clocked.save_draft(UNIT, stored.id, valid_ficha(), expected_lock=1)
    assert saved.draft.id == stored.id and saved.draft.version == 1
    assert saved.draft.fecha_creacion == stored.created_at
    assert saved.draft.fecha_actualizacion == START + timedelta(minutes=2) == saved.updated_at
    clocked.submit(UNIT, stored.id)
    FichaReview(transaction=intake.database.session).return_to_unit(
        DER, stored.id, reason="Complete la evidencia"
    )
    returned = intake.catalog.get(UNIT, stored.id)
    again = clocked.save_draft(UNIT, stored.id, valid_ficha(), expected_lock=returned.lock_version)
    assert again.draft.version == 2


def test_a_submission_records_the_version_history_and_notice(
    intake: Intake, clocked: FichaWorkflow
) -> None:
    stored = clocked.create(UNIT, valid_ficha())
    version = clocked.submit(UNIT, stored.id)
    sent_at = START + timedelta(minutes=2)
    assert (version.number, version.submitted_by, version.submitted_at) == (1, "ana", sent_at)
    assert version.ficha.version == 1 and version.ficha.fecha_actualizacion == sent_at
    assert version.report["ok"] is True and version.acknowledged == ()
    after = intake.catalog.get(UNIT, stored.id)
    assert (after.status, after.current_version, after.lock_version) == (
        FichaStatus.SUBMITTED,
        1,
        2,
    )
    assert after.draft.version == 1
    last = intake.catalog.history(UNIT, stored.id)[-1]
    assert (last.from_status, last.to_status, last.version) == (
        FichaStatus.DRAFT,
        FichaStatus.SUBMITTED,
        1,
    )
    assert last.reason == "Envío de la versión 1 a la DER"
    assert [r["evento"] for r in intake.outbox.rows(ficha_id=stored.id)] == ["ficha_enviada"]


def test_a_sent_ficha_joins_the_fichas_new_ones_are_compared_with(
    intake: Intake, rules: RulesConfig
) -> None:
    engine = RulesEngine(rules, embedder=FakeEmbedder())
    workflow = FichaWorkflow(transaction=intake.database.session, engine=engine)
    stored = workflow.create(UNIT, valid_ficha())
    workflow.submit(UNIT, stored.id)
    assert engine.duplicate_index is not None and len(engine.duplicate_index) == 1
    twin = with_fields(valid_ficha(), id="F-OTRA")
    (finding,) = [f for f in engine.validate(twin).findings if f.rule_id == "NAME-DUPLICATE"]
    assert finding.duplicate_of is not None and finding.duplicate_of.id == stored.id


def test_a_submission_with_a_reason_and_the_lock_read(
    intake: Intake, clocked: FichaWorkflow
) -> None:
    stored = clocked.create(UNIT, valid_ficha())
    clocked.submit(UNIT, stored.id, expected_lock=1, reason="Primera entrega")
    assert intake.catalog.history(UNIT, stored.id)[-1].reason == "Primera entrega"


def test_a_blocked_submission_lists_every_error_by_field(intake: Intake) -> None:
    ficha = with_fields(valid_ficha(), nombre="Kit", lider_tecnico__correo="sin-arroba")
    stored = intake.workflow.create(UNIT, ficha)
    with pytest.raises(SubmissionBlockedError) as blocked:
        intake.workflow.submit(UNIT, stored.id)
    report = blocked.value.report
    assert report is not None and len(report.errors) == 2
    lines = [f"- {f.field_label}: {f.message}" for f in report.errors]
    assert str(blocked.value) == (
        "La ficha tiene 2 error(es) que impiden enviarla a la DER:\n" + "\n".join(lines)
    )
    assert intake.catalog.get(UNIT, stored.id).status is FichaStatus.DRAFT


def test_a_blocked_submission_lists_only_the_warnings_not_accepted(intake: Intake) -> None:
    ficha = with_fields(
        valid_ficha(), cadena_valor__actividades=["Talleres de formulación", "Mesas de trabajo"]
    )
    stored = intake.workflow.create(UNIT, ficha)
    with pytest.raises(SubmissionBlockedError) as first:
        intake.workflow.submit(UNIT, stored.id)
    keys = first.value.pending_warnings
    assert len(keys) == 2
    assert first.value.report is not None
    both = [f"- {f.field_label}: {f.message}" for f in first.value.report.warnings]
    assert str(first.value) == (
        "Antes de enviar, acepte una por una estas 2 advertencia(s) o corríjalas:\n"
        + "\n".join(both)
    )
    with pytest.raises(SubmissionBlockedError) as second:
        intake.workflow.submit(UNIT, stored.id, acknowledged=[keys[0]])
    assert second.value.pending_warnings == (keys[1],)
    report = second.value.report
    assert report is not None
    (pending,) = [f for f in report.warnings if f.key == keys[1]]
    assert str(second.value) == (
        "Antes de enviar, acepte una por una estas 1 advertencia(s) o corríjalas:\n"
        f"- {pending.field_label}: {pending.message}"
    )
    version = intake.workflow.submit(UNIT, stored.id, acknowledged=[keys[1], "X@y", keys[0]])
    assert version.acknowledged == tuple(sorted(keys))


def test_discarding_a_draft_records_who_and_why(intake: Intake, clocked: FichaWorkflow) -> None:
    stored = clocked.create(UNIT, valid_ficha())
    discarded = clocked.discard(UNIT, stored.id)
    assert (discarded.status, discarded.lock_version) == (FichaStatus.DISCARDED, 2)
    last = intake.catalog.history(UNIT, stored.id)[-1]
    assert (last.from_status, last.to_status, last.reason) == (
        FichaStatus.DRAFT,
        FichaStatus.DISCARDED,
        "La dependencia canceló el borrador",
    )
    assert last.at == START + timedelta(minutes=2) == discarded.updated_at
    other = clocked.create(UNIT, valid_ficha())
    clocked.discard(UNIT, other.id, reason="Se unió a otra ficha")
    assert intake.catalog.history(UNIT, other.id)[-1].reason == "Se unió a otra ficha"
    with pytest.raises(WorkflowError, match="Descartada"):
        clocked.save_draft(UNIT, stored.id, valid_ficha(), expected_lock=2)


def test_discarding_a_returned_ficha_goes_back_to_the_version_der_returned(
    intake: Intake,
) -> None:
    stored = intake.workflow.create(UNIT, valid_ficha())
    intake.workflow.submit(UNIT, stored.id)
    FichaReview(transaction=intake.database.session).return_to_unit(
        DER, stored.id, reason="Complete la evidencia"
    )
    returned = intake.catalog.get(UNIT, stored.id)
    edited = with_fields(valid_ficha(), nombre="Otro nombre para el producto de asistencia técnica")
    intake.workflow.save_draft(UNIT, stored.id, edited, expected_lock=returned.lock_version)
    history = len(intake.catalog.history(UNIT, stored.id))
    back = intake.workflow.discard(UNIT, stored.id)
    assert back.status is FichaStatus.RETURNED
    assert back.draft.nombre == valid_ficha().nombre
    assert back.lock_version == returned.lock_version + 2
    assert len(intake.catalog.history(UNIT, stored.id)) == history


def test_a_workflow_without_outbox_sends_no_notice(intake: Intake) -> None:
    quiet = FichaWorkflow(transaction=intake.database.session, engine=intake.workflow.engine)
    stored = quiet.create(UNIT, valid_ficha())
    assert quiet.submit(UNIT, stored.id).number == 1
    assert Outbox(transaction=intake.database.session).pending_count() == 0


def test_a_ficha_is_read_by_its_unit_and_der_only(intake: Intake) -> None:
    stored = intake.workflow.create(UNIT, valid_ficha())
    assert intake.workflow.get(COLLEAGUE, stored.id).id == stored.id  # same unit, not the author
    assert intake.workflow.get(DER, stored.id).id == stored.id
    with pytest.raises(PermissionDeniedError, match="^Esta ficha es de otra dependencia"):
        intake.workflow.get(OTHER_UNIT, stored.id)
    alone = Actor.of("sofia")  # no unit: the ficha belongs to its author
    own = intake.workflow.create(alone, valid_ficha())
    assert intake.workflow.get(alone, own.id).owner_id == "sofia"
    with pytest.raises(PermissionDeniedError):
        intake.workflow.get(Actor.of("tomas"), own.id)


def test_reads_and_discards_join_the_callers_transaction(intake: Intake) -> None:
    with intake.database.session() as s:
        stored = intake.workflow.create(UNIT, valid_ficha(), session=s)
        assert intake.workflow.get(UNIT, stored.id, session=s).status is FichaStatus.DRAFT
        discarded = intake.workflow.discard(UNIT, stored.id, session=s)
        assert discarded.status is FichaStatus.DISCARDED
    assert intake.catalog.get(UNIT, stored.id).status is FichaStatus.DISCARDED


def _send_and_return(intake: Intake, ficha_id: str, reason: str = "Complete la evidencia") -> None:
    intake.workflow.submit(UNIT, ficha_id)
    FichaReview(transaction=intake.database.session).return_to_unit(DER, ficha_id, reason=reason)


def test_a_discard_goes_back_to_the_last_returned_version_of_that_ficha(
    intake: Intake, clocked: FichaWorkflow
) -> None:
    names = {}
    for n in (1, 2):
        name = f"Servicio de asistencia técnica número {n} para municipios"
        stored = clocked.create(UNIT, with_fields(valid_ficha(), nombre=name))
        names[stored.id] = name
        _send_and_return(intake, stored.id)
    first, second = names
    # The first ficha goes round a second time with a new name: version 2 is the one returned.
    renamed = "Servicio de asistencia técnica renovado para municipios"
    current = intake.catalog.get(UNIT, first)
    clocked.save_draft(
        UNIT, first, with_fields(valid_ficha(), nombre=renamed), expected_lock=current.lock_version
    )
    _send_and_return(intake, first, reason="Revise de nuevo")
    current = intake.catalog.get(UNIT, first)
    clocked.save_draft(UNIT, first, valid_ficha(), expected_lock=current.lock_version)
    back = clocked.discard(UNIT, first)
    assert (back.current_version, back.draft.nombre) == (2, renamed)
    assert back.updated_at == clocked._clock.now  # type: ignore[attr-defined]
    other = clocked.discard(UNIT, second)
    assert other.draft.nombre == names[second]


def test_a_nameless_ficha_is_announced_as_without_name(intake: Intake) -> None:
    data = yaml.safe_load(default_rules_path().read_text(encoding="utf-8"))
    data["reglas"] = [r for r in data["reglas"] if "nombre" not in r["campos"]]
    lenient = RulesEngine(parse_rules(data))
    workflow = FichaWorkflow(
        transaction=intake.database.session, engine=lenient, outbox=intake.outbox
    )
    stored = workflow.create(UNIT, with_fields(valid_ficha(), nombre=None))
    workflow.submit(UNIT, stored.id)
    (notice,) = intake.outbox.rows(ficha_id=stored.id)
    assert "(sin nombre)" in notice["asunto"]


def test_a_ficha_created_without_a_unit_is_edited_by_its_creator_only(intake: Intake) -> None:
    creator = Actor.of("fer", None)
    stored = intake.workflow.create(creator, valid_ficha())
    saved = intake.workflow.save_draft(creator, stored.id, valid_ficha(), expected_lock=1)
    assert saved.lock_version == 2
    with pytest.raises(PermissionDeniedError):
        intake.workflow.save_draft(Actor.of("gil", None), stored.id, valid_ficha(), expected_lock=2)


def test_a_sent_ficha_is_not_edited_and_the_refusal_says_why(intake: Intake) -> None:
    stored = intake.workflow.create(UNIT, valid_ficha())
    intake.workflow.submit(UNIT, stored.id)
    with pytest.raises(WorkflowError) as refused:
        intake.workflow.save_draft(UNIT, stored.id, valid_ficha(), expected_lock=2)
    assert str(refused.value) == (
        f"La ficha {stored.id} está «Enviada a la DER»: solo se edita un borrador o una ficha devuelta "
        "por la DER."
    )


def test_saving_and_sending_join_the_callers_transaction(intake: Intake) -> None:
    with intake.database.session() as s:
        stored = intake.workflow.create(UNIT, valid_ficha(), session=s)
        intake.workflow.save_draft(UNIT, stored.id, valid_ficha(), expected_lock=1, session=s)
        version = intake.workflow.submit(UNIT, stored.id, session=s)
    assert version.number == 1
    assert intake.catalog.get(UNIT, stored.id).status is FichaStatus.SUBMITTED


def test_an_unnamed_draft_is_stored_with_an_empty_name(intake: Intake) -> None:
    stored = intake.workflow.create(UNIT, valid_ficha())
    intake.workflow.save_draft(
        UNIT, stored.id, with_fields(valid_ficha(), nombre=None), expected_lock=1
    )
    with intake.database.session() as s:
        assert s.scalars(select(FichaRow.name).where(FichaRow.id == stored.id)).one() == ""


def test_a_resent_ficha_is_numbered_and_dated_as_its_new_version(
    intake: Intake, clocked: FichaWorkflow
) -> None:
    stored = clocked.create(UNIT, valid_ficha())
    clocked.submit(UNIT, stored.id)
    FichaReview(transaction=intake.database.session).return_to_unit(
        DER, stored.id, reason="Complete la evidencia"
    )
    second = clocked.submit(UNIT, stored.id)  # sent again without editing
    assert second.number == 2 and second.ficha.version == 2
    sent_at = START + timedelta(minutes=3)
    assert second.ficha.fecha_actualizacion == sent_at
    current = intake.catalog.get(UNIT, stored.id)
    assert (current.draft.version, current.draft.fecha_actualizacion) == (2, sent_at)
    assert current.updated_at == sent_at


def test_only_the_reasons_of_accepted_warnings_of_the_report_are_kept(intake: Intake) -> None:
    ficha = with_fields(
        valid_ficha(), cadena_valor__actividades=["Talleres de formulación", "Mesas de trabajo"]
    )
    stored = intake.workflow.create(UNIT, ficha)
    with pytest.raises(SubmissionBlockedError) as blocked:
        intake.workflow.submit(UNIT, stored.id)
    first, second = blocked.value.pending_warnings
    version = intake.workflow.submit(
        UNIT,
        stored.id,
        acknowledged=[first, second, "X@y"],
        reasons={first: "Son talleres del proyecto", second: "   ", "X@y": "no existe"},
    )
    assert dict(version.reasons) == {first: "Son talleres del proyecto"}


def test_a_new_draft_starts_at_version_1_with_its_name_and_the_workflow_clock(
    intake: Intake, clocked: FichaWorkflow
) -> None:
    named = with_fields(valid_ficha(), nombre="Mesa técnica de catastro " + "x" * 600)
    stored = clocked.create(UNIT, named.model_copy(update={"version": 7}))
    created = START + timedelta(minutes=1)
    assert stored.draft.version == 1
    assert (stored.created_at, stored.updated_at) == (created, created)
    with intake.database.session() as s:
        name = s.scalars(select(FichaRow.name).where(FichaRow.id == stored.id)).one()
    assert name == (named.nombre or "")[:500] and len(name) == 500


def test_a_draft_created_in_a_transaction_the_caller_rolls_back_is_not_stored(
    intake: Intake,
) -> None:
    with intake.database.session() as s:
        intake.workflow.create(UNIT, valid_ficha(), session=s)
        s.rollback()
    assert intake.catalog.list_fichas(UNIT) == []
