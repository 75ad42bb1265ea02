"""Follow-up questions, resolved against the previous turn only.

A follow-up leans on what was just answered: its question (the topic), and the list it
gave («el segundo», «la tercera etapa»). It is never the whole thread joined: three
earlier questions pasted together retrieve the first answer again. What the follow-up
itself asks stays in the retrieval text, so «¿y quién la aprueba?» looks for who
approves, about the previous topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge import content_stems, fold, tokens
from knowledge.normalization import SPANISH_STOPWORDS

FOLLOW_UP_START = re.compile(r"^(y|e|pero|entonces|ademas|tambien|o sea)\b")
DEMONSTRATIVES = frozenset("eso esto ese esa esos esas ello ahi alli aquel aquella".split())
CLITIC = re.compile(
    r"\b(quien|quienes|que|como|donde|cuando|cuanto|se|no)\s+(lo|la|los|las|le|les)\s+\w+"
)
ORDINALS = {
    "primer": 0,
    "primero": 0,
    "primera": 0,
    "segundo": 1,
    "segunda": 1,
    "tercer": 2,
    "tercero": 2,
    "tercera": 2,
    "cuarto": 3,
    "cuarta": 3,
    "quinto": 4,
    "quinta": 4,
    "sexto": 5,
    "sexta": 5,
    "septimo": 6,
    "septima": 6,
    "ultimo": -1,
    "ultima": -1,
}
ORDINAL = re.compile(
    r"\b(el|la|los|las|del|de la|al|a la)?\s*(" + "|".join(ORDINALS) + r")\b(\s+\w+)?"
)
CUE_WORDS = frozenset(
    "que es son cual cuales quien quienes como donde cuando cuanto cuantos cuantas define "
    "significa dice politica dnp hace hacen explica explicame dame digame dime hablame "
    "cuentame ejemplo usar usa usan expliqueme expliquenos deme cuenteme hableme indiqueme "
    "muestreme muestrame mas detalle detalles".split()
)
MAX_WORDS = 10
COUNT = re.compile(
    r"^(y |y entonces |entonces )?(cuantos|cuantas)( son| hay)?( en total)?$|\ben total\b"
)
"""«¿y cuántos son en total?» counts the previous list (not «¿cuánto presupuesto…?»)."""
COUNT_NOUN = re.compile(
    r"^(y |y entonces |entonces )?(cuantos|cuantas) (?P<noun>\w+)( son| hay| tiene| tienen)?"
    r"( en total)?$"
)
"""«¿y cuántos pasos son?»: counts the previous list when it named that noun."""
CONTRAST = re.compile(r"^(y|e|pero) (el|la|los|las|lo) (?P<word>\w+)$")
"""«¿y la administrativa?» after «¿qué es la capacidad institucional?»: the same question
about another kind of the same thing."""
ADJECTIVE = re.compile(r"(iv[oa]|al|ic[oa]|ari[oa]|ble|nte|os[oa]|er[oa])e?s?$")
"""The endings of most Spanish adjectives («administrativa», «territorial», «técnico»,
«financiera»); a noun in their place («¿y la DER?») asks about something else."""
NO_SUBJECT = re.compile(r"\b(tiene|tienen|incluye|incluyen|comprende|comprenden|dura|duran)$")
"""A short question that ends in a verb without its subject («¿cuántos pasos tiene?»)."""


@dataclass(frozen=True)
class PreviousTurn:
    """What the previous answer was about: what a follow-up can point into."""

    question: str
    """The previous question as it was retrieved (itself resolved when a follow-up)."""
    answer: str = ""
    sections: tuple[str, ...] = ()
    """The breadcrumbs the previous answer cited."""
    items: tuple[str, ...] = ()
    """The list it gave, in order."""


@dataclass(frozen=True)
class Resolution:
    """The question to retrieve with, and what it leaned on."""

    text: str
    follow_up: bool = False
    item: str | None = None
    """The item of the previous list an ordinal pointed at."""
    counts: bool = False
    """The follow-up asks how many items the previous list had."""
    contrast: bool = False
    """The follow-up asks the previous question about another kind of its topic: ``text``
    is that whole question («¿y la administrativa?» → «¿qué es la capacidad
    administrativa?»)."""


def own_words(question: str) -> str:
    """What a follow-up asks in its own words: cue words, pronouns and ordinals (they point
    at the previous answer; they do not say what is asked) left out."""
    return " ".join(
        w for w in topic(question).split() if w not in DEMONSTRATIVES and w not in ORDINALS
    )


def topic(question: str) -> str:
    """The content words of a question, without its cue words («¿qué es…?»)."""
    words = [w for w in tokens(question) if w not in SPANISH_STOPWORDS and w not in CUE_WORDS]
    return " ".join(words)


def pointed_item(question: str, items: tuple[str, ...]) -> str | None:
    """The item an ordinal names («el segundo», «la tercera etapa»), if the list has it."""
    if not items:
        return None
    match = ORDINAL.search(fold(question))
    if match is None:
        return None
    index = ORDINALS[match.group(2)]
    if index >= len(items):
        return None
    return items[index]


def counts_the_list(question: str, previous: PreviousTurn | None) -> bool:
    """The question asks how many items the previous list had («¿y cuántos son?», or
    «¿y cuántos pasos son?» after a list of pasos)."""
    folded = fold(question).strip(" ¿?¡!.")
    if COUNT.search(folded):
        return True
    match = COUNT_NOUN.match(folded)
    if match is None or previous is None:
        return False
    noun = content_stems(match.group("noun"))
    listed = set(content_stems(" ".join((previous.question, *previous.items))))
    return bool(noun) and noun[0] in listed


def is_follow_up(question: str, previous: PreviousTurn | None = None) -> bool:
    """A short question that leans on the previous one («¿y quién la aprueba?»)."""
    folded = fold(question).strip(" ¿?¡!.")
    words = tokens(folded)
    if not words or len(words) > MAX_WORDS:
        return False
    if FOLLOW_UP_START.match(folded) or counts_the_list(question, previous):
        return True
    if previous is not None and pointed_item(question, previous.items):
        return True
    own = topic(folded).split()
    leans = (
        bool(DEMONSTRATIVES & set(words))
        or bool(CLITIC.search(folded))
        or (previous is not None and bool(NO_SUBJECT.search(folded)))
    )
    return leans and len(own) <= 2


def contrasted(question: str, previous: PreviousTurn) -> str | None:
    """The previous question about another kind of its topic («¿y la administrativa?»
    after «¿qué es la capacidad institucional?» → «¿qué es la capacidad administrativa?»):
    the previous question with its last adjective replaced; None when the follow-up is not
    such a contrast or the previous question has no adjective to replace."""
    match = CONTRAST.match(fold(question).strip(" ¿?¡!."))
    if match is None or not ADJECTIVE.search(match.group("word")):
        return None
    word = match.group("word")
    if word in SPANISH_STOPWORDS or word in CUE_WORDS or word in ORDINALS:
        return None
    words = list(re.finditer(r"\w+", previous.question))
    for found in reversed(words[1:]):
        folded = fold(found.group())
        if folded in SPANISH_STOPWORDS or folded in CUE_WORDS or not ADJECTIVE.search(folded):
            continue
        return previous.question[: found.start()] + word + previous.question[found.end() :]
    return None


def resolve(question: str, previous: PreviousTurn | None) -> Resolution:
    """The retrieval text: the question itself, or — for a follow-up — what it asks plus
    the previous topic, or the list item it points at."""
    if previous is None or not is_follow_up(question, previous):
        return Resolution(question)
    if counts_the_list(question, previous):
        return Resolution(f"{previous.question} ¿cuántos son?", follow_up=True, counts=True)
    item = pointed_item(question, previous.items)
    if item is not None:
        own = ORDINAL.sub(" ", fold(question))
        return Resolution(f"{topic(own)} {item}".strip(), follow_up=True, item=item)
    other = contrasted(question, previous)
    if other is not None:
        return Resolution(other, follow_up=True, contrast=True)
    return Resolution(f"{topic(previous.question)} {question}".strip(), follow_up=True)
