"""The lead's sentences: the run of one passage that answers, what it lacks from elsewhere,
and what follows it while there is room.

Every sentence is quoted verbatim (`compose` numbers them and builds the sources); here
the choice is made: the best run of consecutive sentences of one passage (the question's
words and meaning, the passage's rank and title), then at most two sentences elsewhere
that add what it lacks, within `LEAD_CHARS` and three sentences; a sentence announcing
what follows brings it along, and a lead with room left goes on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant.answering.compose import (
    LEAD_PASSAGES,
    asks_for,
    says_the_same,
    sentence_score,
    stems_of,
)
from assistant.answering.extractive import TermWeights
from assistant.answering.quotable import Sentence, chunk_sentences
from knowledge import SearchHit, content_stems, fold

LEAD_CHARS = 450
"""A lead longer than this is not read in five seconds (one long sentence may pass)."""
MAX_LEAD_SENTENCES = 3
MIN_GAIN = 0.1
"""A sentence from another passage joins the lead when it adds this share of the
question's weight."""
RANK_DECAY = 1.0
"""A passage's sentences weigh 1 / (1 + RANK_DECAY × its rank among the passages found)."""
FOOTNOTE_RANKS = 3
"""A footnote's sentences weigh as if its passage ranked this much lower: a footnote is an
aside (an author quoted, a reference), so where the running text says the same thing the
running text leads («Toda estrategia … deberá estar focalizada en transformar hábitos…»
before the footnote that restates it after a quote of Klaus Schwab); a footnote still
leads when it alone carries the answer (the Círculo Dorado of Simon Sinek). Measured: 2
changes nothing; 3, 5 and 10 give the same leads on the dev set and the FAQ seed."""
TITLE_SHARE = 0.5
"""Weight of the question's words that a run's section title carries and the run does not
(the title is what its sentences speak of: «Se realizará especial énfasis en la recolección
de testimonios…» under «Paso 5: Recolección de elementos gráficos en terreno»). Chosen on the
FAQ seed (curated openings in the first 500 characters): 0.362 without, 0.363 at 0.25,
0.365 at 0.5 and at 1.0; the dev set's measures do not move."""
FILL = 0.05
"""Between runs that carry the question's words equally, the longer one (its facts sit
next to those words more often than in them)."""
MEANING = 1.0
"""Weight of a sentence's closeness by meaning (z-score among the candidates) beside the
share of the question's words it carries. Chosen on the FAQ seed's questions (their curated
answers' opening words in the first 500 characters: 0.442 without, 0.443 at 0.1, 0.466 at
0.2, 0.466 at 0.6, 0.472 at 1.0, 0.464 at 1.5, 0.456 at 3.0), not on the dev set."""
CLOSE = 1.0
"""A run may start at a sentence this close by meaning even without the question's words,
and a sentence this close joins the lead without adding words of the question (it says
the answer in other words: «cambiar hábitos», «transformar hábitos»). Measured on the FAQ
seed's 397 questions answered by the policy route alone (the curated answer's first two
sentences' words within the first 500 characters): 0.351 without joining, 0.352 at 1.5,
0.355 at 1.0, 0.356 at 0.75, 0.357 at 0.5 (where the dev set's fact coverage drops)."""
ACTOR = re.compile(
    r"\b(direccion|subdireccion|der|oficina|grupo|unidad(es)? tecnicas?|secretaria|comite|"
    r"equipo|lider|lideres|responsable|encargad|coordina|retroalimenta|aprueba|firma)\w*"
)
COUNT = re.compile(r"\b(\d+|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez)\b")


@dataclass
class _Candidate:
    sentence: Sentence
    stems: frozenset[str]
    score: float


def passage_rank(rank: int, hit: SearchHit) -> int:
    """The rank a passage's sentences weigh at: a footnote's, `FOOTNOTE_RANKS` lower."""
    return rank + (FOOTNOTE_RANKS if hit.chunk.kind == "nota" else 0)


def asks_itself(sentence: Sentence) -> bool:
    """The sentence is a question the text asks («¿Qué tipo de ajustes…?»): it answers none."""
    return sentence.text.lstrip("•-–«“\"' ").startswith("¿")


