"""«¿Cuántos…?»: what is counted, and whether a list found is a list of that.

A count question names what it counts right after «cuántos»: «¿cuántos grupos regionales
crea el decreto?». A list of the passages answers it only when the list is of those things
(its own lead-in names them; the title of its section does not say what its items are): a
list of recommendations that mentions the regional groups in one item is not «6 grupos
regionales», and counting its items would state a wrong number. A sentence that gives a
number of those things («al crear 6 grupos regionales») answers it.
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


NUMBER = re.compile(r"^(\d+|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce)$")
NEAR = 3
"""The counted noun starts within this many words after the number («6 grupos regionales»)."""


def states_count(sentence: str, counted: frozenset[str]) -> bool:
    """``sentence`` gives a number of the counted things: a number followed, within
    `NEAR` words, by the counted noun phrase («al crear 6 grupos regionales»)."""
    if not counted:
        return False
    words = fold(sentence).split()
    for index, word in enumerate(words):
        if NUMBER.match(word.strip(".,;:()")):
            following = set(content_stems(" ".join(words[index + 1 : index + 1 + NEAR + 1])))
            if counted <= following:
                return True
    return False


def names_the_counted(text: str, counted: frozenset[str]) -> bool:
    """``text`` (a list's lead-in and section) says what is counted."""
    return not counted or counted <= set(content_stems(text))
