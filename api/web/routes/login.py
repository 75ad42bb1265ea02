"""Login with an API token, logout, and the home page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.http.deps import ServicesDep
from api.http.security import request_address
from api.web.auth import CsrfChecked, csrf_token, sign_in, sign_out, signed_in
from api.web.pages import page

router = APIRouter(include_in_schema=False)

BAD_TOKEN = "El token no es válido o el usuario está inactivo. Revise que lo copió completo."
TOO_MANY = "Demasiados intentos fallidos; espere unos minutos e inténtelo de nuevo."


def _safe_target(target: str | None) -> str:
    """Only paths of this site (never ``//host`` or a full URL)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/chat"


@router.get("/")
def home(request: Request, services: ServicesDep) -> Response:
    """The chat for signed-in users, the login page otherwise."""
    return RedirectResponse("/chat" if signed_in(request, services) else "/entrar", 303)


@router.get("/entrar")
def login_form(request: Request, siguiente: str | None = None) -> Response:
    """The login form."""
    csrf_token(request)
    return page(request, "login.html", siguiente=_safe_target(siguiente))


@router.post("/entrar", dependencies=[CsrfChecked])
def login(
    request: Request,
    services: ServicesDep,
    token: Annotated[str, Form()] = "",
    siguiente: Annotated[str, Form()] = "/chat",
) -> Response:
    """Exchange an API token for a session cookie."""
    token, source, target = token.strip(), request_address(request), _safe_target(siguiente)
    throttle = services.login_throttle
    # A valid token is never refused for others' failures: only its own prefix can be in
    # backoff (see assistant.access.throttle).
    if throttle.refused(source, token):
        return page(request, "login.html", 429, error=TOO_MANY, siguiente=target)
    user = services.users.authenticate(token)
    if user is None:
        status = 429 if throttle.failed(source, token) else 401
        error = TOO_MANY if status == 429 else BAD_TOKEN
        return page(request, "login.html", status, error=error, siguiente=target)
    sign_in(request, services, user)
    return RedirectResponse(_safe_target(siguiente), status_code=303)


@router.post("/salir", dependencies=[CsrfChecked])
def logout(request: Request, services: ServicesDep) -> Response:
    """End the session (on the server: the old cookie opens nothing afterwards)."""
    sign_out(request, services)
    return RedirectResponse("/entrar", status_code=303)
