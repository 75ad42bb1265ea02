"""The real app served by uvicorn on a loopback port, driven by Debian's Chromium.

Screenshots of every page visited go to ``$ARTEFACTOS_NAVEGADOR`` (default
``tests/browser/artefactos/``, ignored by git).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Dialog,
    Page,
    Playwright,
    sync_playwright,
)

from api.http.app import create_app
from assistant.wiring import Services, build_services
from tests.api.web.conftest import create_people
from tests.conftest import make_settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXPECTED_403 = "status of 403"
"""Pages a role may not see answer 403 (the tests visit some on purpose)."""
ARTIFACTS = Path(os.environ.get("ARTEFACTOS_NAVEGADOR") or Path(__file__).parent / "artefactos")
AXE = (
    Path(__file__).resolve().parents[2]
    / ".venv"
    / "axe"
    / "node_modules"
    / "axe-core"
    / "axe.min.js"
)
"""axe-core, installed from npm by ``make navegador``."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Site:
    """The running app: its address, services and everyone's token."""

    url: str
    services: Services
    tokens: dict[str, str]
    shots: list[Path] = field(default_factory=list)


@pytest.fixture(scope="module")
def site(policy_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("web_navegador")
    settings = make_settings(
        policy_data_dir,
        database_url=f"sqlite:///{folder / 'web.db'}",
        http={"rate_limit_per_minute": 1000},
    )
    services = build_services(settings)
    tokens = create_people(services)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, services), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("El servidor web de prueba no arrancó.")
        time.sleep(0.1)
    yield Site(f"http://127.0.0.1:{port}", services, tokens)
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"No está Chromium en {CHROMIUM}: ejecuta «make navegador» para instalarlo "
            "(las pruebas de navegador no se omiten)."
        )
    chromium = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


def open_tab(
    browser: Browser, site: Site, width: int, *, expected: tuple[str, ...] = (EXPECTED_403,)
) -> tuple[Page, list[str]]:
    """A new tab ``width`` pixels wide and the list its console errors go to (those with
    one of ``expected`` in the text are pages visited on purpose); dialogs are accepted."""
    context = browser.new_context(
        base_url=site.url, viewport={"width": width, "height": 860}, locale="es-CO"
    )
    context.set_default_timeout(30_000)
    tab = context.new_page()
    problems: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type == "error" and not any(e in message.text for e in expected):
            problems.append(message.text)

    tab.on("console", console)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.on("dialog", _accept)
    return tab, problems


@pytest.fixture
def page(browser: Browser, site: Site) -> Iterator[Page]:
    tab, problems = open_tab(browser, site, 1280)
    yield tab
    tab.context.close()
    assert problems == [], f"errores en la consola del navegador: {problems}"


def _accept(dialog: Dialog) -> None:
    """Confirmations (approve, return, archive) are accepted, as a person deciding would."""
    dialog.accept()


def snap(page: Page, name: str) -> Path:
    """Save a full-page screenshot of what the browser shows now."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target


def sign_in(page: Page, site: Site, who: str) -> None:
    """Log in through the form, as a person would."""
    page.goto("/entrar")
    page.get_by_label("Token de acceso").fill(site.tokens[who])
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url("**/chat")


def sign_out(page: Page) -> None:
    """Log out with the header button."""
    page.get_by_role("button", name="Salir").click()
    page.wait_for_url("**/entrar")


def say(page: Page, message: str) -> None:
    """Type a chat message, send it and wait for the reply to be added."""
    turns = page.locator("article.turno")
    before = turns.count()
    page.get_by_label("Su mensaje").fill(message)
    page.locator("#form-chat").get_by_role("button", name="Enviar", exact=True).click()
    turns.nth(before).wait_for()
