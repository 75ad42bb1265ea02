"""A local stand-in for the Slack Web API: records every call, answers like Slack."""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_USER = "UBOT"


@dataclass
class Call:
    """One Web API call: the method and its arguments (JSON-decoded where Slack sends JSON)."""

    method: str
    args: dict[str, Any]
    response: dict[str, Any] = field(default_factory=dict)
    """What the stub answered (e.g. the ``ts`` of a posted message)."""


@dataclass
class SlackServer:
    """Threaded HTTP server on 127.0.0.1; point ``WebClient(base_url=server.url)`` at it."""

    calls: list[Call] = field(default_factory=list)
    uploads: dict[str, bytes] = field(default_factory=dict)
    """Bytes of the files uploaded with files_upload_v2, by file id."""
    failures: dict[str, list[int]] = field(default_factory=dict)
    """Statuses to answer, once each, before succeeding (e.g. ``{"chat.postMessage": [429]}``)."""
    errors: dict[str, list[str]] = field(default_factory=dict)
    """Slack errors to answer (``ok: false``, HTTP 200), once each, before succeeding."""
    emails: dict[str, str] = field(default_factory=dict)
    """The profile email ``users.info`` gives for a user id (unknown ids: ``user_not_found``)."""
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> SlackServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length)
                method = self.path.rsplit("/", 1)[-1]
                if method.startswith("upload-"):  # a file's bytes (files_upload_v2)
                    status, payload = server.received(method.removeprefix("upload-"), data)
                else:
                    content_type = self.headers.get("Content-Type", "")
                    status, payload = server.handle(method, data.decode("utf-8"), content_type)
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                if status == 429:
                    self.send_header("Retry-After", "0")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/api/"

    def handle(self, method: str, raw: str, content_type: str) -> tuple[int, dict[str, Any]]:
        with self._lock:
            pending = self.failures.get(method) or []
            if pending:
                status = pending.pop(0)
                return status, {"ok": False, "error": "ratelimited"}
            refused = self.errors.get(method) or []
            if refused:
                return 200, {"ok": False, "error": refused.pop(0)}
            if content_type.startswith("application/json"):
                args = json.loads(raw or "{}")
            else:
                args = dict(parse_qsl(raw))
            for key in ("blocks", "view"):
                if isinstance(args.get(key), str):
                    args[key] = json.loads(args[key])
            response = self.reply(method, args)
            self.calls.append(Call(method, args, response))
            return 200, response

    def received(self, file_id: str, data: bytes) -> tuple[int, dict[str, Any]]:
        with self._lock:
            self.uploads[file_id] = data
        return 200, {"ok": True}

    def reply(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts):06d}"
            return {"ok": True, "file_id": file_id, "upload_url": f"{self.url}upload-{file_id}"}
        if method == "files.completeUploadExternal":
            files = args.get("files")
            files = json.loads(files) if isinstance(files, str) else files
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        if method == "auth.test":
            return {"ok": True, "user_id": BOT_USER, "bot_id": "BBOT", "team_id": "T1"}
        if method in {"chat.postMessage", "chat.update"}:
            ts = f"1700000000.{next(self._ts):06d}"
            return {"ok": True, "channel": args.get("channel"), "ts": ts, "message": args}
        if method == "users.info":
            email = self.emails.get(str(args.get("user")))
            if email is None:
                return {"ok": False, "error": "user_not_found"}
            return {"ok": True, "user": {"id": args.get("user"), "profile": {"email": email}}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": f"D{args.get('users', 'X')}"}}
        return {"ok": True}

    def of(self, method: str) -> list[Call]:
        """The recorded calls of ``method``."""
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def methods(self) -> list[str]:
        """Every recorded method except ``auth.test``, in order."""
        with self._lock:
            return [c.method for c in self.calls if c.method != "auth.test"]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Wait until ``method`` was called ``count`` times (listeners run after the ack)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.of(method)
            if len(calls) >= count:
                return calls
            time.sleep(0.01)
        raise AssertionError(f"{method} llamado {len(self.of(method))} veces, se esperaban {count}")

    def settle(self, seconds: float = 0.3) -> None:
        """Give the listener threads time to (not) make more calls."""
        time.sleep(seconds)
