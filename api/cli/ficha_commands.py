"""``asistente ficha``: validate, export and describe fichas de pre-diseño, and read the fichas
stored by the guided intake (listar, ver, historial; exportar takes a file or a stored ID).

Exit codes: 0 ok (warnings allowed), 1 the ficha has errors, 2 the file cannot be read
(the `FichaFormatError` reaches ``main``, which prints it and returns 2) or the stored ficha
cannot be read (not found, another unit's).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from api.cli.context import CliContext
from api.cli.deferred_module import DeferredModule
from api.cli.parsing import DeferredChoices, add_command, add_group

if TYPE_CHECKING:
    import intake
else:
    intake = DeferredModule("intake")

_SUFFIXES = {"docx": ".docx", "md": ".md", "json": ".json"}


def validate_ficha(args: argparse.Namespace, ctx: CliContext) -> int:
    """``ficha validar``: print the report; 1 when the ficha has errors."""
    engine = ctx.services.rules_engine
    ficha = intake.load_ficha(args.archivo)
    report = engine.validate(ficha)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"Ficha: {ficha.nombre or '(sin nombre)'} — {args.archivo}")
        print(report.to_text())
    return 0 if report.ok else 1


def _default_output(source: Path, fmt: str) -> Path:
    target = source.with_suffix(_SUFFIXES[fmt])
    if target.resolve() == source.resolve():
        # Never overwrite the ficha being exported (a .json ficha exported as JSON).
        target = source.with_name(f"{source.stem}.exportada{_SUFFIXES[fmt]}")
    return target


def export_ficha(args: argparse.Namespace, ctx: CliContext) -> int:
    """``ficha exportar``: write the DOCX, Markdown or JSON document (of a file or a stored ID)."""
    engine = ctx.services.rules_engine
    trail: intake.DecisionTrail | None = None
    sent: intake.FichaVersion | None = None
    if _is_file_argument(args.archivo):
        source = Path(args.archivo)
        ficha = intake.load_ficha(source)
        default = _default_output(source, args.formato)
    else:
        ficha, stem, trail, sent = _stored_document(args, ctx)
        default = Path(f"{stem}{_SUFFIXES[args.formato]}")
    report = engine.validate(ficha)
    # A sent version carries the warnings the unit accepted and why.
    acknowledged = sent.acknowledged if sent else ()
    reasons = sent.reasons if sent else None
    if args.formato == "docx":
        content: str | bytes = intake.export_docx(
            ficha,
            report,
            config=engine.config,
            trail=trail,
            acknowledged=acknowledged,
            reasons=reasons,
        )
    elif args.formato == "md":
        content = intake.export_markdown(
            ficha,
            report,
            config=engine.config,
            trail=trail,
            acknowledged=acknowledged,
            reasons=reasons,
        )
    else:
        content = intake.export_json(ficha, report)
    if args.salida == "-":
        if isinstance(content, bytes):
            print("Error: un DOCX no se puede escribir en la salida estándar.", file=sys.stderr)
            return 2
        sys.stdout.write(content)
        return 0
    target = Path(args.salida) if args.salida else default
    try:
        if isinstance(content, bytes):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        else:
            intake.write_text_atomic(target, content)
    except OSError as exc:
        print(f"Error: no se pudo escribir «{target}»: {exc.strerror}.", file=sys.stderr)
        return 2
    print(f"Documento guardado en {target}")
    print(report.summary)
    return 0


# -- identity of the person at the terminal ------------------------------------------------
def os_user() -> str:
    """The operating-system user name (from the password database, not the environment)."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, AttributeError):
        return "usuario"


def add_identity_arguments(
    parser: argparse.ArgumentParser, *, roles: bool = True, unit_default: str | None = None
) -> None:
    """Add ``--usuario``, ``--unidad`` (and ``--rol``) to a command that acts on fichas."""
    parser.add_argument(
        "--usuario",
        default=None,
        metavar="ID",
        help="quién actúa (por defecto, el usuario del sistema)",
    )
    parser.add_argument(
        "--unidad",
        default=unit_default,
        metavar="DEPENDENCIA",
        help="dependencia de quien actúa (la dueña de sus fichas)",
    )
    if roles:
        parser.add_argument(
            "--rol",
            action="append",
            choices=DeferredChoices(lambda: [r.value for r in intake.Role]),
            metavar="ROL",
            help="rol: unidad_tecnica (por defecto), der o admin; se puede repetir",
        )


def cli_actor(
    args: argparse.Namespace, *, roles: tuple[intake.Role, ...] | None = None
) -> intake.Actor:
    """The `Actor` of a command from ``--usuario``, ``--unidad`` and ``--rol``."""
    chosen = roles or tuple(
        intake.Role(r) for r in (getattr(args, "rol", None) or [intake.Role.UNIT.value])
    )
    return intake.Actor(
        user_id=args.usuario or os_user(), unit=args.unidad, roles=frozenset(chosen)
    )


