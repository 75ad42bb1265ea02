"""What a unit learns about another unit's ficha through a near-duplicate finding.

The rules engine compares a ficha with the stored fichas that were sent to DER or approved
(`intake.SHARED_STATUSES`; drafts are never in its portfolio). What a person may see of the
other ficha depends on who they are:

- DER and administrators see every finding (they can read every ficha anyway).
- A unit sees its own fichas in full.
- Another unit's ficha that was sent to DER or approved is named with its unit and contact
  (the líder técnico), so both units can articulate, as the policy intends.
- Another unit's draft (never sent, or returned to be redone) is not mentioned at all: a
  draft belongs to its unit until it is sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from intake import (
    SHARED_STATUSES,
    Actor,
    Ficha,
    FichaCatalog,
    FichaNotFoundError,
    Finding,
    Role,
    RulesEngine,
    StoredFicha,
    ValidationReport,
)

_READER = Actor.of("sistema", None, [Role.DER.value])


@dataclass(frozen=True)
class Counterpart:
    """The other ficha a near-duplicate finding points to, as far as it may be shown."""

    unit: str
    contact: str | None
    """Its líder técnico («Nombre <correo>»), when the ficha names one."""


@dataclass(frozen=True)
class DisclosedFinding:
    """A finding the person may see, with the other ficha's unit and contact if any."""

    finding: Finding
    counterpart: Counterpart | None = None


@dataclass(frozen=True)
class DisclosedReport:
    """A validation report as one person may see it."""

    report: ValidationReport
    findings: list[DisclosedFinding]


class DuplicateDisclosure:
    """Validates a ficha for ``actor``: the findings they may see of other units' fichas."""

    def __init__(self, engine: RulesEngine, catalog: FichaCatalog) -> None:
        self._engine = engine
        self._catalog = catalog

    def validate(self, actor: Actor, ficha: Ficha) -> DisclosedReport:
        """The rules engine's report on ``ficha``, with what ``actor`` may see of it."""
        report = self._engine.validate(ficha)
        return DisclosedReport(report, self.visible(actor, report.findings))

    def visible(self, actor: Actor, findings: Sequence[Finding]) -> list[DisclosedFinding]:
        """The findings ``actor`` may see, in order (see the module docstring)."""
        shown: list[DisclosedFinding] = []
        for finding in findings:
            other = finding.duplicate_of
            if other is None or other.kind != "ficha":
                shown.append(DisclosedFinding(finding))
                continue
            stored = self._stored(other.id)
            if stored is None:
                continue
            own = actor.owns(stored.unit, stored.owner_id)
            if actor.reviews or own or stored.status in SHARED_STATUSES:
                shown.append(DisclosedFinding(finding, _counterpart(stored)))
        return shown

    def _stored(self, ficha_id: str) -> StoredFicha | None:
        try:
            return self._catalog.get(_READER, ficha_id)
        except FichaNotFoundError:
            return None


def _counterpart(stored: StoredFicha) -> Counterpart:
    leader = stored.draft.lider_tecnico
    parts = [p for p in (leader.nombre, f"<{leader.correo}>" if leader.correo else None) if p]
    return Counterpart(unit=stored.unit, contact=" ".join(parts) or None)


__all__ = ["Counterpart", "DisclosedFinding", "DisclosedReport", "DuplicateDisclosure"]
