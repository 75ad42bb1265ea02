"""The matching regression run before publishing catches an entry that hijacks another's
phrasings (or whose own phrasings would not route to it)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from assistant.faq.bank import GATE_THREAD, FaqBank
from assistant.faq.errors import MatchingConflictError
from assistant.faq.matcher import FaqEntry, FaqMatcher, load_seed
from assistant.faq.regression import SEED_VECTORS, MatchingRegression, replace_entries
from assistant.faq.revision import FaqContent
from assistant.faq.store import FaqStore
from assistant.faq.workflow import Actor
from assistant.storage.database import Database
from knowledge.blob_cache import BlobCache
from tests.fakes.embedder import FakeEmbedder

EDITOR = Actor.of("ana", "editor")
REVIEWER = Actor.of("rosa", "revisor")
FICHA = FaqContent(
    question="¿Quién revisa la ficha de pre-diseño?",
    answer="La DER.",
    alternatives=("¿La DER revisa la ficha de pre-diseño?",),
)
HIJACKER = FaqContent(
    question="¿Cuánto tarda la revisión de la ficha?",
    answer="Diez días.",
    # The same words as FICHA's question: the matcher cannot tell them apart.
    alternatives=("quién revisa la ficha de pre-diseño",),
)


def _regression(embedder: FakeEmbedder, threshold: float = 0.9) -> MatchingRegression:
    return MatchingRegression(
        embed_texts=embedder.embed_documents, embed_query=embedder.embed_query, threshold=threshold
    )


@pytest.fixture
def bank(database_url: str) -> Iterator[FaqBank]:
    """A bank whose publishing runs the regression with a deterministic embedder."""
    database = Database(database_url)
    database.create_schema()
    yield FaqBank(FaqStore(database), regression=_regression(FakeEmbedder()))
    database.dispose()


def _approved(bank: FaqBank, content: FaqContent) -> str:
    entry_id = bank.create(content, EDITOR).entry_id
    bank.submit(entry_id, EDITOR)
    bank.approve(entry_id, REVIEWER)
    return entry_id


def test_a_hijack_blocks_publishing_until_overridden_with_a_reason(bank: FaqBank) -> None:
    ficha = _approved(bank, FICHA)
    assert bank.publish(ficha, REVIEWER).report.ok  # type: ignore[union-attr]
    hijacker = _approved(bank, HIJACKER)
    version = bank.version()
    with pytest.raises(MatchingConflictError) as caught:
        bank.publish(hijacker, REVIEWER)
    conflicts = caught.value.conflicts
    assert {(c.kind, c.entry_id, c.other_id) for c in conflicts} == {
        ("secuestro", ficha, hijacker),
        ("secuestro", hijacker, ficha),
    }
    assert "lo respondería" in conflicts[0].describe()
    assert bank.version() == version
    assert [e.entry_id for e in bank.entries()] == [ficha]
    outcome = bank.publish(hijacker, REVIEWER, override_reason="la DER pidió ambas")
    assert outcome.override_reason == "la DER pidió ambas"
    assert bank.store.events(hijacker)[-1].reason == "conflictos ignorados: la DER pidió ambas"
    assert [e.entry_id for e in bank.entries()] == [ficha, hijacker]


def test_preview_shows_the_conflicts_before_publishing(bank: FaqBank) -> None:
    bank.publish(_approved(bank, FICHA), REVIEWER)
    report = bank.preview(_approved(bank, HIJACKER))
    assert report is not None and len(report.blocking) == 2 and report.existing == []


def test_a_distinct_entry_publishes_cleanly(bank: FaqBank) -> None:
    bank.publish(_approved(bank, FICHA), REVIEWER)
    other = FaqContent("¿Qué es el SETA?", "El sistema de seguimiento.", ("sistema seta",))
    outcome = bank.publish(_approved(bank, other), REVIEWER)
    assert outcome.report is not None and outcome.report.ok


def test_only_new_conflicts_block(bank: FaqBank) -> None:
    ficha = _approved(bank, FICHA)
    bank.publish(ficha, REVIEWER)
    hijacker = _approved(bank, HIJACKER)
    bank.publish(hijacker, REVIEWER, override_reason="aceptado")
    # Editing the answer of the hijacked entry keeps the old conflict but adds none.
    bank.edit(
        ficha, FaqContent(FICHA.question, "La DER, en diez días.", FICHA.alternatives), EDITOR
    )
    bank.submit(ficha, EDITOR)
    bank.approve(ficha, REVIEWER)
    outcome = bank.publish(ficha, REVIEWER)
    assert outcome.report is not None and outcome.report.blocking == []
    assert len(outcome.report.existing) == 2


def test_a_phrasing_below_the_threshold_has_no_route() -> None:
    embedder = FakeEmbedder()
    entry = FaqEntry("faq-001", "¿Qué es el SETA?", "r", alternatives=("¿Qué es el SETA?",))
    regression = _regression(embedder, threshold=1.01)
    kinds = {c.kind for c in regression.conflicts([entry])}
    assert kinds == {"sin_ruta"}


def test_replace_entries_keeps_the_matcher_order() -> None:
    a, b, c = (FaqEntry(f"faq-00{i}", f"¿{i}?", "r") for i in (1, 2, 3))
    assert [e.entry_id for e in replace_entries([c, a], [b], removed=["faq-003"])] == [
        "faq-001",
        "faq-002",
    ]


def test_entry_scores_agree_with_best() -> None:
    embedder = FakeEmbedder()
    matcher = FaqMatcher(embed=embedder.embed_documents)
    matcher.load([FaqEntry("a", "¿Qué es el SETA?", "r"), FaqEntry("b", "¿Quién es la DER?", "r")])
    vector = embedder.embed_query("¿quién es la DER?")
    best = matcher.best(vector)
    scores = matcher.entry_scores(vector)
    assert best is not None and best.entry.entry_id == "b"
    assert scores[1] == pytest.approx(best.score) and scores[0] < scores[1]


@pytest.mark.slow
def test_the_seed_with_the_real_model(policy_services) -> None:  # type: ignore[no-untyped-def]
    """With multilingual-e5-small, the seed has two known hijacks (faq-001/faq-011 and
    faq-059/faq-069); a new entry whose phrasing copies a seed question is caught."""
    kb = policy_services.knowledge
    kb.warm_up()
    regression = MatchingRegression(embed_texts=kb.embed_texts, embed_query=kb.embed_query)
    seed = load_seed()
    existing = regression.conflicts(seed)
    assert {(c.entry_id, c.other_id) for c in existing} <= {
        ("faq-001", "faq-011"),
        ("faq-059", "faq-069"),
    }
    copied = seed[20].question.replace("¿", "").replace("?", "").lower()
    copy = FaqEntry("faq-900", "¿Cuánto cuesta el parqueadero?", "r", alternatives=(copied,))
    report = regression.check(seed, replace_entries(seed, [copy]))
    assert any(c.other_id == "faq-900" or c.entry_id == "faq-900" for c in report.blocking)


def test_the_gate_vectors_are_computed_once_and_shared_through_the_cache(tmp_path: Path) -> None:
    embedder = FakeEmbedder()
    computed: list[str] = []

    def embed_query(text: str) -> list[float]:
        computed.append(text)
        return embedder.embed_query(text)

    def regression() -> MatchingRegression:
        cache = BlobCache(tmp_path / "cache.sqlite", "faq_query_vectors", "falso")
        return MatchingRegression(
            embed_texts=embedder.embed_documents, embed_query=embed_query, query_cache=cache
        )

    entries = [FICHA.as_entry("ficha", 1), HIJACKER.as_entry("plazo", 1)]
    first = regression()
    assert first.prepare(entries) == 4 and first.prepare(entries) == 0
    other_worker = regression()  # another process: reads the cache, computes nothing
    assert other_worker.prepare(entries) == 0 and len(computed) == 4
    before, after = entries[:1], entries
    expected = [c.key for c in _regression(FakeEmbedder()).check(before, after).blocking]
    assert [c.key for c in other_worker.check(before, after).blocking] == expected
    assert expected  # the hijack is still caught with cached vectors


def test_approving_prepares_the_gate_before_publishing(bank: FaqBank) -> None:
    entry_id = _approved(bank, FICHA)
    for thread in threading.enumerate():
        if thread.name == GATE_THREAD:
            thread.join()
    assert bank.regression is not None
    assert bank.regression.prepare([FICHA.as_entry(entry_id, 1)]) == 0  # already there


def test_the_shipped_seed_vectors_cover_every_seed_phrasing(tmp_path: Path) -> None:
    """When the seed changes, ``make vectores`` must run again (or publishing is slow)."""
    shipped = np.load(SEED_VECTORS, allow_pickle=False)
    cache = BlobCache(tmp_path / "cache.sqlite", "faq_query_vectors", str(shipped["model_id"]))
    phrasings = {p for entry in load_seed() for p in entry.phrasings}
    assert {cache.key(p) for p in phrasings} <= set(shipped["keys"].tolist())
    regression = MatchingRegression(
        embed_texts=FakeEmbedder().embed_documents,
        embed_query=FakeEmbedder().embed_query,
        query_cache=cache,
    )
    assert regression.seed() == len(shipped["keys"]) and regression.seed() == 0
