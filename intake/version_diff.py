"""Field-by-field differences between two versions of a ficha (what changed on resubmission)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from intake.ficha import Ficha
from intake.fields import FIELDS, field_value, is_blank


@dataclass(frozen=True)
class FieldChange:
    """One field whose value differs.

    Attributes:
        field: Field id.
        label: Spanish label with its section.
        before: Old value (``None``, text, number or list).
        after: New value.
    """

    field: str
    label: str
    before: Any
    after: Any

    @property
    def added(self) -> list[str]:
        """List items present only in the new value (empty for non-lists)."""
        if not isinstance(self.after, list):
            return []
        old = self.before if isinstance(self.before, list) else []
        return [item for item in self.after if item not in old]

    @property
    def removed(self) -> list[str]:
        """List items present only in the old value (empty for non-lists)."""
        if not isinstance(self.before, list):
            return []
        new = self.after if isinstance(self.after, list) else []
        return [item for item in self.before if item not in new]


def _comparable(value: Any) -> Any:
    return None if is_blank(value) else value


def diff_fichas(old: Ficha, new: Ficha) -> list[FieldChange]:
    """Fields whose value changed from ``old`` to ``new``, in the ficha's order.

    Metadata (id, version, dates) is not compared; a blank text and a missing one are equal.
    """
    changes = []
    for field_id, spec in FIELDS.items():
        before = _comparable(field_value(old, field_id))
        after = _comparable(field_value(new, field_id))
        if before != after:
            changes.append(FieldChange(field_id, spec.full_label, before, after))
    return changes


def format_value(value: Any) -> str:
    """A value as one Spanish line ("(vacío)" for nothing; list items joined by "; ")."""
    if is_blank(value):
        return "(vacío)"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value if str(v).strip())
    return str(value)


def format_diff(changes: list[FieldChange]) -> str:
    """The changes as Spanish text, one block per field."""
    if not changes:
        return "Sin cambios entre las versiones."
    lines: list[str] = []
    for change in changes:
        lines.append(f"• {change.label}")
        if isinstance(change.before, list) or isinstance(change.after, list):
            lines += [f"    + {item}" for item in change.added]
            lines += [f"    − {item}" for item in change.removed]
            if not change.added and not change.removed:
                lines.append("    (mismo contenido, otro orden)")
        else:
            lines.append(f"    antes:   {format_value(change.before)}")
            lines.append(f"    después: {format_value(change.after)}")
    return "\n".join(lines)


__all__ = ["FieldChange", "diff_fichas", "format_diff", "format_value"]
