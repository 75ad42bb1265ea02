"""FAQ admin in the web: safe Markdown (stored XSS), form errors, the four-eyes workflow up
to the chat, the unresolved queue and the usage report."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from api.rendering.html import render_markdown
from tests.api.web.conftest import Web

pytestmark = pytest.mark.slow

QUESTION = "¿Cuál es el horario de atención del equipo de comunicaciones del DNP?"
PAYLOAD = (
    'Horario: **8 a 5**. <script>alert("xss")</script> <img src=x onerror="alert(1)"> '
    '[pulsa](javascript:alert(2)) <a href="javascript:alert(3)">enlace</a> '
    "[ok](https://www.dnp.gov.co)"
)


class _Elements(HTMLParser):
    """Collects what a browser would run: script elements, on* handlers, script URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.script_urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                ("javascript:", "data:text/html", "vbscript:")
            ):
                self.script_urls.append(f"<{tag} {name}={value}>")
        if tag == "script":
            self.scripts.append(dict(attrs).get("src") or "inline")


def assert_inert(html: str) -> None:
    """Only our own scripts; no event handler attribute; no javascript: URL."""
    found = _Elements()
    found.feed(html)
    assert set(found.scripts) <= {
        "/estaticos/htmx.min.js",
        "/estaticos/chat.js",
        "/estaticos/confirmar.js",
    }, found.scripts
    assert found.handlers == [] and found.script_urls == [], (found.handlers, found.script_urls)


def test_markdown_is_rendered_without_html_or_script_links() -> None:
    html = str(render_markdown(PAYLOAD))
    assert_inert(html)
    assert "<strong>8 a 5</strong>" in html
    assert '<a href="https://www.dnp.gov.co" rel="noopener noreferrer nofollow">ok</a>' in html
    assert "&lt;script&gt;" in html  # shown as text, not run


