"""Stage 4 of the answer path — compose: the `Answer` for a routing decision.

What the text says comes from `assistant.answering.composer.Composer` (lead, list and
sources) or the optional writer (an LLM); this stage puts it in the `Answer` shape the
adapters render. It never decides the route (`assistant.answering.routing` does), except
that a policy answer with no quotable sentence becomes an abstention.
"""

from __future__ import annotations

import logging
import re
from typing import Protocol

from assistant.answering.abstention import Evidence
from assistant.answering.answer import Answer, Citation, PassageView
from assistant.answering.compose import Composition
from assistant.answering.composer import Composer
from assistant.answering.extractive import TermWeights
from assistant.answering.glossary import GlossaryMatch
from assistant.answering.lead_parts import PART_MIN, part_share
from assistant.answering.question_parts import question_parts
from assistant.answering.retrieval import Retrieved, word_keys
from assistant.answering.routing import Decision
from assistant.answering.understanding import Understanding
from assistant.faq.matcher import FaqMatch
from knowledge import KnowledgeError, SearchHit, content_stems, fold

log = logging.getLogger(__name__)

ABSTAIN_TEXT = (
    "No encuentro esto en la Política de Llegada a Territorio. La política no lo dice, o no "
    "con esas palabras. Estas son las secciones más cercanas, por si le sirven:"
)
GREETING_TEXT = (
    "Hola. Soy el asistente de la Política Institucional de Llegada a Territorio del DNP. "
    "Pregúnteme, por ejemplo: «¿Qué es la ficha de pre-diseño?» o «¿Cuáles son las etapas de "
    "la lógica de trabajo?»."
)
SHOWN_PASSAGES = 5
ALSO = "\n\nAdemás: "
FOOTNOTE_MARK = re.compile(r"(?<=[a-záéíóúñ)”])\d{1,2}(?=[\s,.;»]|$)")
"""A footnote's number glued to a word of a definition («(Segnestam y otros, 2002)19»): the
definition is shown without it (its source keeps the text as printed)."""
GLOSSARY_CHARS = 500
"""A definition asked with another question gets that part's sentence after it only
while the answer fits in the first characters a person reads."""
LEAD_SHARE = 0.3
"""Share of a follow-up's own words (by rarity) its lead must use, or it abstains."""
NUMBER = re.compile(
    r"(?<!paso )(?<!etapa )(?<!cuadro )(?<!no )(?<!lineamiento )(?<![\[\d.])\b\d"
    r"|\b(dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince|veinte|"
    r"treinta|cuarenta|cincuenta|cien|ciento|cientos|mil|millon|millones)\b"
)
"""A quantity in a lead: digits (not a label's number — «paso 2», «Cuadro No 5» — nor a
citation «[1]») or a Spanish number word."""


class AnswerWriter(Protocol):
    """Optional generative writer (an LLM); returns None to fall back to extractive."""

    def write(self, question: str, hits: list[SearchHit]) -> tuple[str, list[Citation]] | None:
        """Answer text and citations grounded in ``hits``, or None."""


def greeting() -> Answer:
    """The short help message a bare greeting gets."""
    return Answer(text=GREETING_TEXT, route="ninguna", abstained=False, confidence=1.0)


