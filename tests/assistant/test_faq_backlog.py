"""The "preguntas sin resolver" queue: abstentions and not-useful answers grouped by
similarity, counted, newest first; a group becomes a FAQ draft in one action."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from assistant.answering.answer import Answer
from assistant.errors import NotFoundError
from assistant.faq.backlog import (
    READ_STEP,
    UnresolvedQueue,
    center,
    cluster,
    grouping_score,
    question_key,
)
from assistant.faq.bank import FaqBank
from assistant.faq.errors import FaqPermissionDeniedError
from assistant.faq.matcher import load_seed
from assistant.faq.store import FaqStore
from assistant.faq.workflow import Actor, Status
from assistant.storage.database import Database
from assistant.usage.feedback import Feedback
from assistant.usage.question_log import QuestionLog
from tests.fakes.embedder import FakeEmbedder

EDITOR = Actor.of("ana", "editor")

FIXTURE = Path(__file__).parents[1] / "data" / "cola_sin_resolver.jsonl"

UNRESOLVED = {
    "vacaciones": [
        "¿Cuántos días de vacaciones tengo al año?",
        "cuantos dias de vacaciones me corresponden",
        "¿Cuántos días de vacaciones tiene un funcionario del DNP?",
        "dias de vacaciones por año en el DNP",
    ],
    "viaticos": [
        "¿Cómo se liquidan los viáticos de una comisión a territorio?",
        "como me pagan los viaticos cuando viajo a una region",
        "¿Cuánto pagan de viáticos por día en una comisión?",
        "liquidación de viáticos para viajes a territorio",
    ],
    "teletrabajo": [
        "¿Puedo hacer teletrabajo?",
        "¿El DNP permite el trabajo en casa?",
        "como solicito teletrabajo",
        "¿Cuántos días de trabajo en casa se permiten?",
    ],
    "contratistas": [
        "¿Los contratistas pueden hacer asistencia técnica territorial?",
        "un contratista puede ir a territorio en nombre del DNP?",
        "¿Pueden los contratistas representar al DNP ante una alcaldía?",
    ],
    "presupuesto": [
        "¿Cuál es el presupuesto de la DER para 2027?",
        "cuanto presupuesto tiene la direccion de estrategia regional",
        "¿Cuánto dinero tiene asignado la DER este año?",
    ],
    "regalias": [
        "¿Cómo se aprueba un proyecto de regalías en el OCAD?",
        "proceso de aprobacion de proyectos del sistema general de regalias",
        "¿Quién aprueba los proyectos del SGR?",
    ],
    "wifi": [
        "¿Cuál es la clave del wifi del DNP?",
        "contraseña de la red inalámbrica del edificio",
    ],
    "carne": ["¿Dónde reclamo el carné de funcionario?"],
    "almuerzo": ["¿A qué hora es el almuerzo en el DNP?"],
}
"""25 questions the policy does not answer, by what they ask (9 intents)."""


def _scores(groups: list[list[int]], labels: list[str]) -> tuple[float, float]:
    """Purity (share of questions in their group's majority intent) and completeness
    (share of questions in their intent's largest group)."""
    purity = sum(max(Counter(labels[i] for i in g).values()) for g in groups)
    by_label: dict[str, Counter[int]] = {}
    for number, group in enumerate(groups):
        for i in group:
            by_label.setdefault(labels[i], Counter())[number] += 1
    completeness = sum(c.most_common(1)[0][1] for c in by_label.values())
    return purity / len(labels), completeness / len(labels)


def _log(log: QuestionLog, question: str, *, abstained: bool = True) -> int:
    answer = Answer(text="…", route="ninguna" if abstained else "politica", abstained=abstained)
    log_id = log.record(question, answer, channel="slack", user_id="U1")
    assert log_id is not None
    return log_id


def test_cluster_groups_similar_vectors_in_order() -> None:
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [0.99, 0.1], [0.1, 0.99], [-1.0, 0.0]])
    assert cluster(vectors, 0.9) == [[0, 2], [1, 3], [4]]
    assert cluster(np.zeros((0, 2)), 0.9) == []