def _create(web: Web, csrf: str, **fields: str) -> str:
    done = web.client.post(
        "/faq/nueva",
        data={"accion": "guardar", "csrf": csrf, **fields},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    return done.headers["location"].rsplit("/", 1)[1]


def _act(web: Web, csrf: str, entry_id: str, action: str) -> str:
    page = web.client.post(f"/faq/{entry_id}/accion", data={"accion": action, "csrf": csrf})
    assert page.status_code == 200, page.text
    return page.text


def test_a_stored_xss_answer_is_inert_in_preview_list_entry_and_chat(web: Web) -> None:
    section = web.services.answerer.answer(QUESTION).passages[0].section
    csrf = web.login("editora")
    preview = web.client.post(
        "/faq/vista-previa",
        data={"respuesta": PAYLOAD, "csrf": csrf},
        headers={"HX-Request": "true"},
    )
    assert_inert(preview.text)
    assert "<strong>8 a 5</strong>" in preview.text
    entry_id = _create(
        web,
        csrf,
        pregunta=QUESTION + ' <img src=x onerror="alert(4)">',
        respuesta=PAYLOAD,
        secciones=section,
    )
    for path in ("/faq", f"/faq?q={entry_id}", f"/faq/{entry_id}", f"/faq/{entry_id}/editar"):
        page = web.client.get(path)
        assert page.status_code == 200 and entry_id in page.text
        assert_inert(page.text)
    # Clean the question, then the four-eyes workflow: the author cannot approve.
    edited = web.client.post(
        f"/faq/{entry_id}/editar",
        data={
            "accion": "guardar",
            "csrf": csrf,
            "base": "1",
            "pregunta": QUESTION,
            "respuesta": PAYLOAD,
            "secciones": section,
        },
    )
    assert "Revisión 2 guardada" in edited.text
    assert "Enviada a revisión" in _act(web, csrf, entry_id, "enviar")
    own = web.client.post(f"/faq/{entry_id}/accion", data={"accion": "aprobar", "csrf": csrf})
    assert own.status_code == 403 and 'role="alert"' in own.text
    assert 'value="publicar"' not in own.text
    csrf = web.login("revisora")
    assert "Revisión aprobada" in _act(web, csrf, entry_id, "aprobar")
    assert "Publicada" in _act(web, csrf, entry_id, "publicar")
    diff = web.client.get(f"/faq/{entry_id}?de=1&a=2")
    assert 'aria-label="Diferencias"' in diff.text and "onerror" in diff.text
    assert_inert(diff.text)
    # The chat serves it (route faq), still inert.
    csrf = web.login("funcionario")
    answer = web.client.post(
        "/chat", data={"mensaje": QUESTION, "csrf": csrf}, headers={"HX-Request": "true"}
    )
    assert 'data-ruta="faq"' in answer.text, answer.text
    assert "<strong>8 a 5</strong>" in answer.text
    assert_inert(answer.text)


def test_an_invalid_entry_shows_its_problems_and_keeps_what_was_typed(web: Web) -> None:
    csrf = web.login("editora")
    typed = {
        "pregunta": "¿Qué es la ficha?",
        "alternativas": "línea uno\nlínea dos",
        "respuesta": "Una *respuesta* escrita con cuidado.",
        "secciones": "Sección inventada que no existe",
        "etiquetas": "ficha, pre-diseño",
        "accion": "guardar",
        "csrf": csrf,
    }
    page = web.client.post("/faq/nueva", data=typed)
    assert page.status_code == 422
    assert "no existe en el índice" in page.text and 'role="alert"' in page.text
    assert 'value="¿Qué es la ficha?"' in page.text
    assert ">Una *respuesta* escrita con cuidado.</textarea>" in page.text
    assert ">línea uno\nlínea dos</textarea>" in page.text
    assert 'value="ficha, pre-diseño"' in page.text
    bad_id = web.client.post("/faq/nueva", data={**typed, "secciones": "", "id": "Mal Id!"})
    assert bad_id.status_code == 422 and "Id inválido" in bad_id.text
    assert 'value="Mal Id!"' in bad_id.text
    # The no-JavaScript preview keeps the form too.
    preview = web.client.post("/faq/nueva", data={**typed, "accion": "vista_previa"})
    assert preview.status_code == 200 and "<em>respuesta</em>" in preview.text
    assert 'value="¿Qué es la ficha?"' in preview.text


def test_unresolved_questions_become_a_draft_and_the_report_draws_bars(web: Web) -> None:
    csrf = web.login("funcionario")
    for question in (
        "¿Cuántos días de vacaciones tengo este año?",
        "¿Cuántos días de vacaciones me dan?",
    ):
        web.client.post("/chat", data={"mensaje": question, "csrf": csrf})
    csrf = web.login("editora")
    queue = web.client.get("/faq/pendientes")
    assert "vacaciones" in queue.text
    group = re.search(r'action="/faq/pendientes/(\d+)"', queue.text).group(1)  # type: ignore[union-attr]
    drafted = web.client.post(f"/faq/pendientes/{group}", data={"csrf": csrf})
    assert drafted.status_code == 200 and "creado desde las preguntas sin resolver" in drafted.text
    assert "vacaciones" in drafted.text
    assert "vacaciones" not in web.client.get("/faq/pendientes").text.split("sin resolver (")[1]
    report = web.client.get("/faq/informe")
    assert report.status_code == 200 and 'class="barra"' in report.text
    assert re.search(r'style="width: 100(\.0)?%"', report.text)


def test_malformed_revision_numbers_are_spanish_pages_not_crashes(web: Web) -> None:
    section = web.services.answerer.answer(QUESTION).passages[0].section
    csrf = web.login("editora")
    entry_id = _create(web, csrf, pregunta=QUESTION, respuesta="Sí.", secciones=section)
    for query in ("de=²&a=1", f"de=1&a={'9' * 30}"):
        shown = web.client.get(f"/faq/{entry_id}?{query}")
        assert shown.status_code == 200 and "<h1" in shown.text, query
        assert 'aria-label="Diferencias"' not in shown.text, query
    edited = web.client.post(
        f"/faq/{entry_id}/editar",
        follow_redirects=False,
        data={
            "csrf": csrf,
            "base": "²",
            "pregunta": QUESTION,
            "respuesta": "No.",
            "secciones": section,
        },
    )
    # A malformed base revision is no base: the edit is saved as revision 2.
    assert edited.status_code == 303, edited.text
    assert edited.headers["location"] == f"/faq/{entry_id}"
    assert web.services.faq_bank.store.get(entry_id).head_revision == 2
