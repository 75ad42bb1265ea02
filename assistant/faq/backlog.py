"""The "preguntas sin resolver" queue: abstentions and not-useful answers, grouped by
similarity (the index's embedder), counted and newest first — and the one action that turns
a group into a FAQ draft."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from assistant.errors import NotFoundError
from assistant.faq.bank import FaqBank
from assistant.faq.revision import MAX_PHRASING, FaqContent
from assistant.faq.store import FaqRecord
from assistant.faq.workflow import Action, Actor, authorize
from assistant.usage.feedback import Feedback
from assistant.usage.question_log import LoggedQuestion, QuestionLog
from knowledge import content_stems, fold

DEFAULT_GROUP_THRESHOLD = 0.15
"""Average similarity between two groups' questions from which they are one group."""
LEXICAL_WEIGHT = 0.5
"""Share of the shared content words (Jaccard of their stems) in the similarity; the rest is
the embedding's cosine after centering. Measured on tests/data/cola_sin_resolver.jsonl (108
questions, 12 intents) against the previous grouping (embedding only, each question joining
the nearest centroid at 0.25): purity 0.713 → 0.861, completeness 0.324 → 0.426, mixed groups
14 → 11; on the 25 questions of tests/assistant/test_faq_backlog.py, not used to choose it,
0.96 / 0.88 both ways. The embedding alone put «¿cuántas fichas tengo?» with the salary."""
BACKGROUND_WEIGHT = 20
"""How many questions' worth of weight the background mean has when centering."""
MAX_DRAFT_ALTERNATIVES = 8
_PUNCTUATION = re.compile(r"[^\w\s]")


def question_key(text: str) -> str:
    """``text`` folded, without punctuation or repeated spaces (to count repeats)."""
    return " ".join(_PUNCTUATION.sub(" ", fold(text)).split())


@dataclass(frozen=True)
class UnresolvedGroup:
    """Similar unresolved questions."""

    key: int
    """Log id of the group's oldest question (stable while the group grows)."""
    questions: tuple[LoggedQuestion, ...]
    """Newest first."""
    representative: str
    """The question closest to the group's centroid."""

    @property
    def count(self) -> int:
        """How many times it was asked."""
        return len(self.questions)

    @property
    def newest(self) -> datetime:
        """When it was last asked."""
        return self.questions[0].created_at

    @property
    def negative_feedback(self) -> int:
        """How many answers in the group were marked not useful."""
        return sum(q.feedback is Feedback.NO_UTIL for q in self.questions)

    def phrasings(self, limit: int = MAX_DRAFT_ALTERNATIVES) -> list[str]:
        """The representative, then the other distinct wordings, most frequent first."""
        counts = Counter(question_key(q.question) for q in self.questions)
        texts: dict[str, str] = {}
        for q in self.questions:
            texts.setdefault(question_key(q.question), q.question.strip())
        ordered = sorted(texts, key=lambda k: -counts[k])
        first = question_key(self.representative)
        rest = [texts[k] for k in ordered if k != first and len(texts[k]) <= MAX_PHRASING]
        return [self.representative[:MAX_PHRASING], *rest][: limit + 1]


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9)


def center(vectors: np.ndarray, background: np.ndarray | None = None) -> np.ndarray:
    """Unit vectors minus a common mean.

    Sentence embedders put all questions in a narrow cone (unrelated Spanish questions score
    ~0.87 with multilingual-e5-small), so similarities are compared after removing the mean:
    that of ``vectors`` blended with the ``background`` mean (the published phrasings), which
    keeps a small queue from being centered on itself alone (a queue of one topic would lose
    it). Without a background the vectors are left uncentered.
    """
    unit = _unit(vectors)
    if background is None or not len(background):
        return unit
    n = len(unit)
    mean = (n * unit.mean(axis=0) + BACKGROUND_WEIGHT * _unit(background).mean(axis=0)) / (
        n + BACKGROUND_WEIGHT
    )
    return unit - mean


@dataclass(frozen=True)
class GroupingScore:
    """How well a grouping matches the intended groups of a labelled set of questions.

    Attributes:
        questions: How many questions.
        intended: How many intended groups.
        found: How many groups the queue made.
        purity: Share of questions in their group's majority intent (1.0: no group mixes
            unrelated questions).
        completeness: Share of questions in their intent's largest group (1.0: no intent is
            split).
        mixed: Groups that hold more than one intent.
    """

    questions: int
    intended: int
    found: int
    purity: float
    completeness: float
    mixed: int

    @property
    def summary(self) -> str:
        """One Spanish line."""
        return (
            f"{self.questions} preguntas, {self.intended} grupos esperados, {self.found} "
            f"formados: pureza {self.purity:.3f}, completitud {self.completeness:.3f}, "
            f"grupos mezclados {self.mixed}"
        )


