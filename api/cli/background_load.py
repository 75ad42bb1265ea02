"""Loading the heavy parts of the assistant while the person types its first message.

The chat shows its prompt at once and loads the embedding model, the index and the FAQ
vectors in a background thread (measured: the prompt appeared after 4.1–4.9 s when it waited
for them). The first message waits for the load to finish; a failure of the load is raised
there, as it would have been at start.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

WAIT_AT_EXIT_S = 10.0
"""Longest wait for an unfinished load when the person leaves (a clean interpreter exit)."""


class BackgroundLoad:
    """Runs ``load`` in a daemon thread; `wait` joins it and re-raises what it raised.

    Args:
        load: What to run (e.g. ``Answerer.warm_up``).
    """

    def __init__(self, load: Callable[[], object]) -> None:
        self._load = load
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="carga-en-segundo-plano")
        self._thread.daemon = True
        self._thread.start()

    def _run(self) -> None:
        try:
            self._load()
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread as is
            self._error = exc

    def wait(self, timeout: float | None = None) -> None:
        """Block until the load is done; raise its error (once) if it failed."""
        self._thread.join(timeout)
        error, self._error = self._error, None
        if error is not None:
            raise error

    def settle(self, timeout: float = WAIT_AT_EXIT_S) -> None:
        """Let an unfinished load end before the process exits (its error no longer matters:
        the person is leaving)."""
        self._thread.join(timeout)
        self._error = None


__all__ = ["WAIT_AT_EXIT_S", "BackgroundLoad"]