def lead_sentences(
    question: str,
    hits: Sequence[SearchHit],
    weights: TermWeights,
    meaning: Mapping[str, float] | None = None,
    exclude: frozenset[str] = frozenset(),
) -> list[Sentence]:
    """The sentences that answer ``question``: the best run of consecutive sentences of
    one passage, then at most two sentences elsewhere that add what it lacks, within
    `LEAD_CHARS` and three sentences; a lead with room left goes on (`_filled`).
    ``meaning`` (a sentence's closeness to the question by meaning, z-normalised among the
    candidates) adds `MEANING` × it to the word score;
    the sentences of ``exclude`` are left out (they answer another part of the question)."""
    meaning = meaning or {}
    q_stems = set(content_stems(question))
    total = sum(weights.idf(s) for s in q_stems) or 1.0
    want = asks_for(question)
    best: tuple[float, list[Sentence]] | None = None
    candidates: list[_Candidate] = []
    seen: set[str] = set(exclude)
    for position, hit in enumerate(hits[:LEAD_PASSAGES]):
        rank = passage_rank(position, hit)
        sentences = [s for s in chunk_sentences(hit.chunk) if s.text not in seen]
        seen.update(s.text for s in sentences)
        titled = stems_of(hit.chunk.breadcrumb.split(" > ")[-1])
        for s in sentences:
            score = sentence_score(s.text, q_stems, weights) / (1 + RANK_DECAY * rank)
            score += MEANING * meaning.get(s.text, 0.0) / (1 + RANK_DECAY * rank)
            candidates.append(_Candidate(s, stems_of(s.text), score + want_bonus(want, s.text)))
        for window in _windows(sentences):
            close = meaning.get(window[0].text, 0.0) >= CLOSE
            if not (stems_of(window[0].text) & q_stems or close):
                continue  # a run starts where the question's words (or its meaning) are
            if asks_itself(window[0]):
                continue
            stems = frozenset().union(*(stems_of(s.text) for s in window))
            covered = sum(weights.idf(x) for x in q_stems & stems) / total
            title = titled - stems
            covered += TITLE_SHARE * sum(weights.idf(x) for x in q_stems & title) / total
            near = max(meaning.get(s.text, 0.0) for s in window)
            score = (covered + MEANING * near) / (1 + RANK_DECAY * rank)
            score += max(want_bonus(want, s.text) for s in window)
            score += FILL * sum(len(s.text) for s in window) / LEAD_CHARS
            if best is None or score > best[0]:
                best = (score, window)
    if best is None:
        return [max(candidates, key=lambda c: c.score).sentence] if candidates else []
    chosen = list(best[1])
    covered_stems = set().union(*(stems_of(s.text) for s in chosen)) & q_stems
    length = sum(len(s.text) for s in chosen)
    while len(chosen) < MAX_LEAD_SENTENCES:
        options = []
        for c in candidates:
            if c.sentence in chosen or length + len(c.sentence.text) > LEAD_CHARS:
                continue
            gain = sum(weights.idf(s) for s in (c.stems & q_stems) - covered_stems) / total
            near = meaning.get(c.sentence.text, 0.0) >= CLOSE and not any(
                says_the_same(c.sentence.text, s.text) for s in chosen
            )
            if gain >= MIN_GAIN or near:
                options.append((gain + 0.5 * c.score, c))
        if not options:
            break
        _, pick = max(options, key=lambda o: o[0])
        chosen.append(pick.sentence)
        covered_stems |= pick.stems & q_stems
        length += len(pick.sentence.text)
    chosen = [roomiest(s, chosen, hits) for s in chosen]
    return _filled(_with_continuations(chosen, length), hits)


def _filled(chosen: list[Sentence], hits: Sequence[SearchHit]) -> list[Sentence]:
    """A lead with room left goes on with the sentence that follows its first run, while
    it fits in `LEAD_CHARS` and three sentences: the policy's facts sit next to the
    sentence that carries the question's words more often than in it. A sentence that
    announces what follows («…son los siguientes:») or repeats the lead does not come."""
    length = sum(len(s.text) for s in chosen)
    while chosen and len(chosen) < MAX_LEAD_SENTENCES:
        run = [s for s in chosen if s.chunk == chosen[0].chunk]
        nxt = _next_sentence(max(run, key=lambda s: s.index), hits)
        if (
            nxt is None
            or nxt in chosen
            or length + len(nxt.text) > LEAD_CHARS
            or nxt.text.endswith(":")
            or any(says_the_same(nxt.text, s.text) for s in chosen)
        ):
            break
        chosen.append(nxt)
        length += len(nxt.text)
    return chosen


