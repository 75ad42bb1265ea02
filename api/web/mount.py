"""`mount_web(app, settings, services)`: sessions, static files, pages and error pages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from api.http.errors import HTTP_MESSAGES
from api.web.error_pages import MESSAGES as PEOPLE_MESSAGES
from api.web.error_pages import install_error_pages
from api.web.pages import HERE, LoginRequired, WebError, error_page
from api.web.routes import chat, der, faq, faq_queue, fichas, login, notices
from api.web.session_secret import session_secret
from assistant.access.sessions import SESSION_HOURS
from assistant.settings import Settings
from assistant.wiring import Services

SESSION_COOKIE = "asistente_sesion"
SECURITY_HEADERS = {
    # Only our own scripts (no inline code, no eval); inline style attributes draw the bars.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
        "form-action 'self'; base-uri 'none'; object-src 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def mount_web(app: FastAPI, settings: Settings, services: Services) -> None:
    """Add the web interface to ``app`` (pages at ``/``, static files at ``/estaticos``)."""
    del services  # the pages read the services from app.state, like the API
    install_error_pages(app)  # inside the session middleware: error pages read the session
    app.state.error_page = _error_page  # errors outside /api, /slack… are Spanish pages
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_HOURS * 3600,
        same_site="lax",
        https_only=settings.http.secure_cookies,
    )
    app.mount("/estaticos", StaticFiles(directory=HERE / "static"), name="estaticos")
    for module in (
        login,
        chat,
        notices,
        fichas,
        der,
        faq_queue,
        faq,
    ):  # fixed paths before /faq/{id}
        app.include_router(module.router)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        if response.headers.get("content-type", "").startswith("text/html"):
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
        return response

    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        return error_page(request, exc.status, exc.message)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        if request.headers.get("hx-request") == "true":
            return Response(status_code=401, headers={"HX-Redirect": "/entrar"})
        target = request.url.path if request.method == "GET" else "/"
        return RedirectResponse(f"/entrar?siguiente={target}", status_code=303)


def _error_page(request: Request, status: int, message: str) -> Response:
    # Errors found before the session middleware ran (body too big, NUL, 500) have no session.
    request.scope.setdefault("session", {})
    if message == HTTP_MESSAGES.get(status):  # the API's sentence for programs: say it to people
        message = PEOPLE_MESSAGES.get(status, message)
    return error_page(request, status, message)


__all__ = ["mount_web"]
