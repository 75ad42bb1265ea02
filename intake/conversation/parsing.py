"""Reading a user's answer: list items, closed-list options, years, e-mails and yes/no.

Users answer in free text. Lists come as lines, bullets or ``;``-separated items, optionally
ending with a word such as "listo". Closed lists (áreas temáticas, subdirecciones, momentos…)
accept the option's code or name, a number from the options shown, or loose words
("planeacion territorial", "la de regalías"); accents and case never matter. Parsing never
raises: what cannot be read is returned as is, so the rules engine reports it with its
message and policy reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from intake.fields import ItemStyle
from intake.normalization import normalize, words
from intake.value_lists import ListItem, ValueList

FINISH_WORDS = frozenset(
    {
        "listo",
        "lista",
        "listos",
        "fin",
        "terminar",
        "termine",
        "terminado",
        "ya",
        "ya esta",
        "eso es todo",
        "es todo",
        "nada mas",
        "ninguno mas",
        "ninguna mas",
        "no mas",
        "siguiente",
    }
)
"""Words that close a list (compared without accents, case or punctuation)."""

YES_WORDS = frozenset(
    {
        "si",
        "acepto",
        "aceptar",
        "aceptada",
        "aceptarla",
        "aceptarlo",
        "la acepto",
        "ok",
        "de acuerdo",
        "dejar asi",
        "dejarla asi",
        "dejarlo asi",
        "asi esta bien",
        "esta bien",
        "confirmo",
        "confirmar",
        "claro",
        "vale",
        "correcto",
        "enviar",
        "enviala",
        "envie",
        "envia",
        "enviarla",
    }
)
NO_WORDS = frozenset({"no", "no gracias", "todavia no", "aun no", "corregir", "cambiar"})
KEEP_WORDS = frozenset(
    {"mantener", "dejar igual", "igual", "sin cambios", "dejarlo", "dejarla", "seguir"}
)
_STOPWORDS = frozenset(
    "el la los las lo de del y e o u a en al por para con un una mi su es que opcion numero no"
    " n nro la de".split()
)
_BULLET = re.compile(r"^[\s\-–—•*·>]*(?:\d{1,2}[.)]\s+)?")
_EMAIL = re.compile(r"[^\s<>()\"',;:«»]+@[^\s<>()\"',;:«»]+")
_YEAR = re.compile(r"\b(20\d{2}|19\d{2})\b")
_YES_LEAD = re.compile(
    r"^\s*(?:s[ií]|acepto|la\s+acepto|ok|de\s+acuerdo|confirmo|vale|claro|correcto)\b",
    re.IGNORECASE,
)
MIN_REASON_WORDS = 3
"""Words a reason needs to be stored with an accepted warning («sí, ok» is no reason)."""
_LAST_AND = re.compile(r"\s+[ye]\s+", re.IGNORECASE)
_NUMBERS = re.compile(r"^(?:(?:opcion(?:es)?|numeros?|la|el|las|los)\s+)?[\d\s,y.e]+$")


def bare(text: str) -> str:
    """Normalized text without surrounding punctuation (for matching command words)."""
    return normalize(text).strip(" .,;:!¡?¿«»\"'()")


def is_finish(text: str) -> bool:
    """True when ``text`` is only a word that closes a list."""
    return bare(text) in FINISH_WORDS


def is_yes(text: str) -> bool:
    """True for an affirmative answer ("sí", "acepto", "de acuerdo", "sí, envíela")."""
    folded = bare(text)
    return folded in YES_WORDS or folded.split(" ")[0].strip(",:;.") in {"si", "acepto"}


def acceptance_reason(text: str) -> str:
    """The reason given with an acceptance («sí, porque la fuente es el FUT 2025» → «porque la
    fuente es el FUT 2025»), or "" when the answer is only the «sí» (or the reason is too
    short to tell DER anything)."""
    if not is_yes(text):
        return ""
    rest = _YES_LEAD.sub("", text.strip(), count=1).strip(" ,.;:-–—")
    return rest if len(rest.split()) >= MIN_REASON_WORDS else ""


def is_no(text: str) -> bool:
    """True for a negative answer ("no", "todavía no")."""
    folded = bare(text)
    return folded in NO_WORDS or folded.split(" ")[0].strip(",") == "no"


def is_keep(text: str) -> bool:
    """True when the user wants to keep the current value ("mantener", "dejar igual")."""
    return bare(text) in KEEP_WORDS


def _cut_commas(piece: str, *, last_and: bool) -> list[str]:
    """``piece`` cut at commas outside parentheses (not «1,5»), and with ``last_and`` its last
    part cut at an «y»/«e» too when there was a comma («a, b y c»)."""
    parts: list[str] = []
    depth, start = 0, 0
    for i, char in enumerate(piece):
        depth += (char in "([") - (char in ")]")
        digit_next = i + 1 < len(piece) and piece[i + 1].isdigit()
        if char == "," and depth <= 0 and not digit_next:
            parts.append(piece[start:i])
            start = i + 1
    parts.append(piece[start:])
    if last_and and len(parts) > 1:
        parts[-1:] = _LAST_AND.split(parts[-1], maxsplit=1)
    return [p.strip() for p in parts if p.strip()]


def split_items(text: str, *, style: ItemStyle = ItemStyle.SENTENCES) -> tuple[list[str], bool]:
    """The items of a list answer and whether it ended with a finish word.

    Items are separated by new lines or ``;`` (and, for short labels or names, by commas and a
    last «y»: see `ItemStyle`); bullets and numbering ("- ", "• ", "1. ") are removed. A last
    item that is only "listo" (or "fin", "terminar"…) closes the list.
    """
    pieces = [p for line in text.splitlines() for p in line.split(";")]
    if style is not ItemStyle.SENTENCES:
        last_and = style is ItemStyle.LABELS
        pieces = [c for p in pieces for c in _cut_commas(p, last_and=last_and)]
    items = [_BULLET.sub("", p, count=1).strip() for p in pieces]
    items = [i for i in items if i]
    finished = False
    if items and is_finish(items[-1]):
        items.pop()
        finished = True
    return items, finished


@dataclass(frozen=True)
class OptionMatch:
    """The result of reading one closed-list answer.

    Attributes:
        item: The option it names, if exactly one.
        candidates: Several options it could be (ambiguous), if any.
    """

    item: ListItem | None
    candidates: tuple[ListItem, ...] = field(default_factory=tuple)


def _content(text: str) -> list[str]:
    return [w for w in words(text) if w not in _STOPWORDS]


def _token_match(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)):
        return True
    return min(len(a), len(b)) >= 5 and SequenceMatcher(None, a, b).ratio() >= 0.8


def _covers(wanted: list[str], item: ListItem) -> tuple[bool, bool]:
    """(every wanted word is in the option, every option word is wanted)."""
    option = _content(item.name) + ([normalize(item.code)] if item.code != item.name else [])
    all_wanted = all(any(_token_match(w, o) for o in option) for w in wanted)
    all_option = all(any(_token_match(w, o) for w in wanted) for o in _content(item.name))
    return all_wanted, all_option


def match_option(text: str, options: ValueList) -> OptionMatch:
    """The option ``text`` names: exact code or name, a number, or loose words."""
    exact = options.find(text.strip(" .«»\"'"))
    if exact is not None:
        return OptionMatch(exact)
    folded = bare(text)
    digits = re.sub(r"^(?:(?:la|el)\s+)?(?:opcion|numero|nro|n)?\s*", "", folded)
    if digits.isdigit():
        index = int(digits) - 1
        return OptionMatch(options.items[index] if 0 <= index < len(options.items) else None)
    wanted = _content(text)
    if not wanted:
        return OptionMatch(None)
    scored = [(item, *_covers(wanted, item)) for item in options.items]
    candidates = [(item, full) for item, ok, full in scored if ok]
    if len(candidates) == 1:
        return OptionMatch(candidates[0][0])
    complete = [item for item, full in candidates if full]
    if len(complete) == 1:
        return OptionMatch(complete[0])
    return OptionMatch(None, tuple(item for item, _ in candidates))


def _numbers(piece: str, options: ValueList) -> list[str] | None:
    folded = bare(piece)
    if not _NUMBERS.match(folded) or not re.search(r"\d", folded):
        return None
    found = [int(n) for n in re.findall(r"\d+", folded)]
    if all(1 <= n <= len(options.items) for n in found):
        return [options.items[n - 1].code for n in found]
    return None


def match_options(
    text: str, options: ValueList, *, cut_commas: bool = True
) -> tuple[list[str], list[str], bool]:
    """Read a closed-list answer with one or several options.

    A piece that names no option whole is cut at commas and «y»/«e» (unless ``cut_commas`` is
    false) and each part is read; a part that names no option is kept as written, so the
    rule's message names it.

    Returns:
        The values to store (option codes; unreadable pieces as written), Spanish notes
        about ambiguous pieces, and whether the answer ended with a finish word.
    """
    pieces, finished = split_items(text)
    values: list[str] = []
    notes: list[str] = []
    for piece in pieces:
        numbered = _numbers(piece, options)
        if numbered is not None:
            values += numbered
            continue
        whole = match_option(piece, options)
        if whole.item is not None:
            values.append(whole.item.code)
            continue
        cuts = re.split(r",|\s+y\s+|\s+e\s+", piece) if cut_commas else [piece]
        parts = [p for p in cuts if p.strip()]
        matches = [match_option(p, options) for p in parts] if len(parts) > 1 else []
        if matches and all(m.item is not None for m in matches):
            values += [m.item.code for m in matches if m.item is not None]
        elif whole.candidates:
            names = "; ".join(c.display for c in whole.candidates)
            notes.append(f"«{piece}» puede ser más de una opción: {names}. ¿Cuál?")
        elif any(m.item is not None for m in matches):
            # Keep what was recognised; the rest goes as written so the rule names it.
            values += [
                m.item.code if m.item else p.strip() for m, p in zip(matches, parts, strict=True)
            ]
        else:
            values.append(piece)
    return values, notes, finished


def parse_year(text: str, *, current_year: int) -> int | None:
    """The year in an answer ("2026", "vigencia 2027", "este año"), or ``None``."""
    match = _YEAR.search(text)
    if match:
        return int(match.group(1))
    folded = bare(text)
    if "proximo ano" in folded or "siguiente ano" in folded:
        return current_year + 1
    if "este ano" in folded or "ano actual" in folded or folded == "actual":
        return current_year
    return None


def extract_email(text: str) -> str:
    """The e-mail address in an answer ("mi correo es x@dnp.gov.co"), or the text as is."""
    match = _EMAIL.search(text)
    return match.group(0).rstrip(".") if match else text.strip()


__all__ = [
    "FINISH_WORDS",
    "MIN_REASON_WORDS",
    "acceptance_reason",
    "OptionMatch",
    "bare",
    "extract_email",
    "is_finish",
    "is_keep",
    "is_no",
    "is_yes",
    "match_option",
    "match_options",
    "parse_year",
    "split_items",
]
