"""A stand-in for the answering service where a test is about something else.

Tests about routing, the chat loop or error handling need an answerer whose answer they know
and whose failures they control. `ScriptedAnswerer` answers every question with a fixed,
cited text (or raises ``fail_with``) and records what it was asked. It does none of the real
answerer's side effects (history, usage log): tests that depend on those use the real
`Answerer` over the shared policy index (``policy_services`` / ``policy_knowledge``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answering.answer import Answer, Citation
from assistant.errors import InvalidQuestionError


@dataclass
class AskedQuestion:
    """One call to `ScriptedAnswerer.answer`."""

    question: str
    conversation_id: str | None
    channel: str
    user_id: str | None


@dataclass
class ScriptedAnswerer:
    """Answers «Respuesta de la política a «…» [1]» with one citation; records every call.

    Attributes:
        asked: The calls, in order.
        fail_with: Raised by every call while set.
        warmed: True once `warm_up` ran.
    """

    asked: list[AskedQuestion] = field(default_factory=list)
    fail_with: Exception | None = None
    warmed: bool = False

    def warm_up(self) -> None:
        """Nothing to load."""
        self.warmed = True

    @property
    def questions(self) -> list[str]:
        """The questions asked, in order."""
        return [a.question for a in self.asked]

    def answer(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        channel: str = "cli",
        user_id: str | None = None,
    ) -> Answer:
        """The scripted answer (``InvalidQuestionError`` for a question with no words)."""
        self.asked.append(AskedQuestion(question, conversation_id, channel, user_id))
        if self.fail_with is not None:
            raise self.fail_with
        if not question.strip(" ?¿"):
            raise InvalidQuestionError("Escriba una pregunta.")
        return Answer(
            text=f"Respuesta de la política a «{question}» [1]",
            route="politica",
            citations=[
                Citation(source_id="politica", section="Glosario > Cadena de valor", quote="…")
            ],
            conversation_id=conversation_id,
        )


__all__ = ["AskedQuestion", "ScriptedAnswerer"]
