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

from assistant.answering.answer import Citation
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
FIRST_WINDOW = 700
OTHER_WINDOW = 350
PROCEDURE_WINDOW = 1000
LIST_BUDGET = 3600
ITEM_GAP = 4
"""An item may run over several sentences; a list ends after this many non-item ones."""
ALWAYS_QUOTED = 4
"""The first four passages are always quoted: measured, the gold evidence of a question is
often in the second to fourth passage even when the first scores far above them."""
MIN_WINDOW = 160
"""A window shorter than this (a heading such as «Protocolo de ATT:») takes the sentences
that follow it, so a quote always says something."""
SCORE_GAP = 3.0
"""Passages scoring more than this (z units) below the first are not quoted."""


@dataclass(frozen=True)
class Extract:
    """What is shown of one passage (``runs``) and what its citation quotes."""

    chunk: Chunk
    runs: tuple[str, ...]
    quote: str = ""
    """The cited passage, exact; defaults to the whole chunk."""


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
    max_passages: int = 5,
    score_gap: float | None = None,
) -> list[Extract]:
    """Choose what to quote: the best window of sentences of each of the top passages.

    The first passage gets a longer window (a whole enumeration for list questions, the
    steps for procedures); the next ones a short window each, when their score is close
    enough to the first to be evidence rather than noise.
    """
    q_stems = set(content_stems(question))
    kind = question_kind(question)
    extracts: list[Extract] = []
    top_score = hits[0].score if hits else 0.0
    if kind == "lista":
        for hit in hits[:3]:
            enumeration = _enumeration(hit.chunk, section_chunks)
            if enumeration:
                extracts.append(enumeration)
                break
    for rank, hit in enumerate(hits[:max_passages]):
        if rank >= ALWAYS_QUOTED and score_gap is not None and hit.score < top_score - score_gap:
            break
        if _already_quoted(hit.chunk, extracts):
            continue
        budget = FIRST_WINDOW if rank == 0 else OTHER_WINDOW
        if rank == 0 and kind == "procedimiento":
            budget = PROCEDURE_WINDOW
        shown = {sentence for e in extracts for run in e.runs for sentence in _sentences(run)}
        fresh = [sentence for sentence in _sentences(hit.chunk.text) if sentence not in shown]
        window = _best_window(fresh, q_stems, weights, budget)
        if window:
            extracts.append(Extract(hit.chunk, (window,)))
    return extracts


def _already_quoted(chunk: Chunk, extracts: list[Extract]) -> bool:
    """True when an enumeration already quotes every sentence of ``chunk``."""
    quoted = " ".join(e.quote for e in extracts if e.quote)
    return bool(quoted) and all(sentence in quoted for sentence in _sentences(chunk.text))


def _best_window(sentences: list[str], q_stems: set[str], weights: TermWeights, budget: int) -> str:
    """The contiguous run of sentences (≤ ``budget`` chars) that covers most of the query."""
    if not sentences:
        return ""
    stems = [set(content_stems(s)) for s in sentences]
    best: tuple[float, int, int] = (-1.0, 0, 0)
    for start in range(len(sentences)):
        covered: set[str] = set()
        length = 0
        for end in range(start, len(sentences)):
            length += len(sentences[end]) + 1
            if length > budget and end > start:
                break
            covered |= stems[end] & q_stems
            score = sum(weights.idf(s) for s in covered) - 0.001 * start
            if score > best[0]:
                best = (score, start, end)
    _, start, end = best
    length = sum(len(s) + 1 for s in sentences[start : end + 1])
    while length < MIN_WINDOW and end + 1 < len(sentences):
        end += 1
        length += len(sentences[end]) + 1
    return " ".join(sentences[start : end + 1])


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
    """The list of the chunk's section nearest to the chunk, whole (lead-in sentence first).

    A list may run over several chunks; items are bullets, "1." or "a)" markers, and a
    list ends after two sentences that are not items.
    """
    siblings = section_chunks.get(chunk.breadcrumb, [chunk])
    sentences: list[str] = []
    anchor = 0
    for sibling in siblings:
        if sibling.chunk_id == chunk.chunk_id:
            anchor = len(sentences)
        for sentence in _sentences(sibling.text):
            if sentence not in sentences:
                sentences.append(sentence)
    lists = _item_runs(sentences)
    if not lists:
        return None
    after = [r for r in lists if r[1] >= anchor]
    start, end = after[0] if after else lists[-1]
    picked = sentences[max(0, start - 1) : end + 1]
    out, budget = [], LIST_BUDGET
    for sentence in picked:
        if budget <= 0:
            break
        out.append(sentence)
        budget -= len(sentence)
    enumeration = " ".join(out)
    return Extract(chunk, (enumeration,), quote=enumeration)


def _item_runs(sentences: list[str]) -> list[tuple[int, int]]:
    """``(first, last)`` sentence indexes of each list of at least two items."""
    runs: list[tuple[int, int]] = []
    start = last = None
    for i, sentence in enumerate(sentences):
        if not BULLET.match(sentence):
            continue
        if start is not None and last is not None and i - last <= ITEM_GAP:
            last = i
            continue
        if start is not None and last is not None and last > start:
            runs.append((start, last))
        start = last = i
    if start is not None and last is not None and last > start:
        runs.append((start, last))
    return runs


def extracts_to_citations(extracts: Sequence[Extract]) -> list[Citation]:
    """One citation per passage, quoting the passage (the answer shows its key sentences)."""
    return [
        Citation(
            source_id=e.chunk.source_id, section=e.chunk.breadcrumb, quote=e.quote or e.chunk.text
        )
        for e in extracts
    ]


def format_extracts(extracts: Sequence[Extract]) -> str:
    """Spanish answer text: each quoted run followed by its citation number."""
    parts = [
        " … ".join(f"«{run}»" for run in extract.runs) + f" [{number}]"
        for number, extract in enumerate(extracts, start=1)
    ]
    return "\n\n".join(parts)
