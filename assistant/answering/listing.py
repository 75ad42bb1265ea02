"""The policy's lists as data: enumerations in the text and the stages, steps and
lineamientos its headings name, so «¿cuáles son…?» is answered with the list itself and a
follow-up can point into it («el segundo», «la tercera etapa»).

Both come from the structure parsed at ingest: the enumerations (`knowledge.PolicyList`:
bullet and «a)»/«1.» items with the sentence that introduces them, and their section) and
the headings of one level under a common parent (``Lineamiento 2 > … > Etapa 1:
Pre-diseño``) that the breadcrumbs carry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answering.answer import Citation
from assistant.answering.compose import sentence_score, stems_of
from assistant.answering.extractive import TermWeights
from assistant.answering.quotable import strip_heading
from knowledge import Chunk, PolicyList, SearchHit, content_stems, fold

MIN_RELEVANCE = 0.5
"""An enumeration answers a list question when its lead-in and items carry this share of
the question's weight (otherwise it is a list about something else in the same passage)."""
MAX_ITEMS = 12
ITEM_CHARS = 120
ITEM_MIN = 30
QUOTE_CHARS = 900
"""A list's source quotes its lead-in and items up to this many characters."""
LEVEL_WORDS = {
    "etapa": "Etapa",
    "etapas": "Etapa",
    "paso": "Paso",
    "pasos": "Paso",
    "lineamiento": "Lineamiento",
    "lineamientos": "Lineamiento",
}
LEVEL_STEMS = frozenset({"etap", "pas", "lineamient"})
NUMBER_IN_QUESTION = re.compile(r"\b(lineamiento|etapa)\s+(\d)\b")


@dataclass(frozen=True)
class Listing:
    """A list of the policy: the sentence that introduces it, its items and its source."""

    intro: str
    """The policy's own lead-in sentence, or a short connective of ours for headings."""
    items: tuple[str, ...]
    citation: Citation
    quoted_intro: bool = True
    """False when ``intro`` is our connective (headings have no lead-in sentence)."""


def enumeration(
    question: str,
    hits: Sequence[SearchHit],
    weights: TermWeights,
    lists: Sequence[PolicyList],
) -> Listing | None:
    """The enumeration of the top passages (parsed at ingest) that best matches the
    question, whole."""
    q_stems = set(content_stems(question))
    best: tuple[float, PolicyList, Chunk] | None = None
    for rank, hit in enumerate(hits[:3]):
        chunk = hit.chunk
        for found in lists:
            if not _inside(found, chunk):
                continue
            head = f"{_label(found.section)} {found.intro}"
            if not stems_of(head) & q_stems:
                continue  # neither its heading nor its lead-in names what is asked
            text = f"{head} {' '.join(found.items)}"
            score = sentence_score(text, q_stems, weights) / (1 + 0.1 * rank)
            if score >= MIN_RELEVANCE and (best is None or score > best[0]):
                best = (score, found, chunk)
    if best is None:
        return None
    _, found, chunk = best
    quoted = strip_heading(found.intro, found.section.split(" > ")) if found.intro else ""
    intro = quoted
    label = _label(found.section)
    if not intro:
        intro = f"**{label}**:"
    elif not stems_of(intro) & q_stems and stems_of(label) & q_stems:
        # «Para este efecto se recomiendan los siguientes:» says what they are only
        # under its heading (the words of the question are in the heading).
        intro = f"**{label}**. {intro}"
    items = [_short_item(i) for i in found.items[:MAX_ITEMS]]
    citation = Citation(
        source_id=chunk.source_id,
        section=chunk.breadcrumb,
        quote=_quote(found, chunk),
        sentences=[quoted] if quoted else [],
    )
    return Listing(intro=intro, items=tuple(items), citation=citation)


def _label(section: str) -> str:
    """The section's own title, without a footnote number glued to a word."""
    return re.sub(r"(?<=[^\W\d])\d+\b", "", section.rsplit(" > ", 1)[-1])


def _inside(found: PolicyList, chunk: Chunk) -> bool:
    """The list belongs to the chunk's section and overlaps its span of the source."""
    return (
        found.source_id == chunk.source_id
        and found.section == chunk.breadcrumb
        and found.start < chunk.end
        and found.end > chunk.start
    )


