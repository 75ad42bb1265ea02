"""Routes one chat message: the guided intake of a ficha, or a question about the policy.

The same router serves every channel (terminal chat now, Slack later). For a user message it:

1. continues the user's active intake session, if there is one (policy questions asked in the
   middle are answered inside the intake by the same `Answerer`);
2. starts a ficha on intent ("quiero registrar una ficha", "nueva ficha") or resumes one
   ("continuar mi ficha", "continuar la ficha F-3A9C1B2E");
3. otherwise answers with the `Answerer`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Protocol

from assistant.answering.answer import Answer
from assistant.chat.history import ConversationStore
from intake.actor import Actor
from intake.workflow.guided_intake import IntakeReply, IntakeSessions
from knowledge import fold

_START = re.compile(
    r"^(?:hola\W*)?(?:(?:yo\s+)?(?:quiero|quisiera|deseo|necesito|vamos\s+a|voy\s+a|"
    r"me\s+gustaria|ayudame\s+a|ayudeme\s+a|puedo|como\s+puedo|empecemos\s+a)\s+)?"
    r"(?:registrar|crear|diligenciar|llenar|hacer|elaborar|iniciar|empezar|comenzar|preparar|"
    r"redactar|radicar)\s+(?:una\s+|la\s+|mi\s+)?(?:nueva\s+)?ficha\b|^nueva\s+ficha\b"
)
_RESUME = re.compile(
    r"^(?:(?:quiero|quisiera|deseo|necesito|vamos\s+a|voy\s+a)\s+)?"
    r"(?:continuar|retomar|seguir|terminar|completar|corregir|editar|abrir)\s+"
    r"(?:con\s+)?(?:mi|la|una)?\s*ficha\b(?:\s+(?P<id>f-[0-9a-f]{8}))?"
)

Kind = Literal["ficha", "respuesta"]


class QuestionAnswerer(Protocol):
    """The answering service (`assistant.answering.answerer.Answerer` satisfies it)."""

    def answer(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        channel: str = "cli",
        user_id: str | None = None,
    ) -> Answer:
        """Answer a policy question."""
        ...


@dataclass(frozen=True)
class ChatReply:
    """The reply to one chat message.

    Attributes:
        text: Spanish text to show.
        kind: ``"ficha"`` (the guided intake spoke) or ``"respuesta"`` (a policy answer).
        conversation_id: The conversation the turn belongs to.
        answer: The policy answer, for ``"respuesta"``.
        intake: The intake's reply, for ``"ficha"``.
    """

    text: str
    kind: Kind
    conversation_id: str | None = None
    answer: Answer | None = None
    intake: IntakeReply | None = None


def wants_new_ficha(message: str) -> bool:
    """True for "quiero registrar una ficha", "nueva ficha", "crear ficha"…"""
    return bool(_START.search(fold(message).strip(" ¿?¡!.")))


def wants_to_resume(message: str) -> tuple[bool, str | None]:
    """(True, ficha id or None) for "continuar mi ficha", "corregir la ficha F-3A9C1B2E"…"""
    match = _RESUME.search(fold(message).strip(" ¿?¡!."))
    if match is None:
        return False, None
    found = match.group("id")
    return True, found.upper() if found else None


class ConversationRouter:
    """Sends each message to the guided intake or to the answering service.

    Args:
        answerer: Answers policy questions.
        intake: The guided-intake sessions.
        conversations: Conversation history (gives every chat a stable id), optional.
    """

    def __init__(
        self,
        *,
        answerer: QuestionAnswerer,
        intake: IntakeSessions,
        conversations: ConversationStore | None = None,
    ) -> None:
        self._answerer = answerer
        self._intake = intake
        self._conversations = conversations

    def greeting(self, actor: Actor) -> str | None:
        """A reminder of a paused draft, to show when a chat starts (``None``: nothing)."""
        ficha_id = self._intake.pending_ficha(actor)
        if ficha_id is None or self._intake.is_active(actor):
            return None
        return f"Tiene la ficha {ficha_id} en curso. Escriba «continuar mi ficha» para retomarla."

    def handle(
        self,
        message: str,
        *,
        actor: Actor,
        conversation_id: str | None = None,
        channel: str = "cli",
    ) -> ChatReply:
        """Reply to one message of ``actor``.

        Raises:
            InvalidQuestionError: An unusable policy question (empty, too long).
            IntakeError: The intake refused (e.g. another unit's ficha).
        """
        if self._conversations is not None:
            conversation_id = self._conversations.ensure(conversation_id)
        if self._intake.is_active(actor):
            reply = self._intake.handle(actor, message, conversation_id=conversation_id)
            return ChatReply(reply.text, "ficha", conversation_id, intake=reply)
        resume, ficha_id = wants_to_resume(message)
        if resume:
            reply = self._intake.resume(actor, ficha_id)
            return ChatReply(reply.text, "ficha", conversation_id, intake=reply)
        if wants_new_ficha(message):
            reply = self._intake.start(actor)
            return ChatReply(reply.text, "ficha", conversation_id, intake=reply)
        answer = self._answerer.answer(
            message, conversation_id=conversation_id, channel=channel, user_id=actor.user_id
        )
        return ChatReply(answer.text, "respuesta", answer.conversation_id, answer=answer)

    def pause(self, actor: Actor) -> bool:
        """Pause the user's intake (e.g. when the chat ends); the draft stays stored."""
        return self._intake.pause(actor)


__all__ = [
    "ChatReply",
    "ConversationRouter",
    "QuestionAnswerer",
    "wants_new_ficha",
    "wants_to_resume",
]
