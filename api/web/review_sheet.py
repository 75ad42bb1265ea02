"""DER's review sheet: the sent version field by field, grouped by Paso, with what the rules
found, DER's comments and what changed since the previous version beside each field.

Built from the intake's data (summary, findings, comments, field changes); nothing is read
back from text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import zip_longest

from intake import (
    CHAIN_FIELDS,
    FIELDS,
    Ficha,
    FieldChange,
    Finding,
    ReviewComment,
    RulesConfig,
    ValidationReport,
    format_value,
    summarize,
)


@dataclass(frozen=True)
class SheetFinding:
    """A rule's finding on a field, whether the unit accepted it (warnings only) and the
    reason it gave ("" when it gave none)."""

    finding: Finding
    accepted: bool
    reason: str = ""


@dataclass
class SheetField:
    """One field of the sent version with everything DER needs beside it."""

    field_id: str
    label: str
    values: tuple[str, ...]
    findings: list[SheetFinding] = field(default_factory=list)
    comments: list[ReviewComment] = field(default_factory=list)
    change: FieldChange | None = None

    @property
    def before(self) -> str:
        """The previous version's value as people read it (when it changed)."""
        return format_value(self.change.before) if self.change else ""


@dataclass(frozen=True)
class SheetStep:
    """The fields of one Paso."""

    title: str
    fields: tuple[SheetField, ...]


@dataclass(frozen=True)
class ValueChain:
    """The value chain as a table: one column per link, one row per position."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ReviewSheet:
    """The whole sheet (``previous``: the version the changes are measured against)."""

    steps: tuple[SheetStep, ...]
    value_chain: ValueChain
    general_comments: tuple[ReviewComment, ...]
    accepted_warnings: tuple[Finding, ...]
    previous: int | None
    changed: int
    reasons: Mapping[str, str] = field(default_factory=dict)


def review_sheet(
    ficha: Ficha,
    config: RulesConfig,
    report: ValidationReport,
    *,
    acknowledged: tuple[str, ...],
    reasons: Mapping[str, str] | None = None,
    comments: list[ReviewComment],
    changes: list[FieldChange],
    previous: int | None,
) -> ReviewSheet:
    """Put the version's summary, findings, comments and changes together, field by field."""
    accepted = set(acknowledged)
    why = {k: v for k, v in (reasons or {}).items() if k in accepted}
    by_field: dict[str, list[SheetFinding]] = {}
    for finding in report.findings:
        sheet_finding = SheetFinding(finding, finding.key in accepted, why.get(finding.key, ""))
        by_field.setdefault(finding.field, []).append(sheet_finding)
    said: dict[str | None, list[ReviewComment]] = {}
    for comment in comments:
        said.setdefault(comment.field, []).append(comment)
    changed = {c.field: c for c in changes}
    steps = tuple(
        SheetStep(
            step.title,
            tuple(
                SheetField(
                    f.field_id,
                    f.label,
                    f.values,
                    by_field.get(f.field_id, []),
                    said.get(f.field_id, []),
                    changed.get(f.field_id),
                )
                for f in step.fields
            ),
        )
        for step in summarize(ficha, config).steps
    )
    columns = [
        next((f.values for s in steps for f in s.fields if f.field_id == link), ())
        for link in CHAIN_FIELDS
    ]
    chain = ValueChain(
        tuple(FIELDS[link].label for link in CHAIN_FIELDS),
        tuple(tuple(v or "" for v in row) for row in zip_longest(*columns)),
    )
    return ReviewSheet(
        steps=steps,
        value_chain=chain,
        general_comments=tuple(said.get(None, [])),
        accepted_warnings=tuple(f for f in report.findings if f.key in accepted),
        previous=previous,
        changed=len(changes),
        reasons=why,
    )


__all__ = ["ReviewSheet", "SheetField", "SheetStep", "ValueChain", "review_sheet"]
