"""What the intake package needs from the outside world, as Protocols.

``intake`` never imports ``knowledge`` or LangChain: the wiring passes in any object with these
methods. LangChain's ``Embeddings`` (and the project's own embedder) satisfy `TextEmbedder`
structurally.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class TextEmbedder(Protocol):
    """Turns texts into dense vectors (the same model as the knowledge index)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed several stored texts; one vector per text, in order."""
        ...

    def embed_query(self, text: str) -> list[float]:
        """Embed one search text."""
        ...


__all__ = ["TextEmbedder"]