def roomiest(sentence: Sentence, chosen: Sequence[Sentence], hits: Sequence[SearchHit]) -> Sentence:
    """The same sentence in the passage that continues past it: overlapping passages of a
    section repeat their edge sentences, and a source quoted from the passage where it is
    the last one cannot show what follows it."""
    if sum(c.chunk == sentence.chunk for c in chosen) > 1:
        return sentence
    best, room = sentence, _after(sentence)
    for hit in hits[:LEAD_PASSAGES]:
        if hit.chunk.breadcrumb != sentence.chunk.breadcrumb or hit.chunk == sentence.chunk:
            continue
        for other in chunk_sentences(hit.chunk):
            if other.text == sentence.text and _after(other) > room:
                best, room = other, _after(other)
    return best


def _next_sentence(sentence: Sentence, hits: Sequence[SearchHit]) -> Sentence | None:
    """The sentence after ``sentence`` in its passage or, when it is that passage's last,
    in an overlapping passage of the same section that goes on past it."""
    same_section = [
        h.chunk
        for h in hits[:LEAD_PASSAGES]
        if h.chunk.breadcrumb == sentence.chunk.breadcrumb and h.chunk != sentence.chunk
    ]
    for chunk in [sentence.chunk, *same_section]:
        sentences = chunk_sentences(chunk)
        own = next((s for s in sentences if s.text == sentence.text), None)
        nxt = own and _following(own)
        if nxt is not None:
            return nxt
    return None


def _following(sentence: Sentence) -> Sentence | None:
    """The sentence right after ``sentence`` in its own passage, if any."""
    return next((s for s in chunk_sentences(sentence.chunk) if s.follows(sentence)), None)


def _after(sentence: Sentence) -> int:
    return sum(s.index > sentence.index for s in chunk_sentences(sentence.chunk))


def _windows(sentences: Sequence[Sentence]) -> list[list[Sentence]]:
    """Runs of up to three consecutive sentences within `LEAD_CHARS` (a single sentence
    always, however long)."""
    out = []
    for i, first in enumerate(sentences):
        window = [first]
        length = len(first.text)
        if not _announces_beyond(window, length):
            out.append(list(window))
        for nxt in sentences[i + 1 : i + 3]:
            if not nxt.follows(window[-1]) or length + len(nxt.text) > LEAD_CHARS:
                break
            window.append(nxt)
            length += len(nxt.text)
            if not _announces_beyond(window, length):
                out.append(list(window))
    return out


def _announces_beyond(window: list[Sentence], length: int) -> bool:
    """The run ends announcing what follows («Para elaborar estos tableros se sugiere:»)
    and what follows does not fit: shown, it would lose that sentence
    (`_with_continuations`), so it is not scored with it. A run of one sentence is kept
    (alone in the lead, it brings its continuation however long)."""
    if len(window) < 2 or not window[-1].text.endswith(":"):
        return False
    # what follows in the passage itself (another passage may have shown it first)
    after = _following(window[-1])
    return after is None or length + len(after.text) > LEAD_CHARS


def _with_continuations(sentences: list[Sentence], length: int) -> list[Sentence]:
    """A sentence that ends in a colon announces what follows («consta de tres
    componentes:»): the sentences after it come along while they fit in `LEAD_CHARS`.
    One whose continuation does not fit says nothing on its own: it leaves the lead, or,
    when it is the whole lead, brings its next sentence however long (as a single long
    sentence may pass). A continuation the lead already holds is counted once (counted
    twice, it pushed the sentence that announces it out of leads that fit)."""
    out: list[Sentence] = []
    for sentence in sentences:
        if sentence in out:
            continue
        out.append(sentence)
        if not sentence.text.endswith(":"):
            continue
        following = [s for s in chunk_sentences(sentence.chunk) if s not in out]
        last = sentence
        for nxt in following:
            if not nxt.follows(last):
                continue
            if nxt in sentences:
                last = nxt  # chosen already: it comes in its turn, its length counted
                continue
            if length + len(nxt.text) > LEAD_CHARS:
                break
            out.append(nxt)
            length += len(nxt.text)
            last = nxt
        if last is sentence:
            out.remove(sentence)
            length -= len(sentence.text)
    if out or not sentences:
        return out
    first = sentences[0]
    after = _following(first)
    return [first, after] if after is not None else [first]


def want_bonus(want: str | None, sentence: str) -> float:
    """A bonus for a sentence that names what the question asks for: an actor for
    «¿quién…?», a number for «¿cuántos…?» (``want`` from `asks_for`)."""
    folded = fold(sentence)
    if want == "actor" and ACTOR.search(folded):
        return 0.15
    if want == "count" and COUNT.search(folded):
        return 0.15
    return 0.0
