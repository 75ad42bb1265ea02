"""Stage 2 of the answer path — retrieve: the passages for an understood question.

A first question is searched as understood (its typos already read as the words meant:
`assistant.answering.question`). A follow-up that asks something new about the
previous topic («¿y quién la revisa?») is searched with its own words plus the topic, and
the section the previous answer came from is looked at first: the passages of that section
that speak of what the follow-up asks lead the hits (the previous answer's section is
where a pronoun points), then those of its subsections. A follow-up that points at an
item of the previous list («la tercera etapa») is searched with the item, and when the item
is a section of its own, that section's text goes first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assistant.answering.extractive import TermWeights
from assistant.answering.question import repaired
from assistant.answering.understanding import Understanding
from knowledge import Chunk, KnowledgeBase, SearchHit, content_stems, tokens
from knowledge.normalization import SPANISH_STOPWORDS

SEARCH_K = 8
SECTION_FIRST = 2
"""At most this many passages of the previous answer's sections go first."""
PREFIX = 5
"""Words are compared by their first letters: «decide» and «decida» stem apart."""
SECTION_MATCH = 0.5
"""Share of the follow-up's own words (by weight) a passage of the previous section must
contain to go first."""


@dataclass(frozen=True)
class Retrieved:
    """The passages found for a question, best first."""

    text: str
    """The text searched with."""
    hits: list[SearchHit]
    vector: list[float] = field(default_factory=list)
    """The question's embedding (reused by the FAQ matcher)."""
    focus: str = ""
    """What the answer's sentences are chosen for: the searched text, or a follow-up's own
    question once its passages are already on the previous topic."""
    repairs: Mapping[str, str] = field(default_factory=dict)
    """Words of the question (folded) the index lacks and the index word each stands for:
    typos the question still has and other forms of a word («valida» → «validado»). The
    word search and the choice of the lead's sentences read them repaired."""

    @property
    def sentences_for(self) -> str:
        """The text the lead sentences are chosen for, its typos repaired."""
        return repaired(self.focus or self.text, self.repairs)

    def without_sections(self, sections: Sequence[str]) -> Retrieved:
        """The same retrieval without the passages of ``sections``."""
        kept = [h for h in self.hits if h.chunk.breadcrumb not in sections]
        return Retrieved(self.text, kept, self.vector, self.focus, self.repairs)


