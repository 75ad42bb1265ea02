"""A lead that answers every part of a question that asks two or more things.

`lead_sentences` chooses the run of sentences that carries most of the question's weight;
for «¿Quién recoge las fotos en terreno? ¿Y si es un evento grande?» that run answers one
part and the other part's sentence, although retrieved, only shows up as a source. Here the
first part gets its lead as a question of its own (the strongest run, not pulled off by
the other parts' words), and each further part the sentence that answers it best, when one
carries `PART_MIN` of the part's weight, is not farther by meaning than the average
candidate and the lead has not already said it; the first part's run keeps its first
sentence and gives up the others for them, all within `LEAD_CHARS` and three sentences. A
question of one part (most of them) gets exactly `lead_sentences`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from assistant.answering.compose import LEAD_PASSAGES, asks_for
from assistant.answering.extractive import TermWeights
from assistant.answering.lead import (
    LEAD_CHARS,
    MEANING,
    RANK_DECAY,
    lead_sentences,
    passage_rank,
    roomiest,
    want_bonus,
)
from assistant.answering.question_parts import question_parts
from assistant.answering.quotable import Sentence, chunk_sentences
from assistant.answering.retrieval import word_keys
from knowledge import SearchHit

PART_MIN = 0.34
"""Share of a part's weight (idf) a sentence must carry to answer that part: a third (a
part has two to four content words, and staff paraphrase the policy's)."""
MAX_SENTENCES = 3
MIN_MEANING = 0.0
"""A further part's sentence is at least as close by meaning to the question as the
average candidate (z-score): a sentence that shares a part's words but not its sense
(«las rutinas e instancias de retroalimentación» for «¿qué instancia hay que armar?»)
does not push the first part's run out."""


def answer_sentences(
    question: str,
    hits: Sequence[SearchHit],
    weights: TermWeights,
    meaning: Mapping[str, float] | None = None,
) -> list[Sentence]:
    """The lead's sentences for ``question``: `lead_sentences` for a question of one part;
    for several, the first part's lead and a sentence for each further part (see the
    module docstring)."""
    parts = question_parts(question)
    plain = lead_sentences(question, hits, weights, meaning)
    if len(parts) < 2:
        return plain
    meaning = meaning or {}
    by_parts = _by_parts(parts, hits, weights, meaning)
    answered = [_answered(parts, lead, weights, meaning) for lead in (by_parts, plain)]
    return by_parts if by_parts and answered[0] >= answered[1] else plain


def _by_parts(
    parts: Sequence[str],
    hits: Sequence[SearchHit],
    weights: TermWeights,
    meaning: Mapping[str, float],
) -> list[Sentence]:
    """The first part's lead, with room made for the answer of each further part."""
    main = lead_sentences(parts[0], hits, weights, meaning)
    if not main:
        return []
    pool = _pool(hits)
    main = _without_other_answer(parts, main, pool, hits, weights, meaning)
    kept = [main[0]]
    extras: list[Sentence] = []
    for part in parts[1:]:
        room = LEAD_CHARS - sum(len(s.text) for s in [*kept, *extras])
        if len(kept) + len(extras) >= MAX_SENTENCES:
            break
        pick = _answer_to(part, pool, weights, meaning, room, [*kept, *extras])
        if pick is None:
            continue
        saying = _saying(part, pick, main, weights, meaning)
        if saying is None:
            extras.append(roomiest(pick, [*main, *extras], hits))
        elif main[saying] not in kept and len(main[saying].text) <= room:
            kept.append(main[saying])  # a later sentence of the first part's lead says it
    if not extras:
        return main
    room = LEAD_CHARS - sum(len(s.text) for s in [*kept, *extras])
    for sentence in main:
        if len(kept) + len(extras) >= MAX_SENTENCES:
            break
        if sentence not in kept and len(sentence.text) <= room:
            kept.append(sentence)
            room -= len(sentence.text)
    return [s for s in main if s in kept] + extras


