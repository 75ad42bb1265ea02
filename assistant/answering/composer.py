"""The compose stage over one generation of the index: what each route shows.

`Composer` holds what composing needs from the index (term weights, the chunks of each
section, the breadcrumbs) and turns a question and its passages into a `Composition`: the
list asked for, or the lead sentences and their sources. Routing decides *which* answer;
this module decides *what it says*, so a change here never touches routing.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answering.compose import (
    LEAD_PASSAGES,
    Composition,
    asks_for,
    compose,
    says_the_same,
    sentence_score,
    stems_of,
)
from assistant.answering.counting import counted_stems, names_the_counted, states_count
from assistant.answering.extractive import TermWeights, question_kind
from assistant.answering.lead import lead_sentences
from assistant.answering.lead_parts import answer_sentences
from assistant.answering.listing import Listing, enumeration, heading_list
from assistant.answering.quotable import Sentence, chunk_sentences
from assistant.answering.sentence_meaning import SentenceMeaning
from assistant.chat.follow_up import own_words
from knowledge import Chunk, PolicyList, SearchHit, content_stems

LINKED_PASSAGES = 3
"""Passages of a FAQ entry's linked sections searched for the sentences that back it."""
LIST_EVIDENCE = 0.9
"""Share of a list question's weight its enumeration's lead-in must carry to answer it
when the similarity alone would abstain."""
FOLLOW_UP_GROUNDING = 0.3
"""Share of a follow-up's own content words (by weight) the passages found must contain."""
PREFIX = 5
"""Words are compared by their first letters: «diligencia» and «diligenciar» stem apart."""


