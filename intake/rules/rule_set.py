"""The validated rules of a rules file: `Rule` and `RulesConfig` (see `intake.rules.config`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from intake.fields import FIELDS, FieldSpec
from intake.rules.checks.base import Check
from intake.rules.report import Severity
from intake.value_lists import ValueList


@dataclass(frozen=True)
class Rule:
    """One validation rule, validated and ready to run.

    Attributes:
        id: Stable id (``PROB-NEGATIVE``).
        severity: Default severity.
        fields: Field ids the rule is about (findings point to one of them).
        check_type: Name of the check type (``patron_prohibido``).
        check: The configured check.
        message: Default Spanish message (may use ``{placeholders}``).
        messages: Messages per outcome, overriding ``message``.
        severities: Severities per outcome, overriding ``severity``.
        reference: Policy reference it enforces.
        description: What the rule is for (optional).
        position: Order in the file (ties between findings on one field follow it).
        justifiable: The unit may keep an error of this rule by writing a justification that
            DER sees (``justificable`` in the rules file; configuration, not code).
    """

    id: str
    severity: Severity
    fields: tuple[str, ...]
    check_type: str
    check: Check
    message: str | None
    messages: Mapping[str, str]
    severities: Mapping[str, Severity]
    reference: str
    description: str = ""
    position: int = 0
    justifiable: bool = False

    @property
    def reads(self) -> tuple[str, ...]:
        """Every field the rule reads (its fields plus those its check compares against)."""
        return self.fields + tuple(f for f in self.check.extra_fields() if f not in self.fields)

    def message_for(self, outcome: str) -> str:
        """The message template for an outcome."""
        return self.messages.get(outcome) or self.message or ""

    def severity_for(self, outcome: str) -> Severity:
        """The severity for an outcome."""
        return self.severities.get(outcome, self.severity)

    @property
    def field_specs(self) -> tuple[FieldSpec, ...]:
        """`FieldSpec` of each of the rule's fields."""
        return tuple(FIELDS[f] for f in self.fields)


@dataclass(frozen=True)
class RulesConfig:
    """A loaded rules file.

    Attributes:
        version: Version label of the file.
        rules: Active rules, in file order.
        lists: Closed lists by name.
        vocabularies: Word lists by name.
        source: Where it was loaded from.
    """

    version: str
    rules: tuple[Rule, ...]
    lists: Mapping[str, ValueList] = field(default_factory=dict)
    vocabularies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    source: str = ""

    @cached_property
    def _by_field(self) -> dict[str, tuple[Rule, ...]]:
        return {f: tuple(r for r in self.rules if f in r.reads) for f in FIELDS}

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id.

        Raises:
            KeyError: No such rule.
        """
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def rules_reading(self, field_id: str) -> tuple[Rule, ...]:
        """Rules that read ``field_id``."""
        return self._by_field.get(field_id, ())

    def options_for(self, field_id: str) -> ValueList | None:
        """The closed list a field must take its values from, if a rule sets one."""
        for rule in self.rules_reading(field_id):
            values = getattr(rule.check, "values", None)
            if isinstance(values, ValueList) and field_id in rule.fields:
                return values
        return None

    def display_value(self, field_id: str, value: str) -> str:
        """A stored value as shown in documents (a code with its full name)."""
        options = self.options_for(field_id)
        return options.display(value) if options else value


__all__ = ["Rule", "RulesConfig"]