def _without_other_answer(
    parts: Sequence[str],
    main: list[Sentence],
    pool: Sequence[tuple[int, Sentence]],
    hits: Sequence[SearchHit],
    weights: TermWeights,
    meaning: Mapping[str, float],
) -> list[Sentence]:
    """The first part's lead without its first sentence when that sentence is a later
    part's answer rather than the first part's (it carries more of that part's words; the
    closeness by meaning is the whole question's and can lift it above the first part's
    own answer). Kept as it is when the first part has no other answer that leaves room
    for it."""
    for part in parts[1:]:
        pick = _answer_to(part, pool, weights, meaning, LEAD_CHARS, [])
        if pick is None or pick.text != main[0].text:
            continue
        if part_share(part, pick.text, weights) <= part_share(parts[0], pick.text, weights):
            return main
        room = LEAD_CHARS - len(pick.text)
        too_long = frozenset(s.text for _, s in pool if len(s.text) > room)
        other = lead_sentences(parts[0], hits, weights, meaning, too_long | {pick.text})
        return other if other and _answers(parts[0], other[0], weights, meaning) else main
    return main


def part_share(part: str, sentence: str, weights: TermWeights) -> float:
    """Share of the weight (idf) of ``part``'s words that ``sentence`` carries; words are
    compared by their stems' and their own first letters («valida» and «validado» stem
    apart), as a follow-up's words are (`assistant.answering.retrieval.word_keys`)."""
    wanted = word_keys(part)
    total = sum(weights.idf(stem) for stem in wanted)
    if not total:
        return 0.0
    keys = _keys(sentence)
    return sum(weights.idf(stem) for stem, k in wanted.items() if k & keys) / total


@lru_cache(maxsize=8192)
def _keys(sentence: str) -> frozenset[str]:
    return frozenset().union(*word_keys(sentence).values())


def _pool(hits: Sequence[SearchHit]) -> list[tuple[int, Sentence]]:
    """The distinct quotable sentences of the passages a lead is taken from, with the rank
    of the passage each was first found in (`passage_rank`)."""
    seen: set[str] = set()
    out = []
    for position, hit in enumerate(hits[:LEAD_PASSAGES]):
        for sentence in chunk_sentences(hit.chunk):
            if sentence.text not in seen:
                seen.add(sentence.text)
                out.append((passage_rank(position, hit), sentence))
    return out


def _answer_to(
    part: str,
    pool: Sequence[tuple[int, Sentence]],
    weights: TermWeights,
    meaning: Mapping[str, float],
    room: int,
    chosen: Sequence[Sentence],
) -> Sentence | None:
    """The sentence that answers ``part`` best (its words, closeness by meaning and what it
    asks for, discounted by rank), among those that carry `PART_MIN` of its weight and fit
    in ``room``; None when none does."""
    want = asks_for(part)
    best: tuple[float, Sentence] | None = None
    for rank, sentence in pool:
        if len(sentence.text) > room or any(sentence.text == c.text for c in chosen):
            continue
        share = part_share(part, sentence.text, weights)
        if not _answers(part, sentence, weights, meaning):
            continue
        score = (share + MEANING * meaning.get(sentence.text, 0.0)) / (1 + RANK_DECAY * rank)
        score += want_bonus(want, sentence.text)
        if best is None or score > best[0]:
            best = (score, sentence)
    return best[1] if best else None


def _saying(
    part: str,
    pick: Sentence,
    main: Sequence[Sentence],
    weights: TermWeights,
    meaning: Mapping[str, float],
) -> int | None:
    """The sentence of the first part's lead that already answers ``part`` as well as
    ``pick`` would, by its words and meaning (its position), or None."""

    def score(sentence: Sentence) -> float:
        share = part_share(part, sentence.text, weights)
        return share + MEANING * meaning.get(sentence.text, 0.0) if share >= PART_MIN else 0.0

    wanted = score(pick)
    return next((i for i, s in enumerate(main) if score(s) >= wanted), None)


def _answers(
    part: str, sentence: Sentence, weights: TermWeights, meaning: Mapping[str, float]
) -> bool:
    """``sentence`` can answer ``part``: it carries `PART_MIN` of the part's weight, is not
    farther from the question by meaning than `MIN_MEANING`, is not itself a question (the
    policy asks some: «¿Cuáles son las condiciones…?») and does not announce what follows
    it («… son las siguientes:», which alone says nothing)."""
    return (
        part_share(part, sentence.text, weights) >= PART_MIN
        and meaning.get(sentence.text, 0.0) >= MIN_MEANING
        and not sentence.text.endswith(("?", ":"))
    )


def _answered(
    parts: Sequence[str],
    lead: Sequence[Sentence],
    weights: TermWeights,
    meaning: Mapping[str, float],
) -> int:
    """How many of ``parts`` some sentence of ``lead`` answers."""
    return sum(any(_answers(p, s, weights, meaning) for s in lead) for p in parts)
