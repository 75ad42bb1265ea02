"""Server and user administration commands: servir, usuarios."""

from __future__ import annotations

import argparse
from typing import Any

from api.cli.context import CliContext
from api.cli.parsing import DeferredChoices, add_command, add_group


def _roles() -> tuple[str, ...]:
    from assistant.access.users import ROLES  # SQLAlchemy: only for this command's help or run

    return ROLES


KEEP_ALIVE_S = 5
"""Seconds an idle keep-alive connection stays open (a body that stalls: see read_timeout_s)."""


def register(sub: Any) -> None:
    """Register the commands."""
    serve = add_command(sub, "servir", help="inicia la API HTTP (uvicorn)", handler=serve_cmd)
    serve.add_argument("--host", help="dirección (por defecto la de la configuración)")
    serve.add_argument("--port", type=int, help="puerto (por defecto el de la configuración)")
    serve.add_argument("--workers", type=int, default=1, help="procesos de uvicorn (por defecto 1)")
    users = add_group(sub, "usuarios", help="administra usuarios y tokens de la API")
    create = add_command(
        users,
        "crear",
        help="crea un usuario e imprime su token (una sola vez)",
        handler=create_user,
    )
    create.add_argument("nombre", help="nombre de la persona")
    create.add_argument("--correo", required=True, help="correo institucional")
    create.add_argument(
        "--rol",
        action="append",
        required=True,
        choices=DeferredChoices(_roles),
        metavar="ROL",
        help="rol: %(choices)s (repetible)",
    )
    create.add_argument("--unidad", help="dependencia (para unidades técnicas)")
    add_command(users, "listar", help="lista los usuarios", handler=list_users)
    off = add_command(
        users,
        "desactivar",
        help="desactiva un usuario: su token y sus sesiones web dejan de servir",
        handler=deactivate_user,
    )
    off.add_argument("correo", help="correo del usuario")
    renew = add_command(
        users,
        "nuevo-token",
        help="revoca el token de un usuario (y sus sesiones web) e imprime uno nuevo",
        handler=renew_token,
    )
    renew.add_argument("correo", help="correo del usuario")


def serve_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    import uvicorn

    settings = ctx.settings
    ctx.services.knowledge.warm_up()
    ctx.services.knowledge.ensure_index()
    ctx.services.database.create_schema()
    if settings.data_dir.is_dir():
        settings.data_dir.chmod(0o700)  # the index, the cache and the database: owner only
    host = args.host or settings.http.host
    port = args.port or settings.http.port
    first = ctx.services.users.create_first_admin()
    if first is not None:
        print(
            "No había usuarios: se creó «admin@localhost» (rol admin).\n"
            f"Token para entrar en la web o usar la API (no se vuelve a mostrar): {first[1]}\n"
            "Crea los demás con «asistente usuarios crear».",
            flush=True,
        )
    print(f"Asistente en http://{host}:{port} (documentación en /docs).", flush=True)
    uvicorn.run(
        "api.http.main:app_factory",
        factory=True,
        host=host,
        port=port,
        workers=max(1, args.workers),
        log_level=settings.log_level.lower(),
        timeout_keep_alive=KEEP_ALIVE_S,
        # Forwarded headers are read by the app from the proxies it trusts, not by uvicorn.
        proxy_headers=False,
    )
    return 0


def create_user(args: argparse.Namespace, ctx: CliContext) -> int:
    user, token = ctx.services.users.create(
        name=args.nombre, email=args.correo, roles=args.rol, unit=args.unidad
    )
    print(f"Usuario creado: {user.name} <{user.email}> — roles: {', '.join(sorted(user.roles))}")
    print(f"Token (guárdelo; no se vuelve a mostrar): {token}")
    return 0


def deactivate_user(args: argparse.Namespace, ctx: CliContext) -> int:
    user = ctx.services.users.deactivate(args.correo)
    print(f"Usuario desactivado: {user.name} <{user.email}>; sus sesiones web terminaron.")
    return 0


def renew_token(args: argparse.Namespace, ctx: CliContext) -> int:
    user, token = ctx.services.users.new_token(args.correo)
    print(f"Token anterior de {user.name} <{user.email}> revocado; sus sesiones web terminaron.")
    print(f"Token nuevo (guárdelo; no se vuelve a mostrar): {token}")
    return 0


def list_users(args: argparse.Namespace, ctx: CliContext) -> int:
    for user in ctx.services.users.list():
        print(f"- {user.email}: {user.name} ({', '.join(sorted(user.roles))})")
    return 0