class Assembler:
    """Turns a routing decision into the `Answer` shown."""

    def __init__(self, *, composer: Composer, writer: AnswerWriter | None = None) -> None:
        self.composer = composer
        self.writer = writer

    def assemble(
        self, understanding: Understanding, retrieved: Retrieved, decision: Decision
    ) -> Answer:
        """The answer for ``decision``."""
        passages = [_view(h) for h in retrieved.hits[:SHOWN_PASSAGES]]
        if decision.glossary is not None:
            return self._glossary(retrieved, decision.glossary, passages)
        if decision.faq is not None:
            return self._faq(retrieved, decision.faq, passages)
        evidence = decision.evidence or Evidence(0.0, 0.0, 1.0)
        if decision.route == "ninguna":
            return abstention(passages, evidence)
        return self._policy(understanding, retrieved, passages, evidence)

    def _glossary(
        self, retrieved: Retrieved, match: GlossaryMatch, passages: list[PassageView]
    ) -> Answer:
        entry = match.entry
        authors = "; ".join(entry.authors)
        cited = f" La definición cita a {authors}." if authors else ""
        # Where the definition comes from follows it: the first lines are the definition.
        where = (
            "Definida en el texto de la política."
            if entry.in_text
            else "Glosario de la política (Cuadro No 2)."
        )
        shown = FOOTNOTE_MARK.sub("", entry.definition)
        lead = f"**{entry.term}**: «{shown}» [1] {where}{cited}"
        citations = [
            Citation(source_id=entry.source_id, section=entry.breadcrumb, quote=entry.definition)
        ]
        text = lead
        if match.remainder > 0:
            extra = self._other_part(retrieved, entry.term, entry.definition, lead)
            if extra is None:
                extra = self.composer.beyond_definition(
                    retrieved.sentences_for, retrieved.hits, entry.definition
                )
            if extra is not None:
                text += f"{ALSO}{extra.lead}"
                citations += extra.citations
        return Answer(
            text=text,
            lead=lead,
            route="glosario",
            citations=citations,
            passages=passages,
            confidence=min(1.0, 0.7 + 0.1 * match.score),
        )

    def _other_part(
        self, retrieved: Retrieved, term: str, definition: str, lead: str
    ) -> Composition | None:
        """For a definition asked with another question («¿Qué es X, y Y es lo mismo que
        Z?»), the sentence that answers the other part (it carries `PART_MIN` of its words),
        when the answer still fits in `GLOSSARY_CHARS`; None otherwise (the answer is then
        what it always was)."""
        parts = question_parts(retrieved.sentences_for)
        if len(parts) < 2:
            return None
        named = set(content_stems(term))
        other = " ".join([p for p in parts if not named & set(content_stems(p))] or parts[1:])
        extra = self.composer.beyond_definition(other, retrieved.hits, definition)
        if extra is None or len(lead) + len(ALSO) + len(extra.lead) > GLOSSARY_CHARS:
            return None
        said = " ".join(extra.citations[0].sentences)
        return extra if part_share(other, said, self.composer.weights) >= PART_MIN else None

    def _faq(self, retrieved: Retrieved, match: FaqMatch, passages: list[PassageView]) -> Answer:
        """The curated answer is the lead; the sources are the policy's sentences that
        support it (the entry's linked sections first)."""
        entry = match.entry
        composition = self.composer.faq_sources(
            retrieved.sentences_for, retrieved.hits, entry.sections, entry.answer
        )
        return Answer(
            text=entry.answer,
            lead=entry.answer,
            route="faq",
            citations=composition.citations if composition else [],
            passages=passages,
            confidence=match.score,
            faq_id=entry.entry_id,
            items=list(entry.items),
        )

    def _speaks_of(self, understanding: Understanding, lead: str) -> bool:
        """A follow-up's lead must say something of what the follow-up asks in its own
        words, and a number when it asks how much: the passages found for it lean on the
        previous topic, and their best sentence can answer the topic instead («¿y cuántas
        horas dura cada una?»)."""
        resolution = understanding.resolution
        if not understanding.follow_up or resolution.counts:
            return True  # a count of the previous list is answered by the list
        if understanding.quantity and not NUMBER.search(fold(lead)):
            return False
        if resolution.item is not None:
            return True  # an item of the previous list: the lead is about the item
        return _share_said(understanding.own_words, lead, self.composer.weights) >= LEAD_SHARE

    def _policy(
        self,
        understanding: Understanding,
        retrieved: Retrieved,
        passages: list[PassageView],
        evidence: Evidence,
    ) -> Answer:
        if self.writer is not None:
            try:
                written = self.writer.write(
                    understanding.question.text, retrieved.hits[:SHOWN_PASSAGES]
                )
            except KnowledgeError as exc:
                log.warning("Modo generativo falló; respuesta extractiva. (%s)", exc.code)
                written = None
            if written is not None:
                text, citations = written
                return Answer(
                    text=text,
                    route="politica",
                    citations=citations,
                    passages=passages,
                    confidence=evidence.confidence,
                )
        composition = self.composer.policy(
            retrieved.sentences_for, retrieved.hits, retrieved.vector
        )
        if (
            composition is not None
            and not composition.items
            and len(retrieved.vector)
            and not self._speaks_of(understanding, composition.lead)
        ):
            # A follow-up's vector carries the previous topic, and the sentences closest to
            # it can outweigh those with the follow-up's own words («¿y cómo se elaboran?»
            # after «¿qué son los tableros de micro gerencia?»): chosen by its words alone.
            composition = self.composer.policy(retrieved.sentences_for, retrieved.hits)
        if composition is None or not self._speaks_of(understanding, composition.lead):
            return abstention(passages, evidence)
        return Answer(
            text=composition.text,
            lead=composition.lead,
            items=list(composition.items),
            route="politica",
            citations=composition.citations,
            passages=passages,
            confidence=evidence.confidence,
        )


def _share_said(asked: str, lead: str, weights: TermWeights) -> float:
    """Share of the words of ``asked`` (weighted by rarity) that ``lead`` also uses."""
    wanted = word_keys(asked)
    if not wanted:
        return 1.0
    keys = frozenset().union(*word_keys(lead).values())
    total = sum(weights.idf(s) for s in wanted)
    return sum(weights.idf(s) for s, k in wanted.items() if k & keys) / total


def abstention(passages: list[PassageView], evidence: Evidence) -> Answer:
    """«La política no lo dice», with the closest sections and what the policy never names."""
    closest = "\n".join(f"- {p.section}" for p in passages[:3])
    named = ", ".join(f"«{n}»" for n in evidence.unknown_numbers + evidence.unknown_names)
    missing = f"La política no menciona {named}. " if named else ""
    return Answer(
        text=f"{missing}{ABSTAIN_TEXT}\n{closest}",
        route="ninguna",
        citations=[],
        passages=passages,
        confidence=evidence.confidence,
        abstained=True,
    )


def _view(hit: SearchHit) -> PassageView:
    return PassageView(
        source_id=hit.chunk.source_id,
        section=hit.chunk.breadcrumb,
        text=hit.chunk.text,
        score=round(hit.score, 4),
    )
