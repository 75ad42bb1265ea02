"""Issue 18 in a real browser at laptop (1366 px) and phone (390 px) width: the conversation
survives a reload, Enter sends, a unit sees DER's decision among its notices, DER comments a
field beside it, a 2,000-character question leaves every page within the viewport, and axe
finds no serious or critical violation on any page. Screenshots of every page are kept."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from assistant.access.users import User
from intake import Severity, load_examples
from tests.browser.conftest import (
    AXE,
    EXPECTED_403,
    Site,
    open_tab,
    say,
    sign_in,
    sign_out,
    snap,
)

pytestmark = pytest.mark.slow

WIDTHS = {"portatil": 1366, "telefono": 390}
LONG_QUESTION = "¿" + "a" * 1997 + "?"
"""A 2,000-character question without a single space (it once made pages 19,000 px wide)."""
SENT = itertools.count()
EXPECTED_404 = "status of 404"
"""The mistyped address the test visits on purpose."""
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(" ")).join(", ")}`);
}"""


@pytest.fixture(params=list(WIDTHS))
def tab(request: pytest.FixtureRequest, browser: Browser, site: Site) -> Iterator[Page]:
    """A tab at one of the two widths (its name is ``tab.width_name``)."""
    page, problems = open_tab(
        browser, site, WIDTHS[request.param], expected=(EXPECTED_403, EXPECTED_404)
    )
    page.width_name = request.param  # type: ignore[attr-defined]
    yield page
    page.context.close()
    assert problems == [], f"errores en la consola del navegador: {problems}"


def _width(page: Page) -> int:
    return int(page.viewport_size["width"]) if page.viewport_size else 0


def _user(site: Site, who: str) -> User:
    user = site.services.users.authenticate(site.tokens[who])
    assert user is not None
    return user


def _sent_ficha(site: Site) -> tuple[str, str]:
    """The unit sends one of the example fichas (a new name each time), accepting its
    warnings (e.g. that it looks like the one sent before)."""
    number = next(SENT)
    examples = list(load_examples().values())
    example = examples[number % len(examples)]
    ficha = example.model_copy(update={"nombre": f"{example.nombre} ({number + 1})"})
    actor = _user(site, "unidad").ficha_actor()
    stored = site.services.ficha_workflow.create(actor, ficha)
    report = site.services.rules_engine.validate(stored.draft)
    warnings = [f.key for f in report.findings if f.severity is Severity.WARNING]
    site.services.ficha_workflow.submit(actor, stored.id, acknowledged=warnings)
    return stored.id, ficha.nombre


def test_enter_sends_and_a_reload_keeps_the_conversation(tab: Page, site: Site) -> None:
    name = tab.width_name  # type: ignore[attr-defined]
    sign_in(tab, site, "funcionario")
    box = tab.get_by_label("Su mensaje")
    expect(box).to_be_focused()  # after login, ready to type
    box.press_sequentially("línea uno")
    box.press("Shift+Enter")
    box.press_sequentially("línea dos")
    expect(box).to_have_value("línea uno\nlínea dos")  # Shift+Enter: a new line, not sent
    expect(tab.locator("article.turno")).to_have_count(0)
    box.fill("¿Qué es el protocolo de ATT?")
    box.press("Enter")
    turn = tab.locator("article.turno").first
    expect(turn.locator(".burbuja.asistente")).to_contain_text("Glosario")
    expect(box).to_have_value("")
    useful = turn.get_by_role("button", name="Útil", exact=True)
    useful.click()
    expect(turn.locator(".gracias")).to_contain_text("fue útil")
    expect(turn.get_by_role("button", name="Útil", exact=True)).to_be_focused()
    history = tab.get_by_role("complementary", name="Sus conversaciones")
    expect(history).to_contain_text("¿Qué es el protocolo de ATT?")  # listed at once
    snap(tab, f"{name}_30_chat_enter_y_util")
    tab.reload()
    expect(tab.locator("article.turno")).to_have_count(1)
    expect(tab.locator("article.turno").first).to_contain_text("¿Qué es el protocolo de ATT?")
    expect(history).to_contain_text("¿Qué es el protocolo de ATT?")
    snap(tab, f"{name}_31_chat_tras_recargar")
    tab.get_by_role("button", name="Nueva conversación").click()
    expect(tab.locator("article.turno")).to_have_count(0)
    history.get_by_role("link", name=re.compile("protocolo de ATT")).first.click()
    expect(tab.locator("article.turno")).to_have_count(1)
    say(tab, "¿y quién lo coordina?")
    expect(tab.locator("article.turno")).to_have_count(2)
    tab.reload()
    expect(tab.locator("article.turno")).to_have_count(2)  # the follow-up joined it
    snap(tab, f"{name}_32_chat_reabierta")
    sign_out(tab)


