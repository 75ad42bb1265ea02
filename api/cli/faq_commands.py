"""``asistente faq …`` (the communications team's FAQ bank) and ``asistente feedback``.

Write commands take ``--usuario`` and ``--rol`` (the actor; authentication belongs to the
HTTP and Slack adapters). Exit codes: 0 ok, 1 blocked by findings (routing conflicts, an
invalid import file), 2 error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from api.cli.context import CliContext
from api.cli.deferred_module import DeferredModule
from api.cli.parsing import add_command, add_group
from assistant.faq.errors import FaqImportError, MatchingConflictError
from assistant.faq.workflow import Actor, Role, Status
from assistant.usage.feedback import parse_feedback

if TYPE_CHECKING:
    import assistant.faq.exchange as faq_exchange
    import assistant.faq.importer as faq_importer
    import assistant.faq.revision as faq_revision
    import assistant.faq.usage_report as faq_usage
    import assistant.storage.database as database_module
    from assistant.faq.bank import FaqBank
else:
    faq_exchange = DeferredModule("assistant.faq.exchange")
    faq_importer = DeferredModule("assistant.faq.importer")
    faq_revision = DeferredModule("assistant.faq.revision")
    faq_usage = DeferredModule("assistant.faq.usage_report")
    database_module = DeferredModule("assistant.storage.database")

STATUSES = [s.value for s in Status]


def _actor_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--usuario", required=True, help="id de quien realiza la acción")
    parser.add_argument(
        "--rol",
        action="append",
        required=True,
        choices=[r.value for r in Role],
        help="rol de quien actúa (repetible)",
    )


def _content_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pregunta", help="pregunta principal")
    parser.add_argument("--alternativa", action="append", help="otra formulación (repetible)")
    parser.add_argument("--respuesta", help="respuesta en Markdown")
    parser.add_argument("--respuesta-archivo", type=Path, help="archivo .md con la respuesta")
    parser.add_argument("--seccion", action="append", help="sección de la política (repetible)")
    parser.add_argument("--etiqueta", action="append", help="etiqueta (repetible)")
    parser.add_argument("--nota", help="nota de la revisión")


def register(sub: Any) -> None:
    """Register ``faq`` and ``feedback``."""
    faq = add_group(sub, "faq", help="banco de preguntas frecuentes (equipo de comunicaciones)")
    listing = add_command(faq, "listar", help="lista las entradas", handler=list_cmd)
    listing.add_argument("--estado", choices=STATUSES, help="solo las de este estado")
    listing.add_argument("--etiqueta", help="solo las que tienen esta etiqueta")
    listing.add_argument("--json", action="store_true", help="salida en JSON")
    show = add_command(faq, "ver", help="muestra una entrada", handler=show_cmd)
    show.add_argument("id", metavar="ID")
    show.add_argument("--revision", type=int, help="una revisión anterior")
    show.add_argument("--json", action="store_true", help="salida en JSON")
    create = add_command(faq, "crear", help="crea un borrador", handler=create_cmd)
    _content_options(create)
    create.add_argument("--id", help="id de la entrada (por defecto faq-NNN)")
    create.add_argument(
        "--desde-grupo", type=int, metavar="GRUPO", help="precarga un grupo sin resolver"
    )
    _actor_options(create)
    edit = add_command(faq, "editar", help="nueva revisión (vuelve a borrador)", handler=edit_cmd)
    edit.add_argument("id", metavar="ID")
    _content_options(edit)
    edit.add_argument("--base", type=int, help="revisión sobre la que se editó")
    _actor_options(edit)
    for name, help_text in (
        ("enviar-revision", "envía el borrador a revisión"),
        ("aprobar", "aprueba la revisión (otra persona que el autor)"),
    ):
        command = add_command(faq, name, help=help_text, handler=transition_cmd)
        command.add_argument("id", metavar="ID")
        _actor_options(command)
    for name, help_text in (
        ("devolver", "devuelve al editor una entrada en revisión"),
        ("archivar", "deja de servir la entrada (no se borra)"),
    ):
        command = add_command(faq, name, help=help_text, handler=transition_cmd)
        command.add_argument("id", metavar="ID")
        command.add_argument("--motivo", help="motivo")
        _actor_options(command)
    publish = add_command(faq, "publicar", help="publica la revisión aprobada", handler=publish_cmd)
    publish.add_argument("id", metavar="ID")
    publish.add_argument(
        "--ignorar-conflictos", metavar="MOTIVO", help="publica pese a conflictos (con motivo)"
    )
    _actor_options(publish)
    history = add_command(faq, "historial", help="revisiones y eventos", handler=history_cmd)
    history.add_argument("id", metavar="ID")
    history.add_argument("--diff", type=int, nargs=2, metavar=("A", "B"), help="diferencias")
    restore = add_command(
        faq, "restaurar", help="nuevo borrador con una revisión anterior", handler=restore_cmd
    )
    restore.add_argument("id", metavar="ID")
    restore.add_argument("revision", type=int, metavar="REVISIÓN")
    _actor_options(restore)
    imp = add_command(faq, "importar", help="importa entradas (CSV o YAML)", handler=import_cmd)
    imp.add_argument("archivo", type=Path, metavar="ARCHIVO")
    imp.add_argument("--formato", choices=["csv", "yaml"], help="por defecto, la extensión")
    imp.add_argument("--parcial", action="store_true", help="importa las filas válidas")
    imp.add_argument(
        "--conservar-estado", action="store_true", help="usa el estado del archivo (admin)"
    )
    imp.add_argument("--ignorar-conflictos", metavar="MOTIVO", help="importa pese a conflictos")
    _actor_options(imp)
    exp = add_command(faq, "exportar", help="exporta entradas (CSV o YAML)", handler=export_cmd)
    exp.add_argument("archivo", type=Path, metavar="ARCHIVO")
    exp.add_argument("--formato", choices=["csv", "yaml"], help="por defecto, la extensión")
    exp.add_argument("--estado", choices=STATUSES, help="solo las de este estado")
    exp.add_argument("--publicadas", action="store_true", help="solo lo que se sirve")
    pending = add_command(
        faq, "pendientes", help="entradas por revisar y preguntas sin resolver", handler=pending_cmd
    )
    pending.add_argument("--confirmar", metavar="ID", help="confirma una entrada marcada")
    pending.add_argument("--usuario", help="id de quien confirma")
    pending.add_argument("--rol", action="append", choices=[r.value for r in Role])
    report = add_command(faq, "informe", help="informe de uso", handler=report_cmd)
    report.add_argument(
        "--csv",
        nargs="?",
        const="semanas",
        choices=["semanas", "mas_preguntadas", "sin_resolver"],
        help="imprime una tabla en CSV (por defecto: semanas)",
    )
    report.add_argument("--top", type=int, default=10, help="filas de las listas (10)")
    purity = add_command(
        faq,
        "pureza",
        help="mide cómo agrupa la cola sin resolver un conjunto de preguntas con su grupo",
        handler=purity_cmd,
    )
    purity.add_argument(
        "ruta",
        nargs="?",
        type=Path,
        default=Path("tests/data/cola_sin_resolver.jsonl"),
        help="JSONL de líneas {question, group} (por defecto, el de las pruebas)",
    )
    add_command(
        faq,
        "vectores",
        help="regenera los vectores de la FAQ semilla que usa la verificación al publicar",
        handler=seed_vectors_cmd,
    )
    feedback = add_command(
        sub, "feedback", help="califica una respuesta registrada", handler=feedback_cmd
    )
    feedback.add_argument("id", metavar="ID", help="id de la respuesta, o «ultima»")
    feedback.add_argument("valor", metavar="VALOR", help="útil | no-útil")
    feedback.add_argument("--motivo", help="por qué (opcional)")
    feedback.add_argument("--conversacion", help="con «ultima»: la de esta conversación")


def _actor(args: argparse.Namespace) -> Actor:
    return Actor.of(args.usuario, *(args.rol or []))


def _bank(ctx: CliContext, *, index: bool = True) -> FaqBank:
    """The bank; with ``index``, the knowledge index is loaded first (section checks,
    fingerprints, the matching regression and the queue's embeddings need it)."""
    if index:
        ctx.services.knowledge.warm_up()
        ctx.services.knowledge.ensure_index()
    return ctx.services.faq_bank


def _print_content(content: faq_revision.FaqContent) -> None:
    print(f"Pregunta: {content.question}")
    for alternative in content.alternatives:
        print(f"  · {alternative}")
    print(f"Secciones: {'; '.join(content.sections) or '—'}")
    print(f"Etiquetas: {', '.join(content.tags) or '—'}")
    print(f"\n{content.answer or '(sin respuesta)'}")


def _print_problems(message: str, items: list[str]) -> None:
    print(message, file=sys.stderr)
    for item in items:
        print(f"  - {item}", file=sys.stderr)


def list_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    """``faq listar``."""
    status = Status(args.estado) if args.estado else None
    records = _bank(ctx, index=False).store.records(status=status, tag=args.etiqueta)
    if args.json:
        print(json.dumps([r.to_json() for r in records], ensure_ascii=False, indent=2))
        return 0
    for record in records:
        print(record.summary())
    print(f"\n{len(records)} entrada(s).")
    return 0


def show_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    """``faq ver``."""
    store = _bank(ctx, index=False).store
    record = store.get(args.id)
    if args.revision is not None:
        revision = store.revision(args.id, args.revision)
        print(f"{args.id} — revisión {revision.number} de {revision.author}")
        _print_content(revision.content)
        return 0
    if args.json:
        print(json.dumps(record.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(record.summary())
    print(f"Autor: {record.author} · revisor: {record.reviewer or '—'}")
    if record.review_reason:
        print(f"Por revisar: {record.review_reason}")
    _print_content(record.content)
    return 0


def _content(
    args: argparse.Namespace, base: faq_revision.FaqContent | None
) -> faq_revision.FaqContent:
    answer = args.respuesta
    if args.respuesta_archivo is not None:
        answer = args.respuesta_archivo.read_text(encoding="utf-8")
    base = base or faq_revision.FaqContent(question="")
    return faq_revision.FaqContent(
        question=args.pregunta if args.pregunta is not None else base.question,
        answer=answer if answer is not None else base.answer,
        alternatives=tuple(args.alternativa) if args.alternativa else base.alternatives,
        sections=tuple(args.seccion) if args.seccion else base.sections,
        tags=tuple(args.etiqueta) if args.etiqueta else base.tags,
    )


def create_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    """``faq crear`` (optionally from an unresolved group)."""
    bank, actor = _bank(ctx), _actor(args)
    if args.desde_grupo is not None:
        content = _content(args, None)
        record = ctx.services.unresolved_questions.draft(
            args.desde_grupo,
            bank,
            actor,
            answer=content.answer,
            sections=content.sections,
            tags=content.tags,
        )
    else:
        record = bank.create(_content(args, None), actor, entry_id=args.id, note=args.nota)
    print(f"Borrador creado: {record.summary()}")
    return 0


def edit_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    """``faq editar``: unspecified fields keep their value."""
    bank = _bank(ctx)
    content = _content(args, bank.store.get(args.id).content)
    record = bank.edit(args.id, content, _actor(args), base_revision=args.base, note=args.nota)
    print(f"Revisión {record.head_revision} guardada: {record.summary()}")
    return 0


def transition_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    """``faq enviar-revision | aprobar | devolver | archivar``."""
    bank, actor, command = _bank(ctx), _actor(args), args.faq_comando
    if command == "enviar-revision":
        record = bank.submit(args.id, actor)
    elif command == "aprobar":
        record = bank.approve(args.id, actor)
        report = bank.preview(args.id)
        if report is not None and report.blocking:
            print("Atención: publicarla crearía estos conflictos de coincidencia:")
            for conflict in report.blocking:
                print(f"  - {conflict.describe()}")
    elif command == "devolver":
        record = bank.send_back(args.id, actor, args.motivo)
    else:
        record = bank.archive(args.id, actor, args.motivo)
    print(record.summary())
    return 0


def publish_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    """``faq publicar``: routing conflicts block it unless ``--ignorar-conflictos``."""
    try:
        outcome = _bank(ctx).publish(args.id, _actor(args), override_reason=args.ignorar_conflictos)
    except MatchingConflictError as exc:
        _print_problems(exc.message, exc.details())
        return 1
    if outcome.override_reason and outcome.report is not None:
        print(f"Publicada con {len(outcome.report.blocking)} conflicto(s) ignorado(s).")
    print(f"Publicada: {outcome.record.summary()}")
    return 0


def history_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    """``faq historial`` (``--diff A B`` for the differences)."""
    bank = _bank(ctx, index=False)
    if args.diff:
        lines = bank.diff(args.id, *args.diff)
        print("\n".join(lines) if lines else "Las dos revisiones dicen lo mismo.")
        return 0
    for revision in bank.store.revisions(args.id):
        approved = f" · aprobada por {revision.approved_by}" if revision.approved_by else ""
        note = f" · {revision.note}" if revision.note else ""
        when = revision.created_at.strftime("%Y-%m-%d %H:%M")
        print(f"r{revision.number}  {when}  {revision.author}{approved}{note}")
    print("\nEventos:")
    for event in bank.store.events(args.id):
        reason = f" ({event.reason})" if event.reason else ""
        when = event.at.strftime("%Y-%m-%d %H:%M")
        print(f"  {when}  r{event.revision}  {event.action}  {event.actor}{reason}")
    return 0


def restore_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    """``faq restaurar``."""
    record = _bank(ctx).restore(args.id, args.revision, _actor(args))
    print(f"Revisión {record.head_revision} (copia de la {args.revision}): {record.summary()}")
    return 0


def import_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    """``faq importar``: nothing is imported when a row is invalid, unless ``--parcial``."""
    rows, problems = faq_exchange.read_file(
        args.archivo, faq_exchange.detect_format(args.archivo, args.formato)
    )
    importer = faq_importer.FaqImporter(_bank(ctx))
    try:
        report = importer.run(
            rows,
            _actor(args),
            read_problems=problems,
            keep_status=args.conservar_estado,
            partial=args.parcial,
            override_reason=args.ignorar_conflictos,
        )
    except FaqImportError as exc:
        _print_problems(exc.message, exc.details())
        return 1
    except MatchingConflictError as exc:
        _print_problems(exc.message, exc.details())
        return 1
    print(
        f"Importación: {len(report.created)} nueva(s), {len(report.updated)} actualizada(s), "
        f"{len(report.unchanged)} sin cambios."
    )
    for problem in report.problems:
        print(f"  Omitida — {problem}")
    return 1 if report.problems else 0


def export_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    """``faq exportar``."""
    rows = faq_importer.FaqImporter(_bank(ctx, index=False)).export(
        published_only=args.publicadas, status=Status(args.estado) if args.estado else None
    )
    faq_exchange.write_file(
        args.archivo, rows, faq_exchange.detect_format(args.archivo, args.formato)
    )
    print(f"{len(rows)} entrada(s) exportada(s) a {args.archivo}.")
    return 0


def pending_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    """``faq pendientes``: checks the sections, then lists what needs attention."""
    _bank(ctx)  # loads the index
    services = ctx.services
    if args.confirmar:
        record = services.faq_staleness.confirm(args.confirmar, _actor(args))
        print(f"Confirmada: {record.summary()}")
        return 0
    stale = services.faq_staleness.run()
    print(f"Entradas por revisar (sus secciones cambiaron): {len(stale)}")
    for entry in stale:
        print(f"  - {entry.describe()}")
    waiting = services.faq_bank.store.records(status=Status.EN_REVISION)
    print(f"\nEn revisión: {len(waiting)}")
    for record in waiting:
        state = f"aprobada por {record.approved_by}" if record.approved_by else "sin aprobar"
        print(f"  - {record.entry_id} ({state}): {record.content.question}")
    groups = services.unresolved_questions.groups()
    print(f"\nPreguntas sin resolver: {len(groups)} grupo(s)")
    for group in groups:
        print(
            f"  [grupo {group.key}] {group.count} vez/veces · última "
            f"{group.newest.date().isoformat()} · {group.representative}"
        )
    if groups:
        print(
            "\nPara crear un borrador: asistente faq crear --desde-grupo GRUPO --usuario … --rol editor"
        )
    return 0


def report_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    """``faq informe``."""
    _bank(ctx)  # loads the index
    services = ctx.services
    report = faq_usage.build_report(
        services.question_log.between(), services.unresolved_questions.groups(), top=args.top
    )
    print(report.csv(args.csv) if args.csv else report.table(), end="\n" if not args.csv else "")
    return 0


def purity_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    """``faq pureza``: purity and completeness of the unresolved queue's grouping."""
    from assistant.faq.backlog import grouping_score

    _bank(ctx)  # loads the index (the queue embeds with its model)
    rows = [json.loads(line) for line in args.ruta.read_text(encoding="utf-8").splitlines() if line]
    questions = [str(row["question"]) for row in rows]
    labels = [str(row["group"]) for row in rows]
    score = grouping_score(ctx.services.unresolved_questions.grouping(questions), labels)
    print(f"Cola sin resolver ({args.ruta.name}): {score.summary}")
    return 0


def seed_vectors_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    """``faq vectores``: the seed's query vectors, shipped so publishing is fast at once."""
    from assistant.errors import ConfigurationError
    from assistant.faq.matcher import load_seed
    from assistant.faq.regression import SEED_VECTORS

    del args
    regression = ctx.services.faq_bank.regression
    if regression is None:
        raise ConfigurationError("La verificación de publicación no está configurada.")
    count = regression.export(load_seed(), SEED_VECTORS)
    print(f"Vectores de {count} formulaciones escritos en {SEED_VECTORS}.")
    return 0


def check_faq_sections(ctx: CliContext, *, quiet: bool = False) -> None:
    """Run the staleness check (after ``asistente cargar``) and print what it flagged; a
    database that cannot be reached does not stop the load."""
    try:
        stale = ctx.services.faq_staleness.run()
    except database_module.DatabaseUnavailableError as exc:
        print(f"FAQ: no se pudieron revisar las entradas ({exc.message})", file=sys.stderr)
        return
    if quiet:
        return
    new = [s for s in stale if s.newly_flagged]
    if new:
        print(f"FAQ: {len(new)} entrada(s) marcada(s) para revisión; sus secciones cambiaron:")
        for entry in new:
            print(f"  - {entry.describe()}")
    if stale:
        print(f"FAQ: {len(stale)} entrada(s) por revisar en total (asistente faq pendientes).")


def feedback_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    """``feedback ID útil|no-útil [--motivo]``."""
    log = ctx.services.question_log
    value = parse_feedback(args.valor)
    if args.id.lower() in ("ultima", "última"):
        latest = log.latest(conversation_id=args.conversacion)
        if latest is None:
            print("No hay respuestas registradas.", file=sys.stderr)
            return 2
        log_id = latest.log_id
    elif args.id.isdigit():
        log_id = int(args.id)
    else:
        print(f"«{args.id}» no es un id de respuesta (número o «ultima»).", file=sys.stderr)
        return 2
    logged = log.give_feedback(log_id, value, args.motivo)
    label = "útil" if value.value == "util" else "no útil"
    print(f"Gracias. Respuesta {logged.log_id} marcada como {label}: «{logged.question}».")
    return 0
