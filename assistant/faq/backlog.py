"""The "preguntas sin resolver" queue: abstentions and not-useful answers, grouped by
similarity (the index's embedder, incrementally: `assistant.faq.grouping`), counted and
newest first — and the one action that turns a group into a FAQ draft."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from assistant.errors import NotFoundError
from assistant.faq.bank import FaqBank
from assistant.faq.grouping import GroupStore
from assistant.faq.revision import MAX_PHRASING, FaqContent
from assistant.faq.store import FaqRecord
from assistant.faq.workflow import Action, Actor, authorize
from assistant.usage.feedback import Feedback
from assistant.usage.question_log import LoggedQuestion, QuestionLog
from knowledge import fold

DEFAULT_GROUP_THRESHOLD = 0.35
"""Cosine similarity, after centering on the published phrasings, to a group's centroid from
which a question joins it (calibrated for multilingual-e5-small on the fixture of
tests/assistant/test_faq_backlog.py with the queue's fixed center: 9 groups, purity 0.92,
completeness 0.92; 0.25 merged them into 6, purity 0.80)."""
BACKGROUND_WEIGHT = 20
"""How many questions' worth of weight the background mean has when centering."""
MAX_DRAFT_ALTERNATIVES = 8
READ_STEP = 16
"""Questions a read of the queue groups itself at most (each new wording costs an embedding,
~20–40 ms; the server's background thread groups the rest in steps of 64)."""
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
    total: int | None = None
    """How many questions the group holds (``questions`` may show only the newest)."""

    @property
    def count(self) -> int:
        """How many times it was asked."""
        return max(self.total or 0, len(self.questions))

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


def cluster(vectors: np.ndarray, threshold: float) -> list[list[int]]:
    """Centroid clustering in the given order: each vector joins the most similar group
    when the cosine to its centroid reaches ``threshold``, else starts a new one."""
    if not len(vectors):
        return []
    unit = _unit(vectors)
    groups: list[list[int]] = []
    sums = np.zeros((0, unit.shape[1]), dtype=np.float64)
    for index, vector in enumerate(unit):
        if len(groups):
            centroids = sums / (np.linalg.norm(sums, axis=1, keepdims=True) + 1e-9)
            scores = centroids @ vector
            best = int(np.argmax(scores))
            if scores[best] >= threshold:
                groups[best].append(index)
                sums[best] += vector
                continue
        groups.append([index])
        sums = np.vstack([sums, vector])
    return groups


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


class UnresolvedQueue:
    """The unresolved questions of the log, grouped incrementally (`GroupStore`)."""

    def __init__(
        self,
        *,
        log: QuestionLog,
        embed: Callable[[list[str]], Sequence[Sequence[float]]],
        background: Callable[[], list[str]] | None = None,
        threshold: float = DEFAULT_GROUP_THRESHOLD,
        page: int = 100,
        members: int = 50,
    ) -> None:
        self.log = log
        self.store = GroupStore(
            log.database, embed=embed, background=background, threshold=threshold
        )
        self.page = page
        self.members = members

    def assign_pending(self) -> int:
        """One bounded grouping step (the server's background thread calls it)."""
        return self.store.assign_pending()

    def groups(self) -> list[UnresolvedGroup]:
        """The most recently asked groups, newest first (after one small grouping step: the
        rest is the background thread's work)."""
        self.store.assign_pending(READ_STEP)
        return [
            UnresolvedGroup(key, tuple(questions), representative, size)
            for key, size, representative, questions in self.store.page(self.page, self.members)
            if questions
        ]

    def grouping(self, questions: list[str]) -> list[list[int]]:
        """How the queue groups ``questions`` asked in this order (indices), in the same space
        and with the same rule as the store: for measuring it on a labelled set."""
        if not questions:
            return []
        return cluster(self.store.centered(questions), self.store.threshold)

    def group(self, key: int) -> UnresolvedGroup:
        """The group whose key (or one of whose questions) is ``key``."""
        self.store.assign_pending(READ_STEP)
        found = self.store.find(key, self.members)
        if found is None or not found[3]:
            raise NotFoundError(f"No hay ningún grupo de preguntas sin resolver con el id {key}.")
        group_key, size, representative, questions = found
        return UnresolvedGroup(group_key, tuple(questions), representative, size)

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
        self.log.mark_resolved(self.store.member_ids(group.key), record.entry_id)
        self.store.forget(group.key)
        return record


__all__ = [
    "DEFAULT_GROUP_THRESHOLD",
    "UnresolvedGroup",
    "UnresolvedQueue",
    "center",
    "cluster",
    "question_key",
]
