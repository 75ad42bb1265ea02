"""The policy's enumerations as data: bulleted, numbered and lettered items with the
sentence that introduces them and the section they belong to.

Read at ingest from the parsed sections (the PDF's lines), so a list question is answered
with the list itself and a follow-up can point into it («el segundo»). An item that wraps
over several lines is joined; a line that starts a sentence after an item that ended in a
period closes the list (the prose that follows it is not an item).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.chunking import sentence_spans
from knowledge.mapped_text import GLYPHS
from knowledge.policy_parser import Line, Section
from knowledge.types import PolicyList

MARKER = re.compile(r"^(?:[•▪●◦–-]|[a-h]\)|[a-h]\.|\d{1,2}[.)])\s+(?=\S)")
TRAILING = re.compile(r"[,;]?\s*(\by\b)?\s*$")
ENDS_ITEM = (".", ";", ":", "?", "!")
MIN_ITEMS = 2


def _clean(text: str) -> str:
    for glyph, plain in GLYPHS.items():
        text = text.replace(glyph, plain)
    return re.sub(r"\s+", " ", text).strip()


def item_text(text: str) -> str:
    """An item without its marker and its trailing comma, semicolon or «y»."""
    return TRAILING.sub("", MARKER.sub("", _clean(text), count=1)).strip()


def extract_lists(section: Section, *, source_id: str, breadcrumb: str) -> list[PolicyList]:
    """Every run of at least `MIN_ITEMS` items of ``section``, in order."""
    lines = [line for line in section.lines if line.text]
    out: list[PolicyList] = []
    run: list[list[Line]] = []
    prose: list[Line] = []
    for line in lines:
        text = _clean(line.text)
        if MARKER.match(text):
            run.append([line])
            continue
        if run and _continues(run[-1], text):
            run[-1].append(line)
            continue
        out.extend(_close(run, prose, source_id, breadcrumb))
        if run:
            prose = []
        run = []
        prose.append(line)
    out.extend(_close(run, prose, source_id, breadcrumb))
    return out


def _continues(item: list[Line], text: str) -> bool:
    """A line continues an item when the item has not ended or the line does not start a
    sentence."""
    so_far = _clean(" ".join(line.text for line in item))
    return not so_far.endswith(ENDS_ITEM) or text[:1].islower()


def _close(
    run: list[list[Line]], prose: list[Line], source_id: str, breadcrumb: str
) -> Iterable[PolicyList]:
    if len(run) < MIN_ITEMS:
        return []
    items = tuple(item_text(" ".join(line.text for line in item)) for item in run)
    last = run[-1][-1]
    return [
        PolicyList(
            section=breadcrumb,
            intro=_intro(prose),
            items=tuple(i for i in items if i),
            source_id=source_id,
            start=run[0][0].start,
            end=last.start + len(last.raw.rstrip()),
        )
    ]


def _intro(prose: list[Line]) -> str:
    """The sentence right before the items when it announces them (ends in a colon)."""
    text = _clean(" ".join(line.text for line in prose[-6:]))
    spans = sentence_spans(text)
    if not spans:
        return ""
    start, end = spans[-1]
    sentence = text[start:end].strip()
    return sentence if sentence.endswith(":") else ""


__all__ = ["extract_lists", "item_text"]
