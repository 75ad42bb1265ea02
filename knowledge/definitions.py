"""Concepts the policy defines in its running text, outside the glossary table.

Cuadro No 2 is not the only place the policy says what a word means: a glossary entry
defines another concept in passing («Entendiendo por cadena de valor: “Relación
secuencial…”»), a footnote fixes a term («se entiende por Alta Dirección, el nivel de
decisión compuesto por…») and the steps define theirs («Entiéndase por meta…»). Only
explicit defining phrases count — «se entiende por X», «entendiendo por X», «entiéndase
por X», «se denomina X», «un X se define como / se refiere a / hace referencia a» — so a
word is never taken for defined because a sentence merely speaks of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.chunking import sentence_spans
from knowledge.normalization import fold
from knowledge.types import Chunk, GlossaryEntry

WORD = r"[\wáéíóúñÁÉÍÓÚÑ\-]+"
TERM_AFTER = re.compile(
    r"\b(?:se entiende por|entendiendo por|entiendase por|se denominan?|se conocen? como)\s+"
    r"[\"“”']?(?P<term>" + WORD + r"(?:\s+" + WORD + r"){0,4}?)[\"“”']?"
    r"(?=\s*[,:“\"(]|\s+(?:el|la|los|las|al|a|aquel|aquella|aquellos|aquellas|aquello|como|que)\b)",
    re.IGNORECASE,
)
"""«se entiende por Alta Dirección, el nivel…»: the term follows the phrase and ends at a
comma, a colon, an opening quote or the article that starts the definition."""
TERM_BEFORE = re.compile(
    r"(?:^|[,;:]\s+|\bque\s+)(?:la|el|los|las|una|un)\s+(?P<term>"
    + WORD
    + r"(?:\s+"
    + WORD
    + r"){0,3}?)"
    r"\s+(?:se (?:puede |pueden )?(?:define|definen|definir|entiende|entienden|entender) como"
    r"|se refieren? al?|hacen? referencia al?)\b",
    re.IGNORECASE,
)
"""«Una experiencia significativa se puede definir como…»: the term is the subject."""
NOT_A_TERM = frozenset(
    "esto este esta estos estas ello lo cual mismo misma cada primer primero primera segundo "
    "segunda tercer tercero tercera ultimo ultima anterior siguiente presente otro otra".split()
)
"""Words that show the «term» is a pronoun or a pointer, not a concept."""
MAX_CHARS = 700
"""A definition quoted at most this long (a defining sentence and the quote it opens)."""


def definitions_in(chunks: Iterable[Chunk]) -> list[GlossaryEntry]:
    """The concepts ``chunks`` define in running text, once each (the first definition
    wins), in document order. ``start``/``end`` are those of the chunk that holds it."""
    found: dict[str, GlossaryEntry] = {}
    for chunk in chunks:
        spans = sentence_spans(chunk.text)
        for index, (begin, end) in enumerate(spans):
            sentence = chunk.text[begin:end]
            term = _term(sentence)
            if term is None or fold(term) in found:
                continue
            found[fold(term)] = GlossaryEntry(
                term=term[0].upper() + term[1:],
                definition=_definition(chunk.text, spans, index),
                authors=(),
                breadcrumb=chunk.breadcrumb,
                source_id=chunk.source_id,
                start=chunk.start,
                end=chunk.end,
                in_text=True,
            )
    return list(found.values())


def _term(sentence: str) -> str | None:
    for pattern in (TERM_AFTER, TERM_BEFORE):
        for match in pattern.finditer(fold(sentence)):
            start, end = match.span("term")
            term = sentence[start:end].strip(" \"“”'")
            words = fold(term).split()
            if words and not (set(words) & NOT_A_TERM) and len(term) >= 4:
                return term
    return None


def _definition(text: str, spans: list[tuple[int, int]], index: int) -> str:
    """The defining sentence; one that ends in a colon («Entendiendo por cadena de valor:»)
    brings the sentence it announces, when both fit in `MAX_CHARS`."""
    begin, end = spans[index]
    if text[begin:end].rstrip().endswith(":") and index + 1 < len(spans):
        following = spans[index + 1][1]
        if following - begin <= MAX_CHARS:
            end = following
    return text[begin:end].strip()