def grouping_score(groups: Sequence[Sequence[int]], labels: Sequence[str]) -> GroupingScore:
    """Purity and completeness of ``groups`` (indices into ``labels``, the intended groups)."""
    purity = sum(max(Counter(labels[i] for i in g).values()) for g in groups)
    by_label: dict[str, Counter[int]] = {}
    for number, group in enumerate(groups):
        for i in group:
            by_label.setdefault(labels[i], Counter())[number] += 1
    completeness = sum(c.most_common(1)[0][1] for c in by_label.values())
    mixed = sum(len({labels[i] for i in g}) > 1 for g in groups)
    total = len(labels) or 1
    return GroupingScore(
        len(labels), len(set(labels)), len(groups), purity / total, completeness / total, mixed
    )


def similarity(vectors: np.ndarray, questions: Sequence[str]) -> np.ndarray:
    """Pairwise similarity of ``questions``: their (centered) vectors' cosine blended with the
    share of content words they have in common."""
    unit = _unit(vectors)
    stems = [set(content_stems(q)) for q in questions]
    words = np.array([[len(a & b) / (len(a | b) or 1) for b in stems] for a in stems])
    return (1 - LEXICAL_WEIGHT) * (unit @ unit.T) + LEXICAL_WEIGHT * words


def average_linkage(similar: np.ndarray, threshold: float) -> list[list[int]]:
    """Groups whose questions are, on average, at least ``threshold`` similar to each other's
    (agglomerative, average linkage); each group's indices ascending, groups by first index."""
    if len(similar) < 2:
        return [[i] for i in range(len(similar))]
    distance = np.clip(1.0 - similar, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform((distance + distance.T) / 2, checks=False), method="average")
    labels = fcluster(tree, t=1.0 - threshold, criterion="distance")
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    return sorted(groups.values(), key=lambda g: g[0])


class UnresolvedQueue:
    """Groups the unresolved questions of the log."""

    def __init__(
        self,
        *,
        log: QuestionLog,
        embed: Callable[[list[str]], Sequence[Sequence[float]]],
        background: Callable[[], list[str]] | None = None,
        threshold: float = DEFAULT_GROUP_THRESHOLD,
        limit: int = 2000,
    ) -> None:
        self.log = log
        self.embed = embed
        self.background = background
        self.threshold = threshold
        self.limit = limit

    def groups(self) -> list[UnresolvedGroup]:
        """Groups of unresolved questions, the most recently asked first."""
        questions = self.log.unresolved(limit=self.limit)
        if not questions:
            return []
        texts = [q.question for q in questions]
        vectors = self._vectors(texts)
        found = []
        for members in average_linkage(similarity(vectors, texts), self.threshold):
            unit = _unit(vectors[members])
            centroid = unit.sum(axis=0)
            representative = questions[members[int(np.argmax(unit @ centroid))]].question
            ordered = sorted((questions[i] for i in members), key=lambda q: -q.log_id)
            found.append(UnresolvedGroup(ordered[-1].log_id, tuple(ordered), representative))
        return sorted(found, key=lambda g: -g.questions[0].log_id)

    def _vectors(self, questions: list[str]) -> np.ndarray:
        vectors = np.asarray(self.embed(questions), dtype=np.float64)
        texts = self.background() if self.background is not None else []
        background = np.asarray(self.embed(texts), dtype=np.float64) if texts else None
        return center(vectors, background)

    def grouping(self, questions: list[str]) -> list[list[int]]:
        """How the queue would group ``questions`` (indices, in the order given)."""
        if not questions:
            return []
        return average_linkage(similarity(self._vectors(questions), questions), self.threshold)

    def group(self, key: int) -> UnresolvedGroup:
        """The group whose oldest question (or any question) has log id ``key``."""
        groups = self.groups()
        for group in groups:
            if group.key == key:
                return group
        for group in groups:
            if any(q.log_id == key for q in group.questions):
                return group
        raise NotFoundError(f"No hay ningún grupo de preguntas sin resolver con el id {key}.")

    def draft(
        self,
        key: int,
        bank: FaqBank,
        actor: Actor,
        *,
        answer: str = "",
        sections: tuple[str, ...] = (),
        tags: tuple[str, ...] = (),
    ) -> FaqRecord:
        """Create a FAQ draft from a group (question and phrasings pre-filled) and take the
        group's questions out of the queue."""
        authorize(actor, Action.CREAR)
        group = self.group(key)
        phrasings = group.phrasings()
        content = FaqContent(
            question=phrasings[0],
            answer=answer,
            alternatives=tuple(phrasings[1:]),
            sections=sections,
            tags=tags,
        )
        record = bank.create(
            content, actor, note=f"borrador desde {group.count} pregunta(s) sin resolver"
        )
        self.log.mark_resolved((q.log_id for q in group.questions), record.entry_id)
        return record


__all__ = [
    "DEFAULT_GROUP_THRESHOLD",
    "GroupingScore",
    "grouping_score",
    "UnresolvedGroup",
    "UnresolvedQueue",
    "center",
    "average_linkage",
    "similarity",
    "question_key",
]
