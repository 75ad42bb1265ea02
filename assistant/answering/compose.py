"""Compose stage: a direct answer first (one to three sentences, or the list asked for),
then at most three sources, each its breadcrumb and the exact sentences used.

Nothing is generated: the lead's sentences are quoted verbatim from the retrieved
passages, each followed by its citation number; the only words of our own are short
connectives («La política distingue 4 etapas:»). Measured on the dev set, the first 500
characters of an answer carried 0.447 of its key facts when it was 4–5 quoted windows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.answering.answer import Citation
from assistant.answering.extractive import TermWeights
from assistant.answering.quotable import Sentence, chunk_sentences
from knowledge import SearchHit, content_stems, fold

LEAD_CHARS = 450
"""A lead longer than this is not read in five seconds (one long sentence may pass)."""
SOURCE_CHARS = 900
"""Each source quotes the sentences used plus their neighbours, up to this many chars."""
MAX_SOURCES = 3
LEAD_PASSAGES = 5
MIN_GAIN = 0.1
"""A second or third lead sentence adds this share of the question's weight, continues a
chosen sentence, or scores close to the best one (`CLOSE_SCORE`): the answer's facts sit
next to the words of the question more often than in them."""
CLOSE_SCORE = 0.6
SAME_WORDS = 0.8
ACTOR = re.compile(
    r"\b(direccion|subdireccion|der|oficina|grupo|unidad(es)? tecnicas?|secretaria|comite|"
    r"equipo|lider|lideres|responsable|encargad|coordina|retroalimenta|aprueba|firma)\w*"
)
COUNT = re.compile(r"\b(\d+|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez)\b")
ASKS_ACTOR = re.compile(r"\b(quien|quienes|que (dependencia|direccion|instancia|area|unidad))\b")
ASKS_COUNT = re.compile(r"\b(cuantos|cuantas|numero de)\b")


@dataclass(frozen=True)
class Composition:
    """What a person reads: the lead, the list items (if any) and the sources."""

    lead: str
    """One to three sentences, each ending in its citation number ``[n]``."""
    items: tuple[str, ...] = ()
    citations: list[Citation] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The lead followed by the items as a bulleted list."""
        if not self.items:
            return self.lead
        return self.lead + "\n\n" + "\n".join(f"- {item}" for item in self.items)


def asks_for(question: str) -> str | None:
    """``actor`` for «¿quién…?», ``count`` for «¿cuántos…?», else None."""
    folded = fold(question)
    if ASKS_ACTOR.search(folded):
        return "actor"
    if ASKS_COUNT.search(folded):
        return "count"
    return None


@lru_cache(maxsize=8192)
def stems_of(text: str) -> frozenset[str]:
    """Content stems of a sentence (cached: passages repeat across questions)."""
    return frozenset(content_stems(text))


def says_the_same(a: str, b: str) -> bool:
    """Two quotes that share most of their words (a footnote repeating the text it notes)."""
    sa, sb = stems_of(a), stems_of(b)
    return bool(sa and sb) and len(sa & sb) / min(len(sa), len(sb)) >= SAME_WORDS


def sentence_score(sentence: str, q_stems: set[str], weights: TermWeights) -> float:
    """Share of the question's weight (idf) that the sentence's words carry."""
    stems = stems_of(sentence)
    total = sum(weights.idf(s) for s in q_stems)
    return sum(weights.idf(s) for s in q_stems & stems) / total if total else 0.0


@dataclass
class _Candidate:
    sentence: Sentence
    rank: int
    stems: frozenset[str]
    score: float


def lead_sentences(
    question: str, hits: Sequence[SearchHit], weights: TermWeights
) -> list[Sentence]:
    """The sentences that answer ``question``: the best one, then at most two that add
    what it lacks (or continue it), within `LEAD_CHARS`."""
    q_stems = set(content_stems(question))
    want = asks_for(question)
    candidates: list[_Candidate] = []
    seen: set[str] = set()
    for rank, hit in enumerate(hits[:LEAD_PASSAGES]):
        for sentence in chunk_sentences(hit.chunk):
            if sentence.text in seen:
                continue
            seen.add(sentence.text)
            stems = stems_of(sentence.text)
            score = sentence_score(sentence.text, q_stems, weights) / (1 + 0.4 * rank)
            score += _bonus(want, sentence.text)
            candidates.append(_Candidate(sentence, rank, stems, score))
    if not candidates:
        return []
    total = sum(weights.idf(s) for s in q_stems) or 1.0
    best = max(candidates, key=lambda c: c.score)
    chosen = [best]
    covered = set(best.stems & q_stems)
    length = len(best.sentence.text)
    for _ in range(2):
        options = []
        for c in candidates:
            if c in chosen or length + len(c.sentence.text) > LEAD_CHARS:
                continue
            gain = sum(weights.idf(s) for s in (c.stems & q_stems) - covered) / total
            follows = any(
                c.sentence.chunk == p.sentence.chunk and c.sentence.index == p.sentence.index + 1
                for p in chosen
            )
            close = c.score >= CLOSE_SCORE * best.score
            if gain >= MIN_GAIN or close or follows:
                options.append((gain + 0.5 * c.score + (0.15 if follows else 0.0), c))
        if not options:
            break
        _, pick = max(options, key=lambda o: o[0])
        chosen.append(pick)
        covered |= pick.stems & q_stems
        length += len(pick.sentence.text)
    rest = sorted(chosen[1:], key=lambda c: (c.rank, c.sentence.index))
    return [c.sentence for c in [chosen[0], *rest]]


