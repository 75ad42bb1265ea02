"""Input that used to reach a 500 (issue 19): NUL characters, huge integers, bodies that do
not parse, odd methods, a ficha name too long for DOCX, and Slack junk. On SQLite and on
PostgreSQL (a NUL and a 2³¹ integer only broke PostgreSQL)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.http.errors import NUL_REFUSED
from assistant.wiring import build_services
from intake import RulesEngine
from tests.api.http.conftest import USERS, Api
from tests.conftest import make_settings

pytestmark = pytest.mark.slow

SPANISH_400 = "No se pudo leer el cuerpo de la petición: envíe JSON válido en UTF-8."


@pytest.fixture
def api(policy_data_dir: Path, database_url: str) -> Iterator[Api]:
    """The app over a fresh database of each backend, one user per role."""
    settings = make_settings(
        policy_data_dir, database_url=database_url, http={"rate_limit_per_minute": 100_000}
    )
    services = build_services(settings)
    services.override(rules_engine=RulesEngine.from_file())
    tokens = {
        name: services.users.create(name=name, email=f"{name}@dnp.gov.co", roles=[role], unit=unit)[
            1
        ]
        for name, (role, unit) in USERS.items()
    }
    with TestClient(create_app(settings, services)) as client:
        yield Api(client, tokens, services)
    services.database.dispose()


def _assert_error(response: object, status: int, message: str | None = None) -> None:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["ok"] is False and body["status"] == status
    if message is not None:
        assert body["error"] == message


NUL_REQUESTS = [
    ("POST", "/api/v1/preguntas", "funcionario", {"pregunta": "¿Qué es\u0000 la DER?"}),
    (
        "POST",
        "/api/v1/preguntas",
        "funcionario",
        {"pregunta": "¿Qué es la DER?", "conversacion_id": "c\u00001"},
    ),
    ("POST", "/api/v1/faq", "comunicaciones", {"pregunta": "¿Qué\u0000 es?", "respuesta": "x"}),
    ("POST", "/api/v1/fichas", "unidad_tecnica", {"ficha": {"nombre": "Ficha\u0000 nula"}}),
    ("GET", "/api/v1/faq/faq-001%00", "comunicaciones", None),
    ("GET", "/api/v1/fichas/F-1%00", "unidad_tecnica", None),
    ("GET", "/api/v1/conversaciones/c%00", "funcionario", None),
    ("GET", "/api/v1/faq?texto=a%00b", "comunicaciones", None),
]


@pytest.mark.parametrize(("method", "path", "who", "body"), NUL_REQUESTS)
def test_a_nul_character_is_a_spanish_422(
    api: Api, method: str, path: str, who: str, body: object
) -> None:
    response = api.call(method, path, who, **({"json": body} if body is not None else {}))
    _assert_error(response, 422, NUL_REFUSED)


def test_an_escaped_backslash_before_u0000_is_ordinary_text(api: Api) -> None:
    body = b'{"pregunta": "\\\\u0000 \xc2\xbfqu\xc3\xa9 es la DER?"}'
    response = api.call(
        "POST",
        "/api/v1/preguntas",
        "funcionario",
        content=body,
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 200, response.text


def test_a_nul_in_a_web_form_is_a_spanish_page(api: Api) -> None:
    response = api.client.post(
        "/entrar",
        content=b"token=a%00b&csrf=x",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "carácter nulo" in response.text


@pytest.mark.parametrize("huge", [2**31, 2**63, 10**30])
def test_integers_beyond_the_column_are_a_422(api: Api, huge: int) -> None:
    created = api.ok("POST", "/api/v1/fichas", "unidad_tecnica", json={"ficha": {"nombre": "F"}})
    ficha_id = created["resumen"]["id"]
    cases = [
        ("POST", "/api/v1/faq/faq-001/restaurar", "comunicaciones", {"json": {"revision": huge}}),
        ("GET", f"/api/v1/faq/faq-001/diferencias?desde=0&hasta={huge}", "comunicaciones", {}),
        ("GET", f"/api/v1/faq/faq-001/diferencias?desde={huge}&hasta=1", "comunicaciones", {}),
        (
            "PUT",
            f"/api/v1/fichas/{ficha_id}",
            "unidad_tecnica",
            {"json": {"ficha": {"nombre": "F"}, "version_bloqueo": huge}},
        ),
        (
            "POST",
            f"/api/v1/faq/sin-resolver/{huge}/borrador",
            "comunicaciones",
            {"json": {"respuesta": "x"}},
        ),
    ]
    for method, path, who, kwargs in cases:
        _assert_error(api.call(method, path, who, **kwargs), 422)


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b'{"pregunta": "\xff\xfe"}', "application/json"),
        (b"[" * 20_000 + b"]" * 20_000, "application/json"),
        ('{"pregunta": "¿Qué es la DER?"}'.encode("latin-1"), "application/json; charset=latin-1"),
    ],
    ids=["utf8-invalido", "json-profundo", "latin-1"],
)
def test_a_body_that_does_not_parse_is_a_spanish_error(
    policy_data_dir: Path, tmp_path: Path, content: bytes, content_type: str
) -> None:
    settings = make_settings(
        policy_data_dir, database_url=f"sqlite:///{tmp_path / 'a.db'}", http={"max_body_kb": 64}
    )
    services = build_services(settings)
    _, token = services.users.create(name="Ana", email="ana@dnp.gov.co", roles=["funcionario"])
    with TestClient(create_app(settings, services)) as client:
        response = client.post(
            "/api/v1/preguntas",
            content=content,
            headers={"content-type": content_type, "authorization": f"Bearer {token}"},
        )
    assert response.status_code in (400, 422), response.text
    body = response.json()
    assert body["ok"] is False and "parsing" not in body["error"]
    assert body["error"] in (SPANISH_400, "Los datos enviados no son válidos.")


def test_trace_is_a_405_with_allow(api: Api) -> None:
    response = api.call("TRACE", "/api/v1/preguntas", "funcionario")
    _assert_error(response, 405)
    assert response.headers["allow"] == "POST"


def test_the_web_shows_its_error_page_for_413(policy_data_dir: Path, tmp_path: Path) -> None:
    settings = make_settings(
        policy_data_dir, database_url=f"sqlite:///{tmp_path / 'a.db'}", http={"max_body_kb": 1}
    )
    with TestClient(create_app(settings, build_services(settings))) as client:
        response = client.post(
            "/entrar",
            content=b"token=" + b"x" * 4000,
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        api_response = client.post("/api/v1/preguntas", content=b"x" * 4000)
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")
    assert "demasiado grande" in response.text
    _assert_error(api_response, 413)


def test_a_ficha_with_a_very_long_name_can_be_downloaded(api: Api) -> None:
    name = "Acompañamiento a municipios en la estructuración de proyectos " * 6
    created = api.ok(
        "POST", "/api/v1/fichas", "unidad_tecnica", json={"ficha": {"nombre": name.strip()}}
    )
    for who in ("unidad_tecnica", "der"):
        response = api.call("GET", f"/api/v1/fichas/{created['resumen']['id']}/documento", who)
        assert response.status_code == 200, response.text
        document = Document(io.BytesIO(response.content))
        assert len(document.core_properties.title) <= 255
        assert name.strip() in "\n".join(p.text for p in document.paragraphs)
