"""Retrieval evaluation on a JSONL set of questions with gold evidence quotes."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from knowledge.errors import KnowledgeError
from knowledge.normalization import collapse
from knowledge.types import SearchHit

COVERAGE_THRESHOLD = 0.6
MIN_BLOCK = 12


@dataclass(frozen=True)
class EvalItem:
    """One question of an evaluation set."""

    item_id: str
    question: str
    qtype: str
    gold_quotes: tuple[str, ...]
    answer_facts: tuple[str, ...] = ()


def read_jsonl(path: Path, what: str) -> list[tuple[int, dict[str, Any]]]:
    """The JSON objects of a JSONL file with their line numbers (``what`` names it in errors)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise KnowledgeError(f"No pude leer el {what} «{path}».") from exc
    rows = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise KnowledgeError(f"Línea {number} de «{path}» no es válida: {exc}.") from exc
        if not isinstance(row, dict):
            raise KnowledgeError(f"Línea {number} de «{path}» no es un objeto JSON.")
        rows.append((number, row))
    return rows


def load_eval_set(path: Path) -> list[EvalItem]:
    """Read ``{"id","question","type","gold_quotes","answer_facts"}`` lines."""
    items = []
    for number, row in read_jsonl(path, "conjunto de evaluación"):
        try:
            items.append(
                EvalItem(
                    item_id=str(row.get("id", number)),
                    question=row["question"],
                    qtype=row.get("type", "general"),
                    gold_quotes=tuple(row.get("gold_quotes") or ()),
                    answer_facts=tuple(row.get("answer_facts") or ()),
                )
            )
        except KeyError as exc:
            raise KnowledgeError(f"Línea {number} de «{path}» no es válida: {exc}.") from exc
    return items


def coverage(quote: str, text: str) -> float:
    """Share of the quote's characters found in ``text`` (blocks of ≥12 chars, collapsed)."""
    quote_c, text_c = collapse(quote).lower(), collapse(text).lower()
    if not quote_c:
        return 0.0
    if quote_c in text_c:
        return 1.0
    matcher = SequenceMatcher(None, quote_c, text_c, autojunk=False)
    matched = sum(b.size for b in matcher.get_matching_blocks() if b.size >= MIN_BLOCK)
    return matched / len(quote_c)


def covers(quote: str, text: str) -> bool:
    """True when ``text`` covers at least 60% of ``quote``."""
    return coverage(quote, text) >= COVERAGE_THRESHOLD


@dataclass
class RetrievalReport:
    """Recall@k and MRR@10, overall and per question type."""

    per_type: dict[str, dict[str, float]] = field(default_factory=dict)
    overall: dict[str, float] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)


def evaluate_retrieval(
    items: Sequence[EvalItem],
    search: Callable[[str, int], list[SearchHit]],
    ks: Sequence[int] = (1, 3, 5),
) -> RetrievalReport:
    """Evaluate ``search(question, k)`` on the items that have gold quotes."""
    rows: dict[str, list[dict[str, float]]] = defaultdict(list)
    report = RetrievalReport()
    for item in items:
        if not item.gold_quotes:
            continue
        started = time.perf_counter()
        hits = search(item.question, 10)
        report.latencies_ms.append((time.perf_counter() - started) * 1000)
        relevant = [any(covers(q, h.chunk.text) for q in item.gold_quotes) for h in hits]
        row: dict[str, float] = {}
        for k in ks:
            found = sum(any(covers(q, h.chunk.text) for h in hits[:k]) for q in item.gold_quotes)
            row[f"recall@{k}"] = found / len(item.gold_quotes)
        first = next((i for i, r in enumerate(relevant) if r), None)
        row["mrr@10"] = 1.0 / (first + 1) if first is not None else 0.0
        if row[f"recall@{max(ks)}"] < 1.0:
            report.misses.append(item.item_id)
        rows[item.qtype].append(row)
        rows["_all"].append(row)
    for qtype, values in rows.items():
        averaged = {key: sum(v[key] for v in values) / len(values) for key in values[0]}
        averaged["n"] = float(len(values))
        if qtype == "_all":
            report.overall = averaged
        else:
            report.per_type[qtype] = averaged
    return report
