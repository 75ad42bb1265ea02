"""A pasted block of several answers: «Nombre: … / Problema: … / Evidencia: …».

Units often have the ficha half-written in a document. `read_block` finds lines that start by
naming a field followed by «:» (the same names «cambiar <campo>» accepts, accents and case
ignored); lines that do not name a field continue the previous answer (a list item per line, or
a paragraph). A message is a block only when it names at least two fields, so an ordinary
answer that happens to contain a colon is never taken for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intake.conversation.prompts import field_named

MIN_FIELDS = 2
"""Fields a message must name to be read as a block."""

_LABEL_END = re.compile(r"^\s*(?:\([^)]*\))?\s*[:=]\s*")
_BULLET = re.compile(r"^[\s\-–—•*·>]+")


@dataclass(frozen=True)
class BlockAnswer:
    """One field named in a block and what was written for it (lines kept)."""

    field_id: str
    text: str


def _labelled(line: str) -> tuple[str, str] | None:
    named = field_named(_BULLET.sub("", line))
    if named is None:
        return None
    field_id, rest = named
    end = _LABEL_END.match(rest)
    if end is None:
        return None
    return field_id, rest[end.end() :].strip()


def read_block(message: str) -> list[BlockAnswer]:
    """The fields a pasted block answers, in the order written ([] when it is not a block).

    A field named twice keeps both texts (joined by a new line), so nothing written is lost.
    """
    found: dict[str, list[str]] = {}
    current: str | None = None
    for line in message.splitlines():
        labelled = _labelled(line)
        if labelled is not None:
            current, text = labelled
            found.setdefault(current, [])
            if text:
                found[current].append(text)
        elif current is not None and line.strip():
            found[current].append(line.strip())
    if len(found) < MIN_FIELDS:
        return []
    return [BlockAnswer(f, "\n".join(lines)) for f, lines in found.items() if lines]


__all__ = ["MIN_FIELDS", "BlockAnswer", "read_block"]
