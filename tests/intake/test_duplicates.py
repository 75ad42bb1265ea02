"""NAME-DUPLICATE and the pre-computed duplicate index (with the deterministic fake embedder)."""

from __future__ import annotations

import numpy as np
import pytest

from intake import (
    DuplicateIndex,
    PortfolioEntry,
    RulesConfig,
    RulesEngine,
    TextEmbedder,
    generate_portfolio,
    load_examples,
)
from intake.rules.checks.similarity import SemanticDuplicate, topic_stems
from tests.fakes.embedder import FakeEmbedder
from tests.intake.factories import valid_ficha, with_fields

FISCAL = load_examples()["reporte_informacion_fiscal"]
PRODUCT = PortfolioEntry(
    id="PORT-017",
    name="Asistencia técnica para la calidad del reporte de información fiscal territorial",
    problem=FISCAL.problema.enunciado or "",
    kind="producto",
)


def _duplicates(engine: RulesEngine, **changes: object) -> list:  # type: ignore[type-arg]
    report = engine.validate(with_fields(valid_ficha(), **changes))
    return [f for f in report.findings if f.rule_id == "NAME-DUPLICATE"]


def test_fake_embedder_satisfies_the_port() -> None:
    assert isinstance(FakeEmbedder(), TextEmbedder)


def test_near_duplicate_points_to_the_other_ficha(
    rules: RulesConfig, embedder: FakeEmbedder
) -> None:
    portfolio = [PortfolioEntry.from_ficha(FISCAL), *generate_portfolio(200)]
    engine = RulesEngine(rules, embedder=embedder, portfolio=portfolio)
    found = _duplicates(
        engine,
        nombre="Asistencia técnica para mejorar la calidad del reporte de información fiscal",
        problema__enunciado=FISCAL.problema.enunciado,
    )
    assert len(found) == 1
    finding = found[0]
    assert finding.duplicate_of is not None
    assert finding.duplicate_of.id == FISCAL.id
    assert finding.duplicate_of.name == FISCAL.nombre
    assert 0.88 <= finding.duplicate_of.similarity <= 1.0
    assert f"({FISCAL.id})" in finding.message and "articularse" in finding.message
    assert finding.key == f"NAME-DUPLICATE@nombre#{FISCAL.id}"
    assert finding.field == "nombre"


def test_portfolio_products_are_named_as_such(rules: RulesConfig, embedder: FakeEmbedder) -> None:
    engine = RulesEngine(rules, embedder=embedder, portfolio=[PRODUCT])
    found = _duplicates(engine, nombre=PRODUCT.name, problema__enunciado=PRODUCT.problem)
    assert [f.duplicate_of.kind for f in found if f.duplicate_of] == ["producto"]
    assert "producto del portafolio" in found[0].message


def test_unrelated_fichas_are_not_duplicates(rules: RulesConfig, embedder: FakeEmbedder) -> None:
    portfolio = [PortfolioEntry.from_ficha(f) for f in load_examples().values()]
    engine = RulesEngine(rules, embedder=embedder, portfolio=portfolio)
    # The baseline ficha is in the portfolio under its own id: not a duplicate of itself.
    assert _duplicates(engine) == []


def test_threshold_comes_from_the_rules(rules: RulesConfig, embedder: FakeEmbedder) -> None:
    rule = rules.rule("NAME-DUPLICATE")
    assert rule.check.threshold == pytest.approx(0.88)  # type: ignore[attr-defined]
    index = DuplicateIndex(embedder, [PortfolioEntry.from_ficha(FISCAL)])
    ficha = valid_ficha()
    loose = index.search(ficha.nombre, ficha.problema.enunciado, threshold=0.01)
    strict = index.search(ficha.nombre, ficha.problema.enunciado, threshold=0.88)
    assert len(loose) == 1 and strict == []


def test_index_embeds_the_stored_side_once_and_caches_queries(embedder: FakeEmbedder) -> None:
    portfolio = generate_portfolio(1000)
    index = DuplicateIndex(embedder, portfolio)
    assert embedder.document_calls == 1 and embedder.embedded_texts == 1000
    first = index.search("Asesoría en la gestión del catastro", "Retrasos", threshold=0.1)
    again = index.search("Asesoría en la gestión del catastro", "Retrasos", threshold=0.1)
    assert first == again and first
    # One embedding for the query, reused the second time; the stored side was not re-embedded.
    assert embedder.embedded_texts == 1001
    assert index.vectors.shape == (1000, 384)


def test_best_match_among_a_thousand(embedder: FakeEmbedder) -> None:
    portfolio = generate_portfolio(1000)
    target = portfolio[637]
    index = DuplicateIndex(embedder, portfolio)
    matches = index.search(target.name, target.problem, threshold=0.5, limit=3)
    assert matches[0].entry.id == target.id
    assert matches[0].similarity == pytest.approx(1.0, abs=1e-5)
    assert [m.similarity for m in matches] == sorted((m.similarity for m in matches), reverse=True)
    assert (
        index.search(target.name, target.problem, threshold=0.5, exclude_id=target.id)[0].entry.id
        != target.id
    )


