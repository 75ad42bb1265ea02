"""argparse with Spanish help text, shared by every command group."""

from __future__ import annotations

import argparse
from typing import Any

from api.cli.context import Handler


class SpanishHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help formatter whose fixed words are in Spanish."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        return super().add_usage(usage, actions, groups, "uso: " if prefix is None else prefix)


def _spanish(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("-h", "--ayuda", action="help", help="muestra esta ayuda y termina")
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
