"""Errors of the knowledge package.

Every error carries a short, user-safe Spanish ``message``; internal detail goes in
``detail`` and in the chained ``__cause__``::

    KnowledgeError
    ├── IngestError            a document cannot be ingested (bad type, empty, too big…)
    ├── IndexNotReadyError     the index is missing or unreadable
    ├── EmbeddingError         the embedding backend failed to load or to encode
    └── GenerationError        the optional LLM failed (the caller falls back)
"""

from __future__ import annotations


class KnowledgeError(Exception):
    """Root of the knowledge errors."""

    code = "conocimiento"

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class IngestError(KnowledgeError):
    """A document could not be ingested; the index is left untouched."""

    code = "documento_invalido"


class IndexNotReadyError(KnowledgeError):
    """The index is missing, corrupt or unreachable."""

    code = "indice_no_disponible"


class EmbeddingError(KnowledgeError):
    """The embedding backend could not be loaded or failed."""

    code = "modelo_no_disponible"


class GenerationError(KnowledgeError):
    """The optional generative model failed or produced an invalid answer."""

    code = "generacion_fallida"
