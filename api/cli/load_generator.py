"""An asyncio + httpx load generator for ``POST /api/v1/preguntas`` (used by the bench)."""

from __future__ import annotations

import asyncio
import itertools
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx

QUESTIONS_PATH = "/api/v1/preguntas"


@dataclass
class LoadReport:
    """What a run measured: latencies of successful answers (ms) and every status."""

    duration_s: float
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: int = 0
    """Requests without any HTTP answer (connection errors, timeouts)."""

    @property
    def answered(self) -> int:
        return len(self.latencies_ms)

    @property
    def throughput(self) -> float:
        """Successful answers per second."""
        return self.answered / self.duration_s if self.duration_s else 0.0

    def percentile(self, share: float) -> float:
        """Latency percentile (nearest rank) in ms; 0 without answers."""
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0

    @property
    def p95(self) -> float:
        return self.percentile(0.95)

    @property
    def errors(self) -> int:
        return self.failures + sum(n for code, n in self.statuses.items() if code != 200)


async def _client_loop(
    client: httpx.AsyncClient,
    token: str,
    questions: itertools.cycle[str],
    deadline: float,
    report: LoadReport,
) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            response = await client.post(
                QUESTIONS_PATH, json={"pregunta": next(questions)}, headers=headers
            )
        except httpx.HTTPError:
            report.failures += 1
            continue
        elapsed = (time.perf_counter() - started) * 1000
        report.statuses[response.status_code] += 1
        if response.status_code == 200:
            report.latencies_ms.append(elapsed)


async def run_load(
    base_urls: list[str],
    token: str,
    questions: list[str],
    *,
    clients: int,
    duration_s: float,
    timeout_s: float = 30.0,
) -> LoadReport:
    """``clients`` closed-loop clients asking ``questions`` in turn for ``duration_s``; each
    client keeps one connection to one of ``base_urls`` (round robin over clients)."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    sessions = [
        httpx.AsyncClient(base_url=base_urls[i % len(base_urls)], limits=limits, timeout=timeout_s)
        for i in range(clients)
    ]
    started = time.perf_counter()
    report = LoadReport(duration_s=duration_s)
    try:
        await asyncio.gather(
            *(
                _client_loop(
                    session,
                    token,
                    itertools.cycle(
                        questions[i % len(questions) :] + questions[: i % len(questions)]
                    ),
                    started + duration_s,
                    report,
                )
                for i, session in enumerate(sessions)
            )
        )
    finally:
        await asyncio.gather(*(s.aclose() for s in sessions))
    report.duration_s = time.perf_counter() - started
    return report


def sequential_latencies(base_url: str, token: str, questions: list[str]) -> LoadReport:
    """One client asking every question once, in order (warm latency without contention)."""
    report = LoadReport(duration_s=0.0)
    headers = {"Authorization": f"Bearer {token}"}
    started = time.perf_counter()
    with httpx.Client(base_url=base_url, timeout=30.0) as client:
        for question in questions:
            begin = time.perf_counter()
            response = client.post(QUESTIONS_PATH, json={"pregunta": question}, headers=headers)
            report.statuses[response.status_code] += 1
            if response.status_code == 200:
                report.latencies_ms.append((time.perf_counter() - begin) * 1000)
    report.duration_s = time.perf_counter() - started
    return report
