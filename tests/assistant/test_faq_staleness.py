"""Entries whose linked sections changed or disappeared after a re-ingest are flagged for
review; linking a section that does not exist is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.faq.bank import FaqBank
from assistant.faq.errors import FaqValidationError
from assistant.faq.notices import COMMUNICATIONS_RECIPIENT, NEEDS_CHECK
from assistant.faq.revision import FaqContent
from assistant.faq.sections import SectionCatalog, changed_sections
from assistant.faq.staleness import StalenessCheck
from assistant.faq.store import FaqStore
from assistant.faq.workflow import Actor
from assistant.storage.database import Database
from intake import Outbox
from knowledge import KnowledgeBase, KnowledgeConfig

EDITOR = Actor.of("ana", "editor")
REVIEWER = Actor.of("rosa", "revisor")
GUIDE = (
    "# Guía de viáticos\n\n## Liquidación\n\nLos viáticos se liquidan según la resolución "
    "interna de la entidad.\n\n## Anticipos\n\nLos anticipos se solicitan con cinco días de "
    "antelación.\n"
)
LIQUIDATION = "Guía de viáticos > Liquidación"
ADVANCES = "Guía de viáticos > Anticipos"


@pytest.fixture
def kb(tmp_path: Path) -> KnowledgeBase:
    """The policy plus a small guide, with a fast deterministic embedder."""
    config = KnowledgeConfig(index_dir=tmp_path / "indice", allowed_dirs=[tmp_path])
    base = KnowledgeBase(
        config, embeddings=DeterministicFakeEmbedding(size=32), use_shipped_vectors=False
    )
    base.warm_up()
    base.ensure_index()
    base.ingest([_write(tmp_path, GUIDE)])
    return base


@pytest.fixture
def bank(database_url: str, kb: KnowledgeBase) -> Iterator[FaqBank]:
    """A bank that validates sections against ``kb``."""
    database = Database(database_url)
    database.create_schema()
    yield FaqBank(FaqStore(database), sections=SectionCatalog(kb))
    database.dispose()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "guia.md"
    path.write_text(text, encoding="utf-8")
    return path


def _published(bank: FaqBank, question: str, *sections: str) -> str:
    entry_id = bank.create(FaqContent(question, "Respuesta.", sections=sections), EDITOR).entry_id
    bank.submit(entry_id, EDITOR)
    bank.approve(entry_id, REVIEWER)
    bank.publish(entry_id, REVIEWER)
    return entry_id


def test_a_link_to_a_section_that_does_not_exist_is_refused(bank: FaqBank) -> None:
    with pytest.raises(FaqValidationError, match="«Guía de viáticos > Hospedaje» no existe"):
        bank.create(
            FaqContent("¿Y el hospedaje?", "r", sections=("Guía de viáticos > Hospedaje",)), EDITOR
        )
    # A reference is a breadcrumb prefix: a whole lineamiento, or a document.
    record = bank.create(
        FaqContent("¿Qué dice?", "r", sections=("Lineamiento 2", "Guía de viáticos")), EDITOR
    )
    assert record.content.sections == ("Lineamiento 2", "Guía de viáticos")


def test_a_changed_or_removed_section_flags_its_entries(
    bank: FaqBank, kb: KnowledgeBase, tmp_path: Path
) -> None:
    check = StalenessCheck(bank.store, SectionCatalog(kb))
    liquidation = _published(bank, "¿Cómo se liquidan los viáticos?", LIQUIDATION)
    advances = _published(bank, "¿Cuándo pido un anticipo?", ADVANCES)
    policy = _published(bank, "¿Qué es la ficha?", "Lineamiento 2")
    assert check.run() == []
    kb.ingest([_write(tmp_path, GUIDE.replace("resolución interna", "circular 12"))])
    [stale] = check.run()
    assert (stale.entry_id, stale.changed, stale.missing, stale.newly_flagged) == (
        liquidation,
        (LIQUIDATION,),
        (),
        True,
    )
    assert "cambió" in stale.describe()
    record = bank.store.get(liquidation)
    assert record.needs_review and LIQUIDATION in (record.review_reason or "")
    assert record.served  # flagged, still served until someone acts
    # Running again reports it, but not as new; the other entries are untouched.
    assert [(s.entry_id, s.newly_flagged) for s in check.run()] == [(liquidation, False)]
    assert not bank.store.get(advances).needs_review and not bank.store.get(policy).needs_review
    # The guide goes back to its first text without «Anticipos»: the liquidation entry stays
    # flagged (nobody reviewed it), the advances entry is flagged as gone.
    kb.ingest([_write(tmp_path, GUIDE.split("## Anticipos")[0])])
    flagged = {s.entry_id: s for s in check.run()}
    assert set(flagged) == {liquidation, advances}
    assert (
        flagged[advances].missing == (ADVANCES,) and "ya no existe" in flagged[advances].describe()
    )
    assert flagged[liquidation].changed == () and not flagged[liquidation].newly_flagged
    assert LIQUIDATION in flagged[liquidation].describe()
    assert [e.action for e in bank.store.events(advances)][-1] == "marcar-revision"


def test_an_unchanged_reingest_flags_nothing(
    bank: FaqBank, kb: KnowledgeBase, tmp_path: Path
) -> None:
    _published(bank, "¿Cómo se liquidan los viáticos?", LIQUIDATION)
    check = StalenessCheck(bank.store, SectionCatalog(kb))
    kb.ingest([_write(tmp_path, GUIDE)])
    assert check.run() == []


def test_confirming_or_publishing_clears_the_flag(
    bank: FaqBank, kb: KnowledgeBase, tmp_path: Path
) -> None:
    check = StalenessCheck(bank.store, SectionCatalog(kb))
    first = _published(bank, "¿Cómo se liquidan los viáticos?", LIQUIDATION)
    second = _published(bank, "¿Cuándo se liquidan los viáticos?", LIQUIDATION)
    kb.ingest([_write(tmp_path, GUIDE.replace("resolución interna", "circular 12"))])
    assert {s.entry_id for s in check.run()} == {first, second}
    with pytest.raises(Exception, match="permiso"):
        check.confirm(first, EDITOR)
    assert not check.confirm(first, REVIEWER).needs_review
    record = bank.store.get(second)
    bank.edit(
        second,
        FaqContent(record.content.question, "Ahora con la circular 12.", sections=(LIQUIDATION,)),
        EDITOR,
    )
    assert bank.store.get(second).needs_review  # the draft is not reviewed yet
    bank.submit(second, EDITOR)
    bank.approve(second, REVIEWER)
    bank.publish(second, REVIEWER)
    assert not bank.store.get(second).needs_review
    assert check.run() == []


def test_confirming_is_refused_while_a_section_is_gone(
    bank: FaqBank, kb: KnowledgeBase, tmp_path: Path
) -> None:
    check = StalenessCheck(bank.store, SectionCatalog(kb))
    entry_id = _published(bank, "¿Cuándo pido un anticipo?", ADVANCES)
    kb.ingest([_write(tmp_path, GUIDE.split("## Anticipos")[0])])
    check.run()
    with pytest.raises(FaqValidationError, match="ya no existe"):
        check.confirm(entry_id, REVIEWER)


def test_entries_without_fingerprints_get_a_baseline(bank: FaqBank, kb: KnowledgeBase) -> None:
    # Entries imported without an index (the seed) have no fingerprint yet.
    unchecked = FaqBank(bank.store)
    entry_id = unchecked.create(
        FaqContent("¿Viáticos?", "r", sections=(LIQUIDATION,)), EDITOR
    ).entry_id
    assert unchecked.store.revisions(entry_id)[0] is not None
    check = StalenessCheck(bank.store, SectionCatalog(kb))
    assert check.run() == []
    kb_sections = SectionCatalog(kb).fingerprints([LIQUIDATION])
    with bank.store.database.session() as session:
        row = bank.store.revision_row(session, entry_id, 1)
        assert row.section_hashes == kb_sections


def test_changed_sections_rules() -> None:
    assert changed_sections(None, {"a": "1"}) == []
    assert changed_sections({"a": "1"}, {"a": "1"}) == []
    assert changed_sections({"a": "1"}, {"a": "2"}) == ["a"]
    assert changed_sections({"a": "1"}, {"a": None}) == ["a"]
    assert changed_sections(None, {"a": None}) == ["a"]


def test_comunicaciones_is_told_once_when_an_entry_is_flagged(
    bank: FaqBank, kb: KnowledgeBase, tmp_path: Path
) -> None:
    outbox = Outbox(transaction=bank.store.database.session)
    check = StalenessCheck(bank.store, SectionCatalog(kb), outbox)
    entry_id = _published(bank, "¿Cómo se liquidan los viáticos?", LIQUIDATION)
    kb.ingest([_write(tmp_path, GUIDE.replace("resolución interna", "circular 12"))])
    check.run()
    check.run()  # still flagged: no second notice
    [sent] = outbox.addressed_to([COMMUNICATIONS_RECIPIENT])
    assert sent.notification.event == NEEDS_CHECK
    assert sent.notification.payload == {"entrada": entry_id}
    assert "¿Cómo se liquidan los viáticos?" in sent.notification.subject
