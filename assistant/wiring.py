"""The only place that instantiates concrete adapters: `build_services(settings)`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from assistant.access.rate_limit import RateLimiter
from assistant.access.sessions import SESSION_HOURS, SessionStore
from assistant.access.throttle import FailureThrottle
from assistant.access.users import UserStore
from assistant.answering.answerer import Answerer
from assistant.answering.generative import GeneratedWriter
from assistant.chat.history import ConversationStore
from assistant.chat.last_turn import LastTurnStore
from assistant.chat.router import ConversationRouter
from assistant.errors import ConfigurationError
from assistant.faq.backlog import UnresolvedQueue
from assistant.faq.bank import FaqBank
from assistant.faq.matcher import DEFAULT_THRESHOLD, load_seed
from assistant.faq.regression import MatchingRegression
from assistant.faq.sections import SectionCatalog
from assistant.faq.staleness import StalenessCheck
from assistant.faq.store import FaqStore
from assistant.fichas.advisor import AnswererAdvisor
from assistant.fichas.disclosure import DuplicateDisclosure
from assistant.fichas.documents import FichaDocuments
from assistant.fichas.portfolio import SyncedRulesEngine
from assistant.notices.board import NoticeBoard
from assistant.settings import Settings
from assistant.storage.database import Database
from assistant.usage.question_log import QuestionLog
from intake import (
    FichaCatalog,
    FichaReview,
    FichaWorkflow,
    IntakeSessions,
    LogChannel,
    NotificationChannel,
    Outbox,
    RulesEngine,
)
from knowledge import KnowledgeBase, KnowledgeConfig
from knowledge.blob_cache import BlobCache
from knowledge.generation import GroundedGenerator, build_chat_model


def knowledge_config(settings: Settings) -> KnowledgeConfig:
    """The knowledge package's view of the settings."""
    return KnowledgeConfig(
        index_dir=settings.index_dir,
        chroma_path=settings.resolved_chroma_path,
        chroma_url=settings.knowledge.chroma_url,
        embedding_backend=settings.knowledge.embedding_backend,
        embedding_model_path=settings.knowledge.embedding_model_path,
        allowed_dirs=settings.knowledge.allowed_dirs or [Path.cwd()],
        max_document_mb=settings.knowledge.max_document_mb,
        embedding_threads=settings.knowledge.embedding_threads or None,
        query_cache_size=settings.knowledge.query_cache_size,
        latent_terms=settings.knowledge.latent_terms,
    )


