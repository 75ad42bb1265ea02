"""Reading the answer to «Dependencia responsable» against the unit the user works for.

The user's unit is known on every adapter (``--unidad`` in the terminal, the user's record in
the web and in Slack), so the intake fills the field with it and says so. When the field is
answered anyway, people write loosely: «la misma», «la misma, DDFF», «somos la DDFF», «es la
nuestra». Such a phrase is never stored: it resolves to the known unit (also when it names the
unit by its initials), to the name it carries, or — when nothing is left to store — the
question is asked again.
"""

from __future__ import annotations

import re

from intake.normalization import normalize, words

_LOOSE_LEAD = re.compile(
    r"^(?:(?:es|somos|soy|son|seria|sería)\s+(?:de\s+)?)?"
    r"(?:(?:la|el|lo)\s+)?"
    r"(?:mism[oa]s?|nuestr[oa]|mi\s+dependencia|mi\s+direccion|la\s+mia|esta|la\s+de\s+mi\s+usuario"
    r"|la\s+que\s+(?:ya\s+)?(?:dije|tengo|aparece))\b"
    r"|^(?:es|somos|soy|son)\b(?:\s+(?:de|del))?(?:\s+(?:la|el|los|las))?",
)
_SEPARATORS = " ,.;:-–—()«»\"'"
_LEFT_OUT = frozenset({"de", "del", "la", "el", "los", "las", "y", "e", "para", "en"})

NO_UNIT = (
    "¿Cuál es su dependencia? Escriba su nombre, por ejemplo «Dirección de Descentralización y "
    "Fortalecimiento Fiscal»; no sé a cuál se refiere con «{text}»."
)
"""Asked again when a loose answer («la misma») leaves nothing to store."""


def initials(name: str) -> str:
    """The initials of a unit name without connecting words («Dirección de Descentralización y
    Fortalecimiento Fiscal» → «ddff»), compared without accents or case."""
    return "".join(w[0] for w in words(name) if w not in _LEFT_OUT and w[0].isalpha())


def names_unit(text: str, unit: str) -> bool:
    """True when ``text`` is ``unit`` itself or its initials («DDFF», «la DDFF»)."""
    folded = normalize(text).strip(_SEPARATORS)
    folded = re.sub(r"^(?:la|el)\s+", "", folded)
    if not folded:
        return False
    return folded == normalize(unit) or (len(folded) >= 3 and folded == initials(unit))


def read_unit(text: str, known: str | None) -> tuple[str | None, str | None]:
    """The value to store for «Dependencia responsable» and, if none, what to ask.

    Args:
        text: The user's answer.
        known: The unit the user works for, if known.

    Returns:
        ``(value, None)`` or ``(None, problem)``: a loose phrase alone resolves to ``known``;
        a phrase followed by a name keeps the name (the known unit's full name when the name is
        its initials); a plain answer is kept as written.
    """
    written = " ".join(text.split())
    lead = _LOOSE_LEAD.match(normalize(written))
    # normalize() keeps the length of single-spaced text, so the user's own words are cut.
    rest = written[lead.end() :].strip(_SEPARATORS) if lead else written
    if known and (names_unit(written, known) or (lead and (not rest or names_unit(rest, known)))):
        return known, None
    if not rest:
        return None, NO_UNIT.format(text=written)
    return rest, None


__all__ = ["NO_UNIT", "initials", "names_unit", "read_unit"]
