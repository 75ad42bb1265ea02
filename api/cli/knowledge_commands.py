"""Knowledge commands: indice, cargar, buscar, glosario, evaluar."""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from api.cli.context import CliContext
from api.cli.parsing import add_command, add_group
from api.cli.progress_display import command_progress
from knowledge import fold, load_eval_set
from knowledge.evaluation import evaluate_retrieval

if TYPE_CHECKING:
    from knowledge import KnowledgeBase


def register(sub: Any) -> None:
    """Register the knowledge commands."""
    index = add_group(sub, "indice", help="construye o muestra el índice de conocimiento")
    build = add_command(
        index, "construir", help="construye el índice si falta", handler=build_index
    )
    build.add_argument("--forzar", action="store_true", help="reconstruye aunque exista")
    add_command(index, "estado", help="documentos del índice", handler=index_status)
    export = add_command(
        index,
        "exportar-vectores",
        help="escribe los vectores precalculados de la política (para desarrolladores)",
        handler=export_vectors,
    )
    export.add_argument(
        "--salida", type=Path, help="archivo .npz (por defecto, el incluido en el paquete)"
    )

    load = add_command(
        sub, "cargar", help="agrega o actualiza documentos (.txt, .md, .pdf, .docx)", handler=ingest
    )
    load.add_argument("rutas", nargs="*", metavar="RUTA", help="archivos a cargar")
    load.add_argument("--quitar", metavar="ID", help="quita del índice el documento con ese id")

    search = add_command(
        sub, "buscar", help="pasajes más cercanos a una consulta", handler=search_cmd
    )
    search.add_argument("consulta", help="texto de la consulta")
    search.add_argument("--k", type=int, default=5, help="número de pasajes (por defecto 5)")
    search.add_argument("--json", action="store_true", help="salida en JSON")

    glossary = add_command(
        sub, "glosario", help="lista o muestra conceptos del glosario", handler=glossary_cmd
    )
    glossary.add_argument("termino", nargs="?", metavar="TÉRMINO", help="concepto a mostrar")
    glossary.add_argument("--json", action="store_true", help="salida en JSON")

    evaluate = add_command(
        sub,
        "evaluar",
        help="mide recuperación (y respuestas) sobre un conjunto dev",
        handler=evaluate_cmd,
    )
    evaluate.add_argument(
        "--dev", type=Path, required=True, metavar="ARCHIVO", help="JSONL de evaluación"
    )
    evaluate.add_argument("--json", action="store_true", help="salida en JSON")
    evaluate.add_argument(
        "--respuestas", action="store_true", help="evalúa también las respuestas completas"
    )
    evaluate.add_argument(
        "--seguimiento",
        type=Path,
        metavar="ARCHIVO",
        help="JSONL de conversaciones: puntúa la última pregunta con y sin su contexto",
    )
    evaluate.add_argument(
        "--semilla",
        action="store_true",
        help="responde las preguntas de la FAQ semilla solo con el texto de la política y "
        "mide cuánto de cada apertura curada dicen sus primeros 500 caracteres",
    )
    evaluate.add_argument(
        "--erratas",
        action="store_true",
        help="responde tres copias del conjunto con erratas (una letra que falta, dos "
        "cruzadas, una cambiada) y mide abstención y hechos",
    )


def build_index(args: argparse.Namespace, ctx: CliContext) -> int:
    kb = ctx.services.knowledge
    started = time.perf_counter()
    with command_progress() as progress:
        progress.stage("Cargando el modelo de embeddings y el almacén de vectores")
        kb.warm_up()
        if args.forzar:
            kb.rebuild(progress)
            built = True
        else:
            built = kb.ensure_index(progress)
    elapsed = time.perf_counter() - started
    docs = kb.documents()
    chunks = sum(d.chunks for d in docs)
    verb = "Índice construido" if built else "El índice ya estaba al día"
    print(f"{verb}: {len(docs)} documento(s), {chunks} fragmentos, {elapsed:.1f} s.")
    return 0


def export_vectors(args: argparse.Namespace, ctx: CliContext) -> int:
    from knowledge.base import export_policy_vectors, shipped_vectors_path

    kb = ctx.services.knowledge
    kb.warm_up()
    target = args.salida or shipped_vectors_path()
    count = export_policy_vectors(kb.embeddings, target, kb.terms)
    print(f"{count} vectores (y sus términos latentes) escritos junto a {target}.")
    if args.salida is None:
        from assistant.answering.sentence_meaning import (
            SHIPPED_SENTENCE_VECTORS,
            export_sentence_vectors,
        )
        from knowledge.base import policy_chunks

        sentences = export_sentence_vectors(
            kb.embeddings, policy_chunks(), SHIPPED_SENTENCE_VECTORS
        )
        print(f"{sentences} vectores de oraciones citables escritos en {SHIPPED_SENTENCE_VECTORS}.")
    return 0


def index_status(args: argparse.Namespace, ctx: CliContext) -> int:
    kb = ctx.services.knowledge
    kb.warm_up()
    for doc in kb.documents():
        print(f"- {doc.source_id}: {doc.title} ({doc.chunks} fragmentos, sha256 {doc.sha256[:12]})")
    return 0


