"""The near-duplicate portfolio of the rules engine, kept in step with the database.

Every worker process has its own `RulesEngine` with the stored fichas embedded in memory. Fed
only at start-up and with its own submissions, a worker missed the fichas that the others
stored afterwards, so the same ficha got different warnings in different workers (found by
``tests/faults/test_killed_worker.py``). `SyncedRulesEngine` asks the database for a cheap
fingerprint of the fichas (`FichaCatalog.portfolio_fingerprint`) before each validation that compares against them, and embeds
only the entries that changed since it last looked.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from intake import DuplicateIndex, PortfolioEntry, RulesEngine


class SyncedRulesEngine(RulesEngine):
    """A rules engine whose portfolio follows the stored fichas of every process."""

    def __init__(
        self,
        *args: Any,
        fingerprint: Callable[[], object],
        entries: Callable[[], list[PortfolioEntry]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._fingerprint = fingerprint
        self._entries = entries
        self._seen: object = None
        self._texts: dict[str, str] = {}
        self._sync_lock = threading.Lock()

    @property
    def duplicate_index(self) -> DuplicateIndex | None:
        """The near-duplicate index, first brought up to date with the database."""
        self._sync()
        return super().duplicate_index

    def _sync(self) -> None:
        stamp = self._fingerprint()
        with self._sync_lock:
            if stamp == self._seen:
                return
            entries = {e.id: e for e in self._entries()}
            changed = [e for e in entries.values() if self._texts.get(e.id) != e.text]
            gone = [i for i in self._texts if i not in entries]
            self.add_to_portfolio(changed)
            index = super().duplicate_index
            if index is not None:
                for entry_id in gone:
                    index.remove(entry_id)
            self._texts = {i: e.text for i, e in entries.items()}
            self._seen = stamp
