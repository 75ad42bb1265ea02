"""Build a `ParsedDocument` (chunks with breadcrumbs and offsets, glossary) from text."""

from __future__ import annotations

import re

from knowledge.chunking import split_mapped
from knowledge.enumerations import extract_lists
from knowledge.glossary import extract_glossary, is_glossary_section
from knowledge.mapped_text import MappedText
from knowledge.policy_parser import (
    Line,
    PolicyParser,
    footnotes_with_context,
    remove_furniture,
    split_lines,
)
from knowledge.types import Chunk, GlossaryEntry, ParsedDocument, PolicyList

MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
GLOSSARY_SPLIT = 1200


def short_crumb(breadcrumb: str) -> str:
    """Breadcrumb for display: ``Lineamiento 2: Lógica…`` becomes ``Lineamiento 2``."""
    return re.sub(r"^(Lineamiento \d):[^>]*", r"\1 ", breadcrumb).replace("  >", " >").strip()


def parse_document(text: str, *, source_id: str, title: str) -> ParsedDocument:
    """Parse any document; the policy's structure is recognised where present."""
    lines = split_lines(text)
    if any(MARKDOWN_HEADING.match(line.raw) for line in lines[:400]):
        return _parse_markdown(text, lines, source_id=source_id, title=title)
    body, notes = remove_furniture(lines)
    sections = PolicyParser().parse(body)
    chunks: list[Chunk] = []
    glossary: list[GlossaryEntry] = []
    lists: list[PolicyList] = []

    def add(kind: str, crumb: str, mapped: MappedText) -> None:
        start, end = mapped.span(0, len(mapped))
        crumb = short_crumb(crumb if crumb != "Portada" else title)
        chunks.append(
            Chunk(
                chunk_id=f"{source_id}:{len(chunks):04d}",
                source_id=source_id,
                breadcrumb=crumb,
                text=mapped.text,
                start=start,
                end=end,
                kind=kind,
            )
        )

    for section in sections:
        if is_glossary_section(section):
            entries = extract_glossary(
                section, source_id=source_id, parent_crumb=short_crumb(section.breadcrumb)
            )
            if entries:
                glossary.extend(entries)
                for mapped, crumb in _glossary_chunks(section.text, entries):
                    add("glosario", crumb, mapped)
                continue
        crumb = short_crumb(section.breadcrumb if section.breadcrumb != "Portada" else title)
        lists.extend(extract_lists(section, source_id=source_id, breadcrumb=crumb))
        for piece in split_mapped(section.text):
            add("texto", section.breadcrumb, piece)
    for note in footnotes_with_context(notes, sections):
        for piece in split_mapped(note.text):
            add("nota", f"{note.breadcrumb} > Nota {note.number}", piece)
    return ParsedDocument(
        source_id=source_id,
        title=title,
        text=text,
        chunks=tuple(chunks),
        glossary=tuple(glossary),
        lists=tuple(lists),
    )


def _glossary_chunks(
    text: MappedText, entries: list[GlossaryEntry]
) -> list[tuple[MappedText, str]]:
    """One chunk per concept (term + definition), split when very long."""
    out: list[tuple[MappedText, str]] = []
    offsets = text.offsets
    for entry in entries:
        begin = _index_at_or_after(offsets, entry.start)
        end = _index_at_or_after(offsets, entry.end)
        mapped = MappedText()
        mapped.append_line(f"{entry.term}:", -1)
        definition = text.slice(begin, end)
        pieces = (
            [definition] if len(definition) <= GLOSSARY_SPLIT else list(split_mapped(definition))
        )
        for piece in pieces:
            labelled = MappedText()
            labelled._chars = list(f"{entry.term}: ") + piece._chars  # noqa: SLF001
            labelled.offsets = [piece.offsets[0]] * (len(entry.term) + 2) + piece.offsets
            out.append((labelled, entry.breadcrumb))
    tail_at = text.text.find("Se espera que estos conceptos")
    if tail_at > 0:
        out.append((text.slice(tail_at, len(text)), entries[0].breadcrumb.rsplit(" > ", 1)[0]))
    return out


def _index_at_or_after(offsets: list[int], source_offset: int) -> int:
    for i, offset in enumerate(offsets):
        if offset >= source_offset:
            return i
    return len(offsets)


def _parse_markdown(text: str, lines: list[Line], *, source_id: str, title: str) -> ParsedDocument:
    chunks: list[Chunk] = []
    stack: list[tuple[int, str]] = []
    current = MappedText()

    def flush() -> None:
        nonlocal current
        crumb = " > ".join(t for _, t in stack) or title
        for piece in split_mapped(current):
            start, end = piece.span(0, len(piece))
            chunks.append(
                Chunk(f"{source_id}:{len(chunks):04d}", source_id, crumb, piece.text, start, end)
            )
        current = MappedText()

    for line in lines:
        match = MARKDOWN_HEADING.match(line.raw)
        if match:
            flush()
            level = len(match.group(1))
            stack = [(lvl, t) for lvl, t in stack if lvl < level] + [(level, match.group(2))]
        if line.text:
            current.append_line(line.raw, line.start)
    flush()
    return ParsedDocument(source_id=source_id, title=title, text=text, chunks=tuple(chunks))