def test_the_queue_groups_counts_and_orders_newest_first(database: Database) -> None:
    log = QuestionLog(database)
    for question in UNRESOLVED["vacaciones"][:2]:
        _log(log, question)
    _log(log, "¿Cuál es la clave del wifi del DNP?")
    _log(log, "¿Qué es la ficha de pre-diseño?", abstained=False)  # answered: not queued
    disliked = _log(log, "¿Quién aprueba la ficha?", abstained=False)
    log.give_feedback(disliked, Feedback.NO_UTIL, "no respondió quién")
    _log(log, "cuantos dias de vacaciones me corresponden")
    queue = UnresolvedQueue(
        log=log,
        embed=FakeEmbedder().embed_documents,
        background=lambda: [p for e in load_seed() for p in e.phrasings],
        threshold=0.3,
    )
    groups = queue.groups()
    assert [(g.count, g.representative.startswith(("¿Cuántos", "cuantos"))) for g in groups] == [
        (3, True),
        (1, False),
        (1, False),
    ]
    assert [g.questions[0].question for g in groups[1:]] == [
        "¿Quién aprueba la ficha?",
        "¿Cuál es la clave del wifi del DNP?",
    ]
    assert groups[1].negative_feedback == 1
    # Repeats count once among the phrasings offered for a draft.
    assert len(groups[0].phrasings()) == 2
    assert queue.group(groups[0].key) == groups[0]
    assert queue.group(groups[0].questions[0].log_id) == groups[0]
    with pytest.raises(NotFoundError):
        queue.group(999)


def test_a_group_becomes_a_draft_in_one_action(database: Database) -> None:
    log = QuestionLog(database)
    for question in UNRESOLVED["viaticos"][:3]:
        _log(log, question)
    _log(log, "¿Cuál es la clave del wifi del DNP?")
    queue = UnresolvedQueue(log=log, embed=FakeEmbedder().embed_documents, threshold=0.2)
    bank = FaqBank(FaqStore(database))
    group = next(g for g in queue.groups() if g.count == 3)
    with pytest.raises(FaqPermissionDeniedError):
        queue.draft(group.key, bank, Actor.of("rosa", "revisor"))
    record = queue.draft(group.key, bank, EDITOR, tags=("viaticos",))
    assert record.status is Status.BORRADOR and record.content.answer == ""
    phrasings = {record.content.question, *record.content.alternatives}
    assert phrasings == set(UNRESOLVED["viaticos"][:3])
    assert record.content.question == group.representative
    assert "3 pregunta(s) sin resolver" in (bank.store.revisions(record.entry_id)[0].note or "")
    # The group left the queue; its questions point to the draft.
    assert [g.count for g in queue.groups()] == [1]
    assert {q.resolved_by for q in log.between()} == {record.entry_id, None}


def test_question_key_ignores_case_accents_and_punctuation() -> None:
    assert question_key("¿Cuántos días?") == question_key("cuantos  dias")


def test_centering_removes_the_background_direction() -> None:
    vectors = np.array([[1.0, 0.1, 0.0], [1.0, 0.0, 0.1]])
    assert np.allclose(center(vectors), vectors / np.linalg.norm(vectors, axis=1)[:, None])
    background = np.array([[1.0, 0.0, 0.0], [0.9, 0.0, 0.0]])
    centered = center(vectors, background)
    unit = centered / np.linalg.norm(centered, axis=1)[:, None]
    assert unit[0] @ unit[1] < 0.5 < vectors[0] @ vectors[1] / 1.01


@pytest.mark.slow
def test_clustering_the_fixture_with_the_real_model(policy_services) -> None:  # type: ignore[no-untyped-def]
    kb = policy_services.knowledge
    kb.warm_up()
    texts = [q for questions in UNRESOLVED.values() for q in questions]
    labels = [label for label, questions in UNRESOLVED.items() for _ in questions]
    background = np.asarray(kb.embed_texts([p for e in load_seed() for p in e.phrasings]))
    vectors = center(np.asarray(kb.embed_texts(texts)), background)
    groups = cluster(vectors, 0.25)
    purity, completeness = _scores(groups, labels)
    print(f"\n{len(groups)} grupos, pureza {purity:.2f}, completitud {completeness:.2f}")
    assert 7 <= len(groups) <= 12
    assert purity >= 0.9 and completeness >= 0.85
    # Without centering, e5 similarities are too compressed for any threshold to work.
    raw_purity, _ = _scores(cluster(np.asarray(kb.embed_texts(texts)), 0.9), labels)
    assert raw_purity < purity


