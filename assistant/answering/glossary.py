"""Glossary route: definitional questions about a concept of Cuadro No 2."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from knowledge import GlossaryEntry, content_stems, fold, tokens

DEFINITIONAL = re.compile(
    r"\b(que|q|qu|ke|qe|k)\s+(es|son|significa|significan|quiere decir|se entiende|entiende|"
    r"entendemos|se define|define)\b"
    r"|\bdefin(a|e|ir|icion|iciones|ame)\b|\bconcepto\b|\bsignificado\b"
    r"|\b(quien|quienes) (es|son) (el|la|los|las)\b"
    r"|\b(quien|quienes|que) (conforma|conforman|integra|integran|compone|componen)\b"
    r"|\ba que se refiere\b|\bde que hablamos\b|\bcomo (se )?(define|entiende|conceptualiza)\b"
)
REVERSE = re.compile(
    r"\bcomo se (llama|llaman|denomina|denominan|conoce)\b"
    r"|\bcomo (llama|denomina|nombra) (la politica|el dnp|el glosario)\b|\bque nombre (recibe|tiene)\b"
    r"|\bque (termino|concepto) (es|usa|se usa)\b|\bcomo se (le|les) (dice|llama|denomina)\b"
)
QUOTED_TERM = re.compile(r"['‘’\"“”«»]([^'‘’\"“”«»]{3,40})['‘’\"“”«»]")
"""A term the question puts in quotes («la palabra 'estrategia'») is the one asked about."""


REVERSE_CUES = (
    "como se llama llaman denomina denominan nombre recibe termino concepto usa politica dnp "
    "glosario eso esto dice le conoce"
)
PREFIX = 5
"""Words are compared by their first letters («aprendizajes», «aprendidas»)."""
DESCRIBED_SHARE = 0.5
"""A reverse question names a concept when its definition holds this share of the
question's own words (by weight), at least `DESCRIBED_WORDS` of them, and clearly more
than the next concept's (`DESCRIBED_MARGIN`)."""
DESCRIBED_WORDS = 3
DESCRIBED_MARGIN = 1.15


@dataclass(frozen=True)
class GlossaryMatch:
    """A glossary entry matched by a question."""

    entry: GlossaryEntry
    score: float
    definitional: bool
    """The question asks for a definition (or is just the term)."""
    remainder: int
    """Content words of the question not explained by the term or the cue."""


class GlossaryMatcher:
    """Finds the glossary concept a question is about (accent- and typo-tolerant).

    The concepts of Cuadro No 2 come first; ``defined`` adds those the policy defines in
    its running text (`knowledge.definitions`), matched only when no concept of the table
    says more of the question (the table wins a tie).
    """

    def __init__(self, entries: list[GlossaryEntry], defined: Sequence[GlossaryEntry] = ()) -> None:
        self.entries = entries
        table = {frozenset(content_stems(e.term)) for e in entries}
        # A concept of the table defined again in its own entry is the table's.
        self._candidates = [
            *entries,
            *(d for d in defined if frozenset(content_stems(d.term)) not in table),
        ]
        self._stems = [frozenset(content_stems(e.term)) for e in self._candidates]
        vocabulary = {w for e in self._candidates for w in tokens(e.term)}
        self._vocabulary = sorted(vocabulary)
        self._described = [
            frozenset(x[:PREFIX] for x in content_stems(f"{e.term} {e.definition}"))
            for e in entries
        ]
        self._cues = {x[:PREFIX] for x in content_stems(REVERSE_CUES)}

    def described_by(self, question: str, idf: Callable[[str], float]) -> GlossaryMatch | None:
        """The concept whose definition describes what a reverse question («¿cómo llama la
        política a…?») describes, or None when no definition clearly does."""
        wanted = {x[:PREFIX] for x in content_stems(question)} - self._cues
        total = sum(idf(x) for x in wanted)
        if not total:
            return None
        scored = sorted(
            (
                (sum(idf(x) for x in wanted & words) / total, len(wanted & words), index)
                for index, words in enumerate(self._described)
            ),
            reverse=True,
        )
        (share, count, index), runner_up = scored[0], scored[1][0] if len(scored) > 1 else 0.0
        if (
            share < DESCRIBED_SHARE
            or count < DESCRIBED_WORDS
            or share < DESCRIBED_MARGIN * runner_up
        ):
            return None
        return GlossaryMatch(self.entries[index], share, True, 0)

    def _repair(self, question: str) -> str:
        words = []
        for word in tokens(question):
            if len(word) >= 5 and word not in self._vocabulary:
                close = difflib.get_close_matches(word, self._vocabulary, n=1, cutoff=0.84)
                words.append(close[0] if close else word)
            else:
                words.append(word)
        return " ".join(words)

    def by_breadcrumb(self, breadcrumb: str) -> GlossaryEntry | None:
        """The entry whose breadcrumb is ``breadcrumb``."""
        return next((e for e in self.entries if e.breadcrumb == breadcrumb), None)

    def match(self, question: str) -> GlossaryMatch | None:
        """The best matching entry, or None when no term appears in the question."""
        repaired = self._repair(question)
        q_stems = set(content_stems(repaired))
        if not q_stems:
            return None
        quoted = {fold(q).strip() for q in QUOTED_TERM.findall(question)}
        best: tuple[float, int] | None = None
        for index, stems in enumerate(self._stems):
            if stems and stems <= q_stems:
                term = fold(self._candidates[index].term)
                score = len(stems) + (0.5 if term in repaired else 0.0)
                score += 10.0 if term in quoted else 0.0
                if best is None or score > best[0]:
                    best = (score, index)
        if best is None:
            return None
        entry = self._candidates[best[1]]
        definitional = bool(DEFINITIONAL.search(fold(question)))
        cue_words = set(
            content_stems(
                "que ke qe es significa definicion concepto define entiende politica dnp glosario "
                "conforma integra compone"
            )
        )
        if entry.in_text and len(self._stems[best[1]]) == 1:
            # A single word the text defines («objetivo», «meta») is asked about as such
            # only when nothing narrows it: «el objetivo de la política» is another thing.
            cue_words -= set(content_stems("politica dnp glosario"))
        remainder = len(q_stems - self._stems[best[1]] - cue_words)
        if entry.in_text and len(self._stems[best[1]]) == 1 and remainder:
            return None
        just_term = remainder == 0 and len(tokens(question)) <= len(tokens(entry.term)) + 2
        return GlossaryMatch(entry, best[0], definitional or just_term, remainder)
