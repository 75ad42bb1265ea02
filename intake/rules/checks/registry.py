"""Every check type the rules file may name in ``tipo``."""

from __future__ import annotations

from intake.rules.checks.absence import AbsentSolution
from intake.rules.checks.base import Check
from intake.rules.checks.patterns import ForbiddenPattern, RequiredPattern
from intake.rules.checks.presence import MinItems, Required
from intake.rules.checks.similarity import SemanticDuplicate
from intake.rules.checks.value_chain import Distinct, InfinitiveStart, NounStart
from intake.rules.checks.values import (
    Capitals,
    Email,
    Enumeration,
    MinLength,
    NumberRange,
    WordCount,
)

CHECK_TYPES: dict[str, type[Check]] = {
    check.type_name: check
    for check in (
        Required,
        MinItems,
        Enumeration,
        NumberRange,
        WordCount,
        MinLength,
        Email,
        Capitals,
        ForbiddenPattern,
        RequiredPattern,
        AbsentSolution,
        InfinitiveStart,
        NounStart,
        Distinct,
        SemanticDuplicate,
    )
}
"""Check types by their name in the rules file."""

__all__ = ["CHECK_TYPES"]
