"""argparse with Spanish help text, shared by every command group."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, overload

from api.cli.context import Handler


class DeferredChoices(Sequence[str]):
    """The allowed values of an option, read when argparse first needs them (to check a value
    or show that command's help), so building the whole parser imports no domain package.

    Give the option a ``metavar`` (argparse lists the choices of an option without one while
    building the parser) and show the values with ``%(choices)s`` in its help.
    """

    def __init__(self, values: Callable[[], Iterable[str]]) -> None:
        self._load = values
        self._values: tuple[str, ...] | None = None

    def _all(self) -> tuple[str, ...]:
        if self._values is None:
            self._values = tuple(self._load())
        return self._values

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __contains__(self, value: object) -> bool:
        return value in self._all()

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())


class SpanishHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help formatter whose fixed words are in Spanish."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        return super().add_usage(usage, actions, groups, "uso: " if prefix is None else prefix)


def _spanish(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument(
        "-h", "--help", "--ayuda", action="help", help="muestra esta ayuda y termina"
    )
    parser._optionals.title = "opciones"
    parser._positionals.title = "argumentos"
    return parser


def new_parser(**kwargs: Any) -> argparse.ArgumentParser:
    """A top-level parser with Spanish help."""
    return _spanish(
        argparse.ArgumentParser(formatter_class=SpanishHelpFormatter, add_help=False, **kwargs)
    )


def add_command(
    sub: Any, name: str, *, help: str, handler: Handler | None = None, description: str = ""
) -> argparse.ArgumentParser:
    """Add a sub-command with Spanish help; ``handler`` runs it."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help,
        description=description or help,
        formatter_class=SpanishHelpFormatter,
        add_help=False,
    )
    _spanish(parser)
    if handler is not None:
        parser.set_defaults(handler=handler)
    return parser


def add_group(sub: Any, name: str, *, help: str) -> Any:
    """Add a command with its own sub-commands (``asistente ficha validar``)."""
    parser = add_command(sub, name, help=help)
    return parser.add_subparsers(title="comandos", metavar="COMANDO", dest=f"{name}_comando")
