"""`BlobCache`: a SQLite table of encodings (vectors, term vectors) keyed by model and text."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np


class BlobCache:
    """Bytes per (model id, text) in one table of a SQLite file that several processes share."""

    def __init__(self, path: Path, table: str, model_id: str) -> None:
        if not table.isidentifier():
            raise ValueError(f"nombre de tabla no válido: {table!r}")
        self.path = Path(path)
        self.table = table
        self.model_id = model_id
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, vec BLOB)")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def key(self, text: str) -> str:
        """The key of ``text`` for this model."""
        return hashlib.sha256(f"{self.model_id}\0{text}".encode()).hexdigest()

    def get_many(self, keys: Sequence[str]) -> dict[str, bytes]:
        """The stored blobs of those ``keys`` that are present."""
        found: dict[str, bytes] = {}
        with self._connect() as db:
            for i in range(0, len(keys), 500):
                batch = list(keys[i : i + 500])
                marks = ",".join("?" * len(batch))
                query = f"SELECT key, vec FROM {self.table} WHERE key IN ({marks})"  # noqa: S608
                found.update(db.execute(query, batch))
        return found

    def shipped(self, path: Path) -> Any | None:
        """The arrays of an ``.npz`` written for this model (``model_id`` member), or None
        when the file is missing, unreadable or for another model."""
        try:
            data = np.load(path, allow_pickle=False)
        except (OSError, ValueError):
            return None
        return data if str(data["model_id"]) == self.model_id else None

    def put_many(self, rows: Iterable[tuple[str, bytes]], *, replace: bool = True) -> int:
        """Store ``(key, blob)`` rows (``replace=False``: keep existing ones); returns how many
        rows changed."""
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        with self._connect() as db:
            before = db.total_changes
            db.executemany(f"{verb} INTO {self.table} VALUES (?, ?)", list(rows))
            return db.total_changes - before
