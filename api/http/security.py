"""Who is calling and over what: the client's address (forwarded headers only from trusted
proxies), whether the request came over HTTPS, the security headers of every response, and
tokens kept out of URLs and logs."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_PATTERN = re.compile(r"ast_[A-Za-z0-9_\-]+")
TOKEN_IN_QUERY = re.compile(rb"(^|&)(token|access_token|api_key)=|ast_", re.IGNORECASE)
TOKEN_REFUSED = (
    "No envíe el token en la dirección (queda en registros e historiales): "
    "use el encabezado Authorization: Bearer …."
)
ALL_RESPONSES = {
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
HSTS = "max-age=31536000; includeSubDomains"


def client_address(scope: Scope, trusted_proxies: Sequence[str]) -> str:
    """The caller's address: the peer, or, when the peer is a trusted proxy, the last
    address of ``X-Forwarded-For`` that is not one (anyone else can write that header)."""
    client = scope.get("client")
    peer = str(client[0]) if client else "desconocido"
    if peer not in trusted_proxies:
        return peer
    forwarded = Headers(scope=scope).get("x-forwarded-for", "")
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        if hop not in trusted_proxies:
            return hop[:64]
    return peer


def request_address(request: Request) -> str:
    """`client_address` of a request, with the app's trusted proxies."""
    return client_address(request.scope, request.app.state.settings.http.trusted_proxies)


def is_https(scope: Scope, trusted_proxies: Sequence[str]) -> bool:
    """True for a request over HTTPS (directly, or as a trusted proxy says)."""
    if scope.get("scheme") == "https":
        return True
    client = scope.get("client")
    if client and str(client[0]) in trusted_proxies:
        return Headers(scope=scope).get("x-forwarded-proto", "").lower() == "https"
    return False


def token_in_query(scope: Scope) -> bool:
    """True when the query string carries something that looks like a token."""
    return TOKEN_IN_QUERY.search(scope.get("query_string", b"")) is not None


class SecurityHeaders:
    """``nosniff`` and ``Permissions-Policy`` on every response; over HTTPS also HSTS and a
    ``Secure`` session cookie (the cookie follows the request's scheme, or is always Secure
    with ``secure_cookies``)."""

    def __init__(
        self, app: ASGIApp, *, trusted_proxies: Sequence[str], always_secure: bool
    ) -> None:
        self.app = app
        self.trusted_proxies = trusted_proxies
        self.always_secure = always_secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        secure = self.always_secure or is_https(scope, self.trusted_proxies)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])]
                present = {k.lower() for k, _ in headers}
                for name, value in ALL_RESPONSES.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
                if secure:
                    headers.append((b"strict-transport-security", HSTS.encode()))
                    headers = [_secure_cookie(k, v) for k, v in headers]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def _secure_cookie(name: bytes, value: bytes) -> tuple[bytes, bytes]:
    if name.lower() == b"set-cookie" and b"secure" not in value.lower():
        return name, value + b"; Secure"
    return name, value


class RedactedTokens(logging.Filter):
    """Replaces anything shaped like an API token in a log record (uvicorn's access log
    writes the full URL, query string included)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                TOKEN_PATTERN.sub("ast_***", a) if isinstance(a, str) else a for a in record.args
            )
        if isinstance(record.msg, str):
            record.msg = TOKEN_PATTERN.sub("ast_***", record.msg)
        return True


def redact_tokens_in_access_log() -> None:
    """Install `RedactedTokens` on uvicorn's loggers once per process."""
    for name in ("uvicorn.access", "uvicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactedTokens) for f in logger.filters):
            logger.addFilter(RedactedTokens())
