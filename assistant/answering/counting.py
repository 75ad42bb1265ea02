"""«¿Cuántos…?»: what is counted, and whether a list found is a list of that.

A count question names what it counts right after «cuántos»: «¿cuántos grupos regionales
crea el decreto?». A list of the passages answers it only when the list is of those things
(its lead-in or its section names them); a list of recommendations that mentions the
regional groups in one item is not «6 grupos regionales», and counting its items would
state a wrong number.
"""

from __future__ import annotations

import re

from knowledge import content_stems, fold

COUNTED = re.compile(r"\b(?:cuantos|cuantas|numero de)\s+((?:[a-zñ]+\s*){1,3})")
STOP_AT = frozenset(
    "hay tiene tienen son es crea crean define definen se existen de del la el".split()
)
"""Words that end the counted noun phrase («¿cuántos pasos *tiene*…?»)."""


def counted_stems(question: str) -> frozenset[str]:
    """Stems of the noun phrase a count question counts (empty when it names none)."""
    match = COUNTED.search(fold(question))
    if match is None:
        return frozenset()
    words: list[str] = []
    for word in match.group(1).split():
        if word in STOP_AT:
            break
        words.append(word)
    return frozenset(content_stems(" ".join(words)))


def names_the_counted(text: str, counted: frozenset[str]) -> bool:
    """``text`` (a list's lead-in and section) says what is counted."""
    return not counted or counted <= set(content_stems(text))
