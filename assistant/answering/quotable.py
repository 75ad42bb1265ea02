"""What may be quoted as evidence: sentences, not headings, credits, table cells, outlines
or pointers elsewhere.

The policy is a PDF turned into text, so a passage's sentences carry debris: a heading
glued to the first sentence («Paso 4: Definir la cadena de valor … Se trata de…»), a
footnote that credits the author of a section, flattened table cells («LOGRO LOGRO ENERO
FEBRERO…») and a chapter's own outline («este capítulo se ha dividido en tres partes»).
None of it answers a question; quoting it wastes the first lines a person reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from knowledge import Chunk, fold
from knowledge.chunking import sentence_spans

CREDIT = re.compile(r"^(textos?|contenidos?|apartes?) (aportad|elaborad|redactad)|contratista de")
SOURCE_LINE = re.compile(r"^(fuente|elaboracion propia|grafico|imagen|cuadro no)\b")
OUTLINE = re.compile(
    r"\bse ha divid\w* en\b|\b(la|una) (primera|segunda|tercera|cuarta|ultima) parte\b"
    r"|\bse estructura en (dos|tres|cuatro|cinco)\b|\bel presente (documento|capitulo) (presenta|contiene)\b"
)
POINTER = re.compile(
    r"^(\d{1,2}\s+)?para (ampliar|conocer|una mayor comprension)\b.*\b(consultar|ver|vease)"
    r"( el| la| del)? (documento|anexo|lineamiento|cuadro|grafico|siguiente|link)\b"
    r"|^mas adelante en este (mismo )?(apartado|capitulo|documento)"
    r"|^vease (el |la )?(grafic|cuadro|anexo)"
)
"""A sentence that sends the reader elsewhere («Para ampliar información…, consultar el
documento…», «Véase Gráfico número 9.»): it answers nothing itself."""
WORD = re.compile(r"[A-Za-zÁÉÍÓÚÑáéíóúñ]{4,}")
MIN_WORDS = 6
SIDEBAR = re.compile(r"\s*\b(Herramientas de esta etapa|Conceptos a tener en cuenta)\b")
"""A stage's sidebar box (tools, concepts) printed into the running text."""
NUMBERING = re.compile(r"^((Paso|Etapa|Lineamiento) \d+\s*[:.]\s*|\d(\.\d)*\.?\s+)")
OPENERS = (
    "En El Los Las Para Por Con Se Este Esta Estos Estas Cada Toda Todo Todos Todas Así "
    "Además Asimismo Cuando Dicho Dicha Adicionalmente Finalmente Igualmente Posteriormente "
    "Luego Actualmente"
).split()
GLUED = re.compile(r"(?<=[\w)])\s+(?=(" + "|".join(OPENERS) + r")[\s,])")
"""Where a paragraph starts with no full stop before it: a capitalised opener after a list
item or a short subheading (the PDF lost the line break: «• Alta Dirección: Usuario Alta
Dirección En la formulación del Plan de Acción…»). Only there (`_unglued`): in running text
a capitalised word may be a name («publicado en el diario El Tiempo»)."""
ARTICLES = ("La", "Lo", "Un", "Una", "Unos", "Unas", "Al", "Del", "De")
SHOUTING = re.compile(r"\b[A-ZÁÉÍÓÚÑ]{4,}\s+[A-ZÁÉÍÓÚÑ]{4,}\s+[A-ZÁÉÍÓÚÑ]{4,}\b")


@dataclass(frozen=True)
class Sentence:
    """A quotable sentence of a chunk: its exact text and its position in the chunk."""

    chunk: Chunk
    index: int
    text: str
    start: int
    """Offset of ``text`` in the chunk's text (``end`` just past it)."""
    end: int
    first: int = -1
    """Index of the sentence's first span when a label was glued to it (else ``index``)."""

    def follows(self, other: Sentence) -> bool:
        """True when this sentence comes right after ``other`` in the chunk (no debris between)."""
        return self.chunk == other.chunk and (self.first if self.first >= 0 else self.index) == (
            other.index + 1
        )


