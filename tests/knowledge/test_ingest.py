"""Ingest: idempotence, atomic replace, removal and every bad-file case."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from knowledge import FusionWeights, IngestError, KnowledgeBase, KnowledgeConfig
from knowledge.errors import IndexNotReadyError
from knowledge.vector_store import VectorStore

GUIDE = (
    "# Guía de viáticos\n\nLos viáticos se liquidan según la resolución interna de la entidad.\n"
)


@pytest.fixture
def kb(tmp_path: Path) -> KnowledgeBase:
    """A knowledge base with a fast deterministic embedder (the real one is tested apart)."""
    config = KnowledgeConfig(
        index_dir=tmp_path / "indice", allowed_dirs=[tmp_path], max_document_mb=1.0
    )
    base = KnowledgeBase(config, embeddings=DeterministicFakeEmbedding(size=32))
    base.warm_up()
    base.ensure_index()
    return base


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_first_build_holds_the_policy(kb: KnowledgeBase) -> None:
    docs = kb.documents()
    assert [d.source_id for d in docs] == ["politica_llegada_territorio"]
    assert docs[0].chunks > 300
    assert len(kb.glossary()) == 27


def test_reingesting_unchanged_content_is_a_noop(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = _write(tmp_path, "guia.md", GUIDE)
    first = kb.ingest([path])
    generation = kb.store.read_manifest().generation  # type: ignore[union-attr]
    second = kb.ingest([path])
    assert first[0].status == "nuevo"
    assert second[0].status == "sin cambios"
    assert kb.store.read_manifest().generation == generation  # type: ignore[union-attr]
    assert kb.ensure_index() is False


def test_changed_document_replaces_its_chunks(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = _write(tmp_path, "guia.md", GUIDE)
    kb.ingest([path])
    path.write_text("# Guía de viáticos\n\nLa tarifa diaria cambió este año.\n", encoding="utf-8")
    outcome = kb.ingest([path])[0]
    assert outcome.status == "actualizado"
    texts = [c.text for c in kb.chunks() if c.source_id == "guia"]
    assert any("tarifa diaria" in t for t in texts)
    assert not any("resolución interna" in t for t in texts)


def test_a_reader_in_another_instance_sees_old_or_new_never_half(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    reader = KnowledgeBase(kb.config, embeddings=DeterministicFakeEmbedding(size=32))
    reader.warm_up()
    before = len(reader.chunks())
    kb.ingest([_write(tmp_path, "guia.md", GUIDE)])
    after = reader.chunks()
    assert len(after) == before + 1
    lexical = FusionWeights(mode="lexical")
    assert (
        reader.search("viáticos resolución interna", k=1, weights=lexical)[0].chunk.source_id
        == "guia"
    )


def test_a_failed_build_leaves_the_old_index_serving(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generation = kb.store.read_manifest().generation  # type: ignore[union-attr]

    def broken_write(self: VectorStore, *args: object) -> None:
        raise IndexNotReadyError("fallo simulado a mitad de la escritura")

    monkeypatch.setattr(VectorStore, "write", broken_write)
    with pytest.raises(IndexNotReadyError):
        kb.ingest([_write(tmp_path, "guia.md", GUIDE)])
    assert kb.store.read_manifest().generation == generation  # type: ignore[union-attr]
    assert {c.source_id for c in kb.chunks()} == {"politica_llegada_territorio"}
    assert kb.search("ficha de pre-diseño", k=3)


def test_remove_drops_a_document_but_never_the_policy(kb: KnowledgeBase, tmp_path: Path) -> None:
    kb.ingest([_write(tmp_path, "guia.md", GUIDE)])
    assert kb.remove("guia").status == "quitado"
    assert "guia" not in {d.source_id for d in kb.documents()}
    with pytest.raises(IngestError, match="no se puede quitar"):
        kb.remove("politica_llegada_territorio")
    with pytest.raises(IngestError, match="No hay ningún documento"):
        kb.remove("inexistente")


def test_docx_and_pdf_are_read(kb: KnowledgeBase, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Circular de asistencia técnica", level=1)
    document.add_paragraph("Las mesas de servicio atienden a los municipios de sexta categoría.")
    docx_path = tmp_path / "circular.docx"
    document.save(str(docx_path))
    pdf_path = tmp_path / "nota.pdf"
    pdf_path.write_bytes(_tiny_pdf("Nota sobre focalizacion territorial"))
    outcomes = kb.ingest([docx_path, pdf_path])
    assert [o.status for o in outcomes] == ["nuevo", "nuevo"]
    texts = {c.source_id: c for c in kb.chunks() if c.source_id in {"circular", "nota"}}
    assert "mesas de servicio" in texts["circular"].text
    assert texts["circular"].breadcrumb == "Circular de asistencia técnica"
    assert "focalizacion" in texts["nota"].text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("vacio.txt", b"   \n\n", "vacío"),
        ("hoja.xlsx", b"PK\x03\x04", "no soportado"),
        ("roto.pdf", b"%PDF-1.4 esto no es un pdf", "PDF legible"),
        ("roto.docx", b"no es un zip", "Word"),
        ("grande.txt", b"a" * (1024 * 1024 + 10), "máximo"),
    ],
)
def test_bad_files_get_a_spanish_error_and_change_nothing(
    kb: KnowledgeBase, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    good = _write(tmp_path, "guia.md", GUIDE)
    bad = tmp_path / name
    bad.write_bytes(content)
    generation = kb.store.read_manifest().generation  # type: ignore[union-attr]
    with pytest.raises(IngestError, match=message):
        kb.ingest([good, bad])
    assert kb.store.read_manifest().generation == generation  # type: ignore[union-attr]
    assert "guia" not in {d.source_id for d in kb.documents()}


def test_paths_outside_the_allowed_folders_are_refused(kb: KnowledgeBase, tmp_path: Path) -> None:
    outside = tmp_path.parent / "fuera.txt"
    outside.write_text("texto", encoding="utf-8")
    with pytest.raises(IngestError, match="fuera de las carpetas permitidas"):
        kb.ingest([tmp_path / ".." / "fuera.txt"])
    with pytest.raises(IngestError, match="No encuentro"):
        kb.ingest([tmp_path / "no_existe.txt"])


def test_a_corrupt_manifest_is_rebuilt(kb: KnowledgeBase) -> None:
    kb.store.manifest_path.write_text("{roto", encoding="utf-8")
    assert kb.ensure_index() is True
    assert len(kb.glossary()) == 27


def _tiny_pdf(text: str) -> bytes:
    """A one-page PDF with ``text`` (hand-written objects, Helvetica)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
