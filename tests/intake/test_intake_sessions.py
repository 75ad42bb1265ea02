"""Stored guided-intake sessions on SQLite and PostgreSQL: submission, resume after a restart,
cancellation and two editors on the same draft.

`build_intake` (also used by the workflow tests) wires the intake services over a database
URL the way ``assistant.wiring`` does, with a fake policy advisor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from assistant.storage.database import Database
from intake import Ficha, RulesConfig, RulesEngine
from intake.actor import Actor
from intake.status import FichaStatus
from intake.storage.catalog import FichaCatalog
from intake.workflow.guided_intake import IntakeSessions
from intake.workflow.outbox import Outbox
from intake.workflow.review import FichaReview
from intake.workflow.submission import FichaWorkflow
from tests.intake.test_conversation import HAPPY_ANSWERS, UNIT_ANSWERS, FakeAdvisor

UNIT = Actor.of("ana", "Dirección de Gestión y Promoción del SGR")
COLLEAGUE = Actor.of("beto", "Direccion de Gestion y Promocion del SGR")
OTHER_UNIT = Actor.of("carla", "Dirección de Desarrollo Urbano")
DER = Actor.of("diana", "Dirección de Estrategia Regional", ["der"])


@dataclass
class Intake:
    """The intake services over one database."""

    database: Database
    workflow: FichaWorkflow
    review: FichaReview
    catalog: FichaCatalog
    sessions: IntakeSessions
    outbox: Outbox
    advisor: FakeAdvisor = field(default_factory=FakeAdvisor)


def build_intake(database_url: str, engine: RulesEngine) -> Intake:
    """Fresh service objects over ``database_url`` (as after a process restart)."""
    database = Database(database_url)
    database.create_schema()
    outbox = Outbox(transaction=database.session)
    workflow = FichaWorkflow(transaction=database.session, engine=engine, outbox=outbox)
    review = FichaReview(transaction=database.session, outbox=outbox)
    catalog = FichaCatalog(transaction=database.session)
    advisor = FakeAdvisor()
    sessions = IntakeSessions(
        transaction=database.session, workflow=workflow, catalog=catalog, advisor=advisor
    )
    return Intake(database, workflow, review, catalog, sessions, outbox, advisor)


@pytest.fixture
def intake(database_url: str, engine: RulesEngine) -> Iterator[Intake]:
    built = build_intake(database_url, engine)
    yield built
    built.database.dispose()


def test_happy_path_to_submission(intake: Intake) -> None:
    opening = intake.sessions.start(UNIT)
    assert opening.active and "Su borrador es F-" in opening.text
    assert f"Dependencia: {UNIT.unit} (la de su usuario)" in opening.text
    for message in UNIT_ANSWERS:
        reply = intake.sessions.handle(UNIT, message)
        assert "✗" not in reply.text, reply.text
    assert "¿Envío la ficha a la DER?" in reply.text
    sent = intake.sessions.handle(UNIT, "enviar")
    assert sent.submitted_version == 1 and sent.status is FichaStatus.SUBMITTED
    assert not sent.active and "Envié la ficha" in sent.text
    stored = intake.catalog.get(UNIT, opening.ficha_id or "")
    assert stored.status is FichaStatus.SUBMITTED and stored.current_version == 1
    (version,) = intake.catalog.versions(UNIT, stored.id)
    assert version.ficha.nombre == HAPPY_ANSWERS[0] and version.ficha.dependencia == UNIT.unit
    assert version.report["ok"] is True and version.submitted_by == "ana"
    assert [(t.from_status, t.to_status) for t in intake.catalog.history(UNIT, stored.id)] == [
        (None, FichaStatus.DRAFT),
        (FichaStatus.DRAFT, FichaStatus.SUBMITTED),
    ]
    (notice,) = intake.outbox.rows(ficha_id=stored.id)
    assert notice["destinatario"] == "der" and notice["estado"] == "pendiente"
    assert intake.sessions.pending_ficha(UNIT) is None
    assert intake.sessions.handle(UNIT, "hola").text.startswith("No tiene fichas en curso")


def test_a_draft_resumes_where_it_stopped_after_a_restart(
    database_url: str, engine: RulesEngine
) -> None:
    first = build_intake(database_url, engine)
    ficha_id = first.sessions.start(UNIT).ficha_id
    for message in UNIT_ANSWERS[:9]:
        first.sessions.handle(UNIT, message)
    first.sessions.handle(UNIT, "2")
    first.sessions.handle(UNIT, "guardar y salir")
    assert not first.sessions.is_active(UNIT)
    first.database.dispose()

    second = build_intake(database_url, engine)
    assert second.sessions.pending_ficha(UNIT) == ficha_id
    resumed = second.sessions.resume(UNIT)
    assert resumed.active and f"Retomamos su ficha {ficha_id}" in resumed.text
    assert "Alineación estratégica › Áreas temáticas" in resumed.text
    assert "Llevo:\n      1. Gestión de la inversión pública" in resumed.text
    second.sessions.handle(UNIT, "4\nlisto")
    draft = second.catalog.get(UNIT, ficha_id or "").draft
    assert draft.alineacion.areas_tematicas == [
        "Gestión de la inversión pública",
        "Técnicas de administración y gerencia del ciclo de la gestión territorial",
    ]
    assert draft.nombre == HAPPY_ANSWERS[0] and draft.vigencia == 2026
    second.database.dispose()


def test_cancel_discards_the_draft(intake: Intake) -> None:
    ficha_id = intake.sessions.start(UNIT).ficha_id or ""
    intake.sessions.handle(UNIT, HAPPY_ANSWERS[0])
    asked = intake.sessions.handle(UNIT, "cancelar")
    assert "¿Seguro que quiere cancelar?" in asked.text and asked.active
    done = intake.sessions.handle(UNIT, "sí")
    assert not done.active and done.status is FichaStatus.DISCARDED
    stored = intake.catalog.get(UNIT, ficha_id)
    assert stored.status is FichaStatus.DISCARDED
    assert intake.catalog.history(UNIT, ficha_id)[-1].to_status is FichaStatus.DISCARDED
    assert intake.sessions.pending_ficha(UNIT) is None
    again = intake.sessions.start(UNIT)
    assert again.ficha_id != ficha_id


class RacingEngine(RulesEngine):
    """Runs a hook while validating an answer: another editor saves in that moment."""

    def __init__(self, config: RulesConfig) -> None:
        super().__init__(config)
        self.hooks: list[Callable[[], Any]] = []

    def validate_field(self, ficha: Ficha, field_id: str) -> Any:
        while self.hooks:
            self.hooks.pop()()
        return super().validate_field(ficha, field_id)


def test_two_editors_never_lose_an_update(database_url: str, rules: RulesConfig) -> None:
    engine = RacingEngine(rules)
    intake = build_intake(database_url, engine)
    ficha_id = intake.sessions.start(UNIT).ficha_id or ""

    def colleague_saves() -> None:
        stored = intake.workflow.get(COLLEAGUE, ficha_id)
        changed = stored.draft.model_copy(update={"subdireccion_general": "SGSGR"})
        intake.workflow.save_draft(COLLEAGUE, ficha_id, changed, expected_lock=stored.lock_version)

    engine.hooks.append(colleague_saves)
    lost = intake.sessions.handle(UNIT, HAPPY_ANSWERS[0])
    assert "Otra persona guardó cambios en esta ficha" in lost.text
    assert "¿Cómo se llama el producto o servicio de ATT?" in lost.text
    draft = intake.catalog.get(UNIT, ficha_id).draft
    assert draft.nombre is None and draft.subdireccion_general == "SGSGR"

    retried = intake.sessions.handle(UNIT, HAPPY_ANSWERS[0])
    assert retried.text.startswith("Aviso: otra persona modificó esta ficha")
    assert "Valor actual: SGSGR" in retried.text
    draft = intake.catalog.get(UNIT, ficha_id).draft
    assert draft.nombre == HAPPY_ANSWERS[0] and draft.subdireccion_general == "SGSGR"

    quiet = intake.sessions.handle(UNIT, "mantener")
    assert "Aviso" not in quiet.text
    colleague_saves()
    noticed = intake.sessions.handle(UNIT, "Carolina Méndez Arango")
    assert noticed.text.startswith("Aviso: otra persona modificó esta ficha")
    assert intake.catalog.get(UNIT, ficha_id).draft.lider_tecnico.nombre == "Carolina Méndez Arango"
    intake.database.dispose()


def test_a_colleague_can_open_the_units_draft_but_another_unit_cannot(intake: Intake) -> None:
    from intake.errors import PermissionDeniedError

    ficha_id = intake.sessions.start(UNIT).ficha_id or ""
    opened = intake.sessions.resume(COLLEAGUE, ficha_id)
    assert opened.active and opened.ficha_id == ficha_id
    with pytest.raises(PermissionDeniedError, match="otra dependencia"):
        intake.sessions.resume(OTHER_UNIT, ficha_id)
    assert intake.sessions.resume(OTHER_UNIT).text.startswith("No tiene fichas en curso")


def test_a_sent_ficha_cannot_be_opened_for_editing(intake: Intake) -> None:
    from intake.errors import WorkflowError
    from tests.intake.factories import valid_ficha

    stored = intake.workflow.create(UNIT)
    intake.workflow.save_draft(UNIT, stored.id, valid_ficha(), expected_lock=stored.lock_version)
    intake.workflow.submit(UNIT, stored.id)
    with pytest.raises(WorkflowError, match="Enviada a la DER"):
        intake.sessions.resume(UNIT, stored.id)
    assert intake.sessions.resume(UNIT).text.startswith("No tiene fichas en curso")
