"""Routes one chat message: the guided intake of a ficha, or a question about the policy.

The one entry point for every adapter (terminal chat, HTTP, web, Slack): `route` decides and
`handle` carries it out. For a user message:

1. a resume phrase ("continuar mi ficha", "continuar la ficha F-3A9C1B2E") resumes, and a start
   phrase ("quiero registrar una ficha", "nueva ficha") starts a ficha or resumes the one in
   progress — also while an intake is open, so such a phrase is never stored as an answer;
2. otherwise an open intake takes the message (policy questions asked in the middle are
   answered inside the intake by the same `Answerer`);
3. otherwise the `Answerer` answers — unless the adapter only runs the intake (the HTTP
   intake endpoint), where the message starts a ficha (or resumes the one in progress).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, Protocol

from assistant.answering.answer import Answer
from assistant.chat.history import INTAKE_ROUTE, ConversationStore, Turn
from intake import Actor, IntakeReply, IntakeSessions, Notice, NoticeKind
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

_STATUS = re.compile(
    r"(?:\bya\s+(?:me\s+|nos\s+)?(?:revisaron|aprobaron|devolvieron|respondieron|vieron)\s+"
    r"(?:mi|la|nuestra)\s+ficha|\b(?:como|en\s+que)\s+(?:va|esta|quedo)\s+(?:mi|la|nuestra)\s+"
    r"ficha|\bestado\s+de\s+(?:mi|la|mis|las|nuestra)\s+fichas?|\bque\s+paso\s+con\s+"
    r"(?:mi|la|nuestra)\s+ficha)"
)

Kind = Literal["ficha", "respuesta"]


class Destination(StrEnum):
    """Where a message goes."""

    START = "iniciar"
    """Start a ficha (or resume the one in progress)."""
    RESUME = "retomar"
    """Resume the session, or open the ficha named."""
    CONTINUE = "continuar"
    """The open intake takes the message as its next answer."""
    QUESTION = "pregunta"
    """A question about the policy."""
    STATUS = "estado"
    """Where the unit's fichas are («¿ya me revisaron la ficha?»)."""


@dataclass(frozen=True)
class Route:
    """The decision for one message: the destination and, to resume, the ficha named."""

    destination: Destination
    ficha_id: str | None = None

    @property
    def to_intake(self) -> bool:
        """True when the intake takes the message."""
        return self.destination is not Destination.QUESTION


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


def answer_details(answer: Answer) -> dict[str, object]:
    """What a transcript needs to show ``answer`` again: citations, notice, usage-log id."""
    return {
        "citations": [c.model_dump() for c in answer.citations],
        "notice": answer.notice,
        "log_id": answer.log_id,
        "abstained": answer.abstained,
    }


def wants_new_ficha(message: str) -> bool:
    """True for "quiero registrar una ficha", "nueva ficha", "crear ficha"…"""
    return bool(_START.search(fold(message).strip(" ¿?¡!.")))


def asks_ficha_status(message: str) -> bool:
    """True for "¿ya me revisaron la ficha?", "¿cómo va mi ficha?", "estado de mi ficha"…"""
    return bool(_STATUS.search(fold(message)))


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

    def greeting(self, actor: Actor) -> Notice | None:
        """A notice of the draft in progress, or else of a ficha DER returned, to show when a
        chat starts (``None``: nothing).

        An open intake is announced too: the person may have closed the window in the middle
        of a question, and their next message will be taken as its answer.
        """
        ficha_id = self._intake.pending_ficha(actor)
        if ficha_id is None:
            return self._intake.returned_notice(actor)
        if self._intake.is_active(actor):
            text = (
                f"Tiene la ficha {ficha_id} abierta: su próximo mensaje se toma como respuesta "
                "a la pregunta pendiente. Escriba «continuar mi ficha» para verla de nuevo o "
                "«guardar y salir» para pausarla."
            )
        else:
            text = (
                f"Tiene la ficha {ficha_id} en curso. Escriba «continuar mi ficha» para retomarla."
            )
        return Notice(NoticeKind.DRAFT_IN_PROGRESS, text)

    def route(self, message: str, *, actor: Actor, intake_only: bool = False) -> Route:
        """Where ``message`` of ``actor`` goes (see the module's rules)."""
        resume, ficha_id = wants_to_resume(message)
        if resume:
            return Route(Destination.RESUME, ficha_id)
        if wants_new_ficha(message):
            return Route(Destination.START)
        if asks_ficha_status(message):
            return Route(Destination.STATUS)
        if self._intake.is_active(actor):
            return Route(Destination.CONTINUE)
        return Route(Destination.START if intake_only else Destination.QUESTION)

    def handle(
        self,
        message: str,
        *,
        actor: Actor,
        conversation_id: str | None = None,
        channel: str = "cli",
        intake_only: bool = False,
    ) -> ChatReply:
        """Reply to one message of ``actor`` (``intake_only``: never answer a question).

        Raises:
            InvalidQuestionError: An unusable policy question (empty, too long).
            IntakeError: The intake refused (e.g. another unit's ficha).
        """
        if self._conversations is not None:
            conversation_id = self._conversations.ensure(conversation_id)
        route = self.route(message, actor=actor, intake_only=intake_only)
        if route.destination is Destination.QUESTION:
            answer = self._answerer.answer(
                message, conversation_id=conversation_id, channel=channel, user_id=actor.user_id
            )
            if self._conversations is not None and answer.conversation_id:
                self._conversations.attach(answer.conversation_id, answer_details(answer))
            return ChatReply(answer.text, "respuesta", answer.conversation_id, answer=answer)
        if route.destination is Destination.CONTINUE:
            reply = self._intake.handle(actor, message, conversation_id=conversation_id)
        elif route.destination is Destination.RESUME:
            reply = self._intake.resume(actor, route.ficha_id)
        elif route.destination is Destination.STATUS:
            reply = self._intake.status(actor)
        else:
            reply = self._intake.start(actor)
        if self._conversations is not None and conversation_id is not None:
            # The transcript keeps the intake's turns too, so a reopened chat reads as it went.
            turn = Turn(message, message, reply.text, INTAKE_ROUTE, {"ficha_id": reply.ficha_id})
            self._conversations.append(
                conversation_id, turn, channel=channel, user_id=actor.user_id
            )
        return ChatReply(reply.text, "ficha", conversation_id, intake=reply)

    def pause(self, actor: Actor) -> bool:
        """Pause the user's intake (e.g. when the chat ends); the draft stays stored."""
        return self._intake.pause(actor)


__all__ = [
    "ChatReply",
    "ConversationRouter",
    "Destination",
    "Route",
    "QuestionAnswerer",
    "asks_ficha_status",
    "wants_new_ficha",
    "wants_to_resume",
]
