"""The benchmark function runs and reports its numbers (timings are not asserted here)."""

from __future__ import annotations

from functools import partial

from intake import RulesEngine, default_rules_path, generate_portfolio, run_validation_benchmark
from tests.fakes.embedder import FakeEmbedder


def test_generated_portfolio_is_deterministic_and_unique() -> None:
    first, second = generate_portfolio(300, seed=7), generate_portfolio(300, seed=7)
    assert first == second
    assert len({e.id for e in first}) == 300
    assert first != generate_portfolio(300, seed=8)


def test_benchmark_reports_deterministic_and_duplicate_latencies() -> None:
    embedder = FakeEmbedder()
    result = run_validation_benchmark(embedder=embedder, n=12, portfolio_size=40)
    assert result["n"] == 12
    for part in ("deterministic", "field", "duplicates"):
        stats = result[part]
        assert 0 < stats["p50_ms"] <= stats["p95_ms"] <= stats["max_ms"]
    assert result["duplicates"]["stored_fichas"] == 40
    # The stored side is embedded once; each measured validation embeds one new query.
    assert embedder.document_calls == 1 + 3 + 12
    assert isinstance(result["meets_targets"], bool)


def test_benchmark_without_embedder_measures_only_deterministic_rules() -> None:
    result = run_validation_benchmark(n=5)
    assert result["duplicates"] is None and result["duplicates_p95_ms"] is None
    assert result["deterministic_p95_ms"] == result["deterministic"]["p95_ms"]
    assert result["targets"] == {"deterministic_p95_ms": 20.0, "duplicates_p95_ms": 100.0}


def test_benchmark_takes_an_engine_factory() -> None:
    built: list[RulesEngine] = []

    def factory(**kwargs: object) -> RulesEngine:
        engine = partial(RulesEngine.from_file, default_rules_path())(**kwargs)
        built.append(engine)
        return engine

    result = run_validation_benchmark(factory, embedder=FakeEmbedder(), n=4, portfolio_size=10)
    assert len(built) == 2
    assert built[1].duplicate_index is not None and len(built[1].duplicate_index) == 10
    assert result["duplicates_p95_ms"] == result["duplicates"]["p95_ms"]