def test_add_replace_and_remove(embedder: FakeEmbedder) -> None:
    index = DuplicateIndex(embedder)
    assert index.search("Algo", "", threshold=0.0) == []
    index.add([PortfolioEntry("a", "Mesa técnica de regalías"), PortfolioEntry("b", "Kit PDT")])
    index.add([PortfolioEntry("a", "Observatorio fiscal territorial")])
    assert [e.id for e in index.entries] == ["b", "a"]
    assert index.search("Observatorio fiscal territorial", "", threshold=0.99)[0].entry.id == "a"
    index.remove("a")
    assert len(index) == 1
    assert index.search("Observatorio fiscal territorial", "", threshold=0.99) == []


def test_index_from_cached_vectors_needs_no_embedding_of_the_stored_side(
    embedder: FakeEmbedder,
) -> None:
    portfolio = generate_portfolio(50)
    vectors = DuplicateIndex(FakeEmbedder(), portfolio).vectors
    index = DuplicateIndex.from_vectors(embedder, portfolio, vectors)
    assert embedder.embedded_texts == 0
    match = index.search(portfolio[3].name, portfolio[3].problem, threshold=0.99)
    assert match[0].entry.id == portfolio[3].id
    assert embedder.embedded_texts == 1
    with pytest.raises(ValueError):
        DuplicateIndex.from_vectors(embedder, portfolio, np.zeros((3, 384)))


def test_engine_embeds_the_portfolio_lazily(rules: RulesConfig, embedder: FakeEmbedder) -> None:
    engine = RulesEngine(rules, embedder=embedder, portfolio=generate_portfolio(30))
    engine.validate_field(valid_ficha(), "vigencia")
    assert embedder.embedded_texts == 0
    engine.warm_up()
    assert embedder.embedded_texts == 30
    engine.add_to_portfolio([PortfolioEntry.from_ficha(FISCAL)])
    engine.validate_field(valid_ficha(), "nombre")
    assert len(engine.duplicate_index or []) == 31


def test_failing_embedder_skips_the_rule_and_keeps_the_others(
    rules: RulesConfig, embedder: FakeEmbedder, caplog: pytest.LogCaptureFixture
) -> None:
    engine = RulesEngine(rules, embedder=embedder, portfolio=generate_portfolio(5))
    engine.warm_up()
    embedder.fail = True
    report = engine.validate(with_fields(valid_ficha(), nombre="Kit"))
    assert [s.rule_id for s in report.skipped] == ["NAME-DUPLICATE"]
    assert "no respondió" in report.skipped[0].reason
    assert [f.rule_id for f in report.findings] == ["NAME-LENGTH"]
    assert "Falló el modelo de embeddings" in caplog.text


def test_failing_embedder_while_building_the_index(
    rules: RulesConfig, embedder: FakeEmbedder
) -> None:
    embedder.fail = True
    engine = RulesEngine(rules, embedder=embedder, portfolio=generate_portfolio(5))
    report = engine.validate(valid_ficha())
    assert report.ok
    assert "fichas almacenadas" in report.skipped[0].reason


def test_stored_ficha_needs_an_id() -> None:
    with pytest.raises(ValueError):
        PortfolioEntry.from_ficha(with_fields(valid_ficha(), id=None))


class HubEmbedder(FakeEmbedder):
    """Like multilingual-e5 on short names: every text lands close to every other (cos ≈ 0.9)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        common = np.ones(384) / np.sqrt(384)
        own = np.asarray(super().embed_documents(texts))
        return [list(0.95 * common + 0.3 * v) for v in own]


UNRELATED_SHORT_NAMES = [
    "Semillero de líderes",
    "Red de alcaldesas",
    "Escuela de gobierno local",
    "Turismo sostenible",
    "Becas de posgrado",
    "Mercados campesinos",
]
PORTFOLIO_PRODUCTS = [
    PortfolioEntry(id=f"PORT-{n}", name=name, kind="producto")
    for n, name in enumerate(
        [
            "Mesa técnica de apoyo a la gestión del catastro multipropósito en municipios",
            "Asistencia técnica para la formulación de proyectos de inversión del SGR",
            "Capacitación en la rendición de cuentas de los mandatarios locales",
            "Servicio de orientación para el reporte de información presupuestal en CUIPO",
        ]
    )
]


@pytest.mark.parametrize("name", UNRELATED_SHORT_NAMES)
def test_an_unrelated_short_name_is_not_a_duplicate_even_when_vectors_are_close(
    rules: RulesConfig, name: str
) -> None:
    engine = RulesEngine(rules, embedder=HubEmbedder(), portfolio=PORTFOLIO_PRODUCTS)
    assert _duplicates(engine, nombre=name, problema__enunciado=None) == []


def test_a_paraphrase_that_shares_its_topic_is_still_a_duplicate(rules: RulesConfig) -> None:
    engine = RulesEngine(rules, embedder=HubEmbedder(), portfolio=PORTFOLIO_PRODUCTS)
    found = _duplicates(
        engine, nombre="Acompañamiento para formular proyectos del SGR", problema__enunciado=None
    )
    assert [f.duplicate_of.id for f in found if f.duplicate_of] == ["PORT-1"]


def test_topic_words_leave_out_generic_and_short_words(rules: RulesConfig) -> None:
    check = rules.rule("NAME-DUPLICATE").check
    assert isinstance(check, SemanticDuplicate)
    stems = topic_stems(
        "Asistencia técnica a los municipios para formular proyectos", check.generic
    )
    assert stems == {"formu", "proye"}
