"""Validation latency benchmark (called by ``make bench``; not a timed test).

Measures p50/p95 of `RulesEngine.validate` with the deterministic rules only, of
`RulesEngine.validate_field` for one answer, and of a full validation including the
near-duplicate check against ``portfolio_size`` generated stored fichas. The stored side is
embedded once (reported as ``index_build_s``); each measured validation changes the name so
the query embedding is never served from the cache.

Targets: p95 ≤ 20 ms deterministic; p95 ≤ 100 ms with the duplicate check against 1,000
stored fichas.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from intake.examples import load_examples
from intake.ficha import Ficha
from intake.ports import TextEmbedder
from intake.rules.config import RulesConfig, load_rules
from intake.rules.duplicates import PortfolioEntry
from intake.rules.engine import RulesEngine

DETERMINISTIC_P95_TARGET_MS = 20.0
DUPLICATES_P95_TARGET_MS = 100.0

_SERVICES = (
    "Acompañamiento a",
    "Asistencia técnica para",
    "Asesoría en",
    "Capacitación en",
    "Mesa técnica de apoyo a",
    "Servicio de orientación para",
    "Intercambio de experiencias sobre",
)
_TOPICS = (
    "la formulación de proyectos de inversión del SGR",
    "el reporte de información presupuestal en CUIPO",
    "el seguimiento a los planes de desarrollo territorial",
    "la actualización de los planes de ordenamiento territorial",
    "la gestión del catastro multipropósito",
    "la estructuración de esquemas asociativos territoriales",
    "la priorización de la inversión con enfoque de cierre de brechas",
    "el uso de la información del Sisbén en la focalización",
    "la programación del presupuesto de inversión municipal",
    "la rendición de cuentas de los mandatarios locales",
    "la gestión del riesgo de desastres en la planeación",
    "la implementación de los PDET",
)
_POPULATIONS = (
    "en municipios de categoría 6",
    "en departamentos de la región Pacífico",
    "en municipios PDET",
    "en ciudades capitales",
    "en la región Amazonía",
    "en esquemas asociativos",
    "en municipios de frontera",
    "en gobernaciones",
)
_PROBLEMS = (
    "Baja calidad técnica de {topic} {population}",
    "Retrasos frecuentes en {topic} {population}",
    "Alta rotación de los equipos responsables de {topic} {population}",
    "Débil articulación institucional en {topic} {population}",
    "Información incompleta y tardía sobre {topic} {population}",
)


def generate_portfolio(size: int = 1000, *, seed: int = 0) -> list[PortfolioEntry]:
    """``size`` realistic, deterministic stored fichas (name and problem) to compare against."""
    rng = random.Random(seed)
    entries = []
    for index in range(size):
        topic, population = rng.choice(_TOPICS), rng.choice(_POPULATIONS)
        name = f"{rng.choice(_SERVICES)} {topic} {population}"
        problem = rng.choice(_PROBLEMS).format(topic=topic, population=population)
        problem += f": el {rng.randint(15, 85)} % de las entidades presenta este problema."
        entries.append(PortfolioEntry(id=f"ficha-{index:05d}", name=name, problem=problem))
    return entries


def _percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def _stats(samples: Sequence[float]) -> dict[str, float]:
    return {
        "p50_ms": round(_percentile(samples, 0.50), 3),
        "p95_ms": round(_percentile(samples, 0.95), 3),
        "max_ms": round(max(samples), 3),
    }


def _variant(base: Ficha, index: int) -> Ficha:
    """A copy with a unique name (so no cache serves the duplicate check)."""
    return base.model_copy(update={"id": f"bench-{index}", "nombre": f"{base.nombre} fase {index}"})


def _time(call: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _measure(
    engine: RulesEngine, fichas: Sequence[Ficha], n: int, *, offset: int = 0
) -> list[float]:
    """Latency of ``n`` validations of distinct variants (numbered from ``offset``)."""
    variants = [_variant(fichas[i % len(fichas)], offset + i) for i in range(n)]
    samples = []
    for ficha in variants:
        start = time.perf_counter()
        engine.validate(ficha)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def run_validation_benchmark(
    engine_factory: Callable[..., RulesEngine] | None = None,
    *,
    embedder: TextEmbedder | None = None,
    config: RulesConfig | None = None,
    fichas: Sequence[Ficha] | None = None,
    n: int = 200,
    portfolio_size: int = 1000,
    seed: int = 0,
) -> dict[str, Any]:
    """Measure validation latency; returns a JSON-ready dict of milliseconds.

    Args:
        engine_factory: Builds an engine, called as ``engine_factory()`` and
            ``engine_factory(embedder=…, portfolio=…)``; e.g.
            ``functools.partial(RulesEngine.from_file, settings.rules_path)``. Default: the
            engine over ``config``.
        embedder: Model for the duplicate check (the real one in ``make bench``); without
            it only the deterministic numbers are measured.
        config: Rules for the default factory (default: the shipped file).
        fichas: Fichas to validate (default: the shipped examples).
        n: Validations per measurement.
        portfolio_size: Generated stored fichas for the duplicate check.
        seed: Seed of the generated portfolio.

    Returns:
        ``deterministic``, ``field`` and ``duplicates`` (``None`` without embedder), each with
        ``p50_ms``, ``p95_ms`` and ``max_ms``; the flat ``deterministic_p95_ms`` and
        ``duplicates_p95_ms``; ``targets`` and ``meets_targets``.
    """
    factory = engine_factory or partial(RulesEngine, config or load_rules())
    fichas = list(fichas or load_examples().values())
    deterministic = factory()
    _measure(deterministic, fichas, 5, offset=-5)  # first-call costs stay out of the numbers
    results: dict[str, Any] = {
        "n": n,
        "deterministic": _stats(_measure(deterministic, fichas, n)),
        "field": _stats(
            _time(lambda: deterministic.validate_field(fichas[0], "problema.enunciado"), n)
        ),
        "duplicates": None,
        "targets": {
            "deterministic_p95_ms": DETERMINISTIC_P95_TARGET_MS,
            "duplicates_p95_ms": DUPLICATES_P95_TARGET_MS,
        },
    }
    results["deterministic_p95_ms"] = results["deterministic"]["p95_ms"]
    results["duplicates_p95_ms"] = None
    meets = results["deterministic_p95_ms"] <= DETERMINISTIC_P95_TARGET_MS
    if embedder is not None:
        engine = factory(embedder=embedder, portfolio=generate_portfolio(portfolio_size, seed=seed))
        start = time.perf_counter()
        engine.warm_up()
        build_s = time.perf_counter() - start
        _measure(engine, fichas, 3, offset=-3)
        results["duplicates"] = {
            "stored_fichas": portfolio_size,
            "index_build_s": round(build_s, 3),
            **_stats(_measure(engine, fichas, n)),
        }
        results["duplicates_p95_ms"] = results["duplicates"]["p95_ms"]
        meets = meets and results["duplicates_p95_ms"] <= DUPLICATES_P95_TARGET_MS
    results["meets_targets"] = meets
    return results


__all__ = [
    "DETERMINISTIC_P95_TARGET_MS",
    "DUPLICATES_P95_TARGET_MS",
    "generate_portfolio",
    "run_validation_benchmark",
]
