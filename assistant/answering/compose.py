"""Compose stage: a direct answer first (one to three sentences, or the list asked for),
then at most three sources, each its breadcrumb and the exact sentences used.

Nothing is generated: the lead's sentences are quoted verbatim from the retrieved
passages, each followed by its citation number; the only words of our own are short
connectives («La política distingue 4 etapas:»). Measured on the dev set, the first 500
characters of an answer carried 0.447 of its key facts when it was 4–5 quoted windows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.answering.answer import Citation
from assistant.answering.extractive import TermWeights
from assistant.answering.quotable import Sentence, chunk_sentences
from knowledge import SearchHit, content_stems, coverage, fold

LEAD_CHARS = 450
"""A lead longer than this is not read in five seconds (one long sentence may pass)."""
SOURCE_CHARS = 900
"""Each source quotes the sentences used plus their neighbours, up to this many chars."""
MAX_SOURCES = 3
LEAD_PASSAGES = 5
MAX_LEAD_SENTENCES = 3
MIN_GAIN = 0.1
"""A sentence from another passage joins the lead when it adds this share of the
question's weight."""
RANK_DECAY = 1.0
"""A passage's sentences weigh 1 / (1 + RANK_DECAY × its rank among the passages found."""
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
SAME_WORDS = 0.8
SAME_TEXT = 0.6
"""Share of the shorter quote's text found in the other for two sources to repeat."""
SAME_TEXT_WORDS = 0.5
"""Below this share of common words two quotes are not compared by text (they hardly ever
share `SAME_TEXT` of it, and the comparison costs ~10 ms a pair)."""
ACTOR = re.compile(
    r"\b(direccion|subdireccion|der|oficina|grupo|unidad(es)? tecnicas?|secretaria|comite|"
    r"equipo|lider|lideres|responsable|encargad|coordina|retroalimenta|aprueba|firma)\w*"
)
COUNT = re.compile(r"\b(\d+|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez)\b")
BULLET = re.compile(r"^[•\uf0b7\uf0a7]\s*")
"""The marker of a list item: the lead quotes the item, not its bullet."""
SUBJECTLESS = re.compile(
    r"^(hace referencia|se trata|se refiere|consiste|corresponde a|comprende|"
    r"(esta|este) (etapa|paso|proceso|actividad|instrumento|herramienta)\b)"
)
"""The opening of a sentence whose subject is its section's title («Paso 3: Activar la
llegada…» → «Hace referencia a toda la serie de eventos…»)."""
TITLE_CHARS = 120
ASKS_ACTOR = re.compile(r"\b(quien|quienes|que (dependencia|direccion|instancia|area|unidad))\b")
ASKS_COUNT = re.compile(r"\b(cuantos|cuantas|numero de)\b")


