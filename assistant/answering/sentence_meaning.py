"""How close each quotable sentence is to a question by meaning, not only by words.

The lead's sentences were chosen by the question's words they carry; a question that asks
«¿para qué sirve…?» lost to a context sentence that repeats its words while the sentence
about the «utilidad» said the answer. `SentenceMeaning` keeps the e5 passage vector of every
quotable sentence of the index (the same sentences the composer quotes, `chunk_sentences`)
and scores the candidates of a question by their cosine to the question's vector (already
computed for retrieval), z-normalised among the candidates so it blends with the word score.

The policy's sentence vectors ship with the package (`SHIPPED_SENTENCE_VECTORS`, float16,
written by ``make vectores``); sentences of documents loaded later are embedded once, when
the answerer first sees the new index generation, and cached like the passage vectors.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np

from assistant.answering.quotable import chunk_sentences
from knowledge import Chunk, SearchHit
from knowledge.embeddings import CachedEmbeddings

SHIPPED_SENTENCE_VECTORS = Path(
    str(resources.files("assistant") / "data" / "vectores_oraciones_politica.npz")
)


def quotable_texts(chunks: Sequence[Chunk]) -> list[str]:
    """The distinct quotable sentences of ``chunks``, in order."""
    return list(dict.fromkeys(s.text for c in chunks for s in chunk_sentences(c)))


def export_sentence_vectors(
    embeddings: CachedEmbeddings, chunks: Sequence[Chunk], path: Path
) -> int:
    """Write the vectors of the quotable sentences of ``chunks`` (float16) for `seed`."""
    texts = quotable_texts(chunks)
    vectors = np.asarray(embeddings.embed_documents(texts), dtype=np.float16)
    keys = np.asarray([embeddings.cache.key(t) for t in texts])
    model = np.asarray(embeddings.model_id)
    np.savez_compressed(path, model_id=model, keys=keys, vectors=vectors)
    return len(texts)


class SentenceMeaning:
    """Unit vectors of the quotable sentences of one index generation."""

    def __init__(self, embeddings: CachedEmbeddings) -> None:
        self.embeddings = embeddings
        self._unit: dict[str, np.ndarray] = {}

    def prepare(self, chunks: Sequence[Chunk], shipped: Path = SHIPPED_SENTENCE_VECTORS) -> int:
        """Load the shipped vectors into the cache, embed the sentences it lacks (documents
        loaded after the package was built) and keep them all in memory; returns how many
        sentences had to be embedded."""
        self.embeddings.seed(shipped)
        texts = quotable_texts(chunks)
        missing = len(self.embeddings.missing(texts))
        self._remember(texts, self.embeddings.embed_documents(texts))
        return missing

    def _remember(self, texts: Sequence[str], vectors: Sequence[Sequence[float]]) -> None:
        if not texts:
            return
        matrix = np.asarray(vectors, dtype=np.float32)
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-9
        self._unit.update(zip(texts, matrix, strict=True))

    def closeness(
        self, vector: Sequence[float], hits: Sequence[SearchHit], passages: int
    ) -> dict[str, float]:
        """Cosine of each quotable sentence of the first ``passages`` hits to the question
        ``vector``, as a z-score among them (empty without a vector or with one sentence)."""
        if not len(vector):
            return {}
        texts = quotable_texts([h.chunk for h in hits[:passages]])
        if len(texts) < 2:
            return {}
        unseen = [t for t in texts if t not in self._unit]
        if unseen:
            self._remember(unseen, self.embeddings.embed_documents(unseen))
        q = np.asarray(vector, dtype=np.float32)
        cos = np.stack([self._unit[t] for t in texts]) @ (q / (np.linalg.norm(q) + 1e-9))
        spread = float(cos.std()) or 1.0
        return dict(zip(texts, ((cos - cos.mean()) / spread).tolist(), strict=True))
