"""The product's one error root, and the errors of the knowledge package.

Every package's errors share one root, `UserFacingError`: a short, user-safe Spanish
``message``, internal ``detail`` (also in the chained ``__cause__``), a ``code`` and a
``kind`` — what went wrong for the person asking (their input, a missing object, a permission,
a conflict, an unavailable service). Adapters turn the kind into their own terms (an HTTP
status, a Slack message); no adapter keeps a list of classes. The root lives here, in the
lowest package, because ``knowledge`` and ``intake`` may not import ``assistant``; ``intake``
imports this one module and nothing else of ``knowledge``::

    UserFacingError                         (knowledge.errors)
    ├── KnowledgeError                      (this module)
    │   ├── IngestError            invalid   a document cannot be ingested (type, empty, size)
    │   ├── IndexNotReadyError     unavailable  the index is missing or unreadable
    │   ├── EmbeddingError         unavailable  the embedding backend failed
    │   └── GenerationError        unavailable  the optional LLM failed (callers fall back)
    ├── IntakeError                         (intake.errors: rules file, ficha, workflow)
    └── AssistantError                      (assistant.errors: questions, FAQ bank, users…)
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar


class ErrorKind(StrEnum):
    """What an error means for the person who caused or met it."""

    INVALID = "invalido"
    """The input or content cannot be used as it is (fix it and retry)."""
    NOT_FOUND = "no_encontrado"
    """The object asked for does not exist (or is not visible to this person)."""
    FORBIDDEN = "prohibido"
    """This person may not do this."""
    CONFLICT = "conflicto"
    """Not possible in the object's current state, or someone changed it first."""
    UNAVAILABLE = "no_disponible"
    """A service the action needs is not ready or not configured."""


class UserFacingError(Exception):
    """Root of every error whose ``message`` may be shown to a person as it is.

    Subclasses declare ``kind`` (a package's root may leave it unset; every concrete error
    sets it, which a test checks) and may carry itemized ``details()`` (invalid fields,
    findings, conflicts).
    """

    code: ClassVar[str] = "error"
    kind: ClassVar[ErrorKind | None] = None

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def details(self) -> list[str]:
        """The itemized problems, in Spanish (empty when the message says it all)."""
        return []


class KnowledgeError(UserFacingError):
    """Root of the knowledge errors."""

    code = "conocimiento"


class IngestError(KnowledgeError):
    """A document could not be ingested; the index is left untouched."""

    code = "documento_invalido"
    kind = ErrorKind.INVALID


class IndexNotReadyError(KnowledgeError):
    """The index is missing, corrupt or unreachable."""

    code = "indice_no_disponible"
    kind = ErrorKind.UNAVAILABLE


class EmbeddingError(KnowledgeError):
    """The embedding backend could not be loaded or failed."""

    code = "modelo_no_disponible"
    kind = ErrorKind.UNAVAILABLE


class GenerationError(KnowledgeError):
    """The optional generative model failed or produced an invalid answer."""

    code = "generacion_fallida"
    kind = ErrorKind.UNAVAILABLE


__all__ = [
    "EmbeddingError",
    "ErrorKind",
    "GenerationError",
    "IndexNotReadyError",
    "IngestError",
    "KnowledgeError",
    "UserFacingError",
]
