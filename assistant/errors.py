"""The assistant's errors, under the product's one root.

``knowledge`` and ``intake`` sit below ``assistant`` and cannot import it, so the root,
`UserFacingError` (a ``code``, a ``kind`` and a user-safe Spanish ``message``), lives in
``knowledge.errors``; each package hangs its subtree from it. Adapters (HTTP, web, Slack, CLI)
catch `USER_ERRORS` and read the error's ``kind``::

    UserFacingError                        (knowledge.errors)
    ├── KnowledgeError                     (knowledge.errors: ingest, index, embeddings, LLM)
    ├── IntakeError                        (intake.errors: rules file, workflow, permissions)
    └── AssistantError                     (this module)
        ├── ConfigurationError    unavailable  a missing or invalid setting
        ├── InvalidQuestionError  invalid      empty, too long, or no words
        ├── NotFoundError         not found    a conversation, answer or entry that does not exist
        ├── DatabaseUnavailableError           (assistant.storage.database)
        ├── UserError                          (assistant.access.users)
        ├── FeedbackError                      (assistant.usage.feedback)
        └── FaqError                           (assistant.faq.errors: the FAQ bank's subtree)
"""

from __future__ import annotations

from knowledge.errors import ErrorKind, UserFacingError


class AssistantError(UserFacingError):
    """Root of the assistant's own errors."""

    code = "error"


class ConfigurationError(AssistantError):
    """The configuration is missing something the action needs, or is invalid."""

    code = "configuracion"
    kind = ErrorKind.UNAVAILABLE


class InvalidQuestionError(AssistantError):
    """The question cannot be answered as written."""

    code = "pregunta_invalida"
    kind = ErrorKind.INVALID


class NotFoundError(AssistantError):
    """The requested object does not exist."""

    code = "no_encontrado"
    kind = ErrorKind.NOT_FOUND


USER_ERRORS: tuple[type[UserFacingError], ...] = (UserFacingError,)
"""Every error whose ``message`` may be shown to a user as is."""


def user_message(error: Exception) -> str:
    """The Spanish message to show for ``error`` (generic for unexpected errors)."""
    if isinstance(error, UserFacingError):
        return error.message or "Ocurrió un error."
    return "Ocurrió un error inesperado. Intente de nuevo en unos minutos."


__all__ = [
    "USER_ERRORS",
    "AssistantError",
    "ConfigurationError",
    "ErrorKind",
    "InvalidQuestionError",
    "NotFoundError",
    "UserFacingError",
    "user_message",
]
