"""A deterministic, offline embedder: hashed word n-grams in a 384-dimensional vector.

Texts that share many words (and word pairs) get close vectors, unrelated texts get nearly
orthogonal ones, and the same text always gives the same vector — enough to test near-duplicate
detection and to benchmark the duplicate index without downloading a model. It satisfies
``intake.ports.TextEmbedder`` (and LangChain's ``Embeddings`` shape).
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata

DIMENSIONS = 384
_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    return _WORD.findall("".join(c for c in folded if not unicodedata.combining(c)))


def _bucket(feature: str) -> tuple[int, float]:
    digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
    value = int.from_bytes(digest, "little")
    return value % DIMENSIONS, 1.0 if (value >> 32) & 1 else -1.0


class FakeEmbedder:
    """Hash-based embedder; records how many texts it embedded.

    Attributes:
        dimensions: Vector size.
        document_calls: Number of ``embed_documents`` calls.
        embedded_texts: Total texts embedded (documents and queries).
        fail: When true, every call raises ``RuntimeError`` (to test resilience).
    """

    def __init__(self, dimensions: int = DIMENSIONS) -> None:
        self.dimensions = dimensions
        self.document_calls = 0
        self.query_calls = 0
        self.embedded_texts = 0
        self.fail = False

    def _embed(self, text: str) -> list[float]:
        if self.fail:
            raise RuntimeError("modelo de embeddings no disponible")
        self.embedded_texts += 1
        vector = [0.0] * self.dimensions
        tokens = _words(text)
        features = tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]
        for feature in features:
            index, sign = _bucket(feature)
            vector[index % self.dimensions] += sign
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """One vector per text."""
        self.document_calls += 1
        return [self._embed(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        """The vector of one text."""
        self.query_calls += 1
        return self._embed(text)
