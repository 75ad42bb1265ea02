"""The filed document carries the ficha's status and DER's decision trail, in Bogotá time."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import docx

from intake import decision_trail, export_docx, export_markdown
from intake.documents.dates import format_datetime
from intake.status import FichaStatus
from tests.intake.test_workflow import DER, NEW_NAME, UNIT, Intake, _draft, intake  # noqa: F401


def _approved_with_a_return(intake: Intake) -> str:  # noqa: F811
    stored = _draft(intake)
    intake.workflow.submit(UNIT, stored.id)
    intake.review.start_review(DER, stored.id)
    intake.review.return_to_unit(
        DER,
        stored.id,
        reason="El nombre es muy largo para comunicarlo en terreno.",
        comments=[("nombre", "Acórtelo y diga qué se entrega.")],
    )
    current = intake.catalog.get(UNIT, stored.id)
    renamed = current.draft.model_copy(update={"nombre": NEW_NAME})
    intake.workflow.save_draft(UNIT, stored.id, renamed, expected_lock=current.lock_version)
    intake.workflow.submit(UNIT, stored.id)
    intake.review.approve(DER, stored.id, reason="Lista para diseño.")
    return stored.id


def test_the_approved_document_shows_status_who_when_and_the_comments(
    intake: Intake,  # noqa: F811
) -> None:
    ficha_id = _approved_with_a_return(intake)
    stored = intake.catalog.get(UNIT, ficha_id)
    history = intake.catalog.history(UNIT, ficha_id)
    trail = decision_trail(stored.status, history, intake.catalog.comments(UNIT, ficha_id))
    approved_at = format_datetime(history[-1].at)
    text = export_markdown(stored.draft, intake.workflow.engine.validate(stored.draft), trail=trail)

    approved = FichaStatus.APPROVED.label
    assert f"**Estado: {approved} (por {DER.user_id} ({DER.unit}), {approved_at})**" in text
    assert "Lista para enviar a la DER" not in text
    assert "Cumple las reglas de la DER" in text
    statuses = [d.status for d in trail.decisions]
    assert statuses[-4:] == [
        FichaStatus.RETURNED.label,
        FichaStatus.SUBMITTED.label,
        FichaStatus.IN_REVIEW.label,
        FichaStatus.APPROVED.label,
    ]
    assert "Nombre del producto o servicio de ATT: Acórtelo y diga qué se entrega." in text
    assert "El nombre es muy largo para comunicarlo en terreno." in text

    content = export_docx(stored.draft, intake.workflow.engine.validate(stored.draft), trail=trail)
    paragraphs = [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]
    cells = [
        c.text for t in docx.Document(io.BytesIO(content)).tables for r in t.rows for c in r.cells
    ]
    assert any(p.startswith(f"Estado: {approved} (por {DER.user_id}") for p in paragraphs)
    assert "Estado y decisiones" in paragraphs
    assert any("Acórtelo y diga qué se entrega." in c for c in cells)


def test_times_without_a_zone_are_utc_shown_in_bogota() -> None:
    naive_utc = datetime(2026, 11, 24, 19, 46)
    aware = datetime(2026, 11, 24, 19, 46, tzinfo=UTC)
    assert format_datetime(naive_utc) == format_datetime(aware) == "24 de noviembre de 2026, 14:46"
