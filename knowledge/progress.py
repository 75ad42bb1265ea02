"""`Progress`: how long work (building the index, loading documents) reports where it is.

A port: ``knowledge`` says which step runs and how much of it is done; an adapter decides
whether and how to show it (the terminal draws a bar, a server or a pipe shows nothing).
Steps are reported in order; a step with a ``total`` is countable (fragments to encode).
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Receives the steps of a long operation (called from one thread at a time)."""

    def stage(self, label: str, total: int | None = None) -> None:
        """A new step begins.

        Args:
            label: What the step does, in Spanish, for the person waiting.
            total: Units of work in the step (e.g. fragments), or None when not countable.
        """

    def advance(self, done: int = 1) -> None:
        """``done`` more units of the current step are finished."""


class SilentProgress:
    """Shows nothing (servers, tests, output that is not a terminal)."""

    def stage(self, label: str, total: int | None = None) -> None:
        """Ignore the step."""

    def advance(self, done: int = 1) -> None:
        """Ignore the advance."""


SILENT = SilentProgress()
"""The default for callers that do not watch."""
