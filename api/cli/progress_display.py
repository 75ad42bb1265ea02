"""Progress of long commands on the terminal (``cargar``, ``indice construir``, ``bench``).

Renders the `knowledge.progress.Progress` port: each step on its own line, the current one
redrawn in place with a bar when its work is countable; a finished step keeps its time. On
standard error, and only when a person watches: nothing when the output goes to a pipe or a
file, or with ``--json`` (scripts read standard output; a log should not fill with bars).
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from knowledge.progress import SILENT, Progress

BAR_WIDTH = 28
REDRAW_EVERY_S = 0.1
RATE_AFTER_S = 1.0
"""A rate over less time than this says nothing (cached work finishes in microseconds)."""


class TerminalProgress:
    """Draws the steps of a long operation on ``stream`` (a terminal)."""

    def __init__(
        self,
        stream: TextIO,
        *,
        clock: Callable[[], float] = time.monotonic,
        columns: Callable[[], int] = lambda: shutil.get_terminal_size().columns,
    ) -> None:
        self.stream = stream
        self.clock = clock
        self.columns = columns
        """Width of the terminal: a longer line would wrap, and ``\r`` redraws only the last
        row of it."""
        self._label: str | None = None
        self._total: int | None = None
        self._done = 0
        self._started = 0.0
        self._drawn = 0.0

    def stage(self, label: str, total: int | None = None) -> None:
        """Close the current step and start drawing ``label``."""
        self.close()
        self._label, self._total, self._done = label, total, 0
        self._started = self.clock()
        self._draw(force=True)

    def advance(self, done: int = 1) -> None:
        """Count ``done`` more units and redraw (at most every 0.1 s, and at the end)."""
        self._done += done
        self._draw(force=self._total is not None and self._done >= self._total)

    def close(self) -> None:
        """Leave the current step on its line, with its time."""
        if self._label is None:
            return
        self._write(self._line(final=True) + "\n")
        self._label = None

    def _draw(self, *, force: bool = False) -> None:
        now = self.clock()
        if force or now - self._drawn >= REDRAW_EVERY_S:
            self._drawn = now
            self._write(self._line(final=False))

    def _write(self, line: str) -> None:
        self.stream.write("\r\x1b[K" + line)
        self.stream.flush()

    def _line(self, *, final: bool) -> str:
        elapsed = self.clock() - self._started
        mark = "✓" if final else "…"
        if self._total is None:
            tail = f" ({elapsed:.1f} s)" if final else ""
        else:
            total = max(self._total, 1)
            filled = min(BAR_WIDTH, round(BAR_WIDTH * self._done / total))
            bar = "█" * filled + "░" * (BAR_WIDTH - filled)
            rate = f" · {self._done / elapsed:.1f}/s" if elapsed >= RATE_AFTER_S else ""
            tail = f" {bar} {self._done}/{self._total}{rate} ({elapsed:.1f} s)"
        return f"{mark} {self._fitted(str(self._label), len(tail) + 2)}{tail}"

    def _fitted(self, label: str, beside: int) -> str:
        room = max(10, self.columns() - 1 - beside)
        return label if len(label) <= room else label[: room - 1] + "…"


def watching(stdout: TextIO | None = None, stderr: TextIO | None = None) -> bool:
    """True when a person reads both outputs on a terminal."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    return out.isatty() and err.isatty()


@contextmanager
def command_progress(*, quiet: bool = False) -> Iterator[Progress]:
    """The progress of one command: drawn on standard error when a person watches (and not
    ``quiet``, e.g. ``--json``), silent otherwise."""
    if quiet or not watching():
        yield SILENT
        return
    display = TerminalProgress(sys.stderr)
    try:
        yield display
    finally:
        display.close()
