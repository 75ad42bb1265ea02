"""Every web route × every person, and every web form without its CSRF token.

`MATRIX` names every route of the web interface (iterating the app's routes: a new page or
form without a row fails `test_every_web_route_has_a_row`). Each row says who gets past the
role check and gives a sample request that really does something (approves a ficha, creates
an FAQ entry…). For every person outside the row the answer is the Spanish 403 page; for those
inside, never a 403 and never the login page.

Every POST is also sent by an administrator (who may do everything) without the CSRF token
and with a forged one: 403, nothing written, still signed in. The same request with the token
must change something, so the refused one proves the check and not a harmless sample.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import MetaData, select

from tests.api.web.conftest import PEOPLE, Web, build_web
from tests.intake.factories import valid_ficha

pytestmark = pytest.mark.slow

EVERYONE = frozenset(PEOPLE)
UNITS = frozenset({"unidad", "der", "admin"})
REVIEWERS = frozenset({"der", "admin"})
EDITORS = frozenset({"editora", "revisora", "admin"})
PUBLIC = None
FORBIDDEN = "No tiene permiso para ver esta página."
CSRF_REFUSED = "código de seguridad"


@dataclass(frozen=True)
class Row:
    """Who may use a route (``None``: anyone, even without a session) and a sample request.

    ``{ficha}``, ``{faq}``, ``{grupo}`` and ``{registro}`` are replaced by a ficha sent to DER,
    a draft FAQ entry, a group of unresolved questions and an answer of the administrator.
    ``changes`` is False for requests that write nothing even when accepted (a preview).
    """

    allowed: frozenset[str] | None
    path: str
    data: dict[str, str] = field(default_factory=dict)
    changes: bool = True
    signs_out: bool = False
    opens: tuple[int, ...] = (200,)
    """What an allowed GET answers (a link that redirects: 303, or 404 when it is not theirs)."""


FAQ_FORM = {
    "pregunta": "¿Quién revisa la ficha de pre-diseño?",
    "respuesta": "La Dirección de Estrategia Regional.",
    "accion": "guardar",
}
MATRIX: dict[tuple[str, str], Row] = {
    ("GET", "/"): Row(PUBLIC, "/"),
    ("GET", "/entrar"): Row(PUBLIC, "/entrar"),
    ("POST", "/entrar"): Row(PUBLIC, "/entrar", {"token": "{token}"}),
    ("POST", "/salir"): Row(EVERYONE, "/salir", signs_out=True),
    ("GET", "/chat"): Row(EVERYONE, "/chat"),
    ("POST", "/chat"): Row(EVERYONE, "/chat", {"mensaje": "¿Qué es la ficha de pre-diseño?"}),
    ("POST", "/chat/nueva"): Row(EVERYONE, "/chat/nueva", changes=False),  # only the session
    ("GET", "/avisos"): Row(EVERYONE, "/avisos"),
    ("GET", "/avisos/{notice_id}"): Row(EVERYONE, "/avisos/1", opens=(303, 404)),
    ("POST", "/avisos/leidos"): Row(EVERYONE, "/avisos/leidos"),
    ("POST", "/chat/valoracion"): Row(
        EVERYONE, "/chat/valoracion", {"registro": "{registro}", "valor": "no_util"}
    ),
    ("GET", "/fichas"): Row(UNITS, "/fichas"),
    ("GET", "/fichas/{ficha_id}"): Row(UNITS, "/fichas/{ficha}"),
    ("GET", "/fichas/{ficha_id}/docx"): Row(UNITS, "/fichas/{ficha}/docx"),
    ("GET", "/der"): Row(REVIEWERS, "/der"),
    ("GET", "/der/{ficha_id}"): Row(REVIEWERS, "/der/{ficha}"),
    ("POST", "/der/{ficha_id}"): Row(REVIEWERS, "/der/{ficha}", {"accion": "aprobar"}),
    ("GET", "/faq/pendientes"): Row(EDITORS, "/faq/pendientes"),
    ("POST", "/faq/pendientes/{group}"): Row(EDITORS, "/faq/pendientes/{grupo}"),
    ("GET", "/faq/informe"): Row(EDITORS, "/faq/informe"),
    ("GET", "/faq"): Row(EDITORS, "/faq"),
    ("GET", "/faq/nueva"): Row(EDITORS, "/faq/nueva"),
    ("POST", "/faq/vista-previa"): Row(
        EDITORS, "/faq/vista-previa", {"respuesta": "**hola**"}, changes=False
    ),
    ("POST", "/faq/nueva"): Row(EDITORS, "/faq/nueva", FAQ_FORM),
    ("GET", "/faq/{entry_id}/editar"): Row(EDITORS, "/faq/{faq}/editar"),
    ("POST", "/faq/{entry_id}/editar"): Row(
        EDITORS, "/faq/{faq}/editar", {**FAQ_FORM, "respuesta": "La DER, en la Etapa 1."}
    ),
    ("GET", "/faq/{entry_id}"): Row(EDITORS, "/faq/{faq}"),
    ("POST", "/faq/{entry_id}/accion"): Row(EDITORS, "/faq/{faq}/accion", {"accion": "enviar"}),
}


def web_routes(app: Any) -> set[tuple[str, str]]:
    """(method, path) of every route of the web interface (not the API's, not its docs)."""
    return {
        (method, route.path)
        for route in iter_route_contexts(app.routes)
        if isinstance(route.original_route, APIRoute)
        and not route.original_route.include_in_schema
        and not (route.path or "").startswith(("/api/", "/slack/"))
        for method in route.methods or ()
        if method != "HEAD"
    }


@dataclass
class Sample:
    """The ids a sample request needs (see `Row`)."""

    values: dict[str, str]

    def fill(self, text: str) -> str:
        for name, value in self.values.items():
            text = text.replace("{" + name + "}", value)
        return text

    def form(self, row: Row) -> dict[str, str]:
        return {k: self.fill(v) for k, v in row.data.items()}


def _sample(web: Web) -> Sample:
    """Real objects for the sample requests: a ficha with DER, an FAQ draft, an answer and a
    group of unresolved questions."""
    services = web.services
    unit = services.users.authenticate(web.tokens["unidad"])
    assert unit is not None
    actor = unit.ficha_actor()
    stored = services.ficha_workflow.create(actor)
    services.ficha_workflow.save_draft(
        actor, stored.id, valid_ficha(), expected_lock=stored.lock_version
    )
    warnings = [f.key for f in services.rules_engine.validate(valid_ficha()).warnings]
    services.ficha_workflow.submit(actor, stored.id, acknowledged=warnings)

    csrf = web.login("funcionario")
    for question in ("¿Cuántos días de vacaciones tengo?", "¿Cuántos días de vacaciones me dan?"):
        web.client.post("/chat", data={"mensaje": question, "csrf": csrf})
    csrf = web.login("editora")
    queue = web.client.get("/faq/pendientes").text
    group = re.search(r'action="/faq/pendientes/(\d+)"', queue)
    assert group is not None, "no hay preguntas sin resolver para la muestra"
    section = services.answerer.answer(FAQ_FORM["pregunta"]).passages[0].section
    created = web.client.post(
        "/faq/nueva", data={**FAQ_FORM, "secciones": section, "csrf": csrf}, follow_redirects=False
    )
    assert created.status_code == 303, created.text
    faq = created.headers["location"].rsplit("/", 1)[1]

    csrf = web.login("admin")
    answer = web.client.post(
        "/chat", data={"mensaje": "¿Qué es el protocolo de ATT?", "csrf": csrf}
    )
    registro = re.search(r'name="registro" value="(\d+)"', answer.text)
    assert registro is not None
    return Sample(
        {
            "ficha": stored.id,
            "faq": faq,
            "grupo": group.group(1),
            "registro": registro.group(1),
            "token": web.tokens["funcionario"],
        }
    )


@pytest.fixture(scope="module")
def matrix_web(policy_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    yield from build_web(
        policy_data_dir, tmp_path_factory.mktemp("matriz_web") / "m.db", rate_limit=10_000
    )


@pytest.fixture(scope="module")
def matrix_sample(matrix_web: Web) -> Sample:
    return _sample(matrix_web)


def test_every_web_route_has_a_row(matrix_web: Web) -> None:
    routes = web_routes(matrix_web.client.app)
    assert len(routes) >= 20
    missing = sorted(routes - set(MATRIX))
    gone = sorted(set(MATRIX) - routes)
    assert not missing, f"Rutas web sin fila en MATRIX (quién puede usarlas): {missing}"
    assert not gone, f"Filas de MATRIX sin ruta en la app: {gone}"


def _send(web: Web, method: str, path: str, data: dict[str, str] | None = None) -> Any:
    if method == "GET":
        return web.client.get(path, follow_redirects=False)
    return web.client.post(path, data=data, follow_redirects=False)


def _to_login(response: Any) -> bool:
    return response.status_code in (303, 307) and response.headers.get("location", "").startswith(
        "/entrar"
    )


@pytest.mark.parametrize("key", sorted(MATRIX), ids=" ".join)
def test_role_matrix(matrix_web: Web, matrix_sample: Sample, key: tuple[str, str]) -> None:
    method, _ = key
    row = MATRIX[key]
    path = matrix_sample.fill(row.path)
    wrong: list[str] = []
    # Refusals first: a refused request writes nothing, so the allowed ones see the sample.
    people = sorted(PEOPLE, key=lambda who: row.allowed is None or who in row.allowed)
    for who in (None, *people):
        if who is None:
            matrix_web.client.cookies.clear()
            csrf = matrix_web.client.get("/entrar").text
            token = re.search(r'name="csrf" value="([^"]+)"', csrf)
            data = {**matrix_sample.form(row), "csrf": token.group(1) if token else ""}
        else:
            data = {**matrix_sample.form(row), "csrf": matrix_web.login(who)}
        response = _send(matrix_web, method, path, data)
        if row.allowed is None:
            outcome_ok = response.status_code not in (401, 403) and response.status_code < 500
        elif who is None:
            outcome_ok = _to_login(response)
        elif who in row.allowed:
            # A page opens; an action may still be refused by the workflow (409, 422), but
            # never by the role check.
            if method == "GET":
                outcome_ok = response.status_code in row.opens
            else:
                outcome_ok = response.status_code not in (401, 403) and response.status_code < 500
                outcome_ok = outcome_ok and (row.signs_out or not _to_login(response))
        else:
            outcome_ok = response.status_code == 403 and FORBIDDEN in response.text
            outcome_ok = outcome_ok and '<html lang="es">' in response.text
        if not outcome_ok:
            wrong.append(f"{who or 'sin sesión'} → {response.status_code}")
    assert not wrong, f"{method} {path}: {wrong}"


# --- CSRF ------------------------------------------------------------------------------------

VOLATILE_TABLES = {"rate_limit_windows", "alembic_version"}


def snapshot(web: Web) -> dict[str, list[tuple[str, ...]]]:
    """Every row of every table (except rate-limit counters), as sorted text tuples."""
    metadata = MetaData()
    engine = web.services.database.engine
    metadata.reflect(engine)
    with engine.connect() as connection:
        return {
            name: sorted(tuple(map(str, row)) for row in connection.execute(select(table)))
            for name, table in metadata.tables.items()
            if name not in VOLATILE_TABLES
        }


POSTS = sorted(key for key in MATRIX if key[0] == "POST")


@pytest.mark.parametrize("key", POSTS, ids=" ".join)
def test_every_web_form_needs_the_csrf_token(matrix_web: Web, key: tuple[str, str]) -> None:
    row = MATRIX[key]
    sample = _sample(matrix_web)
    csrf = matrix_web.login("admin")
    path, form = sample.fill(row.path), sample.form(row)
    before = snapshot(matrix_web)
    for forged in ({}, {"csrf": "otro-codigo"}, {"csrf": ""}):
        refused = matrix_web.client.post(path, data={**form, **forged}, follow_redirects=False)
        assert refused.status_code == 403, (path, forged, refused.status_code)
        assert CSRF_REFUSED in refused.text
    assert snapshot(matrix_web) == before, f"{path} escribió sin token CSRF"
    assert matrix_web.client.get("/chat", follow_redirects=False).status_code == 200
    # The same request with the token is accepted and does something.
    accepted = matrix_web.client.post(path, data={**form, "csrf": csrf}, follow_redirects=False)
    assert accepted.status_code in (200, 303), (path, accepted.status_code, accepted.text[:300])
    if row.changes and key[1] not in ("/entrar", "/salir"):
        assert snapshot(matrix_web) != before, f"la muestra de {path} no cambia nada: no prueba"
