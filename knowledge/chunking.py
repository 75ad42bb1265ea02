"""Split section text into passages of a retrievable size, on sentence boundaries."""

from __future__ import annotations

import re
from collections.abc import Iterator

from knowledge.mapped_text import MappedText

TARGET_CHARS = 1000
MAX_CHARS = 1400
SENTENCE_END = re.compile(
    # A list marker such as "1." or "a." does not end a sentence.
    r"(?<![\s(]\d\.)(?<![\s(]\d\d\.)(?<!^\d\.)(?<!^\d\d\.)(?<!\s[a-h]\.)(?<!^[a-h]\.)"
    r"(?<=[.!?;:”])\s+(?=[“\"(¿¡•A-ZÁÉÍÓÚÑ0-9])|\s+(?=•)"
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences (and bullet items) of ``text``."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return _split_long(text, spans)


def _split_long(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for begin, end in spans:
        while end - begin > MAX_CHARS:
            cut = text.rfind(" ", begin, begin + TARGET_CHARS)
            cut = cut if cut > begin else begin + TARGET_CHARS
            out.append((begin, cut))
            begin = cut + 1
        out.append((begin, end))
    return out


def chunk_spans(text: str) -> Iterator[tuple[int, int]]:
    """Greedy windows of whole sentences up to `TARGET_CHARS`, overlapping by one sentence."""
    sentences = sentence_spans(text)
    i = 0
    while i < len(sentences):
        begin, end = sentences[i]
        j = i + 1
        while j < len(sentences) and sentences[j][1] - begin <= TARGET_CHARS:
            end = sentences[j][1]
            j += 1
        yield begin, end
        if j >= len(sentences):
            break
        # Overlap: the next window starts with this window's last sentence, unless that
        # sentence alone is the whole window.
        i = j - 1 if j - 1 > i else j


def split_mapped(text: MappedText) -> Iterator[MappedText]:
    """Chunks of a mapped text (each keeps its source offsets)."""
    for begin, end in chunk_spans(text.text):
        yield text.slice(begin, end)
