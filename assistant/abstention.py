"""When to say "la política no lo dice": evidence features and a calibrated policy."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge import SearchHit, content_stems


@dataclass(frozen=True)
class Evidence:
    """How well the retrieved passages support a question."""

    top_dense: float
    """Best cosine similarity between the question and a passage."""
    unknown_ratio: float
    """Share of the question's content words that appear nowhere in the index."""
    support: float
    """Share of the question's content words found in the best three passages."""

    @property
    def confidence(self) -> float:
        """A 0–1 confidence for display and logging."""
        dense = max(0.0, min(1.0, (self.top_dense - 0.75) / 0.15))
        return round(0.5 * dense + 0.3 * self.support + 0.2 * (1 - self.unknown_ratio), 3)

    @classmethod
    def from_hits(cls, question: str, hits: list[SearchHit], vocabulary: set[str]) -> Evidence:
        """Compute the features for ``question`` and its ``hits``."""
        stems = set(content_stems(question))
        dense = max((h.dense_score or 0.0 for h in hits), default=0.0)
        if not stems:
            return cls(dense, 0.0, 0.0)
        unknown = len([s for s in stems if s not in vocabulary]) / len(stems)
        top_text = set(content_stems(" ".join(h.chunk.text for h in hits[:3])))
        support = len(stems & top_text) / len(stems)
        return cls(dense, unknown, support)


@dataclass(frozen=True)
class AbstentionPolicy:
    """Thresholds chosen on data (see ``asistente evaluar`` and the README)."""

    min_dense: float = 0.80
    max_unknown_ratio: float = 0.34
    min_support: float = 0.5

    def should_abstain(self, evidence: Evidence) -> bool:
        """True when the passages do not support an answer."""
        return (
            evidence.top_dense < self.min_dense
            or evidence.unknown_ratio >= self.max_unknown_ratio
            or evidence.support < self.min_support
        )
