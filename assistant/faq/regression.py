"""The matching regression run before publishing.

Every published entry's question and phrasings must still be answered with that entry: with
the candidate set loaded in a `FaqMatcher` (same threshold as the answering), each phrasing's
query vector must reach the threshold for its own entry, and no other entry may score as high
(a tie already lets the other entry win, depending on load order). Only conflicts that the
change introduces block publishing; older ones are reported apart.

The gate needs a query vector for every published phrasing (~400 with the seed, ~20 ms of CPU
each): computed one by one at publish time they made the first publication take 10 s. They
are kept in a SQLite cache beside the index (shared by every worker and kept across restarts),
the seed's come precomputed with the package (`SEED_VECTORS`, loaded by `seed`), and `prepare`
computes the missing ones ahead of time (the bank calls it when an entry is approved, so the
reviewer's «Publicar» finds them ready).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal

import numpy as np

from assistant.faq.matcher import DEFAULT_THRESHOLD, FaqEntry, FaqMatcher
from knowledge.blob_cache import BlobCache

Kind = Literal["secuestro", "sin_ruta"]
SEED_VECTORS = Path(str(resources.files("assistant") / "data" / "vectores_faq_semilla.npz"))
"""Query vectors of the seed FAQ's phrasings for the default model (`MatchingRegression.export`)."""


@dataclass(frozen=True)
class MatchingConflict:
    """A phrasing that would not be answered with its own entry."""

    kind: Kind
    entry_id: str
    phrasing: str
    own_score: float
    other_id: str | None = None
    other_score: float | None = None

    @property
    def key(self) -> tuple[str, str, str, str | None]:
        """Identity across two runs (scores left out)."""
        return (self.kind, self.entry_id, self.phrasing, self.other_id)

    def describe(self) -> str:
        """One Spanish line."""
        if self.kind == "secuestro":
            return (
                f"«{self.phrasing}» ({self.entry_id}) lo respondería {self.other_id} "
                f"(similitud {self.other_score:.3f} frente a {self.own_score:.3f})"
            )
        return (
            f"«{self.phrasing}» ({self.entry_id}) no alcanza el umbral "
            f"(similitud {self.own_score:.3f})"
        )


@dataclass
class RegressionReport:
    """The outcome of checking a change to the published set."""

    blocking: list[MatchingConflict] = field(default_factory=list)
    """Conflicts the change introduces (they block publishing unless overridden)."""
    existing: list[MatchingConflict] = field(default_factory=list)
    """Conflicts that were already there before the change."""

    @property
    def ok(self) -> bool:
        """True when the change introduces no conflict."""
        return not self.blocking


