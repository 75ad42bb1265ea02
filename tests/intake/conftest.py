"""Fixtures of the intake tests: the shipped rules, engines, a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from intake import RulesConfig, RulesEngine, load_rules
from tests.fakes.embedder import FakeEmbedder

FIXED_NOW = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)


@pytest.fixture(scope="session")
def rules() -> RulesConfig:
    """The rules file shipped with the project."""
    return load_rules()


@pytest.fixture(scope="session")
def engine(rules: RulesConfig) -> RulesEngine:
    """An engine without embedder (NAME-DUPLICATE is skipped) and a fixed clock (stateless:
    shared by the session)."""
    return RulesEngine(rules, clock=lambda: FIXED_NOW)


@pytest.fixture
def embedder() -> FakeEmbedder:
    """A fresh deterministic embedder."""
    return FakeEmbedder()
