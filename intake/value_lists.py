"""Closed lists of the rules file (thematic areas, cycle moments, modalities…).

DER edits these lists in the rules file; nothing in the code names their values. An item is
either a plain text ("Planeación territorial") or a code with a name
(``{codigo: SGDDT, nombre: Subdirección General de Descentralización y Desarrollo Territorial}``);
a ficha may use the code or the name, with or without accents, in any case.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from intake.normalization import normalize


@dataclass(frozen=True)
class ListItem:
    """One allowed value.

    Attributes:
        code: What the ficha stores (the text itself for plain items).
        name: Spanish name shown to users.
    """

    code: str
    name: str

    @property
    def display(self) -> str:
        """ "SGDDT — Subdirección General…" for coded items, the text otherwise."""
        return self.name if self.code == self.name else f"{self.code} — {self.name}"


@dataclass(frozen=True)
class ValueList:
    """A named list of allowed values.

    Attributes:
        name: Key in the rules file (``areas_tematicas``).
        title: Spanish title.
        reference: Where the list comes from in the policy.
        items: The allowed values, in order.
        aliases: Other words for an item (``sinonimos`` in the rules file: «Planeación» for
            «Planificación», the word the policy itself uses), normalized alias → item code.
    """

    name: str
    title: str
    reference: str
    items: tuple[ListItem, ...]
    aliases: Mapping[str, str] = field(default_factory=dict)

    def find(self, value: str) -> ListItem | None:
        """The item matching ``value`` by code, name or alias, ignoring accents and case."""
        wanted = normalize(value)
        for item in self.items:
            if wanted in (normalize(item.code), normalize(item.name)):
                return item
        code = self.aliases.get(wanted)
        if code is not None:
            return next((item for item in self.items if item.code == code), None)
        return None

    def display(self, value: str) -> str:
        """How to show a stored value (the coded item's full name when known)."""
        item = self.find(value)
        return item.display if item else value

    @property
    def allowed_text(self) -> str:
        """The allowed values joined for a Spanish message."""
        return "; ".join(item.display for item in self.items)


__all__ = ["ListItem", "ValueList"]