class Retriever:
    """Searches the knowledge base; for a follow-up, the previous section first."""

    def __init__(self, *, knowledge: KnowledgeBase, chunks: Sequence[Chunk]) -> None:
        self.knowledge = knowledge
        self.weights = TermWeights(chunks)
        sections: dict[str, list[Chunk]] = {}
        for chunk in chunks:
            sections.setdefault(chunk.breadcrumb, []).append(chunk)
        self.sections = sections
        self._keys = {c.chunk_id: frozenset().union(*word_keys(c.text).values()) for c in chunks}

    def retrieve(self, understanding: Understanding) -> Retrieved:
        """The hits for ``understanding`` (see the module docstring)."""
        text = understanding.text
        repairs = self.knowledge.typo_repairs(text)
        vector = self.knowledge.embed_question(text)
        hits = self.knowledge.search(text, k=SEARCH_K, vector=vector)
        resolution = understanding.resolution
        previous = understanding.previous
        if not understanding.follow_up or previous is None or resolution.counts:
            return Retrieved(text, hits, vector, repairs=repairs)
        if resolution.item is not None:
            return Retrieved(text, self._item_first(resolution.item, hits), vector, repairs=repairs)
        scoped = self._section_first(understanding.own_words, previous.sections, hits)
        if scoped is not None:
            return Retrieved(text, scoped, vector, understanding.question.text, repairs)
        return Retrieved(text, hits, vector, repairs=repairs)

    def retrieve_alone(self, question: str) -> Retrieved:
        """The hits for a follow-up's own words, without the previous turn's topic."""
        vector = self.knowledge.embed_question(question)
        hits = self.knowledge.search(question, k=SEARCH_K, vector=vector)
        return Retrieved(question, hits, vector, question, self.knowledge.typo_repairs(question))

    def _item_first(self, item: str, hits: list[SearchHit]) -> list[SearchHit]:
        """When the item pointed at is a section of its own («Etapa 1: Pre-diseño»), that
        section's own text first: it says what the item is."""
        label = " ".join(item.split())
        own = [
            chunk
            for crumb, chunks in self.sections.items()
            if crumb.rsplit(" > ", 1)[-1].strip() == label
            for chunk in chunks
        ]
        return _ahead(own[:SECTION_FIRST], hits)

    def _section_first(
        self, own: str, sections: Sequence[str], hits: list[SearchHit]
    ) -> list[SearchHit] | None:
        """The passages of the previous answer's sections that hold the follow-up's own
        words, ahead of the other hits; None when none does."""
        keys = word_keys(own)
        if not keys or not sections:
            return None
        weight = {stem: self.weights.idf(stem) for stem in keys}
        total = sum(weight.values())
        rank = {h.chunk.chunk_id: i for i, h in enumerate(hits)}
        scored: list[tuple[float, int, int, Chunk]] = []
        for place, chunk in self._chunks_under(sections):
            found = [s for s, k in keys.items() if k & self._keys[chunk.chunk_id]]
            share = sum(weight[s] for s in found) / total
            if share >= SECTION_MATCH:
                scored.append((share, place, rank.get(chunk.chunk_id, len(hits)), chunk))
        if not scored:
            return None
        scored.sort(key=lambda row: (-row[0], row[1], row[2]))
        first = [row[3] for row in scored[:SECTION_FIRST]]
        return _ahead(first, hits)

    def _chunks_under(self, sections: Sequence[str]) -> list[tuple[int, Chunk]]:
        """The chunks of ``sections`` (place 0, 1, … in the order cited) and then of their
        subsections («4.2 … > Cuadro No 5», place after all the sections)."""
        wanted = list(dict.fromkeys(sections))
        out: list[tuple[int, Chunk]] = []
        for crumb, chunks in self.sections.items():
            for place, section in enumerate(wanted):
                if crumb == section or crumb.startswith(f"{section} > "):
                    below = len(wanted) if crumb != section else 0
                    out += [(place + below, chunk) for chunk in chunks]
                    break
        return out


def _ahead(first: Sequence[Chunk], hits: list[SearchHit]) -> list[SearchHit]:
    """``first`` ahead of the other hits (a chunk retrieval missed gets the top score)."""
    by_id = {h.chunk.chunk_id: h for h in hits}
    top = max((h.score for h in hits), default=1.0)
    lead = [by_id.get(c.chunk_id) or SearchHit(chunk=c, score=top) for c in first]
    ids = {c.chunk_id for c in first}
    return (lead + [h for h in hits if h.chunk.chunk_id not in ids])[:SEARCH_K]


def word_keys(text: str) -> dict[str, frozenset[str]]:
    """Each content word's stem, with the keys it is compared by: the first letters of its
    stem and of the word itself («decide» and «decida» stem apart). A stem shorter than
    `PREFIX` letters says too little («firm» is «firmó» and «en firme»): such a word is
    compared by its own first letters and without its plural ending («metas», «meta»)."""
    words = [w for w in tokens(text) if w not in SPANISH_STOPWORDS and len(w) > 1]
    return {
        stem: frozenset((stem[:PREFIX], word[:PREFIX]))
        if len(stem) >= PREFIX
        else frozenset((word[:PREFIX], _singular(word)))
        for word, stem in zip(words, content_stems(" ".join(words)), strict=True)
    }


def _singular(word: str) -> str:
    if word.endswith("es") and len(word) > 4 and word[-3] not in "aeiou":
        return word[:-2]
    return word[:-1] if word.endswith("s") and len(word) > 3 else word
