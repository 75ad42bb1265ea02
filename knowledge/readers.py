"""Read documents to ingest (.txt, .md, .pdf, .docx) with clear Spanish errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from knowledge.errors import IngestError

SUPPORTED = {".txt", ".md", ".pdf", ".docx"}


@dataclass(frozen=True)
class SourceText:
    """A document's extracted text and identity."""

    source_id: str
    title: str
    text: str
    origin: str


def source_id_for(path: Path) -> str:
    """Stable id from the file name: lower-case, ``[a-z0-9_]``."""
    return re.sub(r"[^a-z0-9_]+", "_", path.stem.lower()).strip("_") or "documento"


def check_path(path: Path, *, allowed_dirs: list[Path], max_mb: float) -> Path:
    """Resolve ``path`` and refuse it if outside the allowed folders, missing or too big."""
    resolved = path.expanduser().resolve()
    roots = [d.expanduser().resolve() for d in allowed_dirs]
    if roots and not any(resolved.is_relative_to(root) for root in roots):
        raise IngestError(
            f"«{path}» está fuera de las carpetas permitidas para cargar documentos.",
            detail=str(resolved),
        )
    if not resolved.is_file():
        raise IngestError(f"No encuentro el archivo «{path}».")
    if resolved.suffix.lower() not in SUPPORTED:
        raise IngestError(
            f"«{path.name}»: tipo de archivo no soportado. Usa .txt, .md, .pdf o .docx."
        )
    size_mb = resolved.stat().st_size / (1024 * 1024)
    if size_mb > max_mb:
        raise IngestError(f"«{path.name}» pesa {size_mb:.1f} MB; el máximo es {max_mb:.0f} MB.")
    return resolved


def read_document(path: Path, *, allowed_dirs: list[Path], max_mb: float = 50.0) -> SourceText:
    """Extract the text of a document; raises `IngestError` with a Spanish message."""
    resolved = check_path(path, allowed_dirs=allowed_dirs, max_mb=max_mb)
    suffix = resolved.suffix.lower()
    if suffix in {".txt", ".md"}:
        text = _read_text(resolved)
    elif suffix == ".pdf":
        text = _read_pdf(resolved)
    else:
        text = _read_docx(resolved)
    if not text.strip():
        raise IngestError(f"«{path.name}» está vacío o no tiene texto extraíble.")
    title = next((ln.strip("# ").strip() for ln in text.splitlines() if ln.strip()), path.stem)
    return SourceText(source_id_for(resolved), title[:120], text, str(resolved))


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IngestError(f"«{path.name}» no es texto legible (codificación desconocida).")


def _read_pdf(path: Path) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        reader = PdfReader(str(path))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        raise IngestError(
            f"«{path.name}» no es un PDF legible (¿dañado o protegido?).", detail=str(exc)
        ) from exc


def _read_docx(path: Path) -> str:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        document = docx.Document(str(path))
    except (PackageNotFoundError, OSError, ValueError, KeyError) as exc:
        raise IngestError(
            f"«{path.name}» no es un documento Word (.docx) legible.", detail=str(exc)
        ) from exc
    lines = []
    for paragraph in document.paragraphs:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        level = style.removeprefix("Heading ").removeprefix("Título ")
        prefix = "#" * int(level) + " " if level.isdigit() else ""
        lines.append(prefix + paragraph.text)
    return "\n".join(lines)
