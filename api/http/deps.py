"""FastAPI dependencies as ``Annotated`` aliases (services from ``app.state``, auth)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from api.http.errors import HTTP_MESSAGES
from api.http.security import request_address
from assistant.access.users import User
from assistant.answering.answerer import Answerer
from assistant.wiring import Services


def get_services(request: Request) -> Services:
    """The services built at start-up."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_answerer(services: ServicesDep) -> Answerer:
    """The answering service."""
    return services.answerer


AnswererDep = Annotated[Answerer, Depends(get_answerer)]


def current_user(request: Request, services: ServicesDep) -> User:
    """The user of the bearer token; 401 without a valid one, 429 over the rate limit or
    while bad tokens from this address or with this prefix are in backoff."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip() if scheme.lower() == "bearer" else ""
    source = request_address(request)
    throttle = services.token_throttle
    if token and throttle.refused(source, token):
        raise HTTPException(status_code=429, detail=HTTP_MESSAGES[429])
    user = services.users.authenticate(token) if token else None
    if user is None:
        if token and throttle.failed(source, token):
            raise HTTPException(status_code=429, detail=HTTP_MESSAGES[429])
        raise HTTPException(status_code=401, detail=HTTP_MESSAGES[401])
    if not services.rate_limiter.hit(f"usuario:{user.user_id}"):
        raise HTTPException(
            status_code=429, detail="Demasiadas peticiones; espere un momento e intente de nuevo."
        )
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def own_conversation(
    services: Services,
    user: User,
    conversation_id: str,
    *,
    new_ok: bool = False,
    writing: bool = False,
) -> None:
    """404 unless the conversation is the user's (admins may read any); ``new_ok``: an id
    not used yet is fine too; ``writing``: a turn never joins someone else's conversation,
    not even an admin's turn."""
    owner = services.conversations.owner(conversation_id)
    if owner is None and new_ok:
        return
    admin_reading = user.has("admin") and not writing
    if owner is None or (owner != user.user_id and not admin_reading):
        raise HTTPException(status_code=404, detail="No existe esa conversación.")


def require(*roles: str):  # type: ignore[no-untyped-def]
    """A dependency that admits only users with one of ``roles`` (admin always)."""

    def check(user: CurrentUser) -> User:
        if not user.has(*roles):
            raise HTTPException(status_code=403, detail="No tiene permiso para esta acción.")
        return user

    return Depends(check)
