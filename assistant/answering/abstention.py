"""When to say "la política no lo dice": evidence features and a calibrated policy.

Calibrated on 80 questions: the 42 of the dev set and 40 written apart for this purpose
(``tests/data/calibracion_abstencion.jsonl``, 24 out of scope in all). The two signals that
separated them best are the similarity of the question to the closest passage and to the
closest question of the curated FAQ bank (a growing sample of questions the policy does
answer); words the index has never seen settle the clearest cases.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

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

    unknown_names: tuple[str, ...] = ()
    """Capitalised words of the question (a country, a program, an annex) that the index
    never mentions and that are no typo of a word it does: «¿… de Perú?»."""

    @property
    def closeness(self) -> float:
        """Sum of the two similarities (the calibrated score)."""
        return self.top_dense + self.faq_similarity

    @property
    def confidence(self) -> float:
        """A 0–1 confidence for display and logging."""
        return round(max(0.0, min(1.0, (self.closeness - 1.65) / 0.25)), 3)

    def with_names(self, names: tuple[str, ...]) -> Evidence:
        """The same evidence, with the unknown names found in the question."""
        return replace(self, unknown_names=names)

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
    unknown_penalty: float = 0.06
    """The closeness needed grows by this much per unit of the share of words the index has
    never seen: «¿se puede hacer teletrabajo los viernes en el DNP?» is close to the
    policy's own words about the DNP, but a third of it is about something the policy never
    names. Chosen on the same 98 questions (6 dic. 2026): every in-scope question with
    unknown words that the policy route answers keeps a margin of ≥ 0.01; two out-of-scope
    ones that passed by ≤ 0.012 no longer do."""

    def needed(self, evidence: Evidence) -> float:
        """The closeness this evidence must reach to be answered."""
        return self.min_closeness + self.unknown_penalty * evidence.unknown_ratio

    def should_abstain(self, evidence: Evidence) -> bool:
        """True when the index does not support an answer."""
        return (
            evidence.closeness < self.needed(evidence)
            or evidence.unknown_ratio >= self.max_unknown_ratio
            or bool(evidence.unknown_numbers)
            or bool(evidence.unknown_names)
        )


NAME = re.compile(r"(?<=[\s(¿¡«\"'])([A-ZÁÉÍÓÚÑ][a-záéíóúñü]{3,})\b")


def unknown_names(
    question: str, vocabulary: set[str], repair: Callable[[str], str]
) -> tuple[str, ...]:
    """Capitalised words after the first that the index never names and cannot repair."""
    out = []
    for name in NAME.findall(question):
        stems = content_stems(name)
        if not stems or stems[0] in vocabulary:
            continue
        if content_stems(repair(name)) != stems:
            continue  # a typo of an indexed word, not a name
        out.append(name)
    return tuple(out)
