"""`create_app(settings, services)`: the FastAPI application (API now; web pages later)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI, Request, Response
from starlette.concurrency import run_in_threadpool

from api.http.docs_page import mount_docs
from api.http.errors import install_error_handlers
from api.http.metrics import Metrics
from api.http.middleware import RequestGuard
from api.http.routes import der, faq, feedback, fichas, glossary, health, questions
from api.http.security import SecurityHeaders, redact_tokens_in_access_log
from api.slack.http import mount_slack
from api.slack.socket_mode import drain_periodically
from api.web import mount_web
from assistant.settings import Settings
from assistant.wiring import Services, build_services

log = logging.getLogger(__name__)


def create_app(settings: Settings, services: Services | None = None) -> FastAPI:
    """The application; heavy resources load in the lifespan, never at import."""
    services = services or build_services(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Sync routes run in this pool. Answers are CPU-bound under one GIL: 40 threads (the
        # default) fought over it and halved throughput (measured: 115 vs 250 answers/s).
        to_thread.current_default_thread_limiter().total_tokens = settings.http.threads
        redact_tokens_in_access_log()
        await run_in_threadpool(services.answerer.warm_up)
        stop = threading.Event()
        slack_app = getattr(app.state, "slack_app", None)
        if slack_app is not None:
            # HTTP mode: retry the intake outbox (DER submissions and decisions) like the
            # Socket Mode runner does, so nothing decided elsewhere waits forever.
            threading.Thread(
                target=drain_periodically, args=(slack_app, services, stop), daemon=True
            ).start()
        threading.Thread(target=_group_periodically, args=(services, stop), daemon=True).start()
        yield
        stop.set()
        services.database.dispose()

    app = FastAPI(
        title="Asistente de Llegada a Territorio",
        description="Preguntas sobre la Política Institucional de Llegada a Territorio del DNP, con citas.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served by api.http.docs_page, without a CDN
        redoc_url=None,
    )
    app.state.services = services
    app.state.settings = settings
    app.state.metrics = Metrics()
    install_error_handlers(app)
    _install_metrics(app)
    for router in (
        questions.router,
        feedback.router,
        glossary.router,
        health.router,
        faq.router,
        fichas.router,
        der.router,
    ):
        app.include_router(router)
    mount_docs(app)
    mount_slack(app, settings, services)
    mount_web(app, settings, services)
    # Added last, so they are the outermost: the guard sees every request and every error
    # first, and every response (its own errors too) gets the security headers.
    app.add_middleware(
        RequestGuard,
        max_body=settings.http.max_body_kb * 1024,
        read_timeout_s=settings.http.read_timeout_s,
    )
    app.add_middleware(
        SecurityHeaders,
        trusted_proxies=settings.http.trusted_proxies,
        always_secure=settings.http.secure_cookies,
    )
    return app


GROUPING_EVERY_S = 5.0
"""Pause between background steps that group new unresolved questions."""


def _group_periodically(services: Services, stop: threading.Event) -> None:
    """Group new unresolved questions in bounded steps, so reading the queue never has to
    group thousands at once (see assistant.faq.grouping)."""
    while not stop.wait(GROUPING_EVERY_S):
        try:
            while not stop.is_set() and services.unresolved_questions.assign_pending():
                pass
        except Exception:  # the loop must outlive a failed step (retried next time)
            log.exception("No se pudieron agrupar las preguntas sin resolver")


def _install_metrics(app: FastAPI) -> None:
    @app.middleware("http")
    async def metrics(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        path = getattr(route, "path", "desconocida")
        request.app.state.metrics.observe_request(
            request.method, path, response.status_code, time.perf_counter() - started
        )
        return response