class MatchingRegression:
    """Checks that a published set routes every phrasing to its own entry."""

    def __init__(
        self,
        *,
        embed_texts: Callable[[list[str]], Sequence[Sequence[float]]],
        embed_query: Callable[[str], Sequence[float]],
        threshold: float = DEFAULT_THRESHOLD,
        query_cache: BlobCache | None = None,
    ) -> None:
        self.embed_texts = embed_texts
        self.embed_query = embed_query
        self.threshold = threshold
        self.query_cache = query_cache
        self._queries: dict[str, np.ndarray] = {}

    def prepare(self, entries: Iterable[FaqEntry]) -> int:
        """Have the query vector of every phrasing of ``entries`` ready (in memory and in the
        cache); returns how many had to be computed now."""
        texts = list(dict.fromkeys(p for e in entries for p in e.phrasings))
        missing = [t for t in texts if t not in self._queries]
        if missing and self.query_cache is not None:
            keys = {self.query_cache.key(t): t for t in missing}
            for key, blob in self.query_cache.get_many(list(keys)).items():
                self._queries[keys[key]] = np.frombuffer(blob, dtype=np.float32).copy()
            missing = [t for t in missing if t not in self._queries]
        fresh = {t: np.asarray(self.embed_query(t), dtype=np.float32) for t in missing}
        self._queries.update(fresh)
        if fresh and self.query_cache is not None:
            cache = self.query_cache
            cache.put_many((cache.key(t), v.tobytes()) for t, v in fresh.items())
        return len(fresh)

    def seed(self, path: Path = SEED_VECTORS) -> int:
        """Load precomputed query vectors (an ``.npz`` written by `export` for this model) into
        the cache; returns how many were new. A file for another model is ignored."""
        data = self.query_cache.shipped(path) if self.query_cache is not None else None
        if data is None or self.query_cache is None:
            return 0
        rows = [
            (str(k), np.asarray(v, dtype=np.float32).tobytes())
            for k, v in zip(data["keys"], data["vectors"], strict=True)
        ]
        return self.query_cache.put_many(rows, replace=False)

    def export(self, entries: Iterable[FaqEntry], path: Path) -> int:
        """Write the query vectors of every phrasing of ``entries`` for `seed`; returns how
        many phrasings it holds."""
        if self.query_cache is None:
            raise ValueError("export needs the query cache (it names the model)")
        texts = list(dict.fromkeys(p for e in entries for p in e.phrasings))
        self.prepare([FaqEntry("semilla", t, "") for t in texts])
        keys = np.asarray([self.query_cache.key(t) for t in texts])
        vectors = np.stack([self._queries[t] for t in texts])
        model = np.asarray(self.query_cache.model_id)
        np.savez_compressed(path, model_id=model, keys=keys, vectors=vectors)
        return len(texts)

    def _query(self, text: str) -> np.ndarray:
        vector = self._queries.get(text)
        if vector is None:
            vector = np.asarray(self.embed_query(text), dtype=np.float32)
            self._queries[text] = vector
        return vector

    def conflicts(self, entries: Sequence[FaqEntry]) -> list[MatchingConflict]:
        """Every phrasing of ``entries`` that would not route to its own entry."""
        self.prepare(entries)
        matcher = FaqMatcher(embed=self.embed_texts, threshold=self.threshold)
        matcher.load(list(entries))
        found: list[MatchingConflict] = []
        for index, entry in enumerate(entries):
            for phrasing in entry.phrasings:
                conflict = self._check(matcher, index, entry, phrasing)
                if conflict is not None:
                    found.append(conflict)
        return found

    def _check(
        self, matcher: FaqMatcher, index: int, entry: FaqEntry, phrasing: str
    ) -> MatchingConflict | None:
        scores = matcher.entry_scores(self._query(phrasing))
        own = float(scores[index])
        scores[index] = -np.inf
        other = int(np.argmax(scores)) if len(scores) > 1 else None
        if other is not None and scores[other] >= self.threshold and scores[other] >= own:
            return MatchingConflict(
                "secuestro",
                entry.entry_id,
                phrasing,
                own,
                matcher.entries[other].entry_id,
                float(scores[other]),
            )
        if own < self.threshold:
            return MatchingConflict("sin_ruta", entry.entry_id, phrasing, own)
        return None

    def check(self, before: Iterable[FaqEntry], after: Iterable[FaqEntry]) -> RegressionReport:
        """Compare the published set ``before`` and ``after`` a change."""
        old = {c.key for c in self.conflicts(list(before))}
        report = RegressionReport()
        for conflict in self.conflicts(list(after)):
            (report.existing if conflict.key in old else report.blocking).append(conflict)
        return report


def replace_entries(
    published: Iterable[FaqEntry], changed: Iterable[FaqEntry], removed: Iterable[str] = ()
) -> list[FaqEntry]:
    """``published`` with ``changed`` entries put in (by id) and ``removed`` ids taken out."""
    by_id = {e.entry_id: e for e in published}
    for entry_id in removed:
        by_id.pop(entry_id, None)
    for entry in changed:
        by_id[entry.entry_id] = entry
    return [by_id[k] for k in sorted(by_id)]


__all__ = ["MatchingConflict", "MatchingRegression", "RegressionReport", "replace_entries"]