def _bonus(want: str | None, sentence: str) -> float:
    folded = fold(sentence)
    if want == "actor" and ACTOR.search(folded):
        return 0.15
    if want == "count" and COUNT.search(folded):
        return 0.15
    return 0.0


def compose(
    sentences: Sequence[Sentence],
    *,
    offset: int = 0,
    more: Sequence[SearchHit] = (),
    question: str = "",
    weights: TermWeights | None = None,
) -> Composition:
    """The lead (sentences grouped by source, each source numbered from ``offset + 1``)
    and one citation per source; with ``more``, the sources are completed up to
    `MAX_SOURCES` with the best sentence of each further passage (what the lead could
    not hold is still one click away)."""
    sources: list[list[Sentence]] = []
    for sentence in sentences:
        group = next((g for g in sources if g[0].chunk == sentence.chunk), None)
        if group is None:
            if len(sources) == MAX_SOURCES:
                continue
            sources.append([sentence])
        else:
            group.append(sentence)
    parts = []
    for number, group in enumerate(sources, start=offset + 1):
        group.sort(key=lambda s: s.index)
        parts.append(" ".join(s.text for s in group) + f" [{number}]")
    citations = [source_citation(g) for g in sources]
    if weights is not None:
        citations += _further_sources(question, more, weights, sources, MAX_SOURCES - len(sources))
    return Composition(lead=" ".join(parts), citations=citations)


def _further_sources(
    question: str,
    hits: Sequence[SearchHit],
    weights: TermWeights,
    used: list[list[Sentence]],
    room: int,
) -> list[Citation]:
    q_stems = set(content_stems(question))
    chunks = [group[0].chunk for group in used]
    shown = {s.text for group in used for s in group}
    out: list[Citation] = []
    quotes = [" ".join(s.text for s in group) for group in used]
    for hit in hits[:LEAD_PASSAGES]:
        if len(out) >= room:
            break
        if hit.chunk in chunks:
            continue
        fresh = [s for s in chunk_sentences(hit.chunk) if s.text not in shown]
        if not fresh:
            continue
        best = max(fresh, key=lambda s: sentence_score(s.text, q_stems, weights))
        if sentence_score(best.text, q_stems, weights) <= 0:
            continue
        citation = source_citation([best])
        if any(sentence in citation.quote for sentence in shown) or any(
            says_the_same(citation.quote, q) for q in quotes
        ):
            continue
        quotes.append(citation.quote)
        chunks.append(hit.chunk)
        shown.update(s.text for s in fresh if s.text in citation.quote)
        out.append(citation)
    return out


def source_citation(used: Sequence[Sentence]) -> Citation:
    """The breadcrumb and the exact sentences used, with their neighbours in the passage
    up to `SOURCE_CHARS` (context for whoever checks the source)."""
    chunk = used[0].chunk
    sentences = chunk_sentences(chunk)
    positions = [i for i, s in enumerate(sentences) if any(s.index == u.index for u in used)]
    first, last = min(positions), max(positions)
    length = sum(len(s.text) + 1 for s in sentences[first : last + 1])
    while True:
        grew = False
        if last + 1 < len(sentences) and sentences[last + 1].index == sentences[last].index + 1:
            extra = len(sentences[last + 1].text) + 1
            if length + extra <= SOURCE_CHARS:
                last, length, grew = last + 1, length + extra, True
        if first > 0 and sentences[first - 1].index == sentences[first].index - 1:
            extra = len(sentences[first - 1].text) + 1
            if length + extra <= SOURCE_CHARS:
                first, length, grew = first - 1, length + extra, True
        if not grew:
            break
    return Citation(
        source_id=chunk.source_id,
        section=chunk.breadcrumb,
        quote=chunk.text[sentences[first].start : sentences[last].end],
        sentences=[s.text for s in sorted(used, key=lambda u: u.index)],
    )
