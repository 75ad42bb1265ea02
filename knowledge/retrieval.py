"""Hybrid retrieval: dense (Chroma) and lexical (BM25) rankings fused by weighted scores."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from knowledge.index import Generation
from knowledge.types import SearchHit
from knowledge.vector_store import VectorStore


@dataclass(frozen=True)
class FusionWeights:
    """How dense and lexical evidence combine (chosen by measurement, see README)."""

    dense: float = 0.7
    lexical: float = 0.3
    candidates: int = 40
    mode: str = "hybrid"
    """``hybrid``, ``dense`` or ``lexical`` (the latter two for comparisons)."""


def _normalise(values: np.ndarray) -> np.ndarray:
    if values.size == 0:
        return values
    top = float(values.max())
    low = float(values.min())
    if top - low < 1e-9:
        return np.zeros_like(values)
    return (values - low) / (top - low)


class HybridRetriever:
    """Fuses min-max-normalised dense similarities and BM25 scores over the candidates."""

    def __init__(self, vectors: VectorStore, weights: FusionWeights | None = None) -> None:
        self.vectors = vectors
        self.weights = weights or FusionWeights()

    def search(
        self,
        generation: Generation,
        query: str,
        query_vector: list[float] | None,
        k: int = 5,
        weights: FusionWeights | None = None,
    ) -> list[SearchHit]:
        """Top ``k`` chunks for ``query``."""
        w = weights or self.weights
        chunks = generation.chunks
        index_of = {c.chunk_id: i for i, c in enumerate(chunks)}
        dense = np.zeros(len(chunks), dtype=np.float32)
        dense_rank: dict[int, int] = {}
        if w.mode != "lexical" and query_vector is not None:
            hits = self.vectors.search(
                generation.manifest.generation, query_vector, min(w.candidates, len(chunks))
            )
            for rank, (chunk_id, score) in enumerate(hits, start=1):
                if chunk_id in index_of:
                    dense[index_of[chunk_id]] = score
                    dense_rank[index_of[chunk_id]] = rank
        lexical = generation.lexical.scores(query) if w.mode != "dense" else np.zeros_like(dense)
        lexical_order = np.argsort(-lexical)
        lexical_rank = {int(i): r for r, i in enumerate(lexical_order[: w.candidates], start=1)}
        pool = sorted(set(dense_rank) | {i for i in lexical_rank if lexical[i] > 0})
        if not pool:
            return []
        ids = np.array(pool)
        if w.mode == "dense":
            fused = dense[ids]
        elif w.mode == "lexical":
            fused = lexical[ids]
        else:
            floor = min(dense[i] for i in dense_rank) if dense_rank else 0.0
            dense_pool = np.where(dense[ids] > 0, dense[ids], floor)
            fused = w.dense * _normalise(dense_pool) + w.lexical * _normalise(lexical[ids])
        order = np.argsort(-fused)[:k]
        return [
            SearchHit(
                chunk=chunks[int(ids[o])],
                score=float(fused[o]),
                dense_rank=dense_rank.get(int(ids[o])),
                lexical_rank=lexical_rank.get(int(ids[o])),
                dense_score=float(dense[int(ids[o])]) if int(ids[o]) in dense_rank else None,
            )
            for o in order
        ]
