"""Spanish BM25 (bm25s + Snowball stemmer + stopwords + accent folding), with typo repair."""

from __future__ import annotations

import difflib
import json
import logging
from pathlib import Path

import bm25s
import numpy as np

from knowledge.normalization import SPANISH_STOPWORDS, content_stems, tokens
from knowledge.spelling import is_spanish_word, one_edit_away

logging.getLogger("bm25s").setLevel(logging.WARNING)

REPAIRS_KEPT = 50_000
"""Unknown words remembered with their repair (a generation's vocabulary never changes)."""
INFLECTION = 5
"""Two forms of one word share their first letters («valida», «validado»)."""


class LexicalIndex:
    """BM25 over chunk texts; persisted in a folder next to the generation's chunks."""

    def __init__(self, retriever: bm25s.BM25, vocabulary: list[str]) -> None:
        self._retriever = retriever
        self._vocabulary = vocabulary
        self._known = set(vocabulary)
        self._repairs: dict[str, str] = {}

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        """Index ``texts`` (one per chunk, in chunk order)."""
        retriever = bm25s.BM25()
        corpus = [content_stems(t) or ["_vacio_"] for t in texts]
        retriever.index(corpus, show_progress=False)
        vocabulary = sorted({w for t in texts for w in tokens(t) if w not in SPANISH_STOPWORDS})
        return cls(retriever, vocabulary)

    def save(self, folder: Path) -> None:
        """Write the index to ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        self._retriever.save(str(folder), show_progress=False)
        (folder / "vocabulario.json").write_text(json.dumps(self._vocabulary), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        """Read an index written by `save`."""
        retriever = bm25s.BM25.load(str(folder), show_progress=False)
        vocabulary = json.loads((folder / "vocabulario.json").read_text(encoding="utf-8"))
        return cls(retriever, vocabulary)

    def repair(self, query: str) -> str:
        """Replace unknown words by the closest corpus word (typos: ``equpo`` → ``equipo``);
        a Spanish word the corpus lacks is no typo: it is replaced only by a form of itself
        («diligencia» → «diligenciar»), never by another word (``fotos`` is not ``focos``)."""
        fixed = []
        for word in tokens(query):
            if word in self._known or word in SPANISH_STOPWORDS or len(word) < 4:
                fixed.append(word)
                continue
            fixed.append(self._closest(word))
        return " ".join(fixed)

    def repairs(self, query: str) -> dict[str, str]:
        """The unknown words of ``query`` (folded) that `repair` replaces, each with its
        replacement: ``{"equpo": "equipo"}``."""
        return {
            word: fixed
            for word, fixed in zip(tokens(query), self.repair(query).split(), strict=True)
            if fixed != word
        }

    def misspellings(self, query: str) -> dict[str, str]:
        """The repairs of `repairs` whose word is no Spanish word: typos, not the forms of
        a word the corpus writes otherwise («valida» → «validado»)."""
        return {
            w: r
            for w, r in self.repairs(query).items()
            if not is_spanish_word(w) or r.replace("ñ", "n") == w  # «diseno»
        }

    def _closest(self, word: str) -> str:
        """The closest vocabulary word (difflib, ~3 ms a word: remembered, since each question
        is repaired three times and the same typos recur)."""
        repaired = self._repairs.get(word)
        if repaired is None:
            repaired = self._meant(word)
            if len(self._repairs) < REPAIRS_KEPT:
                self._repairs[word] = repaired
        return repaired

    def _meant(self, word: str) -> str:
        """The word a typo stands for: the index word with «ñ» for an «n» («diseno»); for
        a Spanish word, another form of it (`repair`); else a Spanish word one edit away,
        the index's first («equpo» → «equipo»), else the most frequent one although the
        index lacks it («sncion» → «sancion»: the question is about what the policy never
        names); without one, the closest index word by difflib («instituconal»)."""
        for at in (i for i, letter in enumerate(word) if letter == "n"):
            enye = f"{word[:at]}ñ{word[at + 1 :]}"
            if enye in self._known:
                return enye  # «diseno»: a keyboard without ñ
        if is_spanish_word(word):
            forms = [w for w in self._vocabulary if w[:INFLECTION] == word[:INFLECTION]]
            close = difflib.get_close_matches(word, forms, n=1, cutoff=0.8)
            return close[0] if close and len(word) > INFLECTION else word
        near = one_edit_away(word) if word.isalpha() else ()  # «4567» is no typo of «467»
        known = [w for w in near if w in self._known]
        if known or near:
            return (known or near)[0]
        close = difflib.get_close_matches(word, self._vocabulary, n=1, cutoff=0.8)
        return close[0] if close else word

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for ``query`` (typos repaired first)."""
        stems = content_stems(self.repair(query))
        known = [s for s in stems if s in self._retriever.vocab_dict]
        if not known:
            return np.zeros(self._retriever.scores["num_docs"], dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)
