"""The error hierarchy users can see, and how the packages' errors join it.

``knowledge`` and ``intake`` sit below ``assistant`` and cannot import it, so each owns its
root (`KnowledgeError`, `IntakeError`); all of them share one contract: a ``code`` and a
user-safe Spanish ``message``. Adapters (HTTP, Slack, CLI) catch `USER_ERRORS`::

    Exception
    ├── AssistantError             (assistant)
    │   ├── ConfigurationError     a developer mistake in the configuration
    │   ├── InvalidQuestionError   empty, too long, or no words
    │   └── NotFoundError          a conversation, ficha or entry that does not exist
    ├── KnowledgeError             (knowledge.errors: ingest, index, embeddings, LLM)
    └── IntakeError                (intake.errors: rules file, workflow, permissions)
"""

from __future__ import annotations

from intake.errors import IntakeError
from knowledge.errors import KnowledgeError


class AssistantError(Exception):
    """Root of the assistant's own errors."""

    code = "error"

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class ConfigurationError(AssistantError):
    """The configuration is invalid (developer mistake)."""

    code = "configuracion"


class InvalidQuestionError(AssistantError):
    """The question cannot be answered as written."""

    code = "pregunta_invalida"


class NotFoundError(AssistantError):
    """The requested object does not exist."""

    code = "no_encontrado"


USER_ERRORS: tuple[type[Exception], ...] = (AssistantError, KnowledgeError, IntakeError)
"""Every error whose ``message`` may be shown to a user as is."""


def user_message(error: Exception) -> str:
    """The Spanish message to show for ``error`` (generic for unexpected errors)."""
    if isinstance(error, USER_ERRORS):
        return str(getattr(error, "message", "")) or "Ocurrió un error."
    return "Ocurrió un error inesperado. Intenta de nuevo en unos minutos."
