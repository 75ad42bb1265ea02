"""The outermost guard of every request: body size and read time, NUL characters, and errors
that must never reach the server (a 500 must not close a keep-alive connection).

Why one guard in front of everything:

- PostgreSQL text cannot hold a NUL character: a ``\\u0000`` in a question, a name or an id
  in the path was a 500. Refused here with a Spanish 422, before any route reads it.
- A token in the query string ends up in access logs and browser histories: refused (400).
- A body shorter than its Content-Length left the route waiting for ever; the body is read
  here with a deadline (408) and at most ``max_body`` bytes (413, chunked bodies too).
- Starlette re-raises an unexpected exception after sending its 500, and uvicorn then closes
  the connection, so the next request on it (behind a proxy, maybe another person's) failed.
  The guard answers the 500 itself and lets nothing escape.
"""

from __future__ import annotations

import logging
import re
import uuid

import anyio
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.errors import HTTP_MESSAGES, NUL_REFUSED, render_error
from api.http.security import TOKEN_REFUSED, token_in_query

log = logging.getLogger(__name__)

UNGUARDED_BODIES = ("/slack/",)
"""Paths whose body is checked by their own signature first (unsigned junk is a 401 there)."""
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)
_FORM_NUL = b"%00"


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _has_nul(scope: Scope, body: bytes) -> bool:
    if "\x00" in scope.get("path", "") or _FORM_NUL in scope.get("query_string", b""):
        return True
    if b"\x00" in body:
        return True
    headers = dict(scope.get("headers", []))
    content_type = headers.get(b"content-type", b"").lower()
    if b"json" in content_type:
        return _JSON_NUL.search(body) is not None
    if b"x-www-form-urlencoded" in content_type:
        return _FORM_NUL in body
    return False


class RequestGuard:
    """See the module docstring; ``render`` gives an error response for a request."""

    def __init__(self, app: ASGIApp, *, max_body: int, read_timeout_s: float) -> None:
        self.app = app
        self.max_body = max_body
        self.read_timeout_s = read_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            replay = await self._read(scope, receive)
        except _Refused as refused:
            await self._respond(scope, receive, send, refused.status, refused.message)
            return
        try:
            await self.app(scope, replay, tracking_send)
        except Exception:
            reference = uuid.uuid4().hex[:8]
            log.exception("Error inesperado (ref %s)", reference)
            if not started:
                message = f"Ocurrió un error inesperado (referencia {reference})."
                await self._respond(scope, receive, send, 500, message)

    async def _read(self, scope: Scope, receive: Receive) -> Receive:
        """The whole body (bounded in size and time), checked, and a ``receive`` replaying it."""
        if token_in_query(scope):
            raise _Refused(400, TOKEN_REFUSED)
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            raise _Refused(413, HTTP_MESSAGES[413])
        chunks: list[bytes] = []
        size = 0
        more = scope.get("method") not in ("GET", "HEAD", "OPTIONS", "DELETE", "TRACE")
        while more:
            try:
                with anyio.fail_after(self.read_timeout_s):
                    message = await receive()
            except TimeoutError:
                raise _Refused(408, HTTP_MESSAGES[408]) from None
            if message["type"] != "http.request":
                break  # the client left: the route sees an empty body and the disconnect
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_body:
                raise _Refused(413, HTTP_MESSAGES[413])
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if not scope.get("path", "").startswith(UNGUARDED_BODIES) and _has_nul(scope, body):
            raise _Refused(422, NUL_REFUSED)
        if not chunks:
            # Nothing was read (GET, HEAD…): the app reads the request as it came. Replaying a
            # body here would leave the real one queued for a later receive(), where
            # Starlette's middlewares expect only a disconnect and cut streamed responses.
            return receive
        return _replaying(body, receive)

    async def _respond(
        self, scope: Scope, receive: Receive, send: Send, status: int, message: str
    ) -> None:
        response = render_error(Request(scope, receive), message, status)
        if status in (408, 413):
            # The rest of the body may still be on the way: close rather than read it.
            response.headers["Connection"] = "close"
        await response(scope, receive, send)


def _replaying(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
