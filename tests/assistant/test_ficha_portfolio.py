"""Every worker compares a ficha against the same stored fichas: the near-duplicate portfolio
follows the database, not what one process saw at start-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.wiring import Services, build_services
from tests.conftest import make_settings
from tests.intake.factories import valid_ficha, with_fields
from tests.intake.test_intake_sessions import DER

pytestmark = pytest.mark.slow

UNIT = "Dirección de Gestión y Promoción del Sistema General de Regalías"
NAME = "Catastro multipropósito para municipios rurales"
PROBLEM = "Los catastros de los municipios rurales están desactualizados desde hace diez años."


def _duplicates(services: Services, name: str, problem: str) -> list[str]:
    ficha = with_fields(valid_ficha(), nombre=name, problema__enunciado=problem)
    report = services.rules_engine.validate(ficha)
    return [f.message for f in report.findings if f.rule_id == "NAME-DUPLICATE"]


def test_a_ficha_stored_by_one_worker_is_compared_in_the_other(
    policy_data_dir: Path, tmp_path: Path
) -> None:
    settings = make_settings(policy_data_dir, database_url=f"sqlite:///{tmp_path / 'f.db'}")
    first, second = build_services(settings), build_services(settings)
    user, _ = first.users.create(
        name="Ana", email="ana@dnp.gov.co", roles=["unidad_tecnica"], unit=UNIT
    )
    actor = user.ficha_actor()
    # The second worker has already validated (its portfolio is built) before the ficha exists.
    assert _duplicates(second, NAME, PROBLEM) == []

    workflow = first.ficha_workflow
    stored = workflow.create(
        actor, with_fields(valid_ficha(), nombre=NAME, problema__enunciado=PROBLEM)
    )
    # A draft is its unit's own: no other ficha is compared with it until it is sent.
    assert _duplicates(second, NAME + " y rurales dispersos", PROBLEM) == []
    warnings = [f.key for f in workflow.engine.validate(stored.draft).warnings]
    workflow.submit(actor, stored.id, acknowledged=warnings)
    found = _duplicates(second, NAME + " y rurales dispersos", PROBLEM)
    assert len(found) == 1 and stored.id in found[0]

    first.ficha_review.return_to_unit(DER, stored.id, reason="Precisar el problema")
    assert _duplicates(second, NAME + " y rurales dispersos", PROBLEM) == []
    for services in (first, second):
        services.database.dispose()
