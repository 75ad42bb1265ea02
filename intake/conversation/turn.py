"""One turn of the guided intake: the working copy a turn changes, and what it produced."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from intake.conversation.reply import (
    Choice,
    FichaSummary,
    FieldQuestion,
    PartKind,
    ReplyPart,
)
from intake.conversation.state import SessionState
from intake.ficha import Ficha
from intake.rules.report import ValidationReport


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
        parts: Paragraphs of the reply, each tagged with what it is.
        summary: The check-answers summary, when the turn shows it.
        report: The validation report, when the turn shows it in full.
        changed: True when the draft changed and must be saved.
        action: What to do after the turn.
    """

    state: SessionState
    ficha: Ficha
    parts: list[ReplyPart] = field(default_factory=list)
    summary: FichaSummary | None = None
    report: ValidationReport | None = None
    changed: bool = False
    action: Action = Action.NONE

    def say(self, text: str, kind: PartKind = PartKind.MESSAGE) -> None:
        """Add a paragraph to the reply (blank text is ignored)."""
        if text.strip():
            self.parts.append(ReplyPart(kind, text.strip()))

    def ask(self, text: str) -> None:
        """Add the pending question (a person reads it last)."""
        self.say(text, PartKind.PROMPT)

    def show_summary(self, summary: FichaSummary, text: str) -> None:
        """Show the check-answers summary (``text`` is its rendering for plain text)."""
        self.summary = summary
        self.say(text, PartKind.SUMMARY)

    def show_report(self, report: ValidationReport, text: str) -> None:
        """Show the full validation report (``text`` is its rendering for plain text)."""
        self.report = report
        self.say(text, PartKind.REPORT)

    @property
    def text(self) -> str:
        """The reply as plain text."""
        return "\n\n".join(p.text for p in self.parts)


@dataclass(frozen=True)
class TurnView:
    """What a turn shows, as data for the adapters.

    Attributes:
        parts: The paragraphs, tagged (the pending question is a `PartKind.PROMPT`).
        question: The field being asked after the turn, if any.
        choices: Answers available with one click (a `ChoiceRole.SEND` one exactly when the
            ficha can be sent now).
        can_send: The draft has no error: it can go to DER (warnings are accepted on the way).
        summary: The check-answers summary, when the turn showed it.
        report: The full validation report, when the turn showed it.
        acknowledged: Keys of the warnings the user accepted (to mark them in ``report``).
        draft: The draft after the turn, field by field (for a side panel; not part of the
            reply's text).
    """

    parts: tuple[ReplyPart, ...] = ()
    question: FieldQuestion | None = None
    choices: tuple[Choice, ...] = ()
    can_send: bool = False
    summary: FichaSummary | None = None
    report: ValidationReport | None = None
    acknowledged: tuple[str, ...] = ()
    draft: FichaSummary | None = None

    @property
    def text(self) -> str:
        """The paragraphs as plain text."""
        return "\n\n".join(p.text for p in self.parts)


@dataclass(frozen=True)
class Outcome:
    """What a turn produced.

    Attributes:
        view: What the turn shows (its text is ``view.text``).
        state: The new session state.
        ficha: The draft after the turn.
        changed: True when the draft must be saved.
        action: What to do next (send, pause, discard).
    """

    view: TurnView
    state: SessionState
    ficha: Ficha
    changed: bool
    action: Action

    @property
    def reply(self) -> str:
        """Spanish text for the user."""
        return self.view.text


def set_field(ficha: Ficha, field_id: str, value: Any) -> Ficha:
    """A copy of ``ficha`` with one field (dotted id) set to ``value``."""
    section, _, leaf = field_id.partition(".")
    if not leaf:
        return ficha.model_copy(update={section: value})
    inner = getattr(ficha, section).model_copy(update={leaf: value})
    return ficha.model_copy(update={section: inner})


__all__ = ["Action", "Outcome", "Turn", "TurnView", "set_field"]
