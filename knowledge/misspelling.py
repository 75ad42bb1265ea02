"""Misspelled copies of an evaluation set: staff type fast, on a phone, without accents.

Every other word of six letters or more gets one typo of ``kind``: a letter dropped
(«equpo»), two letters swapped («eqiupo») or one changed («equipa»), never the first or
last letter. The copies are deterministic (seeded), so two runs compare.
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Literal

from knowledge.evaluation import EvalItem

TypoKind = Literal["falta", "cruce", "cambio"]
KINDS: tuple[TypoKind, ...] = ("falta", "cruce", "cambio")
MIN_LETTERS = 6
LETTERS = "aeioulnrsc"


def misspelled(items: list[EvalItem], kind: TypoKind, seed: int = 11) -> list[EvalItem]:
    """``items`` with typos of ``kind`` in their questions (see the module docstring)."""
    rng = random.Random(f"{kind}:{seed}")
    return [replace(item, question=_misspell(item.question, kind, rng)) for item in items]


def _misspell(question: str, kind: TypoKind, rng: random.Random) -> str:
    words = question.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= MIN_LETTERS and w.isalpha()]
    for i in long_words[::2]:
        word = words[i]
        at = rng.randrange(1, len(word) - 2)
        if kind == "falta":
            words[i] = word[:at] + word[at + 1 :]
        elif kind == "cruce":
            words[i] = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        else:
            options = [c for c in LETTERS if c != word[at].lower()]
            words[i] = word[:at] + rng.choice(options) + word[at + 1 :]
    return " ".join(words)