def ingest(args: argparse.Namespace, ctx: CliContext) -> int:
    from api.cli.faq_commands import check_faq_sections

    if not args.rutas and not args.quitar:
        print("Indica al menos un archivo, o --quitar ID.")
        return 2
    kb = ctx.services.knowledge
    started = time.perf_counter()
    with command_progress() as progress:
        progress.stage("Abriendo el índice y el banco de FAQ")
        kb.warm_up()
        kb.ensure_index(progress)
        check_faq_sections(ctx, quiet=True)  # fingerprints of the index before the change
        if args.quitar:
            progress.stage("Quitando el documento y reconstruyendo el índice")
            outcomes = [kb.remove(args.quitar)]
        else:
            started = time.perf_counter()
            outcomes = kb.ingest([Path(p) for p in args.rutas], progress)
            progress.stage("Codificando las oraciones citables de los documentos nuevos")
            embed_sentences(kb)
    elapsed = time.perf_counter() - started
    for outcome in outcomes:
        if outcome.status == "quitado":
            print(f"Quitado: {outcome.source_id} ({outcome.title}).")
        else:
            print(
                f"{outcome.status.capitalize()}: {outcome.source_id} — {outcome.title} "
                f"({outcome.chunks} fragmentos)"
            )
    fragments = sum(o.chunks for o in outcomes if o.status in ("nuevo", "actualizado"))
    if fragments:
        print(f"{fragments} fragmentos en {elapsed:.1f} s ({fragments / elapsed:.1f} por segundo).")
    check_faq_sections(ctx)
    return 0


def embed_sentences(kb: KnowledgeBase) -> int:
    """Encode the quotable sentences the cache lacks (those of the documents just loaded), so
    the first question that reaches them does not wait; returns how many."""
    from assistant.answering.sentence_meaning import SentenceMeaning

    return SentenceMeaning(kb.embeddings).prepare(kb.chunks())


def search_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    kb = ctx.services.knowledge
    kb.warm_up()
    kb.ensure_index()
    hits = kb.search(args.consulta, k=max(1, args.k))
    if args.json:
        rows = [
            {
                "source_id": h.chunk.source_id,
                "section": h.chunk.breadcrumb,
                "score": round(h.score, 4),
                "text": h.chunk.text,
                "start": h.chunk.start,
                "end": h.chunk.end,
            }
            for h in hits
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print("No encontré pasajes para esa consulta.")
        return 1
    for rank, hit in enumerate(hits, start=1):
        print(f"[{rank}] {hit.chunk.breadcrumb}  (puntaje {hit.score:.3f})")
        print(f"    {hit.chunk.text}\n")
    return 0


def glossary_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    kb = ctx.services.knowledge
    kb.warm_up()
    kb.ensure_index()
    entries = kb.glossary()
    if args.termino:
        wanted = fold(args.termino)
        entries = [e for e in entries if wanted in fold(e.term)]
        if not entries:
            print(f"«{args.termino}» no está en el glosario (Cuadro No 2).")
            return 1
    if args.json:
        print(json.dumps([asdict(e) for e in entries], ensure_ascii=False, indent=2))
        return 0
    if not args.termino:
        print(f"Glosario (Cuadro No 2): {len(entries)} conceptos")
        for entry in entries:
            print(f"- {entry.term}")
        return 0
    for entry in entries:
        authors = "; ".join(entry.authors) or "sin autor citado"
        print(
            f"{entry.term}\n  {entry.definition}\n  Fuente citada: {authors}\n  Sección: {entry.breadcrumb}\n"
        )
    return 0


def evaluate_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    kb = ctx.services.knowledge
    kb.warm_up()
    kb.ensure_index()
    items = load_eval_set(args.dev)
    report = evaluate_retrieval(items, lambda q, k: kb.search(q, k=k))
    result: dict[str, Any] = {
        "recuperacion": {"global": report.overall, "por_tipo": report.per_type}
    }
    if args.respuestas:
        from api.cli.answer_commands import evaluate_answers

        result["respuestas"] = evaluate_answers(ctx, items)
    if args.seguimiento:
        from api.cli.answer_commands import evaluate_follow_ups

        result["seguimiento"] = evaluate_follow_ups(ctx, args.seguimiento)
    if args.semilla:
        from api.cli.answer_commands import evaluate_seed_openings

        result["semilla"] = evaluate_seed_openings(ctx)
    if args.erratas:
        from api.cli.answer_commands import evaluate_misspelled

        result["erratas"] = evaluate_misspelled(ctx, items)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print_retrieval(report.overall, report.per_type)
    if args.respuestas:
        from api.cli.answer_commands import print_answer_report

        print_answer_report(result["respuestas"])
    if args.seguimiento:
        from api.cli.answer_commands import print_follow_up_report

        print_follow_up_report(result["seguimiento"])
    if args.semilla:
        from api.cli.answer_commands import print_seed_report

        print_seed_report(result["semilla"])
    if args.erratas:
        from api.cli.answer_commands import print_misspelled_report

        print_misspelled_report(result["erratas"])
    return 0


def print_retrieval(overall: dict[str, float], per_type: dict[str, dict[str, float]]) -> None:
    """Print Recall@1/3/5 and MRR@10 as a table."""
    if not overall:
        print("Recuperación: el archivo no trae citas de oro; no se mide.")
        return
    print("Recuperación (pasaje relevante = cubre ≥60% de una cita de oro)")
    print(f"{'tipo':<14}{'n':>4}{'R@1':>8}{'R@3':>8}{'R@5':>8}{'MRR@10':>9}")
    for name, row in [*sorted(per_type.items()), ("GLOBAL", overall)]:
        print(
            f"{name:<14}{int(row['n']):>4}{row['recall@1']:>8.3f}{row['recall@3']:>8.3f}"
            f"{row['recall@5']:>8.3f}{row['mrr@10']:>9.3f}"
        )
