"""``asistente der``: the Dirección de Estrategia Regional reviews fichas de pre-diseño.

``bandeja`` lists the fichas sent and not yet decided; ``revisar ID`` takes one into review and
shows it (or decides with ``--aprobar`` / ``--devolver --comentario "…" [--campo CAMPO]``);
``comentar`` adds per-field comments before deciding; ``notificaciones`` shows the outbox and
delivers what is pending. ``--usuario`` names a registered, active user with the ``der`` role.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from api.cli.context import CliContext
from api.cli.deferred_module import DeferredModule
from api.cli.parsing import add_command, add_group

if TYPE_CHECKING:
    import intake
else:
    intake = DeferredModule("intake")


def _der(args: argparse.Namespace, ctx: CliContext) -> intake.Actor:
    """The registered DER user named by ``--usuario``, like the API's token check (a unit
    user cannot approve its own ficha from the terminal)."""
    return ctx.services.users.acting(args.usuario, "der").ficha_actor()


def _add_der_user(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--usuario",
        required=True,
        metavar="CORREO",
        help="correo de la persona de la DER que actúa (un usuario registrado con el rol der)",
    )


def _field(value: str | None) -> str | None:
    """A field id from ``--campo`` (its id, label or a usual name such as "problema")."""
    if value is None:
        return None
    if value in intake.FIELDS:
        return value
    named = intake.field_named(value)
    if named is None or named[1].strip():
        known = ", ".join(intake.FIELDS)
        raise intake.UnknownFieldError(f"«{value}» no es un campo de la ficha. Campos: {known}.")
    return named[0]


def _line(stored: intake.StoredFicha) -> str:
    return (
        f"{stored.id}  v{stored.current_version}  {stored.status.label:<24} "
        f"{stored.name} — {stored.unit or stored.owner_id}"
    )


def inbox(args: argparse.Namespace, ctx: CliContext) -> int:
    """``der bandeja``: fichas sent to DER and not yet decided, oldest first."""
    fichas = ctx.services.ficha_catalog.inbox(_der(args, ctx))
    if not fichas:
        print("La bandeja de la DER está vacía.")
        return 0
    print(f"Fichas por revisar ({len(fichas)}):")
    for stored in fichas:
        print("  " + _line(stored))
    return 0


def review(args: argparse.Namespace, ctx: CliContext) -> int:
    """``der revisar``: show a ficha in review, or approve / return it."""
    actor = _der(args, ctx)
    review_service = ctx.services.ficha_review
    field = _field(args.campo)
    if args.devolver:
        if not args.comentario:
            print(
                "Error: para devolver la ficha escriba el motivo con --comentario.", file=sys.stderr
            )
            return 2
        comments = [(field, args.comentario)] if field else []
        stored = review_service.return_to_unit(
            actor, args.id, reason=args.comentario, comments=comments
        )
        print(f"Ficha {stored.id} devuelta a {stored.unit or stored.owner_id}. Se le notificará.")
        return 0
    if args.aprobar:
        if field and args.comentario:
            review_service.comment(actor, args.id, args.comentario, field=field)
        stored = review_service.approve(actor, args.id, reason=args.comentario)
        print(f"Ficha {stored.id} aprobada: pasa a la Etapa 2 (diseño). Se notificará a la unidad.")
        return 0
    stored = review_service.start_review(actor, args.id)
    catalog = ctx.services.ficha_catalog
    version = catalog.version(actor, stored.id, stored.current_version)
    print(_line(stored))
    print(f"Enviada por {version.submitted_by} el {version.submitted_at:%Y-%m-%d %H:%M} (UTC).\n")
    print(intake.summary_text(version.ficha, ctx.services.rules_engine.config))
    report = ctx.services.rules_engine.validate(version.ficha)
    print()
    print(intake.report_text(report.findings, version.acknowledged))
    print(
        f"\nPara decidir: asistente der revisar {stored.id} --aprobar | --devolver "
        '--comentario "…" [--campo CAMPO]'
    )
    return 0


def comment(args: argparse.Namespace, ctx: CliContext) -> int:
    """``der comentar``: a comment on the version under review (optionally on one field)."""
    added = ctx.services.ficha_review.comment(
        _der(args, ctx), args.id, args.comentario, field=_field(args.campo)
    )
    print(f"Comentario agregado a la versión {added.version} ({added.field_label}).")
    return 0


def _channel(ctx: CliContext) -> intake.NotificationChannel:
    """Slack when a bot token is configured (DER channel and DMs), else the log."""
    slack = ctx.services.settings.slack
    if slack.bot_token is None:
        return ctx.services.notification_channel
    from api.slack.client import build_notifier

    return build_notifier(ctx.services)


def notifications(args: argparse.Namespace, ctx: CliContext) -> int:
    """``der notificaciones``: the outbox; ``--entregar`` delivers what is pending and due."""
    outbox = ctx.services.notification_outbox
    if args.entregar:
        print(outbox.drain(_channel(ctx)).summary)
        return 0
    rows = outbox.rows()
    if not rows:
        print("No hay notificaciones.")
        return 0
    for row in rows:
        error = f" · último error: {row['ultimo_error']}" if row["ultimo_error"] else ""
        print(
            f"  #{row['id']} {row['estado']:<10} intentos {row['intentos']}  "
            f"{row['destinatario']}: {row['asunto']}{error}"
        )
    return 0


def register(sub: Any) -> None:
    """Register ``der bandeja | revisar | comentar | notificaciones``."""
    group = add_group(sub, "der", help="revisión de fichas por la Dirección de Estrategia Regional")

    box = add_command(
        group, "bandeja", help="fichas enviadas pendientes de revisión", handler=inbox
    )
    _add_der_user(box)

    check = add_command(
        group,
        "revisar",
        help="revisa una ficha: la muestra, o la aprueba o devuelve con comentarios",
        handler=review,
        description=(
            "Sin decisión, toma la ficha en revisión y la muestra con su validación.\n"
            'Con --aprobar la aprueba; con --devolver --comentario "…" la devuelve a la unidad\n'
            "(con --campo, el comentario queda asociado a ese campo de la ficha)."
        ),
    )
    check.add_argument("id", metavar="ID", help="ID de la ficha (F-…)")
    decision = check.add_mutually_exclusive_group()
    decision.add_argument("--aprobar", action="store_true", help="aprueba la ficha")
    decision.add_argument("--devolver", action="store_true", help="devuelve la ficha a la unidad")
    check.add_argument("--comentario", metavar="TEXTO", help="motivo o comentario de la decisión")
    check.add_argument("--campo", metavar="CAMPO", help="campo al que se refiere el comentario")
    _add_der_user(check)

    note = add_command(
        group,
        "comentar",
        help="agrega un comentario (por campo) a la ficha en revisión",
        handler=comment,
    )
    note.add_argument("id", metavar="ID", help="ID de la ficha (F-…)")
    note.add_argument("--comentario", required=True, metavar="TEXTO", help="el comentario")
    note.add_argument("--campo", metavar="CAMPO", help="campo de la ficha (p. ej. problema)")
    _add_der_user(note)

    outbox = add_command(
        group,
        "notificaciones",
        help="muestra las notificaciones y entrega las pendientes (--entregar)",
        handler=notifications,
    )
    outbox.add_argument(
        "--entregar", action="store_true", help="entrega ahora las notificaciones pendientes"
    )