@lru_cache(maxsize=4096)
def chunk_sentences(chunk: Chunk) -> tuple[Sentence, ...]:
    """The quotable sentences of ``chunk``, in order (headings stripped, debris dropped);
    cached: the same passages come back question after question (39 ms → 2 ms each)."""
    labels = [part for part in chunk.breadcrumb.split(" > ") if part]
    out: list[Sentence] = []
    spans = _unglued(chunk.text, sentence_spans(chunk.text))
    label_start: tuple[int, int] | None = None
    for index, (start, end) in enumerate(spans):
        raw = chunk.text[start:end].strip()
        if _is_label(raw) and index + 1 < len(spans):
            # «RADAR de evaluaciones:» names the item that follows: quoted with it.
            label_start = (start, index) if label_start is None else label_start
            continue
        first = -1
        if label_start is not None:
            start, first, label_start = label_start[0], label_start[1], None
            raw = chunk.text[start:end].strip()
        text = SIDEBAR.split(strip_heading(raw, labels), maxsplit=1)[0].strip()
        if text and is_evidence(text, chunk) and not _is_a_heading(text, labels):
            begin = chunk.text.index(text, start)
            out.append(Sentence(chunk, index, text, begin, begin + len(text), first))
    return tuple(out)


def _unglued(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` split where a list item was glued to the paragraph after it (`GLUED`): in
    an item (a span that starts with a bullet, or the one after an item's label)."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        before = text[out[-1][0] : out[-1][1]].strip() if out else ""
        item = text[start:end].startswith("•") or (before.startswith("•") and _is_label(before))
        match = GLUED.search(text, start, end)
        if match is not None and (item or _is_subheading(text[start : match.start()])):
            out.append((start, match.start()))
            start = match.end()
        out.append((start, end))
    return out


def _is_subheading(words: str) -> bool:
    """A few words that open a span without being a sentence's start: a heading inside the
    section («Objetivo de la Etapa 1 El diseño…», «Tableros de Micro Gerencia Los…»); a
    name that opens a sentence comes after an article («El Plan Nacional de Desarrollo…»)."""
    first = words.split()[:1]
    return (
        len(words.split()) < MIN_WORDS
        and bool(first)
        and first[0][:1].isupper()
        and first[0] not in (*OPENERS, *ARTICLES)
    )


def _is_a_heading(sentence: str, labels: list[str]) -> bool:
    """The sentence is one of the section's own titles (a heading alone)."""
    words = re.findall(r"\w+", fold(sentence))
    return any(
        words and re.findall(r"\w+", fold(title))[: len(words)] == words
        for title in _titles(labels)
    )


def _titles(labels: list[str]) -> set[str]:
    """The section titles, with and without their numbering («Paso 4:», «5.3»)."""
    return {NUMBERING.sub("", label) for label in labels} | set(labels)


def _is_label(sentence: str) -> bool:
    """A few words ending in a colon: the name of the item the next sentence describes."""
    return sentence.endswith(":") and len(sentence.split()) < MIN_WORDS


def strip_heading(sentence: str, labels: list[str]) -> str:
    """``sentence`` without a section title glued to its start (the PDF lost the line break)."""
    folded = fold(sentence)
    if len(folded) != len(sentence):
        return sentence
    for label in sorted(_titles(labels), key=len, reverse=True):
        pattern = _title_pattern(label)
        match = pattern.match(folded) if pattern else None
        if match and match.end() < len(sentence):
            rest = sentence[match.end() :].strip()
            return rest if rest[:1].isupper() or rest[:1] in '¿“"•' else sentence
    return sentence


@lru_cache(maxsize=2048)
def _title_pattern(label: str) -> re.Pattern[str] | None:
    """A section title as a pattern over folded text (any punctuation between words)."""
    words = re.findall(r"\w+", fold(label))
    if len(words) < 2:
        return None
    # a footnote mark may follow the title («Foco de la llegada a territorio del DNP9 Toda…»)
    return re.compile(r"\W*" + r"\W+".join(map(re.escape, words)) + r"(\d{1,2}(?=\s))?\W*")


def is_evidence(sentence: str, chunk: Chunk) -> bool:
    """False for a heading alone, a footnote credit, a source line, table debris or an outline."""
    folded = fold(sentence).lstrip("•-– ")
    words = WORD.findall(sentence)
    if len(sentence.split()) < MIN_WORDS:
        return False
    if CREDIT.search(folded) or SOURCE_LINE.match(folded) or OUTLINE.search(folded):
        return False
    if POINTER.search(folded):
        return False
    if chunk.kind == "nota" and not re.search(r"[.;]\s*$", sentence) and len(words) < 10:
        return False
    return not _table_debris(sentence, words)


def _table_debris(sentence: str, words: list[str]) -> bool:
    """Flattened table cells: mostly capitalised words (names of institutions alone do not
    get there), or three upper-case words in a row."""
    if SHOUTING.search(sentence):
        return True
    if len(words) < 8:
        return False
    capitalised = sum(w[0].isupper() for w in words) / len(words)
    return capitalised > (0.6 if not sentence.rstrip().endswith(".") else 0.75)
