"""The policy's lists as data: enumerations in the text and the stages, steps and
lineamientos its headings name, so «¿cuáles son…?» is answered with the list itself and a
follow-up can point into it («el segundo», «la tercera etapa»).

Both are read from the index's chunks when the answerer loads a generation of the index:
bullet and «a)»/«1.» items with the sentence that introduces them, and the headings of one
level under a common parent (``Lineamiento 2 > … > Etapa 1: Pre-diseño``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answering.answer import Citation
from assistant.answering.compose import sentence_score
from assistant.answering.extractive import BULLET, ITEM_GAP, TermWeights
from knowledge import Chunk, SearchHit, content_stems, fold
from knowledge.chunking import sentence_spans

MIN_RELEVANCE = 0.5
"""An enumeration answers a list question when its lead-in and items carry this share of
the question's weight (otherwise it is a list about something else in the same passage)."""
MAX_ITEMS = 12
ITEM_CHARS = 160
LEVEL_WORDS = {
    "etapa": "Etapa",
    "etapas": "Etapa",
    "paso": "Paso",
    "pasos": "Paso",
    "lineamiento": "Lineamiento",
    "lineamientos": "Lineamiento",
}
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


def item_text(sentence: str) -> str:
    """An item without its bullet or «a)» marker and trailing comma or «y»."""
    text = BULLET.sub("", sentence.strip(), count=1).strip()
    text = re.sub(r"[,;]?\s*(\by\b)?\s*$", "", text).strip()
    return text


def enumeration(
    question: str,
    hits: Sequence[SearchHit],
    weights: TermWeights,
    sections: dict[str, list[Chunk]],
) -> Listing | None:
    """The enumeration of the top passages that best matches the question, whole."""
    q_stems = set(content_stems(question))
    best: tuple[float, Listing] | None = None
    for rank, hit in enumerate(hits[:3]):
        listing = _enumeration_of(hit.chunk, sections)
        if listing is None:
            continue
        score = sentence_score(listing.intro + " " + " ".join(listing.items), q_stems, weights)
        score /= 1 + 0.1 * rank
        if score >= MIN_RELEVANCE and (best is None or score > best[0]):
            best = (score, listing)
    return best[1] if best else None


def _enumeration_of(chunk: Chunk, sections: dict[str, list[Chunk]]) -> Listing | None:
    siblings = sections.get(chunk.breadcrumb, [chunk])
    sentences: list[str] = []
    anchor = 0
    for sibling in siblings:
        if sibling.chunk_id == chunk.chunk_id:
            anchor = len(sentences)
        for a, b in sentence_spans(sibling.text):
            sentence = sibling.text[a:b].strip()
            if sentence and sentence not in sentences:
                sentences.append(sentence)
    runs = _item_runs(sentences)
    if not runs:
        return None
    after = [r for r in runs if r[1] >= anchor]
    start, end = after[0] if after else runs[-1]
    intro = sentences[start - 1] if start > 0 and not BULLET.match(sentences[start - 1]) else ""
    items: list[str] = []
    for sentence in sentences[start : end + 2]:
        if BULLET.match(sentence):
            items.append(item_text(sentence))
        elif items and items[-1].endswith(":"):
            # «• Captura de información:» and its description, split at the colon
            items[-1] = f"{items[-1]} {sentence}"
    items = [i if len(i) <= ITEM_CHARS else i[:ITEM_CHARS].rsplit(" ", 1)[0] + "…" for i in items]
    quote = " ".join(([intro] if intro else []) + sentences[start : end + 1])
    citation = Citation(
        source_id=chunk.source_id,
        section=chunk.breadcrumb,
        quote=quote,
        sentences=[intro] if intro else [],
    )
    return Listing(intro=intro, items=tuple(items[:MAX_ITEMS]), citation=citation)


def _item_runs(sentences: list[str]) -> list[tuple[int, int]]:
    """``(first, last)`` sentence indexes of each list of at least two items."""
    runs: list[tuple[int, int]] = []
    start = last = None
    for i, sentence in enumerate(sentences):
        if not BULLET.match(sentence):
            continue
        if start is not None and last is not None and i - last <= ITEM_GAP:
            last = i
            continue
        if start is not None and last is not None and last > start:
            runs.append((start, last))
        start = last = i
    if start is not None and last is not None and last > start:
        runs.append((start, last))
    return runs


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
    q_stems = set(content_stems(question)) - {"etap", "pas", "lineamient"}
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
            # «los pasos de la etapa de diseño»: the parent the question names
            label = set(content_stems(parent[-1]))
            score += 2.0 * len(label & q_stems) / len(label) if label else 0.0
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


def _short(label: str) -> str:
    return label.split(":")[0] if label.startswith("Lineamiento") else label
