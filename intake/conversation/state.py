"""Where a guided-intake conversation stands, as plain data stored after every turn.

The state is JSON (``to_dict``/``from_dict``) so a draft resumes exactly where it stopped,
also after the process restarts: the pending field, the list items collected so far, a value
waiting for a warning to be accepted, the attempts per field and the accepted warnings.
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Mode(StrEnum):
    """What the conversation is waiting for."""

    ASK = "preguntar"
    """The answer to ``field``."""
    CONFIRM_WARNING = "confirmar_advertencia"
    """Whether to keep a value that raised a warning (``candidate``)."""
    ACK_WARNINGS = "aceptar_advertencias"
    """Final check: acceptance of the warning ``warning_key``."""
    CONFIRM_SUBMIT = "confirmar_envio"
    """Final check: confirmation to send the ficha to DER."""
    CONFIRM_CANCEL = "confirmar_cancelacion"
    """Confirmation to discard the draft."""


@dataclass
class SessionState:
    """The conversation's memory between turns.

    Attributes:
        ficha_id: The draft being filled in.
        mode: What the conversation waits for.
        field: The field being asked (or whose warning is being confirmed).
        return_field: Field to go back to after a correction made in the middle.
        resume_review: After the current field, go back to the final check.
        buffers: List items collected so far, per list field (until "listo").
        candidate: A value waiting for its warnings to be accepted.
        candidate_close: For lists: close the list once the candidate is accepted.
        candidate_keys: Keys of the warnings the candidate raised.
        candidate_rules: Rules (justifiable) whose error the candidate may be kept with, if
            the user writes a justification ("justificar: …").
        candidate_items: For lists: positions (0-based) of the items those warnings are about
            (a corrected version replaces only them).
        last_list: The free-text list answered last («agregar: …» adds to it).
        warning_key: Final check: the warning being asked about.
        attempts: Failed answers per field (reset when a good answer arrives).
        answered: Fields answered, in the order they were answered.
        skipped: Optional fields the user skipped.
        kept: Keys of warnings the user chose to keep while answering a field (not asked
            again for that field; the final check still asks for each one).
        acknowledged: Keys of warnings accepted one by one in the final check.
        reasons: Why the unit accepted a warning, by warning key («sí, porque …»); sent to
            DER with the version.
        previous_mode: Mode to go back to when a cancellation is not confirmed.
        lock_seen: The ficha's lock counter after this conversation's last save.
        unit: The unit the user works for, if known («la misma» as the dependencia).
    """

    ficha_id: str
    mode: Mode = Mode.ASK
    field: str | None = None
    return_field: str | None = None
    resume_review: bool = False
    buffers: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    candidate: Any = None
    candidate_close: bool = True
    candidate_keys: list[str] = dataclasses.field(default_factory=list)
    candidate_items: list[int] = dataclasses.field(default_factory=list)
    candidate_rules: list[str] = dataclasses.field(default_factory=list)
    last_list: str | None = None
    warning_key: str | None = None
    attempts: dict[str, int] = dataclasses.field(default_factory=dict)
    answered: list[str] = dataclasses.field(default_factory=list)
    skipped: list[str] = dataclasses.field(default_factory=list)
    kept: list[str] = dataclasses.field(default_factory=list)
    acknowledged: list[str] = dataclasses.field(default_factory=list)
    reasons: dict[str, str] = dataclasses.field(default_factory=dict)
    previous_mode: Mode | None = None
    lock_seen: int = 0
    unit: str | None = None

    def done(self) -> set[str]:
        """Fields answered or skipped."""
        return set(self.answered) | set(self.skipped)

    def mark_answered(self, field_id: str) -> None:
        """Record an answer (and forget a previous skip of the same field)."""
        if field_id in self.skipped:
            self.skipped.remove(field_id)
        if field_id not in self.answered:
            self.answered.append(field_id)
        self.attempts.pop(field_id, None)
        self.buffers.pop(field_id, None)

    def keep(self, keys: list[str]) -> None:
        """Record warnings kept while answering a field."""
        self.kept += [k for k in keys if k not in self.kept]

    def acknowledge(self, keys: list[str], *, reason: str = "") -> None:
        """Record warnings accepted (with the unit's reason, when it gave one)."""
        self.acknowledged += [k for k in keys if k not in self.acknowledged]
        if reason:
            self.reasons.update(dict.fromkeys(keys, reason))

    def forget_warnings(self, field_id: str, *, but: list[str]) -> None:
        """Forget accepted warnings about ``field_id`` (its value changed), except ``but``."""

        def stale(key: str) -> bool:
            return key.split("#")[0].endswith(f"@{field_id}") and key not in but

        self.kept = [k for k in self.kept if not stale(k)]
        self.acknowledged = [k for k in self.acknowledged if not stale(k)]
        self.reasons = {k: v for k, v in self.reasons.items() if not stale(k)}

    def clear_candidate(self) -> None:
        """Forget a value waiting for acceptance."""
        self.candidate = None
        self.candidate_keys = []
        self.candidate_items = []
        self.candidate_rules = []
        self.candidate_close = True

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        data = asdict(self)
        data["mode"] = self.mode.value
        data["previous_mode"] = self.previous_mode.value if self.previous_mode else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionState:
        """Rebuild from `to_dict` (unknown keys from other versions are ignored)."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        state = cls(**known)
        state.mode = Mode(state.mode)
        state.previous_mode = Mode(state.previous_mode) if state.previous_mode else None
        return state

    def copy(self) -> SessionState:
        """An independent copy (a turn works on a copy; the original stays if it fails)."""
        return SessionState.from_dict(self.to_dict())


__all__ = ["Mode", "SessionState"]
