"""Answer commands: preguntar (texto, --json, --batch) and chat."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from api.cli.background_load import BackgroundLoad
from api.cli.context import CliContext
from api.cli.ficha_commands import add_identity_arguments, cli_actor
from api.cli.parsing import add_command
from api.rendering.terminal import answer_text
from assistant.errors import USER_ERRORS, user_message

if TYPE_CHECKING:
    from knowledge import EvalItem

EXIT_WORDS = {"salir", "adios", "adiós", "chao", "exit", "quit"}


def register(sub: Any) -> None:
    """Register the answer commands."""
    ask = add_command(sub, "preguntar", help="responde una pregunta con citas", handler=ask_cmd)
    ask.add_argument("pregunta", nargs="?", help="la pregunta, entre comillas")
    ask.add_argument("--json", action="store_true", help="salida en JSON")
    ask.add_argument(
        "--batch", type=Path, metavar="ARCHIVO", help='JSONL con líneas {"id", "question"}'
    )
    ask.add_argument("--conversacion", metavar="ID", help="continúa una conversación")
    chat = add_command(
        sub,
        "chat",
        help="conversación interactiva: preguntas y registro guiado de fichas de pre-diseño",
        handler=chat_cmd,
    )
    add_identity_arguments(chat, roles=False)


def ask_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    answerer = ctx.services.answerer
    answerer.warm_up()
    if args.batch:
        return _batch(args.batch, ctx)
    if not args.pregunta:
        print("Escriba la pregunta entre comillas, o use --batch ARCHIVO.", file=sys.stderr)
        return 2
    answer = answerer.answer(args.pregunta, conversation_id=args.conversacion)
    if args.json:
        print(json.dumps(answer.to_public_json(), ensure_ascii=False))
    else:
        print(answer_text(answer))
    return 0


def _batch(path: Path, ctx: CliContext) -> int:
    answerer = ctx.services.answerer
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        print(f"No pude leer «{path}».", file=sys.stderr)
        return 2
    failures = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            question, item_id = row["question"], row.get("id", number)
        except (ValueError, KeyError, TypeError):
            print(
                json.dumps(
                    {"id": number, "error": f"Línea {number}: JSON inválido o sin «question»."},
                    ensure_ascii=False,
                )
            )
            failures += 1
            continue
        try:
            payload = {"id": item_id, **answerer.answer(str(question)).to_public_json()}
        except USER_ERRORS as exc:
            payload = {"id": item_id, "error": user_message(exc)}
            failures += 1
        print(json.dumps(payload, ensure_ascii=False), flush=True)
    return 0 if failures == 0 else 1


def chat_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    """``chat``: policy questions and the guided intake of a ficha, in one conversation."""
    actor = cli_actor(args)
    router = ctx.services.conversation_router
    # The model and the index load while the person reads and types (see BackgroundLoad).
    loading = BackgroundLoad(ctx.services.answerer.warm_up)
    print(
        "Asistente de Llegada a Territorio. Escriba su pregunta, o «quiero registrar una ficha» "
        "(«salir» para terminar)."
    )
    reminder = router.greeting(actor)
    if reminder:
        print(reminder.text)
    conversation: str | None = None
    while True:
        try:
            message = input("\nUsted: ").strip()
        except EOFError:
            print()
            router.pause(actor)
            loading.settle()
            return 0
        if message.lower() in EXIT_WORDS:
            if router.pause(actor):
                print("Su ficha quedó guardada; escriba «continuar mi ficha» la próxima vez.")
            print("Hasta luego.")
            loading.settle()
            return 0
        if not message:
            continue
        try:
            loading.wait()
            reply = router.handle(message, actor=actor, conversation_id=conversation)
        except USER_ERRORS as exc:
            print(f"Asistente: {user_message(exc)}")
            continue
        conversation = reply.conversation_id or conversation
        text = answer_text(reply.answer) if reply.answer is not None else reply.text
        print("\nAsistente: " + text)


def evaluate_answers(ctx: CliContext, items: Sequence[EvalItem]) -> dict[str, Any]:
    """Answer metrics on ``items`` (used by ``asistente evaluar --respuestas``)."""
    from assistant.answering.evaluation import evaluate_answers as run_answer_eval

    answerer = ctx.services.answerer
    answerer.warm_up()
    return run_answer_eval(items, lambda q: answerer.answer(q, channel="evaluacion"))


def evaluate_misspelled(ctx: CliContext, items: Sequence[EvalItem]) -> dict[str, Any]:
    """Answer metrics on each misspelled copy of ``items`` (``evaluar --erratas``)."""
    from assistant.answering.evaluation import evaluate_answers as run_answer_eval
    from knowledge.misspelling import KINDS, misspelled

    answerer = ctx.services.answerer
    answerer.warm_up()
    return {
        kind: run_answer_eval(
            misspelled(list(items), kind), lambda q: answerer.answer(q, channel="evaluacion")
        )
        for kind in KINDS
    }


def print_misspelled_report(report: dict[str, Any]) -> None:
    """Print abstention and facts for each misspelled copy of the set."""
    names = {"falta": "Falta una letra", "cruce": "Dos letras cruzadas", "cambio": "Letra cambiada"}
    print("\nCon erratas (cada otra palabra de 6 letras o más)")
    header = f"{'fuera de alcance':>18}{'abst. indebida':>16}{'hechos 500':>12}{'evidencia':>11}"
    print(f"  {'':<22}{header}")
    for kind, row in report.items():
        print(
            f"  {names[kind]:<22}{row['fuera_de_alcance_abstencion']:>18.3f}"
            f"{row['en_alcance_abstencion']:>16.3f}{row['hechos_primeros_500']:>12.3f}"
            f"{row['evidencia_recall']:>11.3f}"
        )


def evaluate_follow_ups(ctx: CliContext, path: Path) -> dict[str, Any]:
    """Follow-up metrics on the conversations of ``path`` (``evaluar --seguimiento``)."""
    from assistant.answering.follow_up_evaluation import (
        evaluate_conversations,
        load_conversations,
    )

    answerer = ctx.services.answerer
    answerer.warm_up()
    return evaluate_conversations(
        load_conversations(path),
        lambda q, cid: answerer.answer(q, conversation_id=cid, channel="evaluacion"),
    )


def evaluate_seed_openings(ctx: CliContext) -> dict[str, Any]:
    """The FAQ seed's phrasings answered by the policy route alone, against the curated
    openings (``asistente evaluar --semilla``)."""
    from assistant.answering.answerer import Answerer
    from assistant.answering.evaluation import evaluate_openings
    from assistant.faq.matcher import load_seed

    policy_only = Answerer(knowledge=ctx.services.knowledge, faq_entries=lambda: (0, []))
    policy_only.warm_up()
    pairs = [(q, entry.answer) for entry in load_seed() for q in entry.phrasings]
    return evaluate_openings(pairs, lambda q: policy_only.answer(q, channel="evaluacion"))


def print_seed_report(report: dict[str, Any]) -> None:
    """Print the policy route's answers to the FAQ seed's questions."""
    print(f"\nFAQ semilla por la ruta de la política ({report['preguntas']} preguntas)")
    print(
        f"  {'Apertura curada en los primeros 500 caracteres':<50}{report['apertura_primeros_500']}"
    )
    print(f"  {'Abstenciones':<50}{report['abstenciones']}")


def print_follow_up_report(report: dict[str, Any]) -> None:
    """Print the follow-up metrics, with and without the conversation's context."""
    print(f"\nSeguimiento ({report['conversaciones']} conversaciones; última pregunta)")
    labels = {
        "recuperacion_r5": "Pasaje correcto entre los 5 primeros",
        "evidencia_citada": "Evidencia citada",
        "fuera_de_alcance_abstencion": "Fuera de alcance: abstención",
        "repite_respuesta_anterior": "Repite la respuesta anterior",
    }
    print(f"  {'':<40}{'con contexto':>14}{'sin contexto':>14}")
    _print_follow_up_rows(labels, report["con_contexto"], report["sin_contexto"])
    if report.get("reserva"):
        print(f"\n  Reserva ({report['reserva']} conversaciones escritas aparte)")
        _print_follow_up_rows(
            labels, report["reserva_con_contexto"], report["reserva_sin_contexto"]
        )
    for key, label in (("fallos_con_contexto", "con"), ("fallos_sin_contexto", "sin")):
        if report.get(key):
            print(f"  Conversaciones que fallan {label} contexto: {', '.join(report[key])}")


