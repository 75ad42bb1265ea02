"""When to say "la política no lo dice": evidence features and a calibrated policy.

Calibrated on 80 questions: the 42 of the dev set and 40 written apart for this purpose
(``tests/data/calibracion_abstencion.jsonl``, 24 out of scope in all). The two signals that
separated them best are the similarity of the question to the closest passage and to the
closest question of the curated FAQ bank (a growing sample of questions the policy does
answer); words the index has never seen settle the clearest cases.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge import SearchHit, content_stems


@dataclass(frozen=True)
class Evidence:
    """How well the index supports a question."""

    top_dense: float
    """Best cosine similarity between the question and a passage."""
    faq_similarity: float
    """Best cosine similarity between the question and a published FAQ phrasing."""
    unknown_ratio: float
    """Share of the question's content words that appear nowhere in the index."""
    unknown_numbers: tuple[str, ...] = ()
    """Numbers of three or more digits in the question (years, decree or CONPES numbers)
    that appear nowhere in the index: the text cannot answer about a year or a norm it
    never names ("metas del PND 2022-2026" when it only speaks of the PND 2018-2022)."""

    @property
    def closeness(self) -> float:
        """Sum of the two similarities (the calibrated score)."""
        return self.top_dense + self.faq_similarity

    @property
    def confidence(self) -> float:
        """A 0–1 confidence for display and logging."""
        return round(max(0.0, min(1.0, (self.closeness - 1.65) / 0.25)), 3)

    @classmethod
    def gather(
        cls,
        question: str,
        hits: list[SearchHit],
        vocabulary: set[str],
        faq_similarity: float | None,
    ) -> Evidence:
        """Compute the features; without FAQ entries the passage similarity counts twice."""
        stems = set(content_stems(question))
        dense = max((h.dense_score or 0.0 for h in hits), default=0.0)
        unknown = len([s for s in stems if s not in vocabulary]) / len(stems) if stems else 0.0
        numbers = tuple(
            sorted(s for s in stems if s.isdigit() and len(s) >= 3 and s not in vocabulary)
        )
        return cls(dense, dense if faq_similarity is None else faq_similarity, unknown, numbers)


@dataclass(frozen=True)
class AbstentionPolicy:
    """Thresholds chosen on data (see the module docstring and the README)."""

    min_closeness: float = 1.725
    max_unknown_ratio: float = 0.5

    def should_abstain(self, evidence: Evidence) -> bool:
        """True when the index does not support an answer."""
        return (
            evidence.closeness < self.min_closeness
            or evidence.unknown_ratio >= self.max_unknown_ratio
            or bool(evidence.unknown_numbers)
        )
