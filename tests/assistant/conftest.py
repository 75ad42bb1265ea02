"""Fixtures shared by the answering tests."""

from __future__ import annotations

import pytest

from assistant.answering.answerer import Answerer
from assistant.wiring import Services


@pytest.fixture
def policy_only(policy_services: Services) -> Answerer:
    """An answerer with an empty FAQ bank (the policy route), with conversations."""
    answerer = Answerer(
        knowledge=policy_services.knowledge,
        faq_entries=lambda: (0, []),
        conversations=policy_services.conversations,
        last_turns=policy_services.last_turns,
    )
    answerer.warm_up()
    return answerer
