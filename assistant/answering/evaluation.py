"""End-to-end answer evaluation: evidence recall, fact coverage, abstention, latency."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

from assistant.answering.answer import Answer
from knowledge import EvalItem, content_stems, covers

FACT_THRESHOLD = 2 / 3


def fact_covered(fact: str, answer_stems: set[str]) -> bool:
    """A fact is covered when ≥ 2/3 of its content words (stemmed) are in the answer."""
    stems = set(content_stems(fact))
    return bool(stems) and len(stems & answer_stems) / len(stems) >= FACT_THRESHOLD


def evaluate_answers(items: Sequence[EvalItem], ask: Callable[[str], Answer]) -> dict[str, Any]:
    """Run every question through ``ask`` and aggregate the metrics."""
    evidence, facts, latencies = [], [], []
    out_scope, in_scope_abstained = [], []
    routes: dict[str, int] = {}
    misses: list[str] = []
    for item in items:
        started = time.perf_counter()
        answer = ask(item.question)
        latencies.append((time.perf_counter() - started) * 1000)
        routes[answer.route] = routes.get(answer.route, 0) + 1
        if item.qtype == "out_of_scope":
            out_scope.append(answer.abstained)
            continue
        in_scope_abstained.append(answer.abstained)
        if not item.gold_quotes:
            continue
        texts = [answer.text] + [c.quote for c in answer.citations]
        covered = [any(covers(q, t) for t in texts) for q in item.gold_quotes]
        evidence.append(sum(covered) / len(covered))
        stems = set(content_stems(" ".join(texts)))
        if item.answer_facts:
            facts.append(
                sum(fact_covered(f, stems) for f in item.answer_facts) / len(item.answer_facts)
            )
        if evidence[-1] < 1.0:
            misses.append(item.item_id)
    ordered = sorted(latencies)
    return {
        "preguntas": len(items),
        "evidencia_recall": _mean(evidence),
        "cobertura_hechos": _mean(facts),
        "fuera_de_alcance_abstencion": _mean([float(a) for a in out_scope]),
        "en_alcance_abstencion": _mean([float(a) for a in in_scope_abstained]),
        "latencia_p50_ms": round(statistics.median(ordered), 1) if ordered else 0.0,
        "latencia_p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1) if ordered else 0.0,
        "rutas": routes,
        "fallos_evidencia": misses,
    }


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 3) if values else 0.0
