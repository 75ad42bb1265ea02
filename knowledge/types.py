"""Value objects that cross the knowledge package's boundary (plain dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage of a document, with its place in the document's structure."""

    chunk_id: str
    """Stable id: ``<source_id>:<ordinal>``."""
    source_id: str
    """Id of the document (file stem), e.g. ``politica_llegada_territorio_dnp_2022``."""
    breadcrumb: str
    """Path of headings, e.g. ``Lineamiento 2 > 2.2.3 … > Etapa 1: Pre-diseño > Paso 2: …``."""
    text: str
    """The passage, whitespace collapsed, PDF noise removed."""
    start: int
    """Offset of the passage's first character in the source text."""
    end: int
    """Offset just past the passage's last character in the source text."""
    kind: str = "texto"
    """``texto``, ``glosario`` or ``nota`` (footnote)."""

    @property
    def section(self) -> str:
        """Alias of the breadcrumb, as shown in citations."""
        return self.breadcrumb


@dataclass(frozen=True)
class GlossaryEntry:
    """One concept of the glossary (Cuadro No 2)."""

    term: str
    definition: str
    authors: tuple[str, ...]
    """Authors or sources the definition cites, e.g. ``("Fukuda-Parr y otros (2002)",)``."""
    breadcrumb: str
    source_id: str
    start: int
    end: int
    in_text: bool = False
    """Defined in the running text («se entiende por…»), not in Cuadro No 2."""


@dataclass(frozen=True)
class PolicyList:
    """An enumeration of a document: its items, in order, with the sentence that
    introduces them and the section they belong to (parsed at ingest)."""

    section: str
    """Breadcrumb of the section that holds the list (as the chunks show it)."""
    intro: str
    """The document's own sentence that announces the items (ends in a colon), or ``""``."""
    items: tuple[str, ...]
    source_id: str
    start: int
    """Offset of the first item in the source text (``end`` just past the last one)."""
    end: int


@dataclass(frozen=True)
class ParsedDocument:
    """A document split into chunks, plus its glossary when it has one."""

    source_id: str
    title: str
    text: str
    """The raw source text (offsets point into it)."""
    chunks: tuple[Chunk, ...]
    glossary: tuple[GlossaryEntry, ...] = ()
    lists: tuple[PolicyList, ...] = ()
    """The enumerations of the text (bullets, numbered and lettered items)."""


@dataclass(frozen=True)
class SearchHit:
    """A chunk returned by retrieval, with its fused score and per-retriever ranks."""

    chunk: Chunk
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None
    dense_score: float | None = None
    extra: dict[str, float] = field(default_factory=dict)
