"""Compose stage: a direct answer first (one to three sentences, or the list asked for),
then at most three sources, each its breadcrumb and the exact sentences used.

Nothing is generated: the lead's sentences (chosen in `lead`) are quoted verbatim from the
retrieved passages, each followed by its citation number; the only words of our own are short
connectives («La política distingue 4 etapas:»). Measured on the dev set, the first 500
characters of an answer carried 0.447 of its key facts when it was 4–5 quoted windows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.answering.answer import Citation
from assistant.answering.extractive import TermWeights
from assistant.answering.quotable import Sentence, chunk_sentences
from knowledge import SearchHit, content_stems, coverage, fold

SOURCE_CHARS = 900
"""Each source quotes the sentences used plus their neighbours, up to this many chars."""
MAX_SOURCES = 3
LEAD_PASSAGES = 5
SAME_WORDS = 0.8
SAME_TEXT = 0.6
"""Share of the shorter quote's text found in the other for two sources to repeat."""
SAME_TEXT_WORDS = 0.5
"""Below this share of common words two quotes are not compared by text (they hardly ever
share `SAME_TEXT` of it, and the comparison costs ~10 ms a pair)."""
BULLET = re.compile(r"^[•\uf0b7\uf0a7]\s*")
"""The marker of a list item: the lead quotes the item, not its bullet."""
LIST_LINE = re.compile(r"\n- [^\n]*$")
"""The text ends in an item of a list (its last line)."""
SUBJECTLESS = re.compile(
    r"^(hace referencia|se trata|se refiere|consiste|corresponde a|comprende|"
    r"(esta|este) (etapa|paso|proceso|actividad|instrumento|herramienta)\b)"
)
"""The opening of a sentence whose subject is its section's title («Paso 3: Activar la
llegada…» → «Hace referencia a toda la serie de eventos…»)."""
TITLE_CHARS = 120
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
    """Two quotes that share most of their words (a footnote repeating the text it notes)
    or most of the shorter one's text (a step's title and the definition it restates)."""
    sa, sb = stems_of(a), stems_of(b)
    if not (sa and sb):
        return False
    shared = len(sa & sb) / min(len(sa), len(sb))
    if shared >= SAME_WORDS:
        return True
    if shared < SAME_TEXT_WORDS:
        return False
    short, long = sorted((a, b), key=len)
    return coverage(short, long) >= SAME_TEXT


def sentence_score(sentence: str, q_stems: set[str], weights: TermWeights) -> float:
    """Share of the question's weight (idf) that the sentence's words carry."""
    stems = stems_of(sentence)
    total = sum(weights.idf(s) for s in q_stems)
    return sum(weights.idf(s) for s in q_stems & stems) / total if total else 0.0


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
    lead = ""
    for number, group in enumerate(sources, start=offset + 1):
        group.sort(key=lambda s: s.index)
        text = _group_text(group) + f" [{number}]"
        title = subject_title(group[0])
        text = f"**{title}.** {text}" if title else text
        lead = f"{lead}{_between(lead)}{text}" if lead else text
    citations = [source_citation(g) for g in sources]
    if weights is not None:
        citations += _further_sources(question, more, weights, sources, MAX_SOURCES - len(sources))
    return Composition(lead=lead, citations=citations)


def _group_text(group: Sequence[Sentence]) -> str:
    """The sentences of one source, in order; the items that follow a sentence announcing
    them («Para elaborar estos tableros se sugiere:») as a bulleted list, as the policy
    prints them (a run of items read as one paragraph hides where each begins)."""
    text = ""
    for sentence in group:
        quoted = BULLET.sub("", sentence.text)
        listing = text.endswith(":") or LIST_LINE.search(text) is not None
        if BULLET.match(sentence.text) and text and listing:
            text += f"\n- {quoted}"
        elif LIST_LINE.search(text):
            text += f"\n\n{quoted}"  # the list is over: a new paragraph
        else:
            text += f" {quoted}" if text else quoted
    return text


def _between(lead: str) -> str:
    """What separates the next source's sentences from ``lead``: a space, or a new
    paragraph after a list."""
    return "\n\n" if LIST_LINE.search(lead) else " "


def subject_title(sentence: Sentence) -> str | None:
    """The title of the section ``sentence`` opens, when the sentence leaves its subject to
    that title (`SUBJECTLESS`): quoted alone, «Hace referencia a toda la serie de eventos…»
    does not say what it refers to."""
    if not SUBJECTLESS.match(fold(sentence.text)):
        return None
    title = sentence.chunk.breadcrumb.split(" > ")[-1].strip()
    before = fold(" ".join(sentence.chunk.text[: sentence.start].split()))
    folded = fold(title)
    if len(title) > TITLE_CHARS or not before.startswith(folded[:40]):
        return None
    if len(before) > len(folded) + 3:  # the title, perhaps with a footnote mark
        return None  # not the first sentence under the title (its subject is nearer)
    return title


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
        citation = source_citation([best], avoid=shown)
        if any(sentence in citation.quote for sentence in shown) or any(
            says_the_same(citation.quote, q) for q in quotes
        ):
            continue
        quotes.append(citation.quote)
        chunks.append(hit.chunk)
        shown.update(s.text for s in fresh if s.text in citation.quote)
        out.append(citation)
    return out


def source_citation(used: Sequence[Sentence], avoid: Set[str] = frozenset()) -> Citation:
    """The breadcrumb and the exact sentences used, with their neighbours in the passage
    up to `SOURCE_CHARS` (context for whoever checks the source), short of the sentences
    of ``avoid`` (another source already shows them)."""
    chunk = used[0].chunk
    sentences = chunk_sentences(chunk)
    positions = [i for i, s in enumerate(sentences) if any(s.index == u.index for u in used)]
    first, last = min(positions), max(positions)
    length = sum(len(s.text) + 1 for s in sentences[first : last + 1])
    while True:
        grew = False
        after = sentences[last + 1] if last + 1 < len(sentences) else None
        if after is not None and after.follows(sentences[last]) and after.text not in avoid:
            extra = len(after.text) + 1
            if length + extra <= SOURCE_CHARS:
                last, length, grew = last + 1, length + extra, True
        before = sentences[first - 1] if first > 0 else None
        if before is not None and sentences[first].follows(before) and before.text not in avoid:
            extra = len(before.text) + 1
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
