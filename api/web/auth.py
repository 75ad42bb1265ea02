"""Sessions of the web interface: API token → signed session cookie, roles and CSRF.

The cookie (Starlette's `SessionMiddleware`, HttpOnly, SameSite=Lax) holds only the user id
and the session's CSRF token; the user is read again on every request, so a deactivated user
loses access at once. Every form carries the CSRF token (``csrf`` field) and htmx sends it in
the ``X-CSRF-Token`` header (``hx-headers`` on ``<body>``).
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Request

from api.http.deps import ServicesDep
from api.web.pages import LoginRequired, WebError
from assistant.access.users import User

CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_REJECTED = (
    "El formulario no trae un código de seguridad válido (puede que la sesión haya vencido). "
    "Vuelve a cargar la página e inténtalo de nuevo."
)
FORBIDDEN = "No tienes permiso para ver esta página."
ROLE_NAMES = {
    "funcionario": "Funcionario",
    "unidad_tecnica": "Unidad técnica",
    "comunicaciones": "Comunicaciones",
    "der": "DER",
    "admin": "Administración",
}


def csrf_token(request: Request) -> str:
    """The session's CSRF token (created on first use)."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


def sign_in(request: Request, user: User) -> None:
    """Start a fresh session for ``user`` (a new CSRF token too)."""
    request.session.clear()
    request.session["usuario"] = user.user_id
    csrf_token(request)


def sign_out(request: Request) -> None:
    """Forget the session."""
    request.session.clear()


def web_user(request: Request, services: ServicesDep) -> User:
    """The signed-in, active user; `LoginRequired` otherwise."""
    user_id = request.session.get("usuario")
    user = services.users.active(str(user_id)) if user_id else None
    if user is None:
        request.session.pop("usuario", None)
        raise LoginRequired()
    request.state.web_user = user
    csrf_token(request)
    return user


WebUser = Annotated[User, Depends(web_user)]


def requires(*roles: str):  # type: ignore[no-untyped-def]
    """A dependency admitting users with one of ``roles`` (admin always); a 403 page else."""

    def check(user: WebUser) -> User:
        if not user.has(*roles):
            raise WebError(403, FORBIDDEN)
        return user

    return Depends(check)


async def checked_csrf(request: Request) -> None:
    """Refuse (403 page) a form or htmx request without the session's CSRF token."""
    expected = request.session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(str(expected), sent):
        raise WebError(403, CSRF_REJECTED)


CsrfChecked = Depends(checked_csrf)
