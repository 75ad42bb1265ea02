"""Text normalization shared by the checks: accent- and case-insensitive matching.

Spanish users write with and without accents ("guía"/"guia", "técnica"/"tecnica") and in any
case; every pattern and vocabulary is matched against the normalized form, while messages
quote the user's original words (`NormalizedText.original`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[0-9a-z]+(?:[-'][0-9a-z]+)*")
_LEADING_BULLET = re.compile(r"^[\s\-–—•*·>]*(?:\d+[.)]\s*)?")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character without accents and in lower case ("É" -> "e", "ñ" -> "n")."""
    return strip_accents(char.lower())


def strip_accents(text: str) -> str:
    """``text`` without accents or tildes, case preserved ("Guía" -> "Guia", "año" -> "ano").

    The tilde of "ñ" goes too: many keyboards in the field cannot type it, and matching must
    not depend on it.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize(text: str) -> str:
    """Lower case, no accents, single spaces, trimmed: the form every check compares."""
    return _SPACES.sub(" ", strip_accents(text.lower())).strip()


def words(text: str) -> list[str]:
    """The normalized words of ``text`` (letters, digits, inner hyphens)."""
    return _WORD.findall(normalize(text))


def first_word(text: str) -> str:
    """The first normalized word, after list bullets or numbering ("1. Realizar" -> "realizar")."""
    found = words(_LEADING_BULLET.sub("", text, count=1))
    return found[0] if found else ""


@dataclass(frozen=True)
class NormalizedText:
    """A text in normalized form that can map a match back to the original words.

    Attributes:
        original: The text as the user wrote it.
        folded: Lower case, accent-free form with the same length as ``original``.
    """

    original: str
    folded: str

    @classmethod
    def of(cls, text: str) -> NormalizedText:
        """Fold ``text`` character by character so positions stay aligned."""
        folded = []
        for char in text:
            piece = _fold_char(char)
            # Keep one character per original character so match spans map back exactly.
            folded.append(piece[:1] if piece else " ")
        return cls(original=text, folded="".join(folded))

    def excerpt(self, start: int, end: int) -> str:
        """The original words between two positions of the folded text."""
        return _SPACES.sub(" ", self.original[start:end]).strip()
