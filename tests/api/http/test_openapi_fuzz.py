"""Schemathesis against the app's own OpenAPI schema, as an administrator and as a plain
official: no 500, every status code documented, and every response conforms to its
documented schema and content type (the one error shape included)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from intake import load_ficha
from intake.actor import Actor
from tests.api.http.conftest import UNIT, Api, build_api

pytestmark = pytest.mark.slow

MAX_EXAMPLES = 6
EXAMPLE = Path(__file__).parents[3] / "intake/data/ejemplos/sgr_estructuracion_proyectos.yaml"


@pytest.fixture(scope="module")
def fuzzed(policy_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The app over its own database, with the answering warmed up."""
    client, tokens, services = build_api(policy_data_dir, tmp_path_factory.mktemp("fuzz") / "f.db")
    with client:
        yield Api(client, tokens, services)


def _submitted_ficha(api: Api) -> str:
    """A complete ficha of the unit, sent to DER (so DER's operations have one to act on)."""
    workflow = api.services.ficha_workflow
    ficha = load_ficha(EXAMPLE)
    owner = Actor.of("autora", unit=UNIT, roles=["unidad_tecnica"])
    stored = workflow.create(owner, ficha)
    warnings = [f.key for f in workflow.engine.validate(stored.draft).warnings]
    workflow.submit(owner, stored.id, acknowledged=warnings)
    return stored.id


def _operations(app: object) -> list[schemathesis.APIOperation]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.mark.parametrize("who", ["admin", "funcionario"])
def test_no_server_error_and_responses_match_the_schema(fuzzed: Api, who: str) -> None:
    """Each operation with a bounded number of generated requests (about 40 s per user)."""
    headers = {"Authorization": f"Bearer {fuzzed.tokens[who]}"}
    operations = _operations(fuzzed.client.app)
    assert len(operations) > 35
    # Random ids reach the 404s; these real ones reach the workflows.
    known = {"faq_id": "faq-001", "ficha_id": _submitted_ficha(fuzzed), "grupo": 0}
    for operation in operations:
        strategy = operation.as_strategy()
        names = {p.name for p in operation.path_parameters}
        if names & {"faq_id", "ficha_id"}:
            real = {name: known[name] for name in names}
            strategy |= operation.as_strategy(path_parameters=real)

        @given(case=strategy)
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        run()


def test_openapi_and_docs_are_served(fuzzed: Api) -> None:
    spec = fuzzed.client.get("/openapi.json").json()
    assert {"/api/v1/faq", "/api/v1/fichas/conversacion", "/api/v1/der/bandeja"} <= set(
        spec["paths"]
    )
    operation = spec["paths"]["/api/v1/fichas"]["post"]
    assert operation["summary"] == "Crea un borrador de ficha"
    error = operation["responses"]["422"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/ErrorOut"}
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    docs = fuzzed.client.get("/docs")
    assert docs.status_code == 200 and "/api/v1/fichas/conversacion" in docs.text
    assert "<script" not in docs.text  # no CDN: the product runs offline
