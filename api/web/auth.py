"""Sessions of the web interface: API token → signed session cookie, roles and CSRF.

The cookie (Starlette's `SessionMiddleware`, HttpOnly, SameSite=Lax) holds only the id of a
session kept on the server (`assistant.access.sessions`) and the session's CSRF token. The
session and its user are read again on every request, so logout, expiry, a revoked token or
a deactivated user end it at once (a replayed cookie opens nothing). Every form carries the CSRF token (``csrf`` field) and htmx sends it in
the ``X-CSRF-Token`` header (``hx-headers`` on ``<body>``).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from api.http.deps import ServicesDep
from api.web.pages import LoginRequired, WebError
from assistant.access.users import User
from assistant.wiring import Services

CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_REJECTED = (
    "El formulario no trae un código de seguridad válido (puede que la sesión haya vencido). "
    "Vuelva a cargar la página e inténtelo de nuevo."
)
FORBIDDEN = "No tiene permiso para ver esta página."


def csrf_token(request: Request) -> str:
    """The session's CSRF token (created on first use)."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


SESSION_KEY = "sesion"


def sign_in(request: Request, services: Services, user: User) -> None:
    """Start a fresh session for ``user`` (a new server-side record and CSRF token)."""
    request.session.clear()
    request.session[SESSION_KEY] = services.web_sessions.open(user.user_id)
    csrf_token(request)


def sign_out(request: Request, services: Services) -> None:
    """End the session on the server and forget the cookie's content."""
    session_id = request.session.get(SESSION_KEY)
    if session_id:
        services.web_sessions.revoke(str(session_id))
    request.session.clear()


def signed_in(request: Request, services: Services) -> User | None:
    """The active user of the request's live session, or None."""
    session_id = request.session.get(SESSION_KEY)
    user_id = services.web_sessions.user_id(str(session_id)) if session_id else None
    return services.users.active(user_id) if user_id else None


def web_user(request: Request, services: ServicesDep) -> User:
    """The signed-in, active user; `LoginRequired` otherwise."""
    user = signed_in(request, services)
    if user is None:
        request.session.pop(SESSION_KEY, None)
        raise LoginRequired()
    request.state.web_user = user
    csrf_token(request)
    return user


WebUser = Annotated[User, Depends(web_user)]


def admitted(user: User, roles: tuple[str, ...]) -> User:
    """``user`` when they hold one of ``roles`` (admin always); a 403 page otherwise."""
    if not user.has(*roles):
        raise WebError(403, FORBIDDEN)
    return user


@dataclass(frozen=True)
class RoleCheck:
    """The dependency of a page or action: admits users with one of ``roles`` (admin always)
    at each request, through `admitted`."""

    roles: tuple[str, ...]

    def __call__(self, user: WebUser) -> User:
        return admitted(user, self.roles)


def requires(*roles: str):  # type: ignore[no-untyped-def]
    """A dependency admitting users with one of ``roles`` (admin always); a 403 page else.

    The routes call this when they are imported, before any request: its one line is left
    out of mutation testing (no test can run while it does); what it builds, `RoleCheck`,
    runs at every request and is mutated and tested (the route matrix).
    """
    return Depends(RoleCheck(roles))  # pragma: no mutate


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
