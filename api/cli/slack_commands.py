"""The ``asistente slack`` command: runs the Slack bot (Socket Mode or HTTP, by settings)."""

from __future__ import annotations

import argparse
from typing import Any

from api.cli.context import CliContext
from api.cli.parsing import add_command


def register(sub: Any) -> None:
    """Register the command."""
    add_command(
        sub,
        "slack",
        help="inicia el bot de Slack (Socket Mode, o la API HTTP con /slack/events)",
        handler=run_slack,
    )


def run_slack(args: argparse.Namespace, ctx: CliContext) -> int:
    """Serve the bot: Socket Mode when ``ASISTENTE_SLACK__MODE=socket``, else the HTTP API."""
    from api.cli import server_commands
    from api.slack.socket_mode import serve_socket_mode

    if ctx.settings.slack.mode == "http":
        print("Modo HTTP: Slack envía los eventos a /slack/events de la API.", flush=True)
        serve = argparse.Namespace(host=None, port=None, workers=1)
        return server_commands.serve_cmd(serve, ctx)
    print("Bot de Slack por Socket Mode (Ctrl+C para salir).", flush=True)
    serve_socket_mode(ctx.settings, ctx.services)
    return 0
