"""What the guided intake asks of the policy assistant, as a Protocol (a port).

In the middle of a ficha the unit may ask a policy question ("¿qué es la cadena de valor?") or
why a field is asked. ``intake`` cannot import the answering service, so it declares what it
needs here; ``assistant`` implements it with the same `Answerer` used everywhere, and tests use
a fake.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class AdvisorReply:
    """An answer to a policy question asked during the intake.

    Attributes:
        text: The answer in Spanish, ready to show.
        sources: Policy sections cited (breadcrumbs).
        abstained: True when the policy does not answer it.
    """

    text: str
    sources: tuple[str, ...] = ()
    abstained: bool = False


@dataclass(frozen=True)
class PolicyPassage:
    """The policy text behind a field.

    Attributes:
        section: The section's breadcrumb in the policy.
        text: The passage.
    """

    section: str
    text: str


class PolicyAdvisor(Protocol):
    """Answers policy questions and finds the passage behind a policy reference."""

    def answer(
        self, question: str, *, user_id: str | None = None, conversation_id: str | None = None
    ) -> AdvisorReply:
        """Answer a question about the policy (the assistant's normal answering path)."""
        ...

    def passage(self, reference: str) -> PolicyPassage | None:
        """The passage for a reference such as "Lineamiento 2 > 2.2.3 > Etapa 1 > Paso 2"."""
        ...


__all__ = ["AdvisorReply", "PolicyAdvisor", "PolicyPassage"]
