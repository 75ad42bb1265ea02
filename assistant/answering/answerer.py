"""`Answerer`: routes a question to the glossary, the FAQ bank or the policy — or abstains."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from assistant.answering.abstention import AbstentionPolicy, Evidence, unknown_names
from assistant.answering.answer import Answer, Citation, PassageView
from assistant.answering.composer import Composer
from assistant.answering.glossary import REVERSE, GlossaryMatch, GlossaryMatcher
from assistant.answering.question import CleanQuestion, clean_question, is_only_greeting
from assistant.chat.follow_up import PreviousTurn, Resolution, resolve
from assistant.chat.history import ConversationStore, Turn
from assistant.chat.last_turn import LastTurnStore
from assistant.faq.matcher import (
    NEAR_IDENTICAL,
    FaqEntry,
    FaqMatch,
    FaqMatcher,
    FaqSource,
    as_faq_source,
)
from knowledge import (
    KnowledgeBase,
    KnowledgeError,
    SearchHit,
    fold,
)

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
ENGLISH_NOTICE = "Respondo en español: la política solo está en español."
INJECTION_NOTICE = (
    "Solo respondo con lo que dice la Política de Llegada a Territorio; ignoré las "
    "instrucciones incluidas en el mensaje."
)


class AnswerWriter(Protocol):
    """Optional generative writer (an LLM); returns None to fall back to extractive."""

    def write(self, question: str, hits: list[SearchHit]) -> tuple[str, list[Citation]] | None:
        """Answer text and citations grounded in ``hits``, or None."""


class AnswerLog(Protocol):
    """Optional record of every answered question (the FAQ bank's usage log)."""

    def record(
        self, question: str, answer: Answer, *, channel: str, user_id: str | None
    ) -> int | None:
        """Log ``answer`` to ``question``; its id, or None when logging failed (the answer
        is still given)."""


@dataclass
class AnswerContext:
    """What one question brings along."""

    question: CleanQuestion
    resolved: str
    hits: list[SearchHit]
    vector: list[float]


class Answerer:
    """The one answering path shared by the CLI, HTTP and Slack."""

    def __init__(
        self,
        *,
        knowledge: KnowledgeBase,
        faq_entries: FaqSource | Callable[[], tuple[object, list[FaqEntry]]],
        conversations: ConversationStore | None = None,
        last_turns: LastTurnStore | None = None,
        abstention: AbstentionPolicy | None = None,
        writer: AnswerWriter | None = None,
        faq_threshold: float = 0.9,
        log: AnswerLog | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.faq_source = as_faq_source(faq_entries)
        self.log = log
        self.conversations = conversations
        self._last_turns = last_turns
        self.abstention = abstention or AbstentionPolicy()
        self.writer = writer
        self.faq = FaqMatcher(embed=knowledge.embed_texts, threshold=faq_threshold)
        self._glossary: GlossaryMatcher | None = None
        self._composer: Composer | None = None
        self._generation_key: object = None

    # -- lifecycle --------------------------------------------------------------------
    def warm_up(self) -> None:
        """Load the model and index, and precompute glossary, term weights and FAQ vectors."""
        self.knowledge.warm_up()
        self.knowledge.ensure_index()
        self._refresh()

    def _refresh(self) -> None:
        chunks = self.knowledge.chunks()
        key = (
            len(chunks),
            chunks[0].chunk_id if chunks else "",
            self.knowledge.documents()[0].sha256,
        )
        if key != self._generation_key:
            self._glossary = GlossaryMatcher(self.knowledge.glossary())
            self._composer = Composer(chunks, self.knowledge.lists())
            self._generation_key = key
        version = self.faq_source.version()
        if version != self.faq.version:
            self.faq.load(self.faq_source.entries(), version)

    # -- answering --------------------------------------------------------------------
    def answer(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        channel: str = "cli",
        user_id: str | None = None,
    ) -> Answer:
        """Answer ``question`` (raises `InvalidQuestionError` for unusable input)."""
        clean = clean_question(question)
        self._refresh()
        previous: PreviousTurn | None = None
        if self.conversations is not None:
            if conversation_id is not None and self._last_turns is not None:
                previous = self._last_turns.get(conversation_id)
            conversation_id = self.conversations.ensure(conversation_id)
        resolution = resolve(clean.text, previous)
        if is_only_greeting(clean.text):
            answer = Answer(text=GREETING_TEXT, route="ninguna", abstained=False, confidence=1.0)
        else:
            answer = self._answer_resolved(clean, resolution, previous)
        notices = [
            n
            for n, on in ((ENGLISH_NOTICE, clean.english), (INJECTION_NOTICE, clean.injection))
            if on
        ]
        answer.notice = " ".join(notices) or None
        answer.conversation_id = conversation_id
        if self.conversations is not None and conversation_id is not None:
            self.conversations.append(
                conversation_id,
                Turn(clean.text, resolution.text, answer.text, answer.route),
                channel=channel,
                user_id=user_id,
            )
            if self._last_turns is not None:
                self._last_turns.put(
                    conversation_id,
                    _remembered(resolution, answer, previous),
                )
        if self.log is not None:
            answer.log_id = self.log.record(clean.text, answer, channel=channel, user_id=user_id)
        return answer

    def _answer_resolved(
        self, clean: CleanQuestion, resolution: Resolution, previous: PreviousTurn | None
    ) -> Answer:
        """Retrieve for the resolved question and route it; a follow-up that would get the
        previous answer back is answered from the passages outside the sections it cited."""
        vector = self.knowledge.embed_question(resolution.text)
        hits = self.knowledge.search(resolution.text, k=8, vector=vector)
        ctx = AnswerContext(clean, resolution.text, hits, vector)
        if (
            resolution.follow_up
            and resolution.item is None
            and not resolution.counts
            and self._composer is not None
            and not self._composer.grounds_follow_up(clean.text, hits)
        ):
            evidence = Evidence.gather(resolution.text, hits, self.knowledge.vocabulary(), None)
            return self._abstain(ctx, [_view(h) for h in hits[:5]], evidence)
        answer = self._route(ctx)
        if resolution.follow_up and previous is not None and answer.text == previous.answer:
            fresh = [h for h in hits if h.chunk.breadcrumb not in previous.sections]
            if fresh:
                answer = self._route(AnswerContext(clean, resolution.text, fresh, vector))
        return answer

    def _route(self, ctx: AnswerContext) -> Answer:
        passages = [_view(h) for h in ctx.hits[:5]]
        glossary = self._glossary_match(ctx)
        if glossary is not None:
            return self._glossary_answer(ctx, glossary, passages)
        faq = self.faq.match(ctx.vector, ctx.resolved)
        if (
            faq is not None
            and faq.score < NEAR_IDENTICAL
            and not _grounded(faq.entry, ctx.hits[:3])
        ):
            faq = None
        if faq:
            return self._faq_answer(ctx, faq, passages)
        best_faq = self.faq.best(ctx.vector)
        evidence = Evidence.gather(
            self.knowledge.repair_typos(ctx.resolved),
            ctx.hits,
            self.knowledge.vocabulary(),
            best_faq.score if best_faq else None,
        )
        evidence = evidence.with_names(
            unknown_names(
                ctx.question.text, self.knowledge.vocabulary(), self.knowledge.repair_typos
            )
        )
        if self.abstention.should_abstain(evidence) and not (
            self._composer is not None and self._composer.answers_a_list(ctx.resolved, ctx.hits)
        ):
            return self._abstain(ctx, passages, evidence)
        return self._policy_answer(ctx, passages, evidence)

    def _glossary_match(self, ctx: AnswerContext) -> GlossaryMatch | None:
        """A definitional question about a concept that retrieval also finds; or a reverse
        question ("¿cómo se llama…?") whose best passage is a glossary entry."""
        if self._glossary is None:
            return None
        folded = fold(ctx.question.text)
        top_glossary = [h for h in ctx.hits[:5] if h.chunk.kind == "glosario"]
        if REVERSE.search(folded):
            # "¿Cómo se llama…?": the concept is described, not named; a concept whose
            # name appears in the description is not the one asked for.
            weights = self._composer.weights if self._composer is not None else None
            described = (
                self._glossary.described_by(ctx.question.text, weights.idf) if weights else None
            )
            if described is not None:
                return described
            named = self._glossary.match(ctx.question.text)
            for hit in ctx.hits[:3]:
                entry = self._glossary.by_breadcrumb(hit.chunk.breadcrumb)
                if hit.chunk.kind != "glosario" or entry is None:
                    continue
                if named is None or entry.term != named.entry.term:
                    return GlossaryMatch(entry, 1.0, True, 1)
            return None
        match = self._glossary.match(ctx.question.text)
        if match is None or not match.definitional:
            return None
        # A question that is only the cue and the term («ke significa capasidad
        # instituconal») is answered even when typos kept retrieval from the entry.
        in_top = any(h.chunk.breadcrumb == match.entry.breadcrumb for h in top_glossary)
        if not in_top and match.remainder > 0:
            return None
        return match

    def _glossary_answer(
        self, ctx: AnswerContext, match: GlossaryMatch, passages: list[PassageView]
    ) -> Answer:
        entry = match.entry
        authors = "; ".join(entry.authors)
        cited = f" La definición cita a {authors}." if authors else ""
        lead = f"**{entry.term}** (Glosario, Cuadro No 2): «{entry.definition}» [1]{cited}"
        citations = [
            Citation(source_id=entry.source_id, section=entry.breadcrumb, quote=entry.definition)
        ]
        text = lead
        if match.remainder > 0 and self._composer is not None:
            extra = self._composer.beyond_definition(ctx.resolved, ctx.hits, entry.definition)
            if extra is not None:
                text += f"\n\nAdemás: {extra.lead}"
                citations += extra.citations
        return Answer(
            text=text,
            lead=lead,
            route="glosario",
            citations=citations,
            passages=passages,
            confidence=min(1.0, 0.7 + 0.1 * match.score),
        )

    def _faq_answer(
        self, ctx: AnswerContext, match: FaqMatch, passages: list[PassageView]
    ) -> Answer:
        """The curated answer is the lead; the sources are the policy's sentences that
        support it (the entry's linked sections first)."""
        entry = match.entry
        composition = (
            self._composer.faq_sources(ctx.resolved, ctx.hits, entry.sections)
            if self._composer is not None
            else None
        )
        return Answer(
            text=entry.answer,
            lead=entry.answer,
            route="faq",
            citations=composition.citations if composition else [],
            passages=passages,
            confidence=match.score,
            faq_id=entry.entry_id,
        )

    def _abstain(
        self, ctx: AnswerContext, passages: list[PassageView], evidence: Evidence
    ) -> Answer:
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

    def _policy_answer(
        self, ctx: AnswerContext, passages: list[PassageView], evidence: Evidence
    ) -> Answer:
        if self.writer is not None:
            try:
                written = self.writer.write(ctx.question.text, ctx.hits[:5])
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
        composition = (
            self._composer.policy(ctx.resolved, ctx.hits) if self._composer is not None else None
        )
        if composition is None:
            return self._abstain(ctx, passages, evidence)
        return Answer(
            text=composition.text,
            lead=composition.lead,
            items=list(composition.items),
            route="politica",
            citations=composition.citations,
            passages=passages,
            confidence=evidence.confidence,
        )


def _remembered(
    resolution: Resolution, answer: Answer, previous: PreviousTurn | None
) -> PreviousTurn:
    """What a follow-up to ``answer`` may lean on; an answer about one item of a list
    keeps the list («dame un ejemplo del segundo» → «¿y cuántos son en total?»)."""
    keep_list = resolution.item is not None and not answer.items and previous is not None
    return PreviousTurn(
        question=previous.question if keep_list and previous else resolution.text,
        answer=answer.text,
        sections=tuple(c.section for c in answer.citations),
        items=previous.items if keep_list and previous else tuple(answer.items),
    )


def _grounded(entry: FaqEntry, hits: list[SearchHit]) -> bool:
    """The FAQ entry links a section that retrieval also finds for the question (an entry
    without links is trusted)."""
    if not entry.sections:
        return True
    return any(h.chunk.breadcrumb.startswith(entry.sections) for h in hits)


def _view(hit: SearchHit) -> PassageView:
    return PassageView(
        source_id=hit.chunk.source_id,
        section=hit.chunk.breadcrumb,
        text=hit.chunk.text,
        score=round(hit.score, 4),
    )