@dataclass(frozen=True)
class Composition:
    """What a person reads: the lead, the list items (if any) and the sources."""

    lead: str
    """One to three sentences, each ending in its citation number ``[n]``."""
    items: tuple[str, ...] = ()
    citations: list[Citation] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The lead followed by the items as a bulleted list."""
        if not self.items:
            return self.lead
        return self.lead + "\n\n" + "\n".join(f"- {item}" for item in self.items)


def asks_for(question: str) -> str | None:
    """``actor`` for «¿quién…?», ``count`` for «¿cuántos…?», else None."""
    folded = fold(question)
    if ASKS_ACTOR.search(folded):
        return "actor"
    if ASKS_COUNT.search(folded):
        return "count"
    return None


@lru_cache(maxsize=8192)
def stems_of(text: str) -> frozenset[str]:
    """Content stems of a sentence (cached: passages repeat across questions)."""
    return frozenset(content_stems(text))


def says_the_same(a: str, b: str) -> bool:
    """Two quotes that share most of their words (a footnote repeating the text it notes)
    or most of the shorter one's text (a step's title and the definition it restates)."""
    sa, sb = stems_of(a), stems_of(b)
    if not (sa and sb):
        return False
    shared = len(sa & sb) / min(len(sa), len(sb))
    if shared >= SAME_WORDS:
        return True
    if shared < SAME_TEXT_WORDS:
        return False
    short, long = sorted((a, b), key=len)
    return coverage(short, long) >= SAME_TEXT


def sentence_score(sentence: str, q_stems: set[str], weights: TermWeights) -> float:
    """Share of the question's weight (idf) that the sentence's words carry."""
    stems = stems_of(sentence)
    total = sum(weights.idf(s) for s in q_stems)
    return sum(weights.idf(s) for s in q_stems & stems) / total if total else 0.0


@dataclass
class _Candidate:
    sentence: Sentence
    rank: int
    stems: frozenset[str]
    score: float


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
    for rank, hit in enumerate(hits[:LEAD_PASSAGES]):
        rank += FOOTNOTE_RANKS if hit.chunk.kind == "nota" else 0
        sentences = [s for s in chunk_sentences(hit.chunk) if s.text not in seen]
        seen.update(s.text for s in sentences)
        for s in sentences:
            score = sentence_score(s.text, q_stems, weights) / (1 + RANK_DECAY * rank)
            score += MEANING * meaning.get(s.text, 0.0) / (1 + RANK_DECAY * rank)
            candidates.append(
                _Candidate(s, rank, stems_of(s.text), score + want_bonus(want, s.text))
            )
        for window in _windows(sentences):
            close = meaning.get(window[0].text, 0.0) >= CLOSE
            if not (stems_of(window[0].text) & q_stems or close):
                continue  # a run starts where the question's words (or its meaning) are
            if window[0].text.startswith("¿"):
                continue  # a question the text asks («¿Qué tipo de ajustes…?») answers none
            stems = frozenset().union(*(stems_of(s.text) for s in window))
            covered = sum(weights.idf(x) for x in q_stems & stems) / total
            title = stems_of(hit.chunk.breadcrumb.split(" > ")[-1]) - stems
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
        nxt = own and next((s for s in sentences if s.follows(own)), None)
        if nxt is not None:
            return nxt
    return None


def _after(sentence: Sentence) -> int:
    return sum(s.index > sentence.index for s in chunk_sentences(sentence.chunk))


def _windows(sentences: Sequence[Sentence]) -> list[list[Sentence]]:
    """Runs of up to three consecutive sentences within `LEAD_CHARS` (a single sentence
    always, however long)."""
    out = []
    for i, first in enumerate(sentences):
        window = [first]
        length = len(first.text)
        if not _announces_beyond(window, sentences, i, length):
            out.append(list(window))
        for j, nxt in enumerate(sentences[i + 1 : i + 3], start=i + 1):
            if not nxt.follows(window[-1]) or length + len(nxt.text) > LEAD_CHARS:
                break
            window.append(nxt)
            length += len(nxt.text)
            if not _announces_beyond(window, sentences, j, length):
                out.append(list(window))
    return out


def _announces_beyond(
    window: list[Sentence], sentences: Sequence[Sentence], last: int, length: int
) -> bool:
    """The run ends announcing what follows («Para elaborar estos tableros se sugiere:»)
    and what follows does not fit: shown, it would lose that sentence
    (`_with_continuations`), so it is not scored with it. A run of one sentence is kept
    (alone in the lead, it brings its continuation however long)."""
    if len(window) < 2 or not window[-1].text.endswith(":"):
        return False
    after = sentences[last + 1] if last + 1 < len(sentences) else None
    return after is None or not after.follows(window[-1]) or length + len(after.text) > LEAD_CHARS


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
    after = [s for s in chunk_sentences(first.chunk) if s.follows(first)]
    return [first, *after[:1]]


def want_bonus(want: str | None, sentence: str) -> float:
    """A bonus for a sentence that names what the question asks for: an actor for
    «¿quién…?», a number for «¿cuántos…?» (``want`` from `asks_for`)."""
    folded = fold(sentence)
    if want == "actor" and ACTOR.search(folded):
        return 0.15
    if want == "count" and COUNT.search(folded):
        return 0.15
    return 0.0


def compose(
    sentences: Sequence[Sentence],
    *,
    offset: int = 0,
    more: Sequence[SearchHit] = (),
    question: str = "",
    weights: TermWeights | None = None,
) -> Composition:
    """The lead (sentences grouped by source, each source numbered from ``offset + 1``)
    and one citation per source; with ``more``, the sources are completed up to
    `MAX_SOURCES` with the best sentence of each further passage (what the lead could
    not hold is still one click away)."""
    sources: list[list[Sentence]] = []
    for sentence in sentences:
        group = next((g for g in sources if g[0].chunk == sentence.chunk), None)
        if group is None:
            if len(sources) == MAX_SOURCES:
                continue
            sources.append([sentence])
        else:
            group.append(sentence)
    parts = []
    for number, group in enumerate(sources, start=offset + 1):
        group.sort(key=lambda s: s.index)
        text = " ".join(BULLET.sub("", s.text) for s in group) + f" [{number}]"
        title = subject_title(group[0])
        parts.append(f"**{title}.** {text}" if title else text)
    citations = [source_citation(g) for g in sources]
    if weights is not None:
        citations += _further_sources(question, more, weights, sources, MAX_SOURCES - len(sources))
    return Composition(lead=" ".join(parts), citations=citations)


def subject_title(sentence: Sentence) -> str | None:
    """The title of the section ``sentence`` opens, when the sentence leaves its subject to
    that title (`SUBJECTLESS`): quoted alone, «Hace referencia a toda la serie de eventos…»
    does not say what it refers to."""
    if not SUBJECTLESS.match(fold(sentence.text)):
        return None
    title = sentence.chunk.breadcrumb.split(" > ")[-1].strip()
    before = fold(" ".join(sentence.chunk.text[: sentence.start].split()))
    folded = fold(title)
    if len(title) > TITLE_CHARS or not before.startswith(folded[:40]):
        return None
    if len(before) > len(folded) + 3:  # the title, perhaps with a footnote mark
        return None  # not the first sentence under the title (its subject is nearer)
    return title


def _further_sources(
    question: str,
    hits: Sequence[SearchHit],
    weights: TermWeights,
    used: list[list[Sentence]],
    room: int,
) -> list[Citation]:
    q_stems = set(content_stems(question))
    chunks = [group[0].chunk for group in used]
    shown = {s.text for group in used for s in group}
    out: list[Citation] = []
    quotes = [" ".join(s.text for s in group) for group in used]
    for hit in hits[:LEAD_PASSAGES]:
        if len(out) >= room:
            break
        if hit.chunk in chunks:
            continue
        fresh = [s for s in chunk_sentences(hit.chunk) if s.text not in shown]
        if not fresh:
            continue
        best = max(fresh, key=lambda s: sentence_score(s.text, q_stems, weights))
        if sentence_score(best.text, q_stems, weights) <= 0:
            continue
        citation = source_citation([best], avoid=shown)
        if any(sentence in citation.quote for sentence in shown) or any(
            says_the_same(citation.quote, q) for q in quotes
        ):
            continue
        quotes.append(citation.quote)
        chunks.append(hit.chunk)
        shown.update(s.text for s in fresh if s.text in citation.quote)
        out.append(citation)
    return out


def source_citation(used: Sequence[Sentence], avoid: Set[str] = frozenset()) -> Citation:
    """The breadcrumb and the exact sentences used, with their neighbours in the passage
    up to `SOURCE_CHARS` (context for whoever checks the source), short of the sentences
    of ``avoid`` (another source already shows them)."""
    chunk = used[0].chunk
    sentences = chunk_sentences(chunk)
    positions = [i for i, s in enumerate(sentences) if any(s.index == u.index for u in used)]
    first, last = min(positions), max(positions)
    length = sum(len(s.text) + 1 for s in sentences[first : last + 1])
    while True:
        grew = False
        after = sentences[last + 1] if last + 1 < len(sentences) else None
        if after is not None and after.follows(sentences[last]) and after.text not in avoid:
            extra = len(after.text) + 1
            if length + extra <= SOURCE_CHARS:
                last, length, grew = last + 1, length + extra, True
        before = sentences[first - 1] if first > 0 else None
        if before is not None and sentences[first].follows(before) and before.text not in avoid:
            extra = len(before.text) + 1
            if length + extra <= SOURCE_CHARS:
                first, length, grew = first - 1, length + extra, True
        if not grew:
            break
    return Citation(
        source_id=chunk.source_id,
        section=chunk.breadcrumb,
        quote=chunk.text[sentences[first].start : sentences[last].end],
        sentences=[s.text for s in sorted(used, key=lambda u: u.index)],
    )