def cli_reader(args: argparse.Namespace) -> intake.Actor:
    """The actor of a read-only command (ver, historial, exportar ID).

    Without ``--usuario``, ``--unidad`` or ``--rol`` the terminal reads as an administrator:
    whoever runs it already has the database, and these commands never change a ficha.
    """
    if args.usuario is None and args.unidad is None and not getattr(args, "rol", None):
        return intake.Actor(user_id=os_user(), unit=None, roles=frozenset({intake.Role.ADMIN}))
    return cli_actor(args)


def _is_file_argument(value: str) -> bool:
    return Path(value).suffix.lower() in (".json", ".yaml", ".yml") or Path(value).exists()


# -- stored fichas --------------------------------------------------------------------------
def _when(value: datetime) -> str:
    return value.astimezone(intake.COLOMBIA).strftime("%Y-%m-%d %H:%M")


def list_fichas(args: argparse.Namespace, ctx: CliContext) -> int:
    """``ficha listar``: the fichas of the user's unit (or of every unit for DER)."""
    actor = cli_actor(args)
    statuses = tuple(intake.FichaStatus(s) for s in args.estado or ())
    fichas = ctx.services.ficha_catalog.list_fichas(actor, statuses=statuses, every_unit=args.todas)
    if args.json:
        rows = [_summary_dict(f) for f in fichas]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not fichas:
        print("No hay fichas para mostrar.")
        return 0
    print(f"{'ID':<11} {'Estado':<12} {'Ver.':>4}  {'Actualizada':<16}  Nombre — dependencia")
    for f in fichas:
        print(
            f"{f.id:<11} {f.status.value:<12} {f.current_version:>4}  {_when(f.updated_at):<16}  "
            f"{f.name} — {f.unit or f.owner_id}"
        )
    return 0


def _summary_dict(stored: intake.StoredFicha) -> dict[str, Any]:
    return {
        "id": stored.id,
        "estado": stored.status.value,
        "nombre": stored.draft.nombre,
        "dependencia": stored.unit,
        "creada_por": stored.owner_id,
        "version_enviada": stored.current_version,
        "actualizada": stored.updated_at.isoformat(),
    }


