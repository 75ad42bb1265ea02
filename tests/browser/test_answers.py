"""Answers in the web chat as a person reads them: a list, a follow-up into it, a
definition asked with typos and an abstention (each saved as a screenshot)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Site, say, sign_in, snap

pytestmark = pytest.mark.slow


def test_list_follow_up_definition_and_abstention(page: Page, site: Site) -> None:
    sign_in(page, site, "funcionario")
    say(page, "¿Cuáles son las etapas del lineamiento 2?")
    listed = page.locator("article.turno .burbuja.asistente").last
    expect(listed.locator(".texto-md li")).to_have_count(4)
    expect(listed.locator(".texto-md li").nth(2)).to_contain_text("Etapa 3")
    snap(page, "20_respuesta_lista")
    say(page, "háblame de la tercera etapa")
    follow = page.locator("article.turno .burbuja.asistente").last
    expect(follow.locator(".insignia")).not_to_contain_text("ruta: ninguna")
    expect(follow.locator(".citas li").first).to_contain_text("Etapa 3")
    snap(page, "21_respuesta_seguimiento")
    say(page, "ke significa capasidad instituconal")
    definition = page.locator("article.turno .burbuja.asistente").last
    expect(definition.locator(".insignia")).to_contain_text("ruta: glosario")
    expect(definition.locator(".texto-md")).to_contain_text("Capacidades institucionales")
    snap(page, "22_respuesta_definicion")
    say(page, "¿Cuál es la política de llegada a territorio de Chile?")
    abstained = page.locator("article.turno .burbuja.asistente").last
    expect(abstained.locator(".insignia")).to_contain_text("ruta: ninguna")
    expect(abstained.locator(".texto-md")).to_contain_text("no menciona «Chile»")
    snap(page, "23_respuesta_abstencion")
