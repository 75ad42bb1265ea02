"""Every ``asistente`` command answers the help flags people type by habit."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from api.cli.main import build_parser, main

HELP_FLAGS = ("-h", "--help", "--ayuda")


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """The parser and every sub-parser below it, with the words that reach it."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _commands(child, (*path, name))


COMMANDS = [path for path, _ in _commands(build_parser())]


def test_the_walk_reaches_nested_commands() -> None:
    assert len(COMMANDS) > 30
    assert ("ficha", "validar") in COMMANDS and ("indice", "construir") in COMMANDS


@pytest.mark.parametrize("flag", HELP_FLAGS)
@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "asistente")
def test_every_command_accepts_every_help_flag(
    path: tuple[str, ...], flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([*path, flag])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"uso: {' '.join(('asistente', *path))}")
    assert out.count("uso:") == 1
    assert "-h, --help, --ayuda" in out
