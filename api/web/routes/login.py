"""Login with an API token, logout, and the home page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.http.deps import ServicesDep
from api.web.auth import CsrfChecked, csrf_token, sign_in, sign_out
from api.web.pages import page

router = APIRouter(include_in_schema=False)

BAD_TOKEN = "El token no es válido o el usuario está inactivo. Revise que lo copió completo."
TOO_MANY = "Demasiados intentos; espere un minuto e inténtelo de nuevo."


def _safe_target(target: str | None) -> str:
    """Only paths of this site (never ``//host`` or a full URL)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/chat"


@router.get("/")
def home(request: Request) -> Response:
    """The chat for signed-in users, the login page otherwise."""
    return RedirectResponse("/chat" if request.session.get("usuario") else "/entrar", 303)


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
    client = request.client.host if request.client else "desconocido"
    if not services.rate_limiter.hit(f"web-entrar:{client}"):
        return page(request, "login.html", 429, error=TOO_MANY, siguiente=_safe_target(siguiente))
    user = services.users.authenticate(token.strip())
    if user is None:
        return page(request, "login.html", 401, error=BAD_TOKEN, siguiente=_safe_target(siguiente))
    sign_in(request, user)
    return RedirectResponse(_safe_target(siguiente), status_code=303)


@router.post("/salir", dependencies=[CsrfChecked])
def logout(request: Request) -> Response:
    """End the session."""
    sign_out(request)
    return RedirectResponse("/entrar", status_code=303)
