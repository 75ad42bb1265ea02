"""`Answerer`: the one answering path shared by the CLI, HTTP, web and Slack.

A question goes one way through five stages, each a module with a typed input and output:

1. understand (`understanding.understand` → `Understanding`): clean, resolve a follow-up
   against the previous turn, kind of question;
2. retrieve (`retrieval.Retriever` → `Retrieved`): the passages, the previous answer's
   section first for a follow-up;
3. route (`routing.Routing` → `Decision`): glossary, FAQ, policy or abstain;
4. compose (`assembly.Assembler` → `Answer`): lead and sources;
5. record (`recording.Recorder`): the turn, what a follow-up may lean on, the usage log.

A change to composing never touches routing, and neither reads the conversation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from assistant.answering.abstention import AbstentionPolicy
from assistant.answering.answer import Answer
from assistant.answering.assembly import AnswerWriter, Assembler, greeting
from assistant.answering.composer import Composer
from assistant.answering.counting import counted_stems, states_count
from assistant.answering.glossary import GlossaryMatcher
from assistant.answering.recording import AnswerLog, Recorder
from assistant.answering.retrieval import Retrieved, Retriever
from assistant.answering.routing import Routing
from assistant.answering.sentence_meaning import SentenceMeaning
from assistant.answering.understanding import Understanding, understand
from assistant.chat.history import ConversationStore
from assistant.chat.last_turn import LastTurnStore
from assistant.faq.matcher import FaqEntry, FaqMatcher, FaqSource, as_faq_source
from knowledge import KnowledgeBase, content_stems

ENGLISH_NOTICE = "Respondo en español: la política solo está en español."
INJECTION_NOTICE = (
    "Solo respondo con lo que dice la Política de Llegada a Territorio; ignoré las "
    "instrucciones incluidas en el mensaje."
)

__all__ = ["Answerer", "AnswerLog", "AnswerWriter"]


@dataclass(frozen=True)
class _Stages:
    """The stages that depend on one generation of the index."""

    retriever: Retriever
    routing: Routing
    assembler: Assembler


NEW_TOPIC_WORDS = 2
"""A follow-up names something new when its own words hold this many content words
(«¿y cuántos grupos regionales hay?»; «¿y quién es responsable?» only leans on the topic)."""


class Answerer:
    """Chains the stages of the answer path (see the module docstring)."""

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
        self.abstention = abstention or AbstentionPolicy()
        self.writer = writer
        self.faq = FaqMatcher(embed=knowledge.embed_texts, threshold=faq_threshold)
        self.recorder = Recorder(conversations=conversations, last_turns=last_turns, log=log)
        self._stages: _Stages | None = None
        self._generation_key: object = None

    @property
    def conversations(self) -> ConversationStore | None:
        """The conversation history, when kept."""
        return self.recorder.conversations

    @property
    def log(self) -> AnswerLog | None:
        """The usage log, when kept."""
        return self.recorder.log

    # -- lifecycle --------------------------------------------------------------------
    def warm_up(self) -> None:
        """Load the model and index, and precompute glossary, term weights and FAQ vectors."""
        self.knowledge.warm_up()
        self.knowledge.ensure_index()
        self._refresh()

    def _refresh(self) -> _Stages:
        chunks = self.knowledge.chunks()
        key = (
            len(chunks),
            chunks[0].chunk_id if chunks else "",
            self.knowledge.documents()[0].sha256,
        )
        if key != self._generation_key or self._stages is None:
            meaning = SentenceMeaning(self.knowledge.embeddings)
            meaning.prepare(chunks)
            composer = Composer(chunks, self.knowledge.lists(), meaning)
            self._stages = _Stages(
                retriever=Retriever(knowledge=self.knowledge, chunks=chunks),
                routing=Routing(
                    knowledge=self.knowledge,
                    glossary=GlossaryMatcher(
                        self.knowledge.glossary(), self.knowledge.definitions()
                    ),
                    faq=self.faq,
                    composer=composer,
                    abstention=self.abstention,
                ),
                assembler=Assembler(composer=composer, writer=self.writer),
            )
            self._generation_key = key
        version = self.faq_source.version()
        if version != self.faq.version:
            self.faq.load(self.faq_source.entries(), version)
        return self._stages

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
        previous = self.recorder.previous(conversation_id)
        understanding = understand(question, previous, self.knowledge.misspellings)
        stages = self._refresh()
        conversation_id = self.recorder.conversation(conversation_id)
        answer = greeting() if understanding.greeting else self._answer(stages, understanding)
        clean = understanding.question
        notices = [
            n
            for n, on in ((ENGLISH_NOTICE, clean.english), (INJECTION_NOTICE, clean.injection))
            if on
        ]
        answer.notice = " ".join(notices) or None
        answer.conversation_id = conversation_id
        self.recorder.record(understanding, answer, channel=channel, user_id=user_id)
        return answer

    def _answer(self, stages: _Stages, understanding: Understanding) -> Answer:
        """Retrieve, route and compose. A follow-up that would get the previous answer back
        is composed again for its own words; if that is still the same answer, from the
        passages outside the sections the previous answer cited."""
        retrieved = stages.retriever.retrieve(understanding)
        answer = self._route_and_compose(stages, understanding, retrieved)
        previous = understanding.previous
        if not understanding.follow_up or previous is None:
            return answer
        retries = (
            replace(retrieved, focus=understanding.question.text),
            retrieved.without_sections(previous.sections),
        )
        for retry in retries:
            if answer.text != previous.answer:
                break
            if retry.hits:
                answer = self._route_and_compose(stages, understanding, retry)
        counted = counted_stems(understanding.question.text)
        asks_anew = len(content_stems(understanding.own_words)) >= NEW_TOPIC_WORDS
        uncounted = bool(counted) and not states_count(answer.lead, counted)
        if (answer.abstained and asks_anew) or uncounted:
            # A follow-up that asks about something new («¿y cuántos grupos regionales
            # hay?» after «¿qué hace la DER?»): the previous topic pulled retrieval away
            # from it, so it is searched on its own words too before saying «no lo dice»
            # (or before answering a count with a passage that gives none).
            alone = stages.retriever.retrieve_alone(understanding.question.text)
            fresh = self._route_and_compose(stages, understanding, alone)
            if not fresh.abstained and (answer.abstained or states_count(fresh.lead, counted)):
                answer = fresh
        return answer

    @staticmethod
    def _route_and_compose(
        stages: _Stages, understanding: Understanding, retrieved: Retrieved
    ) -> Answer:
        decision = stages.routing.decide(understanding, retrieved)
        return stages.assembler.assemble(understanding, retrieved, decision)