def show_ficha(args: argparse.Namespace, ctx: CliContext) -> int:
    """``ficha ver``: a stored ficha (its draft or one sent version) with DER's comments."""
    actor = cli_reader(args)
    catalog = ctx.services.ficha_catalog
    stored = catalog.get(actor, args.id)
    ficha = catalog.version(actor, stored.id, args.version).ficha if args.version else stored.draft
    comments = catalog.comments(actor, stored.id)
    if args.json:
        data = _summary_dict(stored) | {
            "ficha": ficha.model_dump(mode="json"),
            "comentarios": [
                {"version": c.version, "campo": c.field, "texto": c.text, "autor": c.author_id}
                for c in comments
            ],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    shown = f"versión {args.version}" if args.version else "borrador actual"
    print(f"Ficha {stored.id} · {stored.status.label} · {shown}")
    print(f"Dependencia: {stored.unit or '(sin dependencia)'} · creada por {stored.owner_id}")
    print()
    print(intake.summary_text(ficha, ctx.services.rules_engine.config))
    if comments:
        print("\nComentarios de la DER:")
        for c in comments:
            print(f"  [v{c.version}] {c.field_label}: {c.text} ({c.author_id}, {_when(c.at)})")
    return 0


def show_history(args: argparse.Namespace, ctx: CliContext) -> int:
    """``ficha historial``: every transition and version; ``--diferencias`` compares two."""
    actor = cli_reader(args)
    catalog = ctx.services.ficha_catalog
    if args.diferencias and len(args.diferencias) > 2:
        print("Error: --diferencias recibe una o dos versiones.", file=sys.stderr)
        return 2
    if args.diferencias:
        old, *rest = args.diferencias
        changes = catalog.diff(actor, args.id, old, rest[0] if rest else None)
        target = f"versión {rest[0]}" if rest else "borrador actual"
        print(f"Cambios de la versión {old} a {target} de la ficha {args.id.upper()}:")
        print(intake.format_diff(changes))
        return 0
    print(f"Historial de la ficha {args.id.upper()}:")
    for t in catalog.history(actor, args.id):
        origin = t.from_status.value if t.from_status else "—"
        version = f" v{t.version}" if t.version else ""
        print(
            f"  {_when(t.at)}  {origin} → {t.to_status.value}{version}  "
            f"{t.actor_id}{f' ({t.actor_unit})' if t.actor_unit else ''}: {t.reason}"
        )
    versions = catalog.versions(actor, args.id)
    if versions:
        print("Versiones enviadas:")
        for v in versions:
            print(f"  v{v.number}  {_when(v.submitted_at)}  por {v.submitted_by}")
    return 0


def _stored_document(
    args: argparse.Namespace, ctx: CliContext
) -> tuple[intake.Ficha, str, intake.DecisionTrail, intake.FichaVersion | None]:
    actor = cli_reader(args)
    catalog = ctx.services.ficha_catalog
    stored = catalog.get(actor, args.archivo)
    trail = intake.decision_trail(
        stored.status, catalog.history(actor, stored.id), catalog.comments(actor, stored.id)
    )
    if args.version:
        sent = catalog.version(actor, stored.id, args.version)
        return sent.ficha, f"{stored.id}-v{args.version}", trail, sent
    return stored.draft, stored.id, trail, None


def score_rules_command(args: argparse.Namespace, ctx: CliContext) -> int:
    """``ficha evaluar-reglas``: precision and recall of the problem-statement rules."""
    cases = intake.load_statement_cases(args.enunciados)
    rule_ids = sorted({c.rule for c in cases} - {intake.NO_RULE})
    scores = intake.score_rules(ctx.services.rules_engine, cases, rule_ids)
    print(intake.format_scores(scores, len(cases)))
    return 0


def print_schema(args: argparse.Namespace, ctx: CliContext) -> int:
    """``ficha esquema``: print the JSON Schema of the ficha."""
    print(json.dumps(intake.ficha_json_schema(), ensure_ascii=False, indent=2))
    return 0


def register(sub: Any) -> None:
    """Register ``ficha validar | exportar | evaluar-reglas | esquema | listar | ver | historial``."""
    group = add_group(
        sub, "ficha", help="valida, exporta y consulta fichas de pre-diseño de productos de ATT"
    )

    validate = add_command(
        group,
        "validar",
        help="valida una ficha (JSON o YAML) con las reglas de la DER",
        handler=validate_ficha,
        description=(
            "Valida una ficha de pre-diseño con las reglas de la DER y muestra los hallazgos.\n"
            "Código de salida: 0 sin errores (puede haber advertencias), 1 con errores,\n"
            "2 si el archivo no se puede leer."
        ),
    )
    validate.add_argument("archivo", metavar="ARCHIVO", help="ficha en formato .json, .yaml o .yml")
    validate.add_argument(
        "--json", action="store_true", help="muestra el reporte en JSON en lugar de texto"
    )

    export = add_command(
        group,
        "exportar",
        help="exporta una ficha a DOCX, Markdown o JSON (con su resumen de validación)",
        handler=export_ficha,
    )
    export.add_argument(
        "archivo",
        metavar="ARCHIVO|ID",
        help="ficha en formato .json, .yaml o .yml, o el ID de una ficha guardada (F-…)",
    )
    export.add_argument(
        "--version", type=int, metavar="N", help="para una ficha guardada: la versión enviada N"
    )
    add_identity_arguments(export)
    export.add_argument(
        "--formato", required=True, choices=sorted(_SUFFIXES), help="formato del documento"
    )
    export.add_argument(
        "--salida",
        metavar="RUTA",
        help="archivo de salida (por defecto, junto a la ficha; «-» para la salida estándar)",
    )

    scoring = add_command(
        group,
        "evaluar-reglas",
        help="precisión y exhaustividad de las reglas del problema sobre enunciados de prueba",
        handler=score_rules_command,
    )
    scoring.add_argument(
        "enunciados",
        metavar="ENUNCIADOS",
        help="YAML con «casos: [{texto, regla, razon}]» (p. ej. tests/intake/data/enunciados_problema.yaml)",
    )

    add_command(
        group,
        "esquema",
        help="muestra el esquema JSON de la ficha (campos, etiquetas y ayudas)",
        handler=print_schema,
    )

    listing = add_command(
        group,
        "listar",
        help="lista las fichas guardadas de su dependencia",
        handler=list_fichas,
    )
    listing.add_argument(
        "--estado",
        action="append",
        choices=DeferredChoices(lambda: [s.value for s in intake.FichaStatus]),
        metavar="ESTADO",
        help="solo las fichas en este estado: %(choices)s (se puede repetir)",
    )
    listing.add_argument(
        "--todas", action="store_true", help="las de todas las dependencias (rol der o admin)"
    )
    listing.add_argument("--json", action="store_true", help="salida en JSON")
    add_identity_arguments(listing)

    show = add_command(
        group,
        "ver",
        help="muestra una ficha guardada (borrador o versión enviada) y los comentarios de la DER",
        handler=show_ficha,
    )
    show.add_argument("id", metavar="ID", help="ID de la ficha (F-…)")
    show.add_argument("--version", type=int, metavar="N", help="la versión enviada N")
    show.add_argument("--json", action="store_true", help="salida en JSON")
    add_identity_arguments(show)

    history = add_command(
        group,
        "historial",
        help="muestra quién cambió el estado de una ficha, cuándo y por qué, y sus versiones",
        handler=show_history,
    )
    history.add_argument("id", metavar="ID", help="ID de la ficha (F-…)")
    history.add_argument(
        "--diferencias",
        nargs="+",
        type=int,
        metavar="N",
        help="compara la versión N con la versión M (o con el borrador actual si se omite M)",
    )
    add_identity_arguments(history)