class _CountingEmbedder(FakeEmbedder):
    """Counts the texts it embeds (the cost a read of the queue pays)."""

    embedded = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded += len(texts)
        return super().embed_documents(texts)


@pytest.mark.parametrize("backlog", [10, 1_000])
def test_a_read_of_the_queue_costs_the_same_with_a_big_backlog(
    database: Database, backlog: int
) -> None:
    """The first read after 4,735 new abstentions used to embed and cluster them all (78 s)."""
    log = QuestionLog(database)
    texts = [q for questions in UNRESOLVED.values() for q in questions]
    for n in range(backlog):
        _log(log, f"{texts[n % len(texts)]} ({n})")
    embedder = _CountingEmbedder()
    queue = UnresolvedQueue(log=log, embed=embedder.embed_documents, threshold=0.3)
    first = queue.groups()
    assert embedder.embedded <= READ_STEP
    assert first and all(g.count >= 1 for g in first)
    while queue.assign_pending():  # what the server's background step does
        pass
    embedder.embedded = 0
    groups = queue.groups()
    assert embedder.embedded == 0 and len(groups) <= queue.page
    assert sum(g.count for g in groups) <= backlog
    assert all(len(g.questions) <= queue.members for g in groups)


@pytest.mark.slow
def test_incremental_grouping_of_the_fixture_with_the_real_model(policy_services) -> None:  # type: ignore[no-untyped-def]
    kb = policy_services.knowledge
    kb.warm_up()
    log = policy_services.question_log
    policy_services.database.create_schema()
    labels = {}
    for label, questions in UNRESOLVED.items():
        for question in questions:
            labels[_log(log, question)] = label
    queue = UnresolvedQueue(
        log=log,
        embed=kb.embed_texts,
        background=lambda: [p for e in load_seed() for p in e.phrasings],
    )
    while queue.assign_pending():  # the server's background step
        pass
    groups = [[q.log_id for q in g.questions] for g in queue.groups()]
    ids = list(labels)
    purity, completeness = _scores(
        [[ids.index(i) for i in g] for g in groups], [labels[i] for i in ids]
    )
    print(f"\n{len(groups)} grupos, pureza {purity:.2f}, completitud {completeness:.2f}")
    assert 7 <= len(groups) <= 12
    assert purity >= 0.9 and completeness >= 0.85


@pytest.mark.slow
def test_the_larger_fixture_is_grouped_without_mixing_intents(policy_services) -> None:  # type: ignore[no-untyped-def]
    """108 questions in 12 intents (tests/data/cola_sin_resolver.jsonl), as `make eval` prints."""
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 100
    policy_services.knowledge.warm_up()
    questions = [r["question"] for r in rows]
    score = grouping_score(
        policy_services.unresolved_questions.grouping(questions), [r["group"] for r in rows]
    )
    print(f"\n{score.summary}")
    assert score.purity >= 0.85 and score.completeness >= 0.4  # measured 0.861 / 0.426


def test_grouping_score_counts_mixed_and_split_groups() -> None:
    labels = ["salario", "salario", "fichas", "fichas", "vacaciones"]
    score = grouping_score([[0, 2], [1], [3, 4]], labels)
    assert (score.found, score.intended, score.mixed) == (3, 3, 2)
    assert score.purity == pytest.approx(3 / 5)  # majority of {0,2}, {1}, {3,4}: 1 + 1 + 1
    assert score.completeness == pytest.approx(3 / 5)  # every intent split in two
    assert grouping_score([[0, 1], [2, 3], [4]], labels).purity == 1.0
