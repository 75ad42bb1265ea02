"""A real uvicorn server over a socket: an unexpected error leaves the keep-alive connection
usable (it used to be reset, failing the next request on it) and a body shorter than its
Content-Length gets a 408 instead of hanging."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from api.http.app import create_app
from assistant.wiring import build_services
from tests.conftest import make_settings

pytestmark = pytest.mark.slow


class _BrokenConversations:
    """A conversation store that fails: an unexpected error inside a route."""

    def owner(self, conversation_id: str) -> str | None:
        raise RuntimeError("falla de prueba")


@pytest.fixture
def server(policy_data_dir: Path, tmp_path: Path) -> Iterator[tuple[int, str]]:
    settings = make_settings(
        policy_data_dir,
        database_url=f"sqlite:///{tmp_path / 's.db'}",
        http={"read_timeout_s": 1},
    )
    services = build_services(settings)
    _, token = services.users.create(name="Ana", email="ana@dnp.gov.co", roles=["funcionario"])
    services.override(conversations=_BrokenConversations())
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        create_app(settings, services), host="127.0.0.1", port=port, log_level="critical"
    )
    runner = uvicorn.Server(config)
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not runner.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert runner.started
    yield port, token
    runner.should_exit = True
    thread.join(10)
    services.database.dispose()


def _response(sock: socket.socket) -> tuple[int, bytes]:
    """Status and body of one response (Content-Length framed) read from ``sock``."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("el servidor cerró la conexión")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    while len(body) < int(headers.get("content-length", "0")):
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("el servidor cerró la conexión")
        body += chunk
    return int(lines[0].split()[1]), body


def test_an_unexpected_error_does_not_poison_the_keep_alive_connection(
    server: tuple[int, str],
) -> None:
    port, token = server
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(
            b"GET /api/v1/conversaciones/abc HTTP/1.1\r\nHost: x\r\n"
            + f"Authorization: Bearer {token}\r\n\r\n".encode()
        )
        status, body = _response(sock)
        assert status == 500 and "referencia" in body.decode()
        sock.sendall(b"GET /api/v1/glosario HTTP/1.1\r\nHost: x\r\n\r\n")
        status, _ = _response(sock)  # the same connection answers the next request
        assert status == 401


def test_a_body_shorter_than_its_length_gets_a_408(server: tuple[int, str]) -> None:
    port, token = server
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        started = time.monotonic()
        sock.sendall(
            b"POST /api/v1/preguntas HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + f"Authorization: Bearer {token}\r\nContent-Length: 100\r\n\r\n".encode()
            + b'{"pregunta":'
        )
        status, body = _response(sock)
    assert status == 408 and "tardó demasiado" in body.decode()
    assert time.monotonic() - started < 5