def _print_follow_up_rows(
    labels: dict[str, str], with_context: dict[str, Any], alone: dict[str, Any]
) -> None:
    for key, label in labels.items():
        alone_text = "—" if alone[key] is None else str(alone[key])
        print(f"  {label:<40}{with_context[key]:>14}{alone_text:>14}")


def print_answer_report(report: dict[str, Any]) -> None:
    """Print the answer metrics."""
    print("\nRespuestas")
    labels = {
        "evidencia_recall": "Recall de evidencia (cita de oro cubierta ≥60%)",
        "cobertura_hechos": "Cobertura de hechos clave",
        "hechos_primeros_500": "Hechos clave en los primeros 500 caracteres",
        "respuestas_con_cita_repetida": "Respuestas que repiten una cita",
        "longitud_mediana": "Longitud mediana del texto (caracteres)",
        "longitud_mediana_con_fuentes": "Longitud mediana con fuentes (caracteres)",
        "fuera_de_alcance_abstencion": "Fuera de alcance: abstención",
        "en_alcance_abstencion": "En alcance: abstención indebida",
        "latencia_p50_ms": "Latencia p50 (ms)",
        "latencia_p95_ms": "Latencia p95 (ms)",
    }
    for key, label in labels.items():
        print(f"  {label:<50}{report[key]}")
    print(f"  Rutas: {report['rutas']}")
    if report["fallos_evidencia"]:
        print(f"  Preguntas sin toda la evidencia: {', '.join(report['fallos_evidencia'])}")
    if report["citas_repetidas"]:
        print(f"  Preguntas con una cita repetida: {', '.join(report['citas_repetidas'])}")
