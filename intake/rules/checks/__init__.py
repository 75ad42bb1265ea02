"""Check types of the rules engine (one class per ``tipo`` of the rules file)."""

from intake.rules.checks.base import Check, CheckEnv, CheckSkipped, Hit, RunContext
from intake.rules.checks.registry import CHECK_TYPES

__all__ = ["CHECK_TYPES", "Check", "CheckEnv", "CheckSkipped", "Hit", "RunContext"]
