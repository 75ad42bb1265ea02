"""Checks and clean-up of an incoming question, before any retrieval."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from assistant.errors import InvalidQuestionError
from knowledge import fold, tokens

MAX_CHARS = 2000
INJECTION = re.compile(
    r"(ignora|olvida|omite|ignore|disregard|forget)\s+(todas\s+)?(tus|las|your|all|previous|"
    r"the)?\s*(instrucciones|reglas|indicaciones|instructions|rules|prompt)"
    r"|(act[uú]a|act|finge|pretend)\s+(como|as|que)\b"
    r"|system\s*prompt|modo\s+desarrollador|developer\s+mode|jailbreak",
    re.IGNORECASE,
)
ENGLISH_MARKERS = frozenset(
    "the what is are how who which does do why when where of and to policy in for".split()
)
CHAT_FORMS = {
    **dict.fromkeys(("q", "k", "ke", "qe"), "que"),
    **dict.fromkeys(("xq", "xk", "pq", "porq", "porke"), "por qué"),
    "kien": "quién",
    "kienes": "quiénes",
    "kual": "cuál",
    "kuales": "cuáles",
    "kuando": "cuándo",
    "kuanto": "cuánto",
    "kuantos": "cuántos",
    "kuantas": "cuántas",
    "tb": "también",
    "tmb": "también",
}
"""How chat writes some words («ke», «kien», «xq»): read as the words they stand for."""
WORD = re.compile(r"\w+")
SPANISH_MARKERS = frozenset(
    "que el la los las de del es son como quien cual cuales por para en una un se y".split()
)


@dataclass(frozen=True)
class CleanQuestion:
    """A question ready for answering."""

    text: str
    """The text used for retrieval (injection clauses removed, chat forms and typos read
    as the words they stand for)."""
    original: str
    english: bool = False
    injection: bool = False


def _letters(text: str) -> int:
    return sum(1 for c in text if unicodedata.category(c).startswith("L"))


def looks_english(text: str) -> bool:
    """True when the question is clearly written in English."""
    words = tokens(text)
    english = sum(w in ENGLISH_MARKERS for w in words)
    spanish = sum(w in SPANISH_MARKERS for w in words)
    return english >= 2 and english > spanish


def repaired(text: str, repairs: Mapping[str, str]) -> str:
    """``text`` with each word of ``repairs`` (folded) replaced by its repair; the other
    words keep their accents and capitals."""
    if not repairs:
        return text
    return WORD.sub(lambda m: repairs.get(fold(m.group()), m.group()), text)


def clean_question(
    raw: str, misspellings: Callable[[str], Mapping[str, str]] | None = None
) -> CleanQuestion:
    """Validate ``raw``; raises `InvalidQuestionError` with a Spanish message. Chat forms
    are read as words and, with ``misspellings`` (the typos of a text and the word each
    stands for), typos too: «¿y la tersera?» asks for the third item."""
    text = " ".join((raw or "").split())
    if not text:
        raise InvalidQuestionError(
            "La pregunta está vacía. Escriba qué quiere saber de la política."
        )
    if len(text) > MAX_CHARS:
        raise InvalidQuestionError(
            f"La pregunta es muy larga ({len(text)} caracteres; el máximo es {MAX_CHARS}). "
            "Resúmala en una o dos frases."
        )
    if _letters(text) < 2:
        raise InvalidQuestionError(
            "No encuentro palabras en el mensaje. Escriba la pregunta con palabras, por ejemplo: "
            "«¿Qué es la ficha de pre-diseño?»."
        )
    injection = bool(INJECTION.search(text))
    if injection:
        # Keep only the sentences that are not instructions to the assistant.
        parts = re.split(r"(?<=[.!?;:])\s+|\s+y\s+(?=(?:dime|responde|di|cuentame)\b)", text)
        kept = [p for p in parts if not INJECTION.search(p)]
        text = " ".join(kept).strip() or text
    text = repaired(text, CHAT_FORMS)
    if misspellings is not None:
        text = repaired(text, misspellings(text))
    return CleanQuestion(text=text, original=raw, english=looks_english(text), injection=injection)


def is_only_greeting(text: str) -> bool:
    """True for a bare greeting or thanks (answered with a short help message)."""
    words = [w for w in tokens(text) if w]
    greetings = {
        "hola",
        "buenas",
        "buenos",
        "dias",
        "tardes",
        "noches",
        "gracias",
        "hey",
        "saludos",
        "ok",
        "vale",
    }
    return bool(words) and all(w in greetings for w in words)