@dataclass
class Services:
    """Everything the adapters need, built lazily from one `Settings`.

    Each service is built on first use and kept. `override` replaces one before (or after) it
    is built — the supported way for tests to put a fake at a boundary, or to share a warmed
    knowledge base between several `Services`.
    """

    settings: Settings

    def override(self, **replacements: object) -> None:
        """Use ``replacements`` (service name → object) instead of building those services.

        Raises:
            ConfigurationError: A name that is not a service of this class.
        """
        for name, value in replacements.items():
            if not isinstance(getattr(type(self), name, None), cached_property):
                raise ConfigurationError(f"«{name}» no es un servicio que se pueda reemplazar.")
            self.__dict__[name] = value

    def built(self, name: str) -> bool:
        """True when the service ``name`` was built (or overridden) already."""
        return name in self.__dict__

    @cached_property
    def knowledge(self) -> KnowledgeBase:
        """The knowledge base (call ``warm_up`` before serving)."""
        return KnowledgeBase(knowledge_config(self.settings))

    @cached_property
    def database(self) -> Database:
        """The database (schema created on first use)."""
        database = Database(self.settings.resolved_database_url)
        database.create_schema()
        return database

    @cached_property
    def conversations(self) -> ConversationStore:
        """Conversation history."""
        return ConversationStore(self.database)

    @cached_property
    def faq_bank(self) -> FaqBank:
        """The FAQ bank in the database (the seed is imported on first use); it is also the
        answering's FAQ source, so publishing takes effect on the next question."""
        sections = SectionCatalog(self.knowledge)
        regression = MatchingRegression(
            embed_texts=self.knowledge.embed_texts,
            embed_query=self.knowledge.embed_query,
            threshold=DEFAULT_THRESHOLD,
            query_cache=BlobCache(
                self.knowledge.config.index_dir / "cache_embeddings.sqlite",
                "faq_query_vectors",
                self.knowledge.embeddings.model_id,
            ),
        )
        regression.seed()  # the seed's vectors ship with the package: ~0.1 s instead of ~10 s
        bank = FaqBank(
            FaqStore(self.database),
            sections=sections,
            regression=regression,
            outbox=self.notification_outbox,
        )
        bank.ensure_seed(load_seed())
        return bank

    @cached_property
    def faq_staleness(self) -> StalenessCheck:
        """Flags FAQ entries whose linked sections changed in the index."""
        return StalenessCheck(
            self.faq_bank.store, SectionCatalog(self.knowledge), self.notification_outbox
        )

    @cached_property
    def question_log(self) -> QuestionLog:
        """The log of answered questions and their feedback."""
        return QuestionLog(self.database)

    @cached_property
    def unresolved_questions(self) -> UnresolvedQueue:
        """Abstentions and not-useful answers, grouped by similarity."""
        return UnresolvedQueue(
            log=self.question_log,
            embed=self.knowledge.embed_texts,
            background=lambda: [p for e in self.faq_bank.entries() for p in e.phrasings],
        )

    @cached_property
    def last_turns(self) -> LastTurnStore:
        """What each conversation's last answer was about (follow-ups lean on it)."""
        return LastTurnStore(self.database)

    @cached_property
    def answerer(self) -> Answerer:
        """The answering service (warm it up before serving)."""
        return Answerer(
            knowledge=self.knowledge,
            faq_entries=self.faq_bank,
            conversations=self.conversations,
            last_turns=self.last_turns,
            writer=self.answer_writer,
            faq_threshold=DEFAULT_THRESHOLD,
            log=self.question_log,
        )

    @cached_property
    def answer_writer(self) -> GeneratedWriter | None:
        """The optional LLM writer (None unless an LLM is configured)."""
        llm = self.settings.llm
        if llm.provider == "ninguno":
            return None
        chat_model = build_chat_model(
            llm.provider,
            base_url=llm.base_url,
            model=llm.model,
            api_key=llm.api_key.get_secret_value() if llm.api_key else None,
            timeout=llm.timeout_s,
        )
        return GeneratedWriter(GroundedGenerator(chat_model))

    @cached_property
    def rules_engine(self) -> RulesEngine:
        """The ficha rules engine, from ``settings.rules_path`` (None: the shipped rules), with
        the knowledge index's embedding model for the near-duplicate check against the stored
        fichas (followed in the database, so every worker compares against the same ones)."""
        return SyncedRulesEngine.from_file(
            self.settings.rules_path,
            embedder=self.knowledge.embeddings,
            fingerprint=self.ficha_catalog.portfolio_fingerprint,
            entries=self.ficha_catalog.portfolio,
        )

    @cached_property
    def duplicate_disclosure(self) -> DuplicateDisclosure:
        """What each person may learn of other units' fichas from near-duplicate findings."""
        return DuplicateDisclosure(self.rules_engine, self.ficha_catalog)

    @cached_property
    def users(self) -> UserStore:
        """API users and their hashed tokens."""
        return UserStore(self.database, sessions=self.web_sessions)

    @cached_property
    def login_throttle(self) -> FailureThrottle:
        """Failed web sign-ins, with backoff per address and token prefix (in the database)."""
        return FailureThrottle(self.database, scope="web")

    @cached_property
    def token_throttle(self) -> FailureThrottle:
        """Bad API tokens, with backoff per address and token prefix (in the database)."""
        return FailureThrottle(self.database, scope="api")

    @cached_property
    def web_sessions(self) -> SessionStore:
        """Web sessions kept in the database (revocable, expiring after ``SESSION_HOURS``)."""
        return SessionStore(self.database, hours=SESSION_HOURS)

    @cached_property
    def rate_limiter(self) -> RateLimiter:
        """Per-token rate limit shared by every worker (kept in the database)."""
        return RateLimiter(self.database, limit=self.settings.http.rate_limit_per_minute)

    @cached_property
    def slack_rate_limiter(self) -> RateLimiter:
        """Questions per minute and Slack user, shared by every worker (in the database)."""
        return RateLimiter(self.database, limit=self.settings.slack.rate_limit_per_minute)

    @cached_property
    def notification_outbox(self) -> Outbox:
        """Durable outbox of fichas' notifications (written with the change they announce)."""
        return Outbox(transaction=self.database.session)

    @cached_property
    def notice_board(self) -> NoticeBoard:
        """Each person's notices in the web, read from the outbox."""
        return NoticeBoard(self.database, self.notification_outbox)

    @cached_property
    def notification_channel(self) -> NotificationChannel:
        """Where notifications are delivered: the log until the Slack channel exists."""
        return LogChannel()

    @cached_property
    def ficha_catalog(self) -> FichaCatalog:
        """Reads stored fichas: lists, DER's inbox, versions, history, diffs."""
        return FichaCatalog(transaction=self.database.session)

    @cached_property
    def ficha_workflow(self) -> FichaWorkflow:
        """Drafts and submissions to DER, validated by the rules engine."""
        return FichaWorkflow(
            transaction=self.database.session,
            engine=self.rules_engine,
            outbox=self.notification_outbox,
        )

    @cached_property
    def ficha_documents(self) -> FichaDocuments:
        """Fichas as DOCX documents (the same file in the web and the API)."""
        return FichaDocuments(catalog=self.ficha_catalog, engine=self.rules_engine)

    @cached_property
    def ficha_review(self) -> FichaReview:
        """DER's review: comments, returns and approvals."""
        return FichaReview(transaction=self.database.session, outbox=self.notification_outbox)

    @cached_property
    def policy_advisor(self) -> AnswererAdvisor:
        """The intake's policy advisor: the same answering as everywhere."""
        return AnswererAdvisor(answerer=self.answerer, knowledge=self.knowledge)

    @cached_property
    def intake_sessions(self) -> IntakeSessions:
        """Guided-intake conversations, stored per user."""
        return IntakeSessions(
            transaction=self.database.session,
            workflow=self.ficha_workflow,
            catalog=self.ficha_catalog,
            advisor=self.policy_advisor,
        )

    @cached_property
    def conversation_router(self) -> ConversationRouter:
        """Routes chat messages to the intake or to the answering service."""
        return ConversationRouter(
            answerer=self.answerer, intake=self.intake_sessions, conversations=self.conversations
        )


def build_services(settings: Settings) -> Services:
    """Wire the services for ``settings`` (heavy resources load on first use or warm_up)."""
    return Services(settings=settings)


__all__ = ["Services", "build_services", "knowledge_config"]