class Composer:
    """Lead, list and sources for the passages of one question."""

    def __init__(
        self,
        chunks: Sequence[Chunk],
        lists: Sequence[PolicyList] = (),
        meaning: SentenceMeaning | None = None,
    ) -> None:
        self.weights = TermWeights(chunks)
        self.meaning = meaning
        """The sentences' vectors (without them, the lead is chosen by words alone)."""
        self.lists = list(lists)
        sections: dict[str, list[Chunk]] = {}
        for chunk in chunks:
            sections.setdefault(chunk.breadcrumb, []).append(chunk)
        self.sections = sections
        self.breadcrumbs = list(sections)

    def policy(
        self, question: str, hits: list[SearchHit], vector: Sequence[float] = ()
    ) -> Composition | None:
        """The list asked for, or the sentences that answer; None when no passage has a
        quotable sentence."""
        if not hits:
            return None
        if question_kind(question) == "lista" or asks_for(question) == "count":
            listing = heading_list(question, hits, self.breadcrumbs) or enumeration(
                question, hits, self.weights, self.lists
            )
            if listing is not None and not self._counts_other_things(question, listing):
                return self._list(question, listing, hits)
        stated = self._stated_count(question, hits)
        if stated is not None:
            return compose([stated], more=hits, question=question, weights=self.weights)
        sentences = answer_sentences(question, hits, self.weights, self._closeness(vector, hits))
        if not sentences:
            return None
        return compose(sentences, more=hits, question=question, weights=self.weights)

    @staticmethod
    def _stated_count(question: str, hits: list[SearchHit]) -> Sentence | None:
        """For «¿cuántos X…?», the first sentence of the top passages that gives a number
        of X: it is the answer, whatever else the passages say about X."""
        if asks_for(question) != "count":
            return None
        counted = counted_stems(question)
        for hit in hits[:LEAD_PASSAGES]:
            for sentence in chunk_sentences(hit.chunk):
                if states_count(sentence.text, counted):
                    return sentence
        return None

    @staticmethod
    def _counts_other_things(question: str, listing: Listing) -> bool:
        """A count question answered by a list of something else: its number would not
        be the number asked for (the sentences that state it are quoted instead)."""
        if asks_for(question) != "count":
            return False
        # The list's own lead-in says what its items are; its section's title does not
        # («Subdirección General…» holds a list of the DER's functions).
        said = " ".join(listing.citation.sentences) if listing.quoted_intro else listing.intro
        return not names_the_counted(said, counted_stems(question))

    def _closeness(self, vector: Sequence[float], hits: list[SearchHit]) -> dict[str, float]:
        if self.meaning is None:
            return {}
        return self.meaning.closeness(vector, hits, LEAD_PASSAGES)

    def _list(self, question: str, listing: Listing, hits: list[SearchHit]) -> Composition:
        count = f"Son {len(listing.items)}. " if asks_for(question) == "count" else ""
        citation = listing.citation
        if not listing.quoted_intro:
            # The parent section's own text (its introduction) says what the headings are.
            own = [SearchHit(c, 1.0) for c in self.sections.get(citation.section, [])]
            under = own or [h for h in hits if h.chunk.breadcrumb.startswith(citation.section)]
            sentences = lead_sentences(question, under or hits, self.weights)[:1]
            if sentences:
                citation = compose(sentences).citations[0]
        return Composition(
            lead=f"{count}{listing.intro} [1]", items=listing.items, citations=[citation]
        )

    def beyond_definition(
        self, question: str, hits: list[SearchHit], definition: str
    ) -> Composition | None:
        """One sentence from outside the glossary for a question that asks more than the
        definition (never the definition again); numbered [2]."""
        others = [
            h for h in hits if h.chunk.kind != "glosario" and definition[:60] not in h.chunk.text
        ]
        extra = compose(lead_sentences(question, others, self.weights)[:1], offset=1)
        if not extra.lead or says_the_same(extra.citations[0].quote, definition):
            return None
        return extra

    def faq_sources(
        self,
        question: str,
        hits: list[SearchHit],
        linked_sections: tuple[str, ...],
        curated: str = "",
    ) -> Composition | None:
        """The policy's sentences behind a curated FAQ answer: those of its linked sections
        that say most of what the curated text says (the sentences that back it, not the
        passages the question's words happen to find elsewhere); without links, the
        sentences that answer the question."""
        if linked_sections and curated:
            backing = self._best_in_sections(f"{question} {curated}", linked_sections)
            # the sentence that answers the question, then those that back the rest
            sentences = lead_sentences(question, backing, self.weights)[:1]
            sentences += [
                s for s in lead_sentences(curated, backing, self.weights) if s not in sentences
            ]
            if sentences:
                more = backing + [h for h in hits[:LEAD_PASSAGES] if h not in backing]
                return compose(sentences, more=more, question=curated, weights=self.weights)
        linked = [h for h in hits if h.chunk.breadcrumb.startswith(linked_sections)]
        if not linked and linked_sections:
            linked = self._best_in_sections(question, linked_sections)
        top = hits[:LEAD_PASSAGES]
        extra = [h for h in linked[:1] if h not in top]
        return self.policy(question, extra + top)

    def _best_in_sections(self, question: str, sections: tuple[str, ...]) -> list[SearchHit]:
        """The two chunks of the linked sections that share most words with the question."""
        chunks = [
            c for crumb, cs in self.sections.items() for c in cs if crumb.startswith(sections)
        ]
        wanted = set(content_stems(question))

        def overlap(chunk: Chunk) -> float:
            return sum(self.weights.idf(s) for s in wanted & stems_of(chunk.text))

        ranked = sorted(chunks, key=overlap, reverse=True)
        return [SearchHit(chunk=c, score=1.0) for c in ranked[:LINKED_PASSAGES]]

    def answers_a_list(self, question: str, hits: list[SearchHit]) -> bool:
        """A list question whose list the passages hold, named in the list's own lead-in
        («¿cuáles son las áreas temáticas?»): the similarity of a short question to a
        long enumeration is low even when the list is exactly what was asked."""
        if question_kind(question) != "lista":
            return False
        listing = enumeration(question, hits, self.weights, self.lists)
        if listing is None or not listing.intro:
            return False
        q_stems = set(content_stems(question))
        return sentence_score(listing.intro, q_stems, self.weights) >= LIST_EVIDENCE

    def grounds_follow_up(self, question: str, hits: list[SearchHit]) -> bool:
        """The passages found for a follow-up speak of what it asks in its own words
        (weighted by rarity): the previous topic alone keeps retrieval on the same
        passages, and «¿y cuál es la contraseña?» would be answered with them."""
        own = {s[:PREFIX] for s in content_stems(own_words(question))}
        if not own:
            return True
        found = {s[:PREFIX] for h in hits[:5] for s in stems_of(h.chunk.text)}
        total = sum(self.weights.idf(s) for s in own)
        return sum(self.weights.idf(s) for s in own & found) / total >= FOLLOW_UP_GROUNDING
