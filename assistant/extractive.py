"""Extractive answers: the sentences of the retrieved passages that answer the question.

Nothing is generated: every sentence shown is quoted from a passage, so the answer can
only say what the policy says. Enumerations are returned whole (all the items of the
section, across chunk boundaries) and procedures keep their steps in document order.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer_types import Citation
from knowledge import Chunk, SearchHit, content_stems, fold
from knowledge.chunking import sentence_spans

LIST_CUE = re.compile(
    r"\b(cuales|cuantos|cuantas|que tipos|tipos de|enumer|lista|listado|funciones|perfiles|"
    r"ventajas|rutinas|reglas|criterios|principios|etapas|pasos|componentes|elementos|"
    r"actores|areas|detonantes|interruptores|dimensiones|modalidades|instrumentos|niveles|"
    r"objetivos|algunas|algunos|caracteristicas|limitaciones|problemas|requisitos)\b"
)
PROCEDURE_CUE = re.compile(
    r"\b(como se|como es|como hago|como hacer|que hay que|que debo|que tiene que|que implica|"
    r"procedimiento|proceso|flujo|paso a paso|pasos|quien|quienes|cuando)\b"
)
BULLET = re.compile(r"^(•|-|[a-h]\)|\d{1,2}\.|[a-h]\.)\s")
ANSWER_BUDGET = 1100
LIST_BUDGET = 2600


@dataclass(frozen=True)
class Extract:
    """Selected sentences of one chunk (a contiguous run becomes one citation)."""

    chunk: Chunk
    runs: tuple[str, ...]


class TermWeights:
    """Inverse document frequency of stems over the index's chunks."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        df: Counter[str] = Counter()
        for chunk in chunks:
            df.update(set(content_stems(chunk.text)))
        self.n = max(1, len(chunks))
        self.df = df

    def idf(self, stem: str) -> float:
        """Rarer stems weigh more; unknown stems weigh like the rarest."""
        return math.log(1 + self.n / (1 + self.df.get(stem, 0)))


def question_kind(question: str) -> str:
    """``lista``, ``procedimiento`` or ``general``."""
    text = fold(question)
    if LIST_CUE.search(text):
        return "lista"
    if PROCEDURE_CUE.search(text):
        return "procedimiento"
    return "general"


def _sentences(text: str) -> list[str]:
    return [text[a:b].strip() for a, b in sentence_spans(text) if text[a:b].strip()]


def _score(sentence: str, q_stems: set[str], weights: TermWeights) -> float:
    stems = set(content_stems(sentence))
    if not stems or not q_stems:
        return 0.0
    shared = sum(weights.idf(s) for s in q_stems & stems)
    total = sum(weights.idf(s) for s in q_stems)
    return shared / total if total else 0.0


def select_extracts(
    question: str,
    hits: Sequence[SearchHit],
    weights: TermWeights,
    section_chunks: dict[str, list[Chunk]],
    *,
    max_passages: int = 3,
) -> list[Extract]:
    """Choose the sentences to quote, grouped per chunk, best passage first."""
    q_stems = set(content_stems(question))
    kind = question_kind(question)
    extracts: list[Extract] = []
    budget = LIST_BUDGET if kind == "lista" else ANSWER_BUDGET
    used = 0
    top_score = hits[0].score if hits else 0.0
    for rank, hit in enumerate(hits[:max_passages]):
        if rank > 0 and hit.score < 0.55 * top_score:
            break
        if kind == "lista" and rank == 0:
            extract = _enumeration(hit.chunk, section_chunks)
            if extract:
                extracts.append(extract)
                used += sum(len(r) for r in extract.runs)
                continue
        sentences = _sentences(hit.chunk.text)
        scored = [(_score(s, q_stems, weights), i) for i, s in enumerate(sentences)]
        keep_n = 3 if rank == 0 else 2
        chosen = sorted(i for score, i in sorted(scored, reverse=True)[:keep_n] if score > 0.15)
        if rank == 0 and not chosen:
            chosen = [max(scored)[1]] if scored else []
        if kind == "procedimiento" and chosen and rank == 0:
            chosen = list(range(chosen[0], min(len(sentences), chosen[-1] + 2)))
        runs = _runs(sentences, chosen, budget - used)
        if runs:
            extracts.append(Extract(hit.chunk, runs))
            used += sum(len(r) for r in runs)
        if used >= budget:
            break
    return extracts


def _runs(sentences: list[str], chosen: list[int], budget: int) -> tuple[str, ...]:
    runs: list[list[str]] = []
    previous = -2
    spent = 0
    for i in chosen:
        if spent >= budget and runs:
            break
        if i == previous + 1 and runs:
            runs[-1].append(sentences[i])
        else:
            runs.append([sentences[i]])
        spent += len(sentences[i])
        previous = i
    return tuple(" ".join(run) for run in runs)


def _enumeration(chunk: Chunk, section_chunks: dict[str, list[Chunk]]) -> Extract | None:
    """All bullet items of the chunk's section (the intro sentence first)."""
    siblings = section_chunks.get(chunk.breadcrumb, [chunk])
    sentences: list[str] = []
    for sibling in siblings:
        for sentence in _sentences(sibling.text):
            if sentence not in sentences:
                sentences.append(sentence)
    bullets = [i for i, s in enumerate(sentences) if BULLET.match(s)]
    if len(bullets) < 2:
        return None
    start = max(0, bullets[0] - 1)
    picked = sentences[start : bullets[-1] + 1]
    text_budget, out = LIST_BUDGET, []
    for sentence in picked:
        if text_budget <= 0:
            break
        out.append(sentence)
        text_budget -= len(sentence)
    anchor = siblings[0] if siblings else chunk
    return Extract(anchor, (" ".join(out),))


def extracts_to_citations(extracts: Sequence[Extract]) -> list[Citation]:
    """One citation per quoted run."""
    return [
        Citation(source_id=e.chunk.source_id, section=e.chunk.breadcrumb, quote=run)
        for e in extracts
        for run in e.runs
    ]


def format_extracts(extracts: Sequence[Extract]) -> str:
    """Spanish answer text: each quoted run followed by its citation number."""
    parts, number = [], 1
    for extract in extracts:
        for run in extract.runs:
            parts.append(f"«{run}» [{number}]")
            number += 1
    return "\n\n".join(parts)