def test_der_comments_a_field_beside_it_and_the_unit_sees_the_decision(
    tab: Page, site: Site
) -> None:
    name = tab.width_name  # type: ignore[attr-defined]
    ficha_id, ficha_name = _sent_ficha(site)
    sign_in(tab, site, "der")
    expect(tab.locator(".contador-avisos")).to_be_visible()
    tab.get_by_role("link", name=re.compile("^Avisos")).click()
    snap(tab, f"{name}_33_der_avisos")
    tab.get_by_role("link", name=re.compile(re.escape(ficha_name))).first.click()
    tab.wait_for_url(f"**/der/{ficha_id}")
    field = tab.locator("#campo-problema-enunciado")
    field.get_by_text("Comentar este campo").click()
    field.get_by_label("Comentario sobre").fill("Precise la población objetivo.")
    snap(tab, f"{name}_34_der_comenta_campo")
    field.get_by_role("button", name="Agregar comentario").click()
    expect(tab.locator("#campo-problema-enunciado .comentario-campo")).to_contain_text(
        "Precise la población objetivo."
    )
    tab.get_by_label("Comentario general o motivo").fill("Revise el enunciado del problema.")
    tab.get_by_role("button", name="Devolver a la dependencia").click()
    expect(tab.get_by_role("status").first).to_contain_text("Ficha devuelta")
    snap(tab, f"{name}_35_der_devuelve")
    sign_out(tab)

    sign_in(tab, site, "unidad")
    expect(tab.locator(".contador-avisos")).to_be_visible()
    tab.goto("/avisos")
    notice = tab.locator(".lista-avisos .sin-leer", has_text=ficha_name).first
    expect(notice).to_contain_text("Ficha devuelta")
    snap(tab, f"{name}_36_unidad_avisos")
    notice.get_by_role("link").click()
    tab.wait_for_url(f"**/fichas/{ficha_id}")
    expect(tab.locator("main")).to_contain_text("Precise la población objetivo.")
    sign_out(tab)


def _pages(site: Site) -> list[tuple[str, str]]:
    ficha_id, _ = _sent_ficha(site)
    entry = site.services.faq_bank.store.records()[0].entry_id
    return [
        ("chat", "/chat"),
        ("avisos", "/avisos"),
        ("fichas", "/fichas"),
        ("ficha", f"/fichas/{ficha_id}"),
        ("der", "/der"),
        ("der_ficha", f"/der/{ficha_id}"),
        ("faq", "/faq"),
        ("faq_nueva", "/faq/nueva"),
        ("faq_entrada", f"/faq/{entry}"),
        ("faq_pendientes", "/faq/pendientes"),
        ("faq_informe", "/faq/informe"),
        ("no_existe", "/no-existe"),
    ]


def _check(page: Page, label: str, problems: list[str]) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > _width(page):
        problems.append(f"{label}: {width}px de ancho")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    problems += [f"{label}: {v}" for v in page.evaluate(RUN_AXE)]
    snap(page, label)


def test_every_page_fits_the_width_and_passes_axe(tab: Page, site: Site) -> None:
    name = tab.width_name  # type: ignore[attr-defined]
    assert AXE.exists(), "Falta axe-core: ejecute «make navegador»."
    admin = _user(site, "admin")
    site.services.answerer.answer(LONG_QUESTION, channel="web", user_id=admin.user_id)
    problems: list[str] = []
    tab.goto("/entrar")
    _check(tab, f"{name}_40_entrar", problems)
    sign_in(tab, site, "admin")
    tab.get_by_label("Su mensaje").fill(LONG_QUESTION)
    tab.get_by_label("Su mensaje").press("Enter")
    expect(tab.locator("article.turno")).to_have_count(1)
    for number, (page_name, path) in enumerate(_pages(site), start=41):
        tab.goto(path)
        _check(tab, f"{name}_{number}_{page_name}", problems)
    assert problems == [], "\n".join(problems)
