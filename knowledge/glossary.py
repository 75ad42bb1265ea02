"""The glossary (Cuadro No 2): concepts as structured entries."""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.mapped_text import MappedText
from knowledge.normalization import fold
from knowledge.policy_parser import Line, Section
from knowledge.types import GlossaryEntry

TERM_LINE_MAX = 32
CLOSING = (".", ",", ";", ":", ")", "”", '"')
CITATION = re.compile(
    r"(?P<name>(?:[A-ZÁÉÍÓÚ][\w\-áéíóúñ]+|DNP|PNUD|BID y CLAD)"
    r"(?:\s(?:y otros|y\s[A-ZÁÉÍÓÚ][\w]+|[A-ZÁÉÍÓÚ][\w]+))*)\s*\((?P<year>\d{4}(?:;\s?\d{4})?)\)"
    r"|\((?P<pname>[A-ZÁÉÍÓÚ][^()]{1,40}?),?\s(?P<pyear>\d{4})\)"
    r"|(?P<decree>(?:artículo \d+ del )?Decreto \d+ de \d{4})"
)


def is_glossary_section(section: Section) -> bool:
    """True for the section that holds Cuadro No 2 (the glossary)."""
    table = section.levels.get("table", "")
    return table.startswith("Cuadro No 2") or (
        "glosario" in fold(section.levels.get("subsection", "")) and "table" in section.levels
    )


def _blocks(lines: Iterable[Line]) -> list[list[Line]]:
    blocks: list[list[Line]] = [[]]
    for line in lines:
        if line.text:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _is_term(block: list[Line]) -> bool:
    first = block[0].text
    return (
        len(block) <= 3
        and all(len(line.text) <= TERM_LINE_MAX for line in block)
        and first[0].isupper()
        and not block[-1].text.endswith(CLOSING)
        and not first.startswith(("Cuadro", "Concepto", "Fuente"))
    )


def cited_authors(definition: str) -> tuple[str, ...]:
    """Authors or sources a definition cites, in order of appearance, without repeats."""
    found: list[str] = []
    for match in CITATION.finditer(definition):
        if match.group("name"):
            label = f"{match.group('name')} ({match.group('year')})"
        elif match.group("pname"):
            label = f"{match.group('pname').strip()} ({match.group('pyear')})"
        else:
            label = match.group("decree")
        if label not in found:
            found.append(label)
    return tuple(found)


def extract_glossary(section: Section, *, source_id: str, parent_crumb: str) -> list[GlossaryEntry]:
    """Concepts of the glossary table: term lines on the left, definition after them."""
    entries: list[GlossaryEntry] = []
    term: str | None = None
    definition = MappedText()
    for block in _blocks(section.lines[1:]):
        if _is_term(block):
            if term:
                entries.append(_entry(term, definition, source_id, parent_crumb))
            term = re.sub(r"\s+", " ", " ".join(line.text for line in block))
            term = re.sub(r"(?<=[^\d\s])\d{1,2}$", "", term).strip()
            definition = MappedText()
            continue
        if term:
            for line in block:
                definition.append_line(line.raw, line.start)
    if term:
        entries.append(_entry(term, definition, source_id, parent_crumb))
    return entries


def _entry(term: str, definition: MappedText, source_id: str, crumb: str) -> GlossaryEntry:
    text = definition.text
    tail = text.find(" Se espera que estos conceptos")
    if tail > 0:
        definition = definition.slice(0, tail)
        text = definition.text
    start, end = definition.span(0, len(definition))
    return GlossaryEntry(
        term=term,
        definition=text,
        authors=cited_authors(text),
        breadcrumb=f"{crumb} > {term}",
        source_id=source_id,
        start=start,
        end=end,
    )
