"""Editing one item of a list answer: remove, replace or move it, without retyping the rest.

A unit that wrote five products and got a warning on the third must be able to fix the third
and keep the other four. `read_edit` recognises short commands ("quitar 2", "reemplazar 3 por
…", "mover 4 a 1"); `apply_edit` returns the new list and a Spanish sentence that says exactly
what changed. `splice` replaces the items a warning pointed at with the corrected version.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from intake.normalization import normalize

_ITEM = r"(?:el\s+|la\s+)?(?:elemento\s+|[ií]tem\s+|n[uú]mero\s+|n[°º.]?\s*)?(?P<n>\d{1,2})"
_REMOVE = re.compile(
    r"^\s*(?:quitar|quite|quita|quito|borrar|borre|borra|eliminar|elimine|elimina|sacar|saque|"
    r"saca)\s+" + _ITEM + r"\s*[.!]?\s*$",
    re.IGNORECASE,
)
_REPLACE = re.compile(
    r"^\s*(?:reemplazar|reemplace|reemplaza|cambiar|cambie|cambia|sustituir|sustituya)\s+"
    + _ITEM
    + r"\s*(?:por|:|=|->|→)\s*(?P<text>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_MOVE = re.compile(
    r"^\s*(?:mover|mueva|mueve|pasar|pase|pasa|poner|ponga|pon)\s+"
    + _ITEM
    + r"\s+(?:a|al|en)\s+(?:la\s+)?(?:posici[oó]n\s+|lugar\s+|puesto\s+)?(?P<to>\d{1,2})\s*[.!]?\s*$",
    re.IGNORECASE,
)

EDIT_HINT = "Para cambiar un solo elemento: «quitar 2», «reemplazar 2 por …» o «mover 3 a 1»."
"""How to edit one item (shown with list questions)."""


class EditKind(StrEnum):
    """What an edit does."""

    REMOVE = "quitar"
    REPLACE = "reemplazar"
    MOVE = "mover"


@dataclass(frozen=True)
class ListEdit:
    """One edit of a list: positions are 1-based, as people count them."""

    kind: EditKind
    position: int
    text: str = ""
    to: int = 0


def read_edit(message: str) -> ListEdit | None:
    """The edit ``message`` asks for, if it is one."""
    found = _REMOVE.match(message)
    if found:
        return ListEdit(EditKind.REMOVE, int(found["n"]))
    found = _REPLACE.match(message)
    if found:
        return ListEdit(EditKind.REPLACE, int(found["n"]), text=found["text"].strip())
    found = _MOVE.match(message)
    if found:
        return ListEdit(EditKind.MOVE, int(found["n"]), to=int(found["to"]))
    return None


def apply_edit(items: Sequence[str], edit: ListEdit) -> tuple[list[str], str]:
    """The list after ``edit`` and what changed, in Spanish.

    Raises:
        ValueError: A position outside the list (the message names the valid range).
    """
    result = list(items)
    for position in (edit.position, edit.to) if edit.kind is EditKind.MOVE else (edit.position,):
        if not 1 <= position <= len(result):
            raise ValueError(
                f"La lista tiene {len(result)} elemento(s); no hay un elemento {position}."
                if result
                else "La lista está vacía; no hay elementos que cambiar."
            )
    index = edit.position - 1
    if edit.kind is EditKind.REMOVE:
        removed = result.pop(index)
        return result, f"Quité el elemento {edit.position} («{removed}»)."
    if edit.kind is EditKind.REPLACE:
        old, result[index] = result[index], edit.text
        return result, f"Reemplacé el elemento {edit.position} («{old}») por «{edit.text}»."
    moved = result.pop(index)
    result.insert(edit.to - 1, moved)
    return result, f"Moví «{moved}» a la posición {edit.to}."


def splice(items: Sequence[str], positions: Sequence[int], new: Sequence[str]) -> list[str]:
    """``items`` with the items at ``positions`` (0-based) replaced by ``new``.

    With as many new items as positions each is replaced in place; otherwise the new items go
    where the first replaced item was.
    """
    targets = sorted({p for p in positions if 0 <= p < len(items)})
    if not targets:
        return [*items, *new]
    if len(targets) == len(new):
        result = list(items)
        for position, text in zip(targets, new, strict=True):
            result[position] = text
        return result
    kept = [item for i, item in enumerate(items) if i not in targets]
    at = targets[0] - sum(1 for t in targets if t < targets[0])
    return [*kept[:at], *new, *kept[at:]]


def without_repeats(buffer: list[str], items: list[str]) -> tuple[list[str], list[str]]:
    """``items`` without those already in ``buffer`` or repeated, and the repeated ones."""
    seen = {normalize(b) for b in buffer}
    fresh: list[str] = []
    repeated: list[str] = []
    for item in items:
        key = normalize(item)
        if key in seen:
            repeated.append(item)
        else:
            seen.add(key)
            fresh.append(item)
    return fresh, repeated


__all__ = [
    "EDIT_HINT",
    "EditKind",
    "ListEdit",
    "apply_edit",
    "read_edit",
    "splice",
    "without_repeats",
]
