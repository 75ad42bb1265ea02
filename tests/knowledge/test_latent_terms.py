"""Latent terms: the reordering rule, the real sparse head, its caches and the shipped file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from knowledge.base import POLICY_SOURCE_ID, policy_source, shipped_terms_path
from knowledge.documents import parse_document
from knowledge.index import embedding_text
from knowledge.latent_terms import LatentTerms, TermVector, rerank_by_terms, term_similarity
from knowledge.types import Chunk, SearchHit


def _hit(name: str, score: float) -> SearchHit:
    chunk = Chunk(
        chunk_id=name,
        source_id="doc",
        text=f"Texto {name}.",
        breadcrumb=name,
        start=0,
        end=10,
    )
    return SearchHit(chunk=chunk, score=score)


QUERY: TermVector = {1: 1.0, 2: 1.0}
STRONG: TermVector = {1: 3.0, 2: 3.0}
WEAK: TermVector = {7: 5.0}
MIDDLE: TermVector = {1: 1.0}


@pytest.mark.parametrize(
    ("scores", "passages", "weight", "expected"),
    [
        # Close fused scores: the order follows the shared terms (z: -0.89, -0.51, 1.40).
        ([2.0, 1.9, 1.8], [WEAK, MIDDLE, STRONG], 0.5, ["c", "b", "a"]),
        # A clear fused lead survives a weak term match.
        ([5.0, 1.0, 0.9], [WEAK, MIDDLE, STRONG], 0.5, ["a", "c", "b"]),
        # Weight 0, or terms that do not tell the passages apart: the order stays.
        ([2.0, 1.9, 1.8], [WEAK, MIDDLE, STRONG], 0.0, ["a", "b", "c"]),
        ([2.0, 1.9, 1.8], [MIDDLE, MIDDLE, MIDDLE], 0.5, ["a", "b", "c"]),
    ],
)
def test_reordering_rule(
    scores: list[float], passages: list[TermVector], weight: float, expected: list[str]
) -> None:
    hits = [_hit(name, s) for name, s in zip("abc", scores, strict=True)]
    ordered = rerank_by_terms(hits, QUERY, passages, weight)
    assert [h.chunk.chunk_id for h in ordered] == expected
    # Only the order changes: every hit keeps its fused score.
    assert {h.chunk.chunk_id: h.score for h in ordered} == {h.chunk.chunk_id: h.score for h in hits}


def test_similarity_is_a_sparse_dot_product() -> None:
    assert term_similarity(QUERY, STRONG) == 6.0
    assert term_similarity(QUERY, WEAK) == 0.0
    assert term_similarity({}, STRONG) == 0.0


@pytest.mark.slow
def test_the_sparse_head_ranks_a_paraphrase_and_caches_passages(tmp_path: Path) -> None:
    terms = LatentTerms(tmp_path / "cache.sqlite")
    passages = [
        "La DER retroalimenta el documento de pre-diseño antes de pasar a diseño.",
        "Receta tradicional de ajiaco con papa criolla y guascas.",
    ]
    vectors = terms.passages(passages)
    query = terms.query("quien da retroalimentacion a la ficha de prediseno")
    assert 0 < len(query) <= 512 and all(v > 0 for v in query.values())
    assert term_similarity(query, vectors[0]) > term_similarity(query, vectors[1])

    encoded: list[str] = []
    original = terms._encode  # noqa: SLF001

    def counting(text: str) -> TermVector:
        encoded.append(text)
        return original(text)

    terms._encode = counting  # type: ignore[method-assign]  # noqa: SLF001
    again = LatentTerms(tmp_path / "cache.sqlite")
    again._encode = counting  # type: ignore[method-assign]  # noqa: SLF001
    assert again.passages(passages) == vectors  # from SQLite, another instance
    assert terms.query("quien da retroalimentacion a la ficha de prediseno") == query
    assert encoded == []

    shipped = tmp_path / "terminos.npz"
    terms.export(passages, shipped)
    fresh = LatentTerms(tmp_path / "otra.sqlite")
    assert fresh.seed(shipped) == 2
    fresh._encode = counting  # type: ignore[method-assign]  # noqa: SLF001
    restored = fresh.passages(passages)
    assert encoded == []
    for got, want in zip(restored, vectors, strict=True):
        assert got.keys() == want.keys()
        assert np.allclose([got[k] for k in want], list(want.values()))


def test_shipped_terms_cover_every_policy_chunk(tmp_path: Path) -> None:
    """Fails when the parser changes without ``make vectores``."""
    terms = LatentTerms(tmp_path / "cache.sqlite")
    assert terms.seed(shipped_terms_path()) > 300
    source = policy_source()
    document = parse_document(source.text, source_id=POLICY_SOURCE_ID, title=source.title)
    keys = {terms._key(embedding_text(c)) for c in document.chunks}  # noqa: SLF001
    assert keys <= set(np.load(shipped_terms_path())["keys"].tolist())
