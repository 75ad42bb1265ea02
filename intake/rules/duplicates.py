"""Near-duplicate search over stored fichas and portfolio products (rule NAME-DUPLICATE).

Units should articulate instead of duplicating (Lineamiento 1; Cuadro No 1: "oferta
desarticulada, fragmentada, dispersa"). `DuplicateIndex` embeds the stored side once — name and
problem of every other ficha or product — and keeps the unit vectors in one matrix; each
validation then costs one embedding of the ficha being checked plus one matrix-vector product,
so checking against a thousand stored fichas stays within a few milliseconds beyond the
embedding itself.

Both sides are embedded with ``embed_documents`` on purpose: this is a symmetric comparison of
two documents, and models such as e5 add a different prefix to queries than to passages.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from intake.ficha import Ficha
from intake.ports import TextEmbedder

Matrix = npt.NDArray[np.float32]


@dataclass(frozen=True)
class PortfolioEntry:
    """Another ficha or a portfolio product to compare against.

    Attributes:
        id: Stable id (a ficha id or a portfolio product code).
        name: Name of the product or service.
        problem: Its problem statement (may be empty for portfolio products).
        kind: ``"ficha"`` or ``"producto"``.
    """

    id: str
    name: str
    problem: str = ""
    kind: str = "ficha"

    @classmethod
    def from_ficha(cls, ficha: Ficha) -> PortfolioEntry:
        """The entry for a stored ficha (its id, name and problem statement).

        Raises:
            ValueError: The ficha has no id (a stored ficha always has one).
        """
        if not ficha.id:
            raise ValueError("Una ficha almacenada necesita un identificador.")
        return cls(id=ficha.id, name=ficha.nombre or "", problem=ficha.problema.enunciado or "")

    @property
    def text(self) -> str:
        """The text that is embedded."""
        return comparison_text(self.name, self.problem)


@dataclass(frozen=True)
class DuplicateMatch:
    """A stored entry that is semantically close to the ficha being validated."""

    entry: PortfolioEntry
    similarity: float


def comparison_text(name: str | None, problem: str | None) -> str:
    """Name and problem joined the same way for both sides of the comparison."""
    name, problem = (name or "").strip(), (problem or "").strip()
    return f"{name}. {problem}" if problem else name


def _unit_rows(vectors: Sequence[Sequence[float]] | Matrix) -> Matrix:
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim != 2:
        raise ValueError("El modelo de embeddings devolvió vectores con forma inesperada.")
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    unit: Matrix = matrix / norms
    return unit


class DuplicateIndex:
    """Pre-computed embeddings of the stored side, answered by cosine similarity.

    Args:
        embedder: The embedding model (same as the knowledge index).
        entries: Initial stored fichas / products (embedded now, in one batch).
        cache_size: How many recent query texts keep their embedding (the guided intake
            validates the same name again and again while other fields change).
    """

    def __init__(
        self,
        embedder: TextEmbedder,
        entries: Iterable[PortfolioEntry] = (),
        *,
        cache_size: int = 256,
    ) -> None:
        self._embedder = embedder
        self._entries: list[PortfolioEntry] = []
        self._matrix: Matrix = np.zeros((0, 0), dtype=np.float32)
        self._cache: OrderedDict[str, Matrix] = OrderedDict()
        self._cache_size = cache_size
        self.add(entries)

    @classmethod
    def from_vectors(
        cls,
        embedder: TextEmbedder,
        entries: Sequence[PortfolioEntry],
        vectors: Sequence[Sequence[float]] | Matrix,
    ) -> DuplicateIndex:
        """An index from embeddings computed earlier (e.g. stored next to the fichas).

        Raises:
            ValueError: ``entries`` and ``vectors`` differ in length.
        """
        if len(entries) != len(vectors):
            raise ValueError("Cada ficha almacenada necesita exactamente un vector.")
        index = cls(embedder)
        index._entries = list(entries)
        index._matrix = _unit_rows(vectors) if len(entries) else index._matrix
        return index

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def entries(self) -> tuple[PortfolioEntry, ...]:
        """The stored entries, in index order."""
        return tuple(self._entries)

    @property
    def vectors(self) -> Matrix:
        """Unit vectors of the stored entries (one row each), to cache them elsewhere."""
        return self._matrix.copy()

    def add(self, entries: Iterable[PortfolioEntry]) -> None:
        """Embed and add entries in one batch; an entry with an existing id replaces it."""
        new = list(entries)
        if not new:
            return
        ids = {e.id for e in new}
        keep = [i for i, e in enumerate(self._entries) if e.id not in ids]
        vectors = _unit_rows(self._embedder.embed_documents([e.text for e in new]))
        old = self._matrix[keep] if keep else None
        self._entries = [self._entries[i] for i in keep] + new
        self._matrix = vectors if old is None else np.vstack([old, vectors])

    def remove(self, entry_id: str) -> None:
        """Forget an entry (e.g. a ficha that was withdrawn)."""
        keep = [i for i, e in enumerate(self._entries) if e.id != entry_id]
        self._entries = [self._entries[i] for i in keep]
        self._matrix = self._matrix[keep] if keep else np.zeros((0, 0), dtype=np.float32)

    def embed(self, text: str) -> Matrix:
        """Unit vector of one text being validated (cached by text)."""
        cached = self._cache.get(text)
        if cached is not None:
            self._cache.move_to_end(text)
            return cached
        vector = _unit_rows(self._embedder.embed_documents([text]))[0]
        self._cache[text] = vector
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return vector

    def search(
        self,
        name: str | None,
        problem: str | None,
        *,
        threshold: float,
        limit: int = 3,
        exclude_id: str | None = None,
    ) -> list[DuplicateMatch]:
        """Stored entries whose similarity to name + problem is at least ``threshold``.

        Args:
            name: Name of the ficha being validated.
            problem: Its problem statement.
            threshold: Minimum cosine similarity (0 to 1).
            limit: At most this many matches, best first.
            exclude_id: The ficha's own id (its earlier versions are not duplicates).
        """
        text = comparison_text(name, problem)
        if not text or not self._entries:
            return []
        scores = self._matrix @ self.embed(text)
        above = np.flatnonzero(scores >= threshold)
        matches: list[DuplicateMatch] = []
        for position in above[np.argsort(-scores[above], kind="stable")]:
            entry = self._entries[int(position)]
            if exclude_id is not None and entry.id == exclude_id:
                continue
            matches.append(DuplicateMatch(entry=entry, similarity=float(scores[position])))
            if len(matches) >= limit:
                break
        return matches


__all__ = ["DuplicateIndex", "DuplicateMatch", "PortfolioEntry", "comparison_text"]