def _short_item(item: str) -> str:
    """An item up to `ITEM_CHARS`: cut at its first clause boundary past `ITEM_MIN`
    («Diseñar las estrategias de llegada al territorio de la oferta del DNP, de acuerdo
    con…» keeps what it names), else at a word."""
    if len(item) <= ITEM_CHARS:
        return item
    clause = re.search(r"[,;:]\s", item[ITEM_MIN:ITEM_CHARS])
    if clause:
        return item[: ITEM_MIN + clause.start()] + "…"
    return item[:ITEM_CHARS].rsplit(" ", 1)[0] + "…"


def _quote(found: PolicyList, chunk: Chunk) -> str:
    """The chunk's exact text from the list's lead-in (or first item) to the last item it
    holds, within `QUOTE_CHARS`."""
    text = chunk.text
    anchors = [found.intro, *found.items] if found.intro else list(found.items)
    first = next((text.find(a) for a in anchors if a and text.find(a) >= 0), -1)
    if first < 0:
        return found.intro or found.items[0]
    end = first
    for item in found.items:
        at = text.find(item, first)
        if at >= 0:
            end = max(end, at + len(item))
    end = max(end, first + len(anchors[0]))
    if end - first > QUOTE_CHARS:
        cut = text.rfind(" ", first, first + QUOTE_CHARS)
        return text[first:cut] + "…"
    return text[first:end]


def heading_list(
    question: str, hits: Sequence[SearchHit], breadcrumbs: Sequence[str]
) -> Listing | None:
    """«¿Cuáles son las etapas / los pasos / los lineamientos…?»: the headings of that
    level under the parent the question or the top passages point to."""
    folded = fold(question)
    level = next((LEVEL_WORDS[w] for w in re.findall(r"\w+", folded) if w in LEVEL_WORDS), None)
    if level is None:
        return None
    groups: dict[tuple[str, ...], list[str]] = {}
    for crumb in breadcrumbs:
        parts = crumb.split(" > ")
        for depth, part in enumerate(parts):
            if part.startswith(level + " ") and part not in groups.setdefault(
                tuple(parts[:depth]), []
            ):
                groups[tuple(parts[:depth])].append(part)
    named = NUMBER_IN_QUESTION.findall(folded)
    q_stems = set(content_stems(question)) - LEVEL_STEMS
    best: tuple[float, tuple[str, ...]] | None = None
    for parent, items in groups.items():
        if len(items) < 2:
            continue
        prefix = " > ".join(parent)
        score = sum(
            1 / (rank + 1)
            for rank, hit in enumerate(hits[:5])
            if hit.chunk.breadcrumb.startswith(prefix + " > " if prefix else "")
        )
        score += sum(
            2.0 for kind, n in named if any(fold(p).startswith(f"{kind} {n}") for p in parent)
        )
        if named and not any(
            any(fold(p).startswith(f"{kind} {n}") for p in parent) for kind, n in named
        ):
            score -= 1.0
        if parent:
            # «los pasos de la etapa de diseño»: the parent the question names; named
            # whole («Etapa 2: Diseño»), not only in part («Etapa 1: Pre-diseño»)
            # («pre-diseño» is also written «prediseño»)
            score += max(
                _names(set(content_stems(spelling)) - LEVEL_STEMS, q_stems)
                for spelling in (parent[-1], parent[-1].replace("-", ""))
            )
        if best is None or score > best[0]:
            best = (score, parent)
    if best is None or best[0] <= 0:
        return None
    parent = best[1]
    headings = tuple(groups[parent])
    anchor = next(
        (h.chunk for h in hits[:5] if h.chunk.breadcrumb.startswith(" > ".join(parent))),
        hits[0].chunk if hits else None,
    )
    if anchor is None:
        return None
    plural = {"Etapa": "etapas", "Paso": "pasos", "Lineamiento": "lineamientos"}[level]
    where = f" en «{_short(parent[-1])}»" if parent else ""
    intro = f"La política define {len(headings)} {plural}{where}:"
    citation = Citation(
        source_id=anchor.source_id,
        section=" > ".join(parent) or anchor.breadcrumb,
        quote=" · ".join(headings),
    )
    return Listing(intro=intro, items=headings, citation=citation, quoted_intro=False)


def _names(label: set[str], q_stems: set[str]) -> float:
    """How much the question names a parent heading: its share of the heading's words,
    and as much again when it names all of them."""
    if not label:
        return 0.0
    return 2.0 * len(label & q_stems) / len(label) + (2.0 if label <= q_stems else 0.0)


def _short(label: str) -> str:
    return label.split(":")[0] if label.startswith("Lineamiento") else label
