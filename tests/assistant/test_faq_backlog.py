"""The "preguntas sin resolver" queue: abstentions and not-useful answers grouped by
similarity, counted, newest first; a group becomes a FAQ draft in one action."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.answering.answer import Answer
from assistant.errors import NotFoundError
from assistant.faq.backlog import (
    DEFAULT_GROUP_THRESHOLD,
    UnresolvedQueue,
    average_linkage,
    center,
    grouping_score,
    question_key,
    similarity,
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


def _log(log: QuestionLog, question: str, *, abstained: bool = True) -> int:
    answer = Answer(text="…", route="ninguna" if abstained else "politica", abstained=abstained)
    log_id = log.record(question, answer, channel="slack", user_id="U1")
    assert log_id is not None
    return log_id


def test_average_linkage_groups_what_is_alike_on_average() -> None:
    similar = np.array(
        [
            [1.0, 0.1, 0.9, 0.1, 0.0],
            [0.1, 1.0, 0.1, 0.8, 0.0],
            [0.9, 0.1, 1.0, 0.2, 0.0],
            [0.1, 0.8, 0.2, 1.0, 0.3],
            [0.0, 0.0, 0.0, 0.3, 1.0],
        ]
    )
    assert average_linkage(similar, 0.5) == [[0, 2], [1, 3], [4]]
    # {1,3} and {4} average 0.15: one group only from a threshold that low
    assert average_linkage(similar, 0.1)[-1] == [1, 3, 4]
    assert average_linkage(np.zeros((0, 0)), 0.5) == []
    assert average_linkage(np.ones((1, 1)), 0.5) == [[0]]


def test_shared_words_count_beside_the_embedding() -> None:
    vectors = np.array([[1.0, 0.0], [1.0, 0.0], [1.0, 0.0]])
    questions = ["¿Cuándo pagan la nómina?", "fecha de pago de la nómina", "¿Cuántas fichas tengo?"]
    similar = similarity(vectors, questions)
    assert similar[0, 1] > similar[0, 2]  # same direction, but only 0 and 1 share words


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
    groups = average_linkage(similarity(vectors, texts), DEFAULT_GROUP_THRESHOLD)
    score = grouping_score(groups, labels)
    purity, completeness = score.purity, score.completeness
    print(f"\n{len(groups)} grupos, pureza {purity:.2f}, completitud {completeness:.2f}")
    assert 7 <= len(groups) <= 12
    assert purity >= 0.9 and completeness >= 0.85
    # Without centering, e5 similarities are too compressed for the threshold to work.
    raw = similarity(np.asarray(kb.embed_texts(texts)), texts)
    raw_purity = grouping_score(average_linkage(raw, DEFAULT_GROUP_THRESHOLD), labels).purity
    assert raw_purity < purity


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
