"""Answers in the web chat as a person reads them: a list, a follow-up into it, a
definition asked with typos and then about another kind of it, a step of the policy shown
under its title and an abstention (each saved as a screenshot)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Site, sign_in, snap

pytestmark = pytest.mark.slow


def say(page: Page, message: str) -> None:
    """Type a message in the chat box (found by its id, whatever its label says) and wait."""
    turns = page.locator("article.turno")
    before = turns.count()
    page.locator("#mensaje").fill(message)
    page.locator("#form-chat").get_by_role("button", name="Enviar", exact=True).click()
    turns.nth(before).wait_for()


def test_list_follow_up_definition_and_abstention(page: Page, site: Site) -> None:
    sign_in(page, site, "funcionario")
    say(page, "¿Cuáles son las etapas del lineamiento 2?")
    listed = page.locator("article.turno .burbuja.asistente").last
    expect(listed.locator(".texto-md li")).to_have_count(4)
    expect(listed.locator(".texto-md li").nth(2)).to_contain_text("Etapa 3")
    snap(page, "20_respuesta_lista")
    say(page, "háblame de la tercera etapa")
    follow = page.locator("article.turno .burbuja.asistente").last
    expect(follow).not_to_have_attribute("data-ruta", "ninguna")
    expect(follow.locator(".citas li").first).to_contain_text("Etapa 3")
    snap(page, "21_respuesta_seguimiento")
    say(page, "ke significa capasidad instituconal")
    definition = page.locator("article.turno .burbuja.asistente").last
    expect(definition).to_have_attribute("data-ruta", "glosario")
    expect(definition.locator(".texto-md")).to_contain_text("Capacidades institucionales")
    snap(page, "22_respuesta_definicion")
    say(page, "¿y la administrativa?")
    other = page.locator("article.turno .burbuja.asistente").last
    expect(other).to_have_attribute("data-ruta", "glosario")
    expect(other.locator(".texto-md")).to_contain_text("Capacidades Administrativas")
    snap(page, "22b_respuesta_otra_clase")
    say(page, "¿Qué implica activar la llegada a territorio de un producto?")
    step = page.locator("article.turno .burbuja.asistente").last
    expect(step).to_have_attribute("data-ruta", "politica")
    expect(step.locator(".texto-md strong").first).to_contain_text("Paso 3")
    snap(page, "22c_respuesta_paso")
    say(page, "¿Cuál es la política de llegada a territorio de Chile?")
    abstained = page.locator("article.turno .burbuja.asistente").last
    expect(abstained).to_have_attribute("data-ruta", "ninguna")
    expect(abstained.locator(".texto-md")).to_contain_text("no menciona «Chile»")
    snap(page, "23_respuesta_abstencion")
