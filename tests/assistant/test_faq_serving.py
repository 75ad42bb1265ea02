"""The answering serves the database's FAQ bank: the seed on first run, and every publish or
archive on the next question of any process (two `Services` on one database), without
reloading entries while nothing changed. Every answer is logged."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.faq.matcher import FaqEntry, load_seed
from assistant.faq.revision import FaqContent
from assistant.faq.workflow import Actor
from assistant.usage.feedback import Feedback
from assistant.wiring import Services, build_services, knowledge_config
from knowledge import KnowledgeBase
from tests.conftest import make_settings

EDITOR = Actor.of("ana", "editor")
REVIEWER = Actor.of("rosa", "revisor")
QUESTION = "¿Cuál es el horario de atención del equipo de comunicaciones del DNP?"


@pytest.fixture
def make_services(tmp_path: Path, database_url: str) -> Iterator[Callable[[], Services]]:
    """Builds independent `Services` (as two worker processes would) over one database and
    one index, with a fast deterministic embedder."""
    settings = make_settings(tmp_path / "datos", database_url=database_url)
    built: list[Services] = []

    def make() -> Services:
        services = build_services(settings)
        services.override(
            knowledge=KnowledgeBase(
                knowledge_config(settings),
                embeddings=DeterministicFakeEmbedding(size=32),
                use_shipped_vectors=False,
            )
        )
        built.append(services)
        return services

    yield make
    for services in built:
        if services.built("database"):
            services.database.dispose()


def _publish(services: Services, content: FaqContent) -> str:
    bank = services.faq_bank
    entry_id = bank.create(content, EDITOR).entry_id
    bank.submit(entry_id, EDITOR)
    bank.approve(entry_id, REVIEWER)
    bank.publish(entry_id, REVIEWER)
    return entry_id


def test_the_seed_is_imported_once_and_served(make_services: Callable[[], Services]) -> None:
    first, second = make_services(), make_services()
    assert len(first.faq_bank.entries()) == 87
    assert second.faq_bank.ensure_seed(load_seed()) == 0
    assert [e.entry_id for e in second.faq_bank.entries()] == [e.entry_id for e in load_seed()]
    assert first.faq_bank.store.revisions("faq-001")[0].note == "semilla"
    # Archived seed entries are not brought back by a later start.
    first.faq_bank.archive("faq-001", Actor.of("carla", "comunicaciones"))
    assert make_services().faq_bank.ensure_seed(load_seed()) == 0
    assert "faq-001" not in {e.entry_id for e in second.faq_bank.entries()}


def test_publishing_takes_effect_in_another_worker_without_restart(
    make_services: Callable[[], Services],
) -> None:
    editor_side, worker = make_services(), make_services()
    answerer = worker.answerer
    answerer.warm_up()
    assert answerer.answer(QUESTION).route != "faq"
    entry_id = _publish(
        editor_side,
        FaqContent(QUESTION, "De lunes a viernes, de 8:00 a 17:00.", sections=("Introducción",)),
    )
    started = time.perf_counter()
    answer = answerer.answer(QUESTION)
    elapsed = time.perf_counter() - started
    assert (answer.route, answer.faq_id) == ("faq", entry_id)
    assert answer.text.startswith("De lunes a viernes")
    assert elapsed < 5.0
    editor_side.faq_bank.archive(entry_id, REVIEWER, "cambió el horario")
    assert answerer.answer(QUESTION).route != "faq"


def test_entries_are_reloaded_only_when_the_published_set_changes(
    make_services: Callable[[], Services], monkeypatch: pytest.MonkeyPatch
) -> None:
    editor_side, worker = make_services(), make_services()
    answerer = worker.answerer
    answerer.warm_up()
    bank = worker.faq_bank
    reads: list[int] = []
    real_entries = bank.entries

    def counted() -> list:  # type: ignore[type-arg]
        reads.append(1)
        return real_entries()

    monkeypatch.setattr(bank, "entries", counted)
    for _ in range(3):
        answerer.answer("¿Qué es la ficha de pre-diseño?")
    assert reads == []
    # A draft or an edit does not change what is served: still no reload.
    editor_side.faq_bank.create(FaqContent("¿Borrador?", "Aún no."), EDITOR)
    answerer.answer("¿Qué es la ficha de pre-diseño?")
    assert reads == []
    _publish(editor_side, FaqContent(QUESTION, "De 8 a 5."))
    answerer.answer("¿Qué es la ficha de pre-diseño?")
    answerer.answer("¿Qué es la ficha de pre-diseño?")
    assert reads == [1]


def test_every_answer_is_logged_with_its_route_and_context(
    make_services: Callable[[], Services],
) -> None:
    services = make_services()
    answerer = services.answerer
    answerer.warm_up()
    faq = load_seed()[3]
    served = answerer.answer(faq.question, channel="slack", user_id="U42")
    unanswered = answerer.answer(
        "¿Cuántos días de vacaciones tengo este año?", conversation_id=served.conversation_id
    )
    logged = services.question_log.between()
    assert [(q.question, q.route, q.faq_id, q.channel, q.user_id) for q in logged] == [
        (faq.question, "faq", faq.entry_id, "slack", "U42"),
        ("¿Cuántos días de vacaciones tengo este año?", unanswered.route, None, "cli", None),
    ]
    assert logged[0].conversation_id == served.conversation_id == logged[1].conversation_id
    assert logged[0].confidence == pytest.approx(served.confidence)
    assert logged[1].abstained == unanswered.abstained
    marked = services.question_log.give_feedback(logged[0].log_id, Feedback.NO_UTIL, "  no  ")
    assert (marked.feedback, marked.feedback_reason) == (Feedback.NO_UTIL, "no")


def test_a_curated_list_names_its_items_for_follow_ups() -> None:
    entry = FaqEntry(
        "faq-x",
        "¿Cuáles son las etapas?",
        "Son **cuatro**. En detalle:\n1. **Pre-diseño**: la idea.\n2. **Diseño**: el protocolo."
        "\n- **Captura de información:** recolección.\nTexto con **negrita** en medio.",
    )
    assert entry.items == ("Pre-diseño", "Diseño", "Captura de información")
    assert FaqEntry("faq-y", "¿Qué es?", "Una definición sin lista.").items == ()
