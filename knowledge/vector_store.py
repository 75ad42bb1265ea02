"""Dense vectors in ChromaDB through LangChain's Chroma integration.

An embedded persistent store by default, a Chroma server when a URL is configured. Each
index generation has its own collection, so a rebuild never leaves a half-filled one
visible to readers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import numpy as np

from knowledge.errors import IndexNotReadyError
from knowledge.types import Chunk

if TYPE_CHECKING:
    from langchain_chroma import Chroma
    from langchain_core.embeddings import Embeddings

COLLECTION_PREFIX = "fragmentos_"


def chroma_client(*, path: Path | None = None, url: str | None = None) -> Any:
    """A Chroma client: HTTP when ``url`` is given, else persistent at ``path``."""
    # chromadb takes ~0.4 s to import: only when a client is opened (the chat's prompt and
    # the ficha's commands do not wait for it).
    import chromadb
    from chromadb.api.shared_system_client import SharedSystemClient
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if url:
            parsed = urlparse(url)
            return chromadb.HttpClient(
                host=parsed.hostname or "127.0.0.1",
                port=parsed.port or 8000,
                ssl=parsed.scheme == "https",
                settings=settings,
            )
        assert path is not None
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=settings)
    except Exception as exc:  # noqa: BLE001 - chromadb raises many types; translate here
        if not url:
            # chromadb keeps the half-started system of a path that failed to open and
            # hands it out again; forget it so a repaired folder can be opened.
            SharedSystemClient._identifier_to_system.pop(str(path), None)
        raise IndexNotReadyError(
            "No se pudo abrir el almacén de vectores (Chroma).", detail=str(exc)
        ) from exc


class VectorStore:
    """One Chroma collection per index generation."""

    def __init__(self, client: Any, embeddings: Embeddings) -> None:
        self.client = client
        self.embeddings = embeddings
        self._collections: dict[str, Any] = {}
        self._matrices: dict[str, tuple[list[str], np.ndarray]] = {}

    def _store(self, generation: str) -> Chroma:
        # Only writing and Chroma's own top-k need LangChain's wrapper; answering on an index
        # that fits in memory reads the matrix (`matrix`), and a one-shot «asistente
        # preguntar» saves its import (0.35 s of CPU of 2.9 s).
        from langchain_chroma import Chroma

        return Chroma(
            collection_name=COLLECTION_PREFIX + generation,
            embedding_function=self.embeddings,
            client=self.client,
            collection_metadata={"hnsw:space": "cosine"},
        )

    def count(self, generation: str) -> int:
        """Vectors in the generation's collection (0 when it does not exist)."""
        try:
            return int(self.client.get_collection(COLLECTION_PREFIX + generation).count())
        except Exception:  # noqa: BLE001 - missing collection
            return 0

    def write(self, generation: str, chunks: list[Chunk], texts: list[str]) -> None:
        """(Re)create the generation's collection with ``texts`` embedded per chunk."""
        self.drop(generation)
        store = self._store(generation)
        try:
            for i in range(0, len(chunks), 256):
                batch = chunks[i : i + 256]
                store.add_texts(
                    texts=texts[i : i + 256],
                    metadatas=[
                        {"source_id": c.source_id, "breadcrumb": c.breadcrumb, "kind": c.kind}
                        for c in batch
                    ],
                    ids=[c.chunk_id for c in batch],
                )
        except Exception as exc:  # noqa: BLE001
            self.drop(generation)
            raise IndexNotReadyError(
                "No se pudo escribir el índice de vectores.", detail=str(exc)
            ) from exc

    def search(self, generation: str, vector: list[float], k: int) -> list[tuple[str, float]]:
        """Ids and cosine similarities of the ``k`` nearest chunks, nearest first."""
        try:
            found = self._store(generation).similarity_search_by_vector_with_relevance_scores(
                vector, k=k
            )
        except Exception as exc:  # noqa: BLE001
            raise IndexNotReadyError("El índice de vectores no responde.", detail=str(exc)) from exc
        # LangChain's Chroma returns the cosine *distance* here (lower is closer).
        return [(str(doc.id), 1.0 - float(distance)) for doc, distance in found]

    def matrix(self, generation: str) -> tuple[list[str], np.ndarray]:
        """All ids and vectors of a generation, read once from Chroma and kept in memory
        (exact similarities for every chunk in ~1 ms instead of a 13 ms top-k query)."""
        cached = self._matrices.get(generation)
        if cached is not None:
            return cached
        try:
            got = self.client.get_collection(COLLECTION_PREFIX + generation).get(
                include=["embeddings"]
            )
        except Exception as exc:  # noqa: BLE001
            raise IndexNotReadyError("El índice de vectores no responde.", detail=str(exc)) from exc
        vectors = np.asarray(got["embeddings"], dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        loaded = (list(got["ids"]), vectors / np.where(norms > 0, norms, 1.0))
        self._matrices = {generation: loaded}
        return loaded

    def drop(self, generation: str) -> None:
        """Delete the generation's collection if it exists."""
        self._collections.pop(generation, None)
        self._matrices.pop(generation, None)
        try:
            self.client.delete_collection(COLLECTION_PREFIX + generation)
        except Exception:  # noqa: BLE001 - absent collection is fine
            return

    def generations(self) -> list[str]:
        """Generations that have a collection in this store."""
        names = [getattr(c, "name", c) for c in self.client.list_collections()]
        return [n[len(COLLECTION_PREFIX) :] for n in names if str(n).startswith(COLLECTION_PREFIX)]
