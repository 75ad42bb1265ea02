"""One turn of the guided intake: the working copy a turn changes, and what it produced."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from intake.conversation.state import SessionState
from intake.ficha import Ficha


class Action(StrEnum):
    """What the session service must do after a turn, besides saving."""

    NONE = "ninguna"
    SUBMIT = "enviar"
    PAUSE = "pausar"
    DISCARD = "descartar"


@dataclass
class Turn:
    """The state and draft a turn works on, and the reply it builds.

    Attributes:
        state: A copy of the session state (stored only if the turn completes).
        ficha: The draft (replaced when an answer is accepted).
        parts: Paragraphs of the reply.
        changed: True when the draft changed and must be saved.
        action: What to do after the turn.
    """

    state: SessionState
    ficha: Ficha
    parts: list[str] = field(default_factory=list)
    changed: bool = False
    action: Action = Action.NONE

    def say(self, text: str) -> None:
        """Add a paragraph to the reply (blank text is ignored)."""
        if text.strip():
            self.parts.append(text.strip())

    @property
    def text(self) -> str:
        """The reply."""
        return "\n\n".join(self.parts)


@dataclass(frozen=True)
class Outcome:
    """What a turn produced.

    Attributes:
        reply: Spanish text for the user.
        state: The new session state.
        ficha: The draft after the turn.
        changed: True when the draft must be saved.
        action: What to do next (send, pause, discard).
    """

    reply: str
    state: SessionState
    ficha: Ficha
    changed: bool
    action: Action


def set_field(ficha: Ficha, field_id: str, value: Any) -> Ficha:
    """A copy of ``ficha`` with one field (dotted id) set to ``value``."""
    section, _, leaf = field_id.partition(".")
    if not leaf:
        return ficha.model_copy(update={section: value})
    inner = getattr(ficha, section).model_copy(update={leaf: value})
    return ficha.model_copy(update={section: inner})


__all__ = ["Action", "Outcome", "Turn", "set_field"]
