"""The policy sections an entry links to: validation and fingerprints for staleness.

A section reference is a breadcrumb prefix (``"Lineamiento 2 > 2.2 …"``) that must match at
least one chunk breadcrumb of the live index. Its fingerprint is the SHA-256 of the text of
every chunk under it, so a re-ingest that changes (or drops) the section changes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Protocol

from knowledge import Chunk


class ChunkSource(Protocol):
    """Anything that lists the live index's chunks (`knowledge.KnowledgeBase`)."""

    def chunks(self) -> list[Chunk]:
        """All chunks of the live index, in document order."""


class SectionCatalog:
    """Answers questions about section references against the live index."""

    def __init__(self, source: ChunkSource) -> None:
        self.source = source

    def unknown(self, sections: Iterable[str]) -> list[str]:
        """The references that match no chunk breadcrumb."""
        crumbs = {c.breadcrumb for c in self.source.chunks()}
        return [s for s in sections if not any(b.startswith(s) for b in crumbs)]

    def fingerprints(self, sections: Iterable[str]) -> dict[str, str | None]:
        """SHA-256 of each section's text (None when the section no longer exists)."""
        chunks = self.source.chunks()
        result: dict[str, str | None] = {}
        for section in sections:
            texts = [c.text for c in chunks if c.breadcrumb.startswith(section)]
            result[section] = (
                hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest() if texts else None
            )
        return result


def changed_sections(
    stored: Mapping[str, str | None] | None, current: Mapping[str, str | None]
) -> list[str]:
    """Sections whose text changed since ``stored``, or that no longer exist.

    A section missing now is always reported; one without a stored fingerprint is not (its
    baseline is taken now).
    """
    stored = stored or {}
    return [
        section
        for section, now in current.items()
        if now is None or (section in stored and stored[section] != now)
    ]


__all__ = ["ChunkSource", "SectionCatalog", "changed_sections"]
