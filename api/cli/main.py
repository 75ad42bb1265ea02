"""Entry point of the ``asistente`` command: Spanish help, one sub-command per task."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from api.cli import (
    answer_commands,
    bench_commands,
    der_commands,
    faq_commands,
    ficha_commands,
    knowledge_commands,
    server_commands,
    slack_commands,
)
from api.cli.context import CliContext
from api.cli.parsing import new_parser
from assistant.errors import USER_ERRORS, user_message

if TYPE_CHECKING:
    from assistant.settings import Settings

COMMAND_GROUPS = (
    knowledge_commands,
    answer_commands,
    ficha_commands,
    der_commands,
    bench_commands,
    faq_commands,
    server_commands,
    slack_commands,
)


def build_parser() -> argparse.ArgumentParser:
    """The full command-line parser."""
    parser = new_parser(
        prog="asistente",
        description=(
            "Asistente de la Política Institucional de Llegada a Territorio del DNP\n"
            "(Resolución 1421 de 2022): preguntas con citas, glosario, fichas de pre-diseño."
        ),
    )
    sub = parser.add_subparsers(title="comandos", metavar="COMANDO", dest="comando")
    for group in COMMAND_GROUPS:
        group.register(sub)
    return parser


def main(argv: Sequence[str] | None = None, *, settings: Settings | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 findings/abstention, 2 error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    from assistant.settings import Settings  # after parsing: help needs no pydantic-settings

    try:
        settings = settings or Settings()
    except ValueError as exc:
        print(f"Error de configuración: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("alembic", "chromadb", "httpx", "sentence_transformers"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    ctx = CliContext(settings)
    try:
        return int(args.handler(args, ctx))
    except USER_ERRORS as exc:
        print(f"Error: {user_message(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nInterrumpido.", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
