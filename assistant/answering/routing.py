"""Stage 3 of the answer path — route: glossary, FAQ, policy, or abstain.

Routing decides *which* answer a question gets from what retrieval found; it never writes
text (`assistant.answering.assembly` does). A follow-up is judged on its own words too:
the previous topic alone keeps retrieval on the same passages, so context must not switch
abstention off («¿y quién lo firmó?»).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.answering.abstention import AbstentionPolicy, Evidence, unknown_names
from assistant.answering.composer import Composer
from assistant.answering.glossary import REVERSE, GlossaryMatch, GlossaryMatcher
from assistant.answering.retrieval import PREFIX, Retrieved
from assistant.answering.understanding import Understanding
from assistant.faq.matcher import NEAR_IDENTICAL, FaqEntry, FaqMatch, FaqMatcher
from knowledge import KnowledgeBase, SearchHit, content_stems, fold

ITEM_PASSAGES = 3
"""Passages that must name an item of the previous list for a follow-up about it."""

RouteName = Literal["glosario", "faq", "politica", "ninguna"]


@dataclass(frozen=True)
class Decision:
    """Where a question is answered from, and what backs that choice."""

    route: RouteName
    evidence: Evidence | None = None
    """How well the index supports the question (None on the glossary and FAQ routes)."""
    glossary: GlossaryMatch | None = None
    faq: FaqMatch | None = None


class Routing:
    """Chooses the route of one question over one generation of the index."""

    def __init__(
        self,
        *,
        knowledge: KnowledgeBase,
        glossary: GlossaryMatcher,
        faq: FaqMatcher,
        composer: Composer,
        abstention: AbstentionPolicy,
    ) -> None:
        self.knowledge = knowledge
        self.glossary = glossary
        self.faq = faq
        self.composer = composer
        self.abstention = abstention
        self._prefixes: set[str] | None = None
        self._vocabulary_size = 0

    def decide(self, understanding: Understanding, retrieved: Retrieved) -> Decision:
        """The route for ``understanding`` given the passages ``retrieved``."""
        if self._ungrounded_follow_up(understanding, retrieved):
            evidence = Evidence.gather(
                retrieved.text, retrieved.hits, self.knowledge.vocabulary(), None
            )
            return Decision("ninguna", evidence=evidence)
        glossary = self._glossary_match(understanding, retrieved.hits)
        if glossary is not None and not glossary.entry.in_text:
            return Decision("glosario", glossary=glossary)
        counting = understanding.follow_up and understanding.resolution.counts
        faq = None if counting else self.faq.match(retrieved.vector, retrieved.text)
        if (
            faq is not None
            and faq.score < NEAR_IDENTICAL
            and not _grounded(faq.entry, retrieved.hits[:3])
        ):
            faq = None
        if faq and not self._repeats_previous(understanding, faq):
            return Decision("faq", faq=faq)
        if glossary is not None:
            # A concept the running text defines yields to a curated answer about it.
            return Decision("glosario", glossary=glossary)
        evidence = self._evidence(understanding, retrieved)
        if (
            self.abstention.should_abstain(evidence)
            and not self.composer.answers_a_list(retrieved.text, retrieved.hits)
            and not _found_item(understanding, retrieved.hits)
        ):
            return Decision("ninguna", evidence=evidence)
        return Decision("politica", evidence=evidence)

    @staticmethod
    def _repeats_previous(understanding: Understanding, faq: FaqMatch) -> bool:
        """A follow-up matched to the curated answer the previous turn already gave: the
        topic words of the resolved text pull it back, but the follow-up asks for more."""
        previous = understanding.previous
        return (
            understanding.follow_up
            and previous is not None
            and (faq.entry.answer == previous.answer)
        )

    def _ungrounded_follow_up(self, understanding: Understanding, retrieved: Retrieved) -> bool:
        """A follow-up that asks, in its own words, what the policy never speaks of (most
        of its words are in no passage: «¿y cuál es el teléfono de esa oficina?»), or
        whose own words the passages found do not speak of."""
        if not understanding.follow_up:
            return False
        if self._unknown_share(understanding.own_words) >= self.abstention.max_unknown_ratio:
            return True
        resolution = understanding.resolution
        return (
            resolution.item is None
            and not resolution.counts
            and not self.composer.grounds_follow_up(understanding.question.text, retrieved.hits)
        )

    def _unknown_share(self, words: str) -> float:
        """Share of ``words`` the index never uses. A word counts as used when its stem is
        in the index, or — for stems of five letters or more — when a stem of the index
        starts like it («diligencia», «diligenciar»)."""
        stems = content_stems(words)
        if not stems:
            return 0.0
        vocabulary = self.knowledge.vocabulary()
        if self._prefixes is None or self._vocabulary_size != len(vocabulary):
            self._prefixes = {s[:PREFIX] for s in vocabulary}
            self._vocabulary_size = len(vocabulary)
        unknown = [
            s
            for s in stems
            if s not in vocabulary and (len(s) < PREFIX or s[:PREFIX] not in self._prefixes)
        ]
        return len(unknown) / len(stems)

    def _evidence(self, understanding: Understanding, retrieved: Retrieved) -> Evidence:
        best_faq = self.faq.best(retrieved.vector)
        evidence = Evidence.gather(
            self.knowledge.repair_typos(retrieved.text),
            retrieved.hits,
            self.knowledge.vocabulary(),
            best_faq.score if best_faq else None,
        )
        return evidence.with_names(
            unknown_names(
                understanding.question.text,
                self.knowledge.vocabulary(),
                self.knowledge.repair_typos,
            )
        )

    def _glossary_match(
        self, understanding: Understanding, hits: list[SearchHit]
    ) -> GlossaryMatch | None:
        """A definitional question about a concept that retrieval also finds; or a reverse
        question ("¿cómo se llama…?") whose best passage is a glossary entry."""
        resolution = understanding.resolution
        # a contrast follow-up is the previous question asked anew («¿y la administrativa?»)
        question = resolution.text if resolution.contrast else understanding.question.text
        folded = fold(question)
        if REVERSE.search(folded):
            # "¿Cómo se llama…?": the concept is described, not named; a concept whose
            # name appears in the description is not the one asked for.
            described = self.glossary.described_by(question, self.composer.weights.idf)
            if described is not None:
                return described
            named = self.glossary.match(question)
            for hit in hits[:3]:
                entry = self.glossary.by_breadcrumb(hit.chunk.breadcrumb)
                if hit.chunk.kind != "glosario" or entry is None:
                    continue
                if named is None or entry.term != named.entry.term:
                    return GlossaryMatch(entry, 1.0, True, 1)
            return None
        match = self.glossary.match(question)
        if match is None or not match.definitional:
            return None
        # A question that is only the cue and the term («ke significa capasidad
        # instituconal») is answered even when typos kept retrieval from the entry.
        # A concept defined in running text is checked against any passage of its section.
        top = [h for h in hits[:5] if match.entry.in_text or h.chunk.kind == "glosario"]
        in_top = any(h.chunk.breadcrumb == match.entry.breadcrumb for h in top)
        if not in_top and match.remainder > 0:
            return None
        return match


def _found_item(understanding: Understanding, hits: list[SearchHit]) -> bool:
    """A follow-up that points at an item of the list the previous answer gave («explíqueme
    la segunda»), and the top passages name every word of that item: the item is the
    assistant's own, so its words alone («Registro (cargue)») being far from any passage
    by meaning is no reason to say the policy does not speak of it."""
    item = understanding.resolution.item
    if not item:
        return False
    wanted = {s[:PREFIX] for s in content_stems(item)}
    found = {s[:PREFIX] for h in hits[:ITEM_PASSAGES] for s in content_stems(h.chunk.text)}
    return bool(wanted) and wanted <= found


def _grounded(entry: FaqEntry, hits: list[SearchHit]) -> bool:
    """The FAQ entry links a section that retrieval also finds for the question (an entry
    without links is trusted)."""
    if not entry.sections:
        return True
    return any(h.chunk.breadcrumb.startswith(entry.sections) for h in hits)
