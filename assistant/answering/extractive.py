"""Question cues and term weights shared by the compose and listing stages.

Nothing is generated: every sentence shown is quoted from a passage (`compose`), and
lists are returned whole (`listing`); this module says what kind of question was asked
and how much each word of it weighs.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from knowledge import Chunk, content_stems, fold

LIST_CUE = re.compile(
    # «a las cuales», «los cuales» relate a clause; they do not ask «¿cuáles?»
    r"\b((?<!los )(?<!las )cuales|cuantos|cuantas|que tipos|tipos de|enumer|lista|listado|funciones|perfiles|"
    r"ventajas|rutinas|reglas|criterios|principios|etapas|pasos|componentes|elementos|"
    r"actores|areas|detonantes|interruptores|dimensiones|modalidades|instrumentos|niveles|"
    r"objetivos|algunas|algunos|caracteristicas|limitaciones|problemas|requisitos)\b"
)
PROCEDURE_CUE = re.compile(
    r"\b(como se|como es|como hago|como hacer|que hay que|que debo|que tiene que|que implica|"
    r"procedimiento|proceso|flujo|paso a paso|pasos|quien|quienes|cuando)\b"
)


class TermWeights:
    """Inverse document frequency of stems over the index's chunks."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        df: Counter[str] = Counter()
        for chunk in chunks:
            df.update(set(content_stems(chunk.text)))
        self.n = max(1, len(chunks))
        self.df = df

    def idf(self, stem: str) -> float:
        """Rarer stems weigh more; unknown stems weigh like the rarest."""
        return math.log(1 + self.n / (1 + self.df.get(stem, 0)))


def question_kind(question: str) -> str:
    """``lista``, ``procedimiento`` or ``general``."""
    text = fold(question)
    if LIST_CUE.search(text):
        return "lista"
    if PROCEDURE_CUE.search(text):
        return "procedimiento"
    return "general"
