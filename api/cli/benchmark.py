"""The measurements of ``asistente bench`` (index build, retrieval, answers, HTTP load,
validation); imported only when the command runs."""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from api.cli.context import CliContext
from api.cli.http_benchmark import HttpBenchPlan, http_rows
from api.cli.queue_benchmark import unresolved_queue_rows
from assistant.wiring import Services, build_services, knowledge_config
from intake import RulesEngine, run_validation_benchmark
from knowledge import FusionWeights, KnowledgeBase, SearchHit, evaluate_retrieval, load_eval_set


def _percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run_benchmark(args: argparse.Namespace, ctx: CliContext) -> list[tuple[str, str, str]]:
    """Every measurement, as rows of (what, value, target)."""
    rows: list[tuple[str, str, str]] = []
    if not args.sin_construccion:
        for label, shipped in (
            ("sin vectores incluidos", False),
            ("con los vectores incluidos", True),
        ):
            with tempfile.TemporaryDirectory(prefix="bench-indice-") as tmp:
                config = knowledge_config(ctx.settings.model_copy(update={"data_dir": Path(tmp)}))
                kb = KnowledgeBase(config, use_shipped_vectors=shipped)
                first = _timed(partial(_build, kb))
                again = _timed(kb.ensure_index)
            rows.append((f"Primera construcción del índice ({label})", f"{first:.1f} s", "≤ 60 s"))
        rows.append(("Reconstrucción con corpus sin cambios", f"{again:.2f} s", "≤ 2 s"))
    # In-process numbers embed every question anew: the bench repeats its questions, and the
    # cache of question vectors would hide the model's cost (measured apart over HTTP).
    uncached = ctx.settings.knowledge.model_copy(update={"query_cache_size": 0})
    services = build_services(ctx.settings.model_copy(update={"knowledge": uncached}))
    kb = services.knowledge
    kb.warm_up()
    kb.ensure_index()
    questions = _questions(args.dev)
    kb.search(questions[0])
    latencies = [_timed(partial(kb.search, q, k=5)) * 1000 for q in questions * 3]
    p50, p95 = _percentiles(latencies)
    rows.append(
        ("Recuperación híbrida p50 / p95 (caliente)", f"{p50:.1f} / {p95:.1f} ms", "p95 ≤ 50 ms")
    )
    rows += _answer_rows(services, questions)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("RSS del proceso sirviendo respuestas", f"{rss_mb:.0f} MB", "≤ 600 MB"))
    if not args.sin_http:
        plan = HttpBenchPlan(
            workers=args.workers,
            clients=args.clientes,
            duration_s=args.segundos,
            rate=args.ritmo,
            database_url=args.base_de_datos,
        )
        rows += http_rows(ctx.settings, questions, plan)
    rows += _retrieval_modes(services, args.dev)
    rows += _validation_rows(services)
    rows += unresolved_queue_rows(ctx.settings)
    return rows


def _build(kb: KnowledgeBase) -> None:
    kb.warm_up()
    kb.ensure_index()


def _questions(dev: Path) -> list[str]:
    if dev.exists():
        return [item.question for item in load_eval_set(dev)]
    return ["¿Qué es la ficha de pre-diseño?", "¿Cuáles son las etapas de la lógica de trabajo?"]


def _answer_rows(services: Services, questions: list[str]) -> list[tuple[str, str, str]]:
    answerer = services.answerer
    answerer.warm_up()
    answerer.answer(questions[0])
    latencies = [_timed(partial(answerer.answer, q)) * 1000 for q in questions * 2]
    p50, p95 = _percentiles(latencies)
    return [("Respuesta completa sin LLM p50 / p95", f"{p50:.0f} / {p95:.0f} ms", "p95 ≤ 150 ms")]


def _retrieval_modes(services: Services, dev: Path) -> list[tuple[str, str, str]]:
    if not dev.exists():
        return []
    kb = services.knowledge
    items = load_eval_set(dev)
    rows = []
    for label, changes in (
        ("densa", {"mode": "dense"}),
        ("BM25", {"mode": "lexical"}),
        ("híbrida sin reordenar", {"mode": "hybrid", "terms": 0.0}),
        ("híbrida + términos latentes", {"mode": "hybrid"}),
    ):
        weights = replace(kb.weights, **changes)
        report = evaluate_retrieval(items, _searcher(kb, weights))
        value = f"R@5 {report.overall['recall@5']:.3f} · MRR {report.overall['mrr@10']:.3f}"
        rows.append((f"Recuperación {label} (dev)", value, "R@5 ≥ 0.90 · MRR ≥ 0.75"))
    return rows


def _searcher(kb: KnowledgeBase, weights: FusionWeights) -> Callable[[str, int], list[SearchHit]]:
    def search(question: str, k: int) -> list[SearchHit]:
        return kb.search(question, k=k, weights=weights)

    return search


def _validation_rows(services: Services) -> list[tuple[str, str, str]]:
    factory = partial(RulesEngine.from_file, services.settings.rules_path)
    result = run_validation_benchmark(factory, embedder=services.knowledge.embeddings)
    return [
        (
            "Validación de ficha (reglas deterministas) p95",
            f"{result['deterministic_p95_ms']:.1f} ms",
            "≤ 20 ms",
        ),
        (
            "Validación con duplicados contra 1.000 fichas p95",
            f"{result['duplicates_p95_ms']:.1f} ms",
            "≤ 100 ms",
        ),
    ]
