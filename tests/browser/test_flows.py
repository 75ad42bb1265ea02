"""The web interface in a real browser (Chromium): the four flows of the issue and the phone
width. Every page visited is saved as a screenshot."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Site, say, sign_in, sign_out, snap
from tests.intake.test_conversation import UNIT_ANSWERS

pytestmark = pytest.mark.slow

FIXED_PROBLEM = (
    "Los municipios de categorías 5 y 6 presentan baja calidad técnica en los proyectos de "
    "inversión que presentan al SGR, lo que retrasa su aprobación y su ejecución."
)
FAQ_QUESTION = "¿Cuál es el horario de atención del equipo de comunicaciones del DNP?"


def test_ask_a_question_and_open_a_citation(page: Page, site: Site) -> None:
    page.goto("/")
    snap(page, "01_entrar")
    sign_in(page, site, "funcionario")
    snap(page, "02_chat_vacio")
    say(page, "¿Qué es el protocolo de ATT?")
    answer = page.locator("article.turno .burbuja.asistente").last
    expect(answer.locator(".insignia")).to_contain_text("Glosario")
    expect(page.get_by_label("Su mensaje")).to_have_value("")  # chat.js ran (CSP allows it)
    expect(page.get_by_label("Su mensaje")).to_be_focused()
    quote = answer.locator(".citas blockquote").first
    expect(quote).to_be_hidden()
    answer.locator(".citas summary").first.click()
    expect(quote).to_be_visible()
    answer.get_by_role("button", name="Útil", exact=True).click()
    expect(answer.locator(".gracias")).to_contain_text("fue útil")
    snap(page, "03_chat_respuesta_con_cita")
    logged = site.services.question_log.latest()
    assert logged is not None and logged.feedback is not None


def _fill_ficha(page: Page) -> str:
    say(page, "quiero registrar una ficha")
    expect(page.locator("article.turno").last).to_contain_text("Paso 1 de 6")
    snap(page, "04_ficha_inicio")
    for answer in UNIT_ANSWERS:
        say(page, answer)
    last = page.locator("article.turno").last
    expect(last).to_contain_text("¿Envío la ficha a la DER?")
    snap(page, "05_ficha_resumen")
    last.get_by_role("button", name="Enviar a la DER").click()
    sent = page.locator("article.turno").last
    expect(sent).to_contain_text("Envié la ficha")
    snap(page, "06_ficha_enviada")
    found = re.search(r"F-[0-9A-F]{8}", sent.inner_text())
    assert found is not None
    return found.group(0)


def test_complete_a_ficha_in_the_chat_then_der_returns_and_approves_it(
    page: Page, site: Site
) -> None:
    sign_in(page, site, "unidad")
    ficha_id = _fill_ficha(page)
    page.goto("/fichas")
    expect(page.get_by_role("link", name=ficha_id)).to_be_visible()
    snap(page, "07_fichas_lista")
    sign_out(page)

    sign_in(page, site, "der")
    page.goto("/der")
    snap(page, "08_der_bandeja")
    page.get_by_role("link", name=ficha_id).click()
    expect(page.get_by_role("heading", name="Contenido de la versión enviada")).to_be_visible()
    snap(page, "09_der_revision")
    field = page.locator("#campo-problema-enunciado")
    field.get_by_text("Comentar este campo").click()
    field.get_by_label("Comentario sobre").fill("Precise la población objetivo.")
    field.get_by_role("button", name="Agregar comentario").click()
    expect(page.locator("#campo-problema-enunciado")).to_contain_text("Precise la población")
    page.get_by_label("Comentario general o motivo").fill("Revise el problema.")
    page.get_by_role("button", name="Devolver a la dependencia").click()
    expect(page.get_by_role("status")).to_contain_text("Ficha devuelta")
    snap(page, "10_der_devuelta")
    sign_out(page)

    sign_in(page, site, "unidad")
    page.goto(f"/fichas/{ficha_id}")
    expect(page.locator("main")).to_contain_text("Precise la población objetivo.")
    snap(page, "11_ficha_devuelta")
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar DOCX").click()
    assert download.value.suggested_filename == f"{ficha_id}.docx"
    page.get_by_role("button", name="Continuar en el chat").click()
    expect(page.locator("article.turno").last).to_contain_text("Precise la población objetivo.")
    say(page, "cambiar problema")
    say(page, FIXED_PROBLEM)
    page.locator("article.turno").last.get_by_role("button", name="Enviar a la DER").click()
    expect(page.locator("article.turno").last).to_contain_text("versión 2")
    snap(page, "12_ficha_reenviada")
    sign_out(page)

    sign_in(page, site, "der")
    page.goto(f"/der/{ficha_id}")
    page.get_by_role("button", name="Aprobar").click()
    expect(page.get_by_role("status")).to_contain_text("Ficha aprobada")
    page.get_by_label("Comparar la versión").select_option("1")
    page.get_by_label("con", exact=True).select_option("2")
    page.get_by_role("button", name="Ver diferencias").click()
    expect(page.get_by_label("Diferencias")).to_contain_text("Enunciado del problema")
    expect(page.get_by_label("Diferencias")).to_contain_text("y su ejecución")
    snap(page, "13_der_aprobada_diferencias")


def test_an_faq_written_reviewed_and_published_is_served_in_the_chat(
    page: Page, site: Site
) -> None:
    section = site.services.answerer.answer(FAQ_QUESTION).passages[0].section
    sign_in(page, site, "editora")
    refused = page.goto("/der")
    assert refused is not None and refused.status == 403
    expect(page.get_by_role("heading", name="Sin permiso")).to_be_visible()
    snap(page, "13b_sin_permiso")
    page.goto("/faq")
    snap(page, "14_faq_lista")
    page.get_by_role("link", name="Nueva entrada").click()
    page.get_by_label("Pregunta principal").fill(FAQ_QUESTION)
    page.get_by_label("Respuesta (Markdown)").fill(
        "De lunes a viernes, de **8:00 a 17:00**. <script>alert(1)</script>"
    )
    expect(page.locator("#vista-previa strong")).to_have_text("8:00 a 17:00")
    expect(page.locator("#vista-previa")).to_contain_text("<script>alert(1)</script>")
    page.get_by_label("Secciones de la política").fill(section)
    snap(page, "15_faq_editor_vista_previa")
    page.get_by_role("button", name="Guardar borrador").click()
    expect(page.get_by_role("status")).to_contain_text("guardada como borrador")
    entry_url = page.url
    page.get_by_role("button", name="Enviar a revisión").click()
    expect(page.get_by_role("status")).to_contain_text("Enviada a revisión")
    snap(page, "16_faq_en_revision")
    sign_out(page)

    sign_in(page, site, "revisora")
    page.goto(entry_url)
    page.get_by_role("button", name="Aprobar").click()
    expect(page.get_by_role("status")).to_contain_text("Revisión aprobada")
    page.get_by_role("button", name="Publicar").click()
    expect(page.get_by_role("status")).to_contain_text("Publicada")
    snap(page, "17_faq_publicada")
    page.goto("/faq/informe")
    snap(page, "18_faq_informe")
    page.goto("/faq/pendientes")
    snap(page, "19_faq_pendientes")
    sign_out(page)

    sign_in(page, site, "funcionario")
    say(page, FAQ_QUESTION)
    answer = page.locator("article.turno .burbuja.asistente").last
    expect(answer).to_have_attribute("data-ruta", "faq")
    expect(answer.locator("strong").first).to_have_text("8:00 a 17:00")
    snap(page, "20_chat_sirve_faq")


def test_the_chat_fits_a_phone(page: Page, site: Site) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, site, "admin")
    say(page, "¿Quién da feedback a la ficha de pre-diseño?")
    expect(page.locator("article.turno .insignia").last).to_be_visible()
    snap(page, "21_telefono_chat")
    for path in ("/chat", "/fichas", "/der", "/faq", "/faq/nueva", "/faq/informe"):
        if path != "/chat":
            page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} se desborda a lo ancho ({width}px)"
        snap(page, f"22_telefono{path.replace('/', '_')}")
    page.goto("/chat")
    assert page.evaluate("document.activeElement.id") == "mensaje"  # ready to type
