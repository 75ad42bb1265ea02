"""An asyncio + httpx load generator for ``POST /api/v1/preguntas`` (used by the bench)."""

from __future__ import annotations

import asyncio
import itertools
import random
import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable
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


async def _ask(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    question: str,
    since: float,
    report: LoadReport,
) -> None:
    """Ask one question; a 200 counts its latency from ``since`` (a perf_counter time)."""
    try:
        response = await client.post(QUESTIONS_PATH, json={"pregunta": question}, headers=headers)
    except httpx.HTTPError:
        report.failures += 1
        return
    report.statuses[response.status_code] += 1
    if response.status_code == 200:
        report.latencies_ms.append((time.perf_counter() - since) * 1000)


ClientLoop = Callable[[int, httpx.AsyncClient, float, LoadReport], Awaitable[None]]
"""One client's work: (its number, its connection, the start time, the shared report)."""


async def _drive(
    base_urls: list[str], clients: int, duration_s: float, timeout_s: float, loop: ClientLoop
) -> LoadReport:
    """Run ``clients`` loops, each with one connection to one of ``base_urls`` (round robin)."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    sessions = [
        httpx.AsyncClient(base_url=base_urls[i % len(base_urls)], limits=limits, timeout=timeout_s)
        for i in range(clients)
    ]
    started = time.perf_counter()
    report = LoadReport(duration_s=duration_s)
    try:
        await asyncio.gather(*(loop(i, s, started, report) for i, s in enumerate(sessions)))
    finally:
        await asyncio.gather(*(s.aclose() for s in sessions))
    report.duration_s = time.perf_counter() - started
    return report


async def run_load(
    base_urls: list[str],
    token: str,
    questions: list[str],
    *,
    clients: int,
    duration_s: float,
    timeout_s: float = 30.0,
) -> LoadReport:
    """``clients`` closed-loop clients asking ``questions`` in turn for ``duration_s``, each
    asking again as soon as it has its answer."""
    headers = {"Authorization": f"Bearer {token}"}

    async def loop(i: int, client: httpx.AsyncClient, started: float, report: LoadReport) -> None:
        asked = _rotated(questions, i)
        while time.perf_counter() < started + duration_s:
            await _ask(client, headers, next(asked), time.perf_counter(), report)

    return await _drive(base_urls, clients, duration_s, timeout_s, loop)


async def run_paced_load(
    base_urls: list[str],
    token: str,
    questions: list[str],
    *,
    clients: int,
    rate: float,
    duration_s: float,
    timeout_s: float = 30.0,
    seed: int = 0,
) -> LoadReport:
    """Open loop: ``clients`` connections that together ask ``rate`` questions per second
    (Poisson arrivals, the same for every run with the same ``seed``) for ``duration_s``.
    Latency runs from each question's due time, as wrk2 does: a server that falls behind
    shows up in the latency instead of slowing the load down."""
    headers = {"Authorization": f"Bearer {token}"}
    mean_gap_s = clients / rate

    async def loop(i: int, client: httpx.AsyncClient, started: float, report: LoadReport) -> None:
        asked, gaps = _rotated(questions, i), random.Random(seed * 1_000_003 + i)
        deadline = started + duration_s
        due = started + gaps.expovariate(1 / mean_gap_s)
        while due < deadline and time.perf_counter() < deadline:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            await _ask(client, headers, next(asked), due, report)
            due += gaps.expovariate(1 / mean_gap_s)

    return await _drive(base_urls, clients, duration_s, timeout_s, loop)


def _rotated(questions: list[str], start: int) -> itertools.cycle[str]:
    """The questions in turn, from the ``start``-th (each client begins somewhere else)."""
    start %= len(questions)
    return itertools.cycle(questions[start:] + questions[:start])


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
