"""Long commands draw their progress for a person at a terminal, and nothing for a pipe."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from api.cli.main import main
from api.cli.progress_display import TerminalProgress, command_progress
from knowledge.progress import SILENT
from tests.conftest import make_settings


class Terminal(io.StringIO):
    """A captured stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _display(columns: int = 100) -> tuple[Terminal, Clock, TerminalProgress]:
    stream, clock = Terminal(), Clock()
    return stream, clock, TerminalProgress(stream, clock=clock, columns=lambda: columns)


def _screen(raw: str) -> list[str]:
    """What stays on the screen: each carriage return redraws the line."""
    return [line.split("\r\x1b[K")[-1] for line in raw.split("\n")]


def test_a_countable_step_draws_a_bar_and_keeps_its_time() -> None:
    stream, clock, display = _display()
    display.stage("Vectores de «Guía»", total=4)
    clock.now = 1.0
    display.advance(2)
    assert _screen(stream.getvalue())[-1].startswith("… Vectores de «Guía» ██████████████░")
    assert "2/4 · 2.0/s (1.0 s)" in stream.getvalue()
    clock.now = 2.0
    display.advance(2)
    display.stage("Escribiendo el índice")
    clock.now = 2.5
    display.close()
    lines = _screen(stream.getvalue())
    assert lines[0] == "✓ Vectores de «Guía» " + "█" * 28 + " 4/4 · 2.0/s (2.0 s)"
    assert lines[1] == "✓ Escribiendo el índice (0.5 s)"
    assert lines[2] == ""


def test_redraws_are_throttled() -> None:
    stream, clock, display = _display()
    display.stage("Vectores", total=1000)
    for _ in range(999):
        display.advance()
    assert stream.getvalue().count("\r") <= 2  # the start only: no time has passed
    display.advance()  # the last one is always drawn
    assert "1000/1000" in stream.getvalue()


def test_a_long_label_is_cut_to_the_terminal_width() -> None:
    stream, clock, display = _display(columns=60)
    display.stage("Vectores de «Política Institucional de Llegada a Territorio (DNP)»", total=9)
    clock.now = 0.5
    display.advance(9)
    line = _screen(stream.getvalue())[-1]
    assert len(line) == 59 and line.startswith("… Vectores de «Po… ███") and "9/9 (0.5 s)" in line
    assert "/s" not in line  # no rate over half a second


@pytest.mark.parametrize(
    ("stdout_tty", "stderr_tty", "quiet", "drawn"),
    [
        (True, True, False, True),
        (False, True, False, False),  # piped: asistente cargar guia.pdf | tee
        (True, False, False, False),  # errors to a log file
        (True, True, True, False),  # --json
    ],
)
def test_progress_only_when_a_person_watches(
    monkeypatch: pytest.MonkeyPatch, stdout_tty: bool, stderr_tty: bool, quiet: bool, drawn: bool
) -> None:
    out = Terminal() if stdout_tty else io.StringIO()
    err = Terminal() if stderr_tty else io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    with command_progress(quiet=quiet) as progress:
        progress.stage("Leyendo 1 documento(s)")
    assert (progress is not SILENT) is drawn
    assert ("Leyendo" in err.getvalue()) is drawn
    assert out.getvalue() == ""


def _ingest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, tty: bool) -> tuple[str, str]:
    tmp_path.mkdir()
    monkeypatch.chdir(tmp_path)
    guide = tmp_path / "guia.md"
    guide.write_text("# Guía breve\n\nLa guía explica la ficha de pre-diseño.\n", encoding="utf-8")
    out, err = (Terminal(), Terminal()) if tty else (io.StringIO(), io.StringIO())
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    settings = make_settings(tmp_path / "datos", database_url=f"sqlite:///{tmp_path / 'c.db'}")
    assert main(["cargar", str(guide)], settings=settings) == 0
    return out.getvalue(), err.getvalue()


@pytest.mark.slow
def test_cargar_shows_its_steps_on_a_terminal_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, err = _ingest(tmp_path / "terminal", monkeypatch, tty=True)
    steps = _screen(err)
    assert any(s.startswith("✓ Leyendo 1 documento(s)") for s in steps)
    assert any(s.startswith("✓ Vectores de «Guía breve» ") and " 1/1 " in s for s in steps)
    assert "Nuevo: guia — Guía breve (1 fragmentos)" in out
    assert "\r" not in out

    out, err = _ingest(tmp_path / "tuberia", monkeypatch, tty=False)
    assert err == ""
    assert "Nuevo: guia — Guía breve (1 fragmentos)" in out
