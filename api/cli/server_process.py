"""A server started as a child process (the API, a Chroma server) for benchmarks and the
deployment tests: free ports, readiness polling, clean stop and memory of its workers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

import httpx


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """Runs ``command`` until stopped; ready when ``ready_path`` answers ``ready_status``."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        port: int,
        env: dict[str, str] | None = None,
        ready_path: str = "/salud",
        ready_status: int = 200,
        log_path: Path | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.command = list(command)
        self.port = port
        # The child inherits the process basics (PATH, HOME, locale) but no ASISTENTE_*
        # variable: its configuration is only what the caller derived from Settings.
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("ASISTENTE_")}
        self.env = {**inherited, **(env or {})}
        self.ready_path = ready_path
        self.ready_status = ready_status
        self.log_path = log_path
        self.cwd = cwd
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, timeout_s: float = 120.0) -> ServerProcess:
        """Start the process and wait until it is ready (raises with its log otherwise)."""
        output = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603 - our own commands
            self.command,
            env=self.env,
            cwd=self.cwd,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.command[0]} terminó al iniciar: {self.log_tail()}")
            try:
                if httpx.get(self.base_url + self.ready_path, timeout=2).status_code == (
                    self.ready_status
                ):
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.command[0]} no quedó listo a tiempo: {self.log_tail()}")

    def stop(self, timeout_s: float = 20.0) -> None:
        """SIGTERM the whole process group, SIGKILL after ``timeout_s``."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=timeout_s)

    def log_tail(self, chars: int = 3000) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def children(pid: int) -> list[int]:
    """Direct child processes of ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: fields start after the last ")".
        fields = stat[stat.rfind(")") + 2 :].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def rss_mb(pid: int) -> float:
    """Resident memory of one process in MB (VmRSS from /proc), 0 when it is gone."""
    try:
        status = (Path("/proc") / str(pid) / "status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time used so far by ``pid`` (0 when it is gone)."""
    try:
        stat = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rfind(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def command_line(pid: int) -> str:
    """The command line of ``pid`` (empty when it is gone)."""
    try:
        raw = (Path("/proc") / str(pid) / "cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()


def uvicorn_workers(pid: int) -> list[int]:
    """Worker processes of a uvicorn supervisor (its spawned children, not helpers)."""
    return [
        child
        for child in children(pid)
        if "multiprocessing" in command_line(child)
        and "resource_tracker" not in command_line(child)
    ]
