"""``asistente bench``: the cost of the unresolved-questions queue (issue 19: the first read
after 4,735 abstentions took 78 s). Groups are assigned in bounded background steps, so a
read should cost the same with 10 and with 10,000 logged questions."""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from assistant.settings import Settings
from assistant.usage.question_log import QuestionLogRow
from assistant.wiring import Services, build_services

TOPICS = (
    "vacaciones", "viáticos", "teletrabajo", "contratistas", "presupuesto de la DER",
    "regalías", "clave del wifi", "carné", "almuerzo", "parqueadero", "nómina", "cesantías",
    "capacitaciones", "comisiones", "horario", "incapacidades", "licencias", "primas",
    "evaluación de desempeño", "encargos",
)  # fmt: skip
FORMS = (
    "¿Cómo funcionan {t}?", "¿Quién decide sobre {t}?", "¿Dónde consulto {t}?",
    "¿Qué requisitos hay para {t}?", "¿Cuándo se revisa {t}?", "información sobre {t}",
    "¿Hay un formato para {t}?", "¿A quién pregunto por {t}?", "¿Cuánto tarda lo de {t}?",
    "¿Qué norma regula {t}?", "¿Puedo pedir {t} desde territorio?", "{t} en el DNP",
    "¿Cambió algo de {t} este año?", "¿Cómo solicito {t}?", "¿Qué pasa si no tengo {t}?",
    "¿Quién aprueba {t}?", "¿Dónde está la guía de {t}?", "¿Aplica {t} a contratistas?",
    "¿Cómo reclamo {t}?", "¿Qué dice la circular de {t}?", "¿Hay fechas para {t}?",
    "¿Se puede delegar {t}?", "¿Cómo se calcula {t}?", "¿Dónde radico {t}?",
    "¿Qué oficina maneja {t}?",
)  # fmt: skip
DISTINCT = [form.format(t=topic) for topic in TOPICS for form in FORMS]
"""500 wordings: people repeat questions, so 10,000 logged ones are these, again and again."""
READS = 20


def _log(services: Services, count: int) -> None:
    now = datetime.now(UTC)
    rows = [
        QuestionLogRow(
            created_at=now,
            question=DISTINCT[n % len(DISTINCT)],
            route="ninguna",
            confidence=0.0,
            abstained=True,
            channel="web",
            user_id="bench",
        )
        for n in range(count)
    ]
    with services.database.session() as session:
        session.add_all(rows)


def _p95_ms(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000


def _reads(services: Services) -> tuple[float, float]:
    latencies = []
    for _ in range(READS):
        started = time.perf_counter()
        services.unresolved_questions.groups()
        latencies.append(time.perf_counter() - started)
    return statistics.median(latencies) * 1000, _p95_ms(latencies)


def unresolved_queue_rows(settings: Settings) -> list[tuple[str, str, str]]:
    """Read p50/p95 of the queue with 10 and 10,000 logged questions, the first read with
    10,000 still ungrouped, and the background grouping's cost per question."""
    rows = []
    for count in (10, 10_000):
        with tempfile.TemporaryDirectory(prefix="bench-cola-") as tmp:
            url = f"sqlite:///{Path(tmp) / 'cola.db'}"
            services = build_services(settings.model_copy(update={"database_url": url}))
            services.database.create_schema()
            services.knowledge.warm_up()
            _log(services, count)
            started = time.perf_counter()
            services.unresolved_questions.groups()
            first = time.perf_counter() - started
            started = time.perf_counter()
            grouped = 0
            while step := services.unresolved_questions.assign_pending():
                grouped += step
            per_question = (time.perf_counter() - started) / max(1, grouped) * 1000
            p50, p95 = _reads(services)
            services.database.dispose()
        rows.append(
            (
                f"Cola sin resolver con {count:,} preguntas p50 / p95".replace(",", "."),
                f"{p50:.0f} / {p95:.0f} ms",
                "p95 ≤ 300 ms, igual con 10 y 10.000",
            )
        )
        if count > 10:
            rows.append(
                (
                    f"Cola: primera lectura con {count:,} sin agrupar".replace(",", "."),
                    f"{first * 1000:.0f} ms",
                    "acotada (≤ 16 por agrupar)",
                )
            )
            rows.append(
                (
                    "Cola: agrupación en segundo plano por pregunta",
                    f"{per_question:.1f} ms",
                    "—",
                )
            )
    return rows
