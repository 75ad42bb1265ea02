"""Stage 1 of the answer path — understand: clean the question, resolve a follow-up against
the previous turn, and tell what kind of question it is.

The answer path runs one way: understand → retrieve (`assistant.answering.retrieval`) →
route (`assistant.answering.routing`) → compose (`assistant.answering.assembly`) → record
(`assistant.answering.recording`); `assistant.answering.answerer.Answerer` chains them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from assistant.answering.extractive import question_kind
from assistant.answering.question import CleanQuestion, clean_question, is_only_greeting
from assistant.chat.follow_up import PreviousTurn, Resolution, own_words, resolve
from knowledge import fold

QUANTITY = re.compile(r"\bcuant[oa]s?\b")
"""«¿cuánto…?», «¿cuántas horas…?»: the answer is a quantity."""


@dataclass(frozen=True)
class Understanding:
    """A question ready to retrieve for."""

    question: CleanQuestion
    resolution: Resolution
    previous: PreviousTurn | None = None
    """The previous turn of the conversation (None on a first question)."""
    greeting: bool = False
    """A bare greeting or thanks: answered with a help message, nothing retrieved."""
    kind: str = "general"
    """``lista``, ``procedimiento`` or ``general`` (of the resolved text)."""
    quantity: bool = False
    """The question itself asks how much or how many."""

    @property
    def text(self) -> str:
        """What to retrieve with: the question, or the follow-up resolved."""
        return self.resolution.text

    @property
    def follow_up(self) -> bool:
        """The question leans on the previous turn."""
        return self.resolution.follow_up and self.previous is not None

    @property
    def own_words(self) -> str:
        """What a follow-up asks in its own words (empty for a first question)."""
        return own_words(self.question.text) if self.follow_up else ""


def understand(
    raw: str,
    previous: PreviousTurn | None,
    misspellings: Callable[[str], Mapping[str, str]] | None = None,
) -> Understanding:
    """Clean ``raw`` (raises `InvalidQuestionError`; ``misspellings`` finds its typos) and
    resolve it against ``previous``."""
    question = clean_question(raw, misspellings)
    resolution = resolve(question.text, previous)
    return Understanding(
        question=question,
        resolution=resolution,
        previous=previous,
        greeting=is_only_greeting(question.text),
        kind=question_kind(resolution.text),
        quantity=bool(QUANTITY.search(fold(question.text))),
    )
