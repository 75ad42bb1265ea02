"""Spanish text normalisation for matching: accent folding, tokens, stems, stopwords."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

SPANISH_STOPWORDS = frozenset(
    """a al algo algunas algunos ante antes como con contra cual cuales cuando de del desde
    donde durante e el ella ellas ellos en entre era eran es esa esas ese eso esos esta estas
    este esto estos fue fueron ha han hasta hay la las le les lo los mas me mi mis mucho muy
    nada ni no nos o os otra otras otro otros para pero poco por porque que quien quienes se
    sea ser si sin sobre son su sus tambien tanto te tiene tienen todo todos tu tus un una
    unas uno unos y ya yo usted ustedes cual cuales cuanto cuantos cuantas esta estan estar
    sido siendo debe deben puede pueden hace hacer dice decir segun aqui alli asi tal vez
    the of and to in is what how""".split()
)
TOKEN = re.compile(r"[a-z0-9ñ]+")


def fold(text: str) -> str:
    """Lower-case and strip accents (keeps ñ)."""
    text = text.lower().replace("ñ", "\0")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("\0", "ñ")


def tokens(text: str) -> list[str]:
    """Folded word tokens (no stopwords removed)."""
    return TOKEN.findall(fold(text))


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("spanish")


def content_stems(text: str) -> list[str]:
    """Stems of the content words of ``text`` (stopwords and 1-letter tokens removed)."""
    words = [w for w in tokens(text) if w not in SPANISH_STOPWORDS and len(w) > 1]
    return list(_stemmer().stemWords(words))


def collapse(text: str) -> str:
    """Collapse runs of whitespace to one space."""
    return re.sub(r"\s+", " ", text).strip()
