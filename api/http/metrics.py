"""Prometheus text-format metrics of this process (requests, latencies, answers)."""

from __future__ import annotations

import threading
from collections import Counter

BUCKETS = (0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    """Counters and a latency histogram, rendered as Prometheus text."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: Counter[tuple[str, str, int]] = Counter()
        self.answers: Counter[str] = Counter()
        self.abstentions = 0
        self.latency_buckets: Counter[float] = Counter()
        self.latency_sum = 0.0
        self.latency_count = 0

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count a request and its latency."""
        with self._lock:
            self.requests[(method, route, status)] += 1
            self.latency_sum += seconds
            self.latency_count += 1
            for bound in BUCKETS:
                if seconds <= bound:
                    self.latency_buckets[bound] += 1

    def observe_answer(self, route: str, abstained: bool) -> None:
        """Count an answer by route, and abstentions."""
        with self._lock:
            self.answers[route] += 1
            self.abstentions += int(abstained)

    def render(self) -> str:
        """The metrics in Prometheus text exposition format."""
        lines = [
            "# HELP asistente_peticiones_total Peticiones HTTP atendidas.",
            "# TYPE asistente_peticiones_total counter",
        ]
        with self._lock:
            for (method, route, status), count in sorted(self.requests.items()):
                lines.append(
                    f'asistente_peticiones_total{{metodo="{method}",ruta="{route}",estado="{status}"}} {count}'
                )
            lines += [
                "# HELP asistente_latencia_segundos Latencia de las peticiones HTTP.",
                "# TYPE asistente_latencia_segundos histogram",
            ]
            for bound in BUCKETS:
                lines.append(
                    f'asistente_latencia_segundos_bucket{{le="{bound}"}} {self.latency_buckets[bound]}'
                )
            lines.append(f'asistente_latencia_segundos_bucket{{le="+Inf"}} {self.latency_count}')
            lines.append(f"asistente_latencia_segundos_sum {self.latency_sum:.6f}")
            lines.append(f"asistente_latencia_segundos_count {self.latency_count}")
            lines += [
                "# HELP asistente_respuestas_total Respuestas por ruta.",
                "# TYPE asistente_respuestas_total counter",
            ]
            for route, count in sorted(self.answers.items()):
                lines.append(f'asistente_respuestas_total{{ruta="{route}"}} {count}')
            lines += [
                "# HELP asistente_abstenciones_total Preguntas sin respuesta en la política.",
                "# TYPE asistente_abstenciones_total counter",
                f"asistente_abstenciones_total {self.abstentions}",
            ]
        return "\n".join(lines) + "\n"
