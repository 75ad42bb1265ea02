"""Bench row for starting the chat: a new ``asistente chat`` process until its first prompt.

Measured after the first run (index built, files in the OS cache), as a person starting the
chat again would see it: the process is started, and the time runs until «Usted: » is printed.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

PROMPT = b"Usted: "
RUNS = 3
TIMEOUT_S = 120.0


def time_to_prompt() -> float:
    """Seconds from starting ``asistente chat`` to its prompt (then it is told «salir»)."""
    # -u: the prompt is not held in a pipe buffer; the child inherits this process's
    # environment, so it reads the same configuration a person's chat would.
    command = [sys.executable, "-u", "-m", "api.cli.main", "chat", "--usuario", "medicion-chat"]
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - our own CLI, fixed arguments
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    seen = b""
    try:
        while PROMPT not in seen:
            chunk = os.read(process.stdout.fileno(), 4096)
            if not chunk or time.perf_counter() - started > TIMEOUT_S:
                raise RuntimeError("El chat terminó o tardó demasiado antes de preguntar.")
            seen += chunk
        elapsed = time.perf_counter() - started
        process.communicate(b"salir\n", timeout=TIMEOUT_S)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return elapsed


def chat_start_rows(runs: int = RUNS) -> list[tuple[str, str, str]]:
    """The median and the slowest of ``runs`` starts after a first, unmeasured one."""
    time_to_prompt()  # the "first run": caches and byte-compiled files
    times = [time_to_prompt() for _ in range(runs)]
    value = f"{statistics.median(times):.2f} s (máx. {max(times):.2f} s)"
    return [(f"Arranque del chat hasta su primera pregunta (mediana de {runs})", value, "≤ 3 s")]


__all__ = ["chat_start_rows", "time_to_prompt"]
