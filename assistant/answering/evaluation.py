"""End-to-end answer evaluation: evidence, fact coverage, readability, abstention, latency."""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable, Sequence
from itertools import combinations
from typing import Any

from assistant.answering.answer import Answer
from knowledge import EvalItem, content_stems, coverage, covers

FACT_THRESHOLD = 2 / 3
FIRST_CHARS = 500
"""What a person reads first (a phone screen, a Slack preview)."""
REPEAT_THRESHOLD = 0.6
"""Two quotes repeat each other when one covers this share of the other."""
QUOTED = re.compile(r"«([^»]{40,})»")


def fact_covered(fact: str, answer_stems: set[str]) -> bool:
    """A fact is covered when ≥ 2/3 of its content words (stemmed) are in the answer."""
    stems = set(content_stems(fact))
    return bool(stems) and len(stems & answer_stems) / len(stems) >= FACT_THRESHOLD


def quotes_of(answer: Answer) -> list[str]:
    """Every quote shown: the «…» runs of the text and each citation's quote."""
    return QUOTED.findall(answer.text) + [c.quote for c in answer.citations if c.quote]


def repeats_a_quote(answer: Answer) -> bool:
    """True when two quoted runs, or two citations, say the same thing twice.

    A citation quoting the sentence the text shows is the source of that sentence, not a
    repetition; two runs of the text, or two citations, covering each other are.
    """
    runs = QUOTED.findall(answer.text)
    cited = [c.quote for c in answer.citations if c.quote]
    return any(_overlap(a, b) for group in (runs, cited) for a, b in combinations(group, 2))


def _overlap(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return coverage(short, long) >= REPEAT_THRESHOLD


def shown_length(answer: Answer) -> int:
    """Characters a person scrolls through: the text plus each source's section and quote."""
    return len(answer.text) + sum(len(c.section) + len(c.quote) for c in answer.citations)


def evaluate_answers(items: Sequence[EvalItem], ask: Callable[[str], Answer]) -> dict[str, Any]:
    """Run every question through ``ask`` and aggregate the metrics."""
    evidence, facts, facts_first, latencies = [], [], [], []
    out_scope, in_scope_abstained = [], []
    lengths, shown, repeated = [], [], []
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
        if not answer.abstained:
            lengths.append(len(answer.text))
            shown.append(shown_length(answer))
            if repeats_a_quote(answer):
                repeated.append(item.item_id)
        if not item.gold_quotes:
            continue
        texts = [answer.text] + [c.quote for c in answer.citations]
        covered = [any(covers(q, t) for t in texts) for q in item.gold_quotes]
        evidence.append(sum(covered) / len(covered))
        stems = set(content_stems(" ".join(texts)))
        first = set(content_stems(answer.text[:FIRST_CHARS]))
        if item.answer_facts:
            n = len(item.answer_facts)
            facts.append(sum(fact_covered(f, stems) for f in item.answer_facts) / n)
            facts_first.append(sum(fact_covered(f, first) for f in item.answer_facts) / n)
        if evidence[-1] < 1.0:
            misses.append(item.item_id)
    ordered = sorted(latencies)
    return {
        "preguntas": len(items),
        "evidencia_recall": _mean(evidence),
        "cobertura_hechos": _mean(facts),
        "hechos_primeros_500": _mean(facts_first),
        "respuestas_con_cita_repetida": len(repeated),
        "longitud_mediana": _median(lengths),
        "longitud_mediana_con_fuentes": _median(shown),
        "fuera_de_alcance_abstencion": _mean([float(a) for a in out_scope]),
        "en_alcance_abstencion": _mean([float(a) for a in in_scope_abstained]),
        "latencia_p50_ms": round(statistics.median(ordered), 1) if ordered else 0.0,
        "latencia_p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1) if ordered else 0.0,
        "rutas": routes,
        "fallos_evidencia": misses,
        "citas_repetidas": repeated,
    }


OPENING_SENTENCES = 2
"""The curated answers answer in their first two sentences (details after)."""
MARKUP = re.compile(r"[*_`]")


def curated_opening(answer: str) -> str:
    """The first two sentences of a curated answer's first line, without its markup."""
    first = MARKUP.sub("", answer.strip().split("\n", 1)[0])
    return " ".join(re.split(r"(?<=[.;])\s+", first)[:OPENING_SENTENCES])


def evaluate_openings(
    pairs: Sequence[tuple[str, str]], ask: Callable[[str], Answer]
) -> dict[str, Any]:
    """Each question answered by ``ask`` (the policy route, without the FAQ bank) against
    the curated answer it has in the FAQ: the share of the content words of the curated
    opening found in the first `FIRST_CHARS` of the answer (0 when it abstains). The FAQ
    seed's phrasings are questions the policy answers that the dev set never saw, so
    composition can be tuned on them and checked on the dev set."""
    scores: list[float] = []
    abstained = 0
    for question, curated in pairs:
        opening = set(content_stems(curated_opening(curated)))
        if not opening:
            continue
        answer = ask(question)
        if answer.abstained:
            abstained += 1
            scores.append(0.0)
            continue
        shown = set(content_stems(answer.text[:FIRST_CHARS]))
        scores.append(len(opening & shown) / len(opening))
    return {
        "preguntas": len(scores),
        "apertura_primeros_500": _mean(scores),
        "abstenciones": abstained,
    }


def _median(values: Sequence[int]) -> float:
    return float(statistics.median(values)) if values else 0.0


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 3) if values else 0.0
