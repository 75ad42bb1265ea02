"""Stage 5 of the answer path — record: the turn in the conversation, what a follow-up
may lean on, and the usage log.

It also reads, before stage 1, the previous turn a follow-up resolves against.
"""

from __future__ import annotations

from typing import Protocol

from assistant.answering.answer import Answer
from assistant.answering.understanding import Understanding
from assistant.chat.follow_up import PreviousTurn
from assistant.chat.history import ConversationStore, Turn
from assistant.chat.last_turn import LastTurnStore


class AnswerLog(Protocol):
    """Optional record of every answered question (the FAQ bank's usage log)."""

    def record(
        self, question: str, answer: Answer, *, channel: str, user_id: str | None
    ) -> int | None:
        """Log ``answer`` to ``question``; its id, or None when logging failed (the answer
        is still given)."""


class Recorder:
    """Keeps the conversation, its last turn and the usage log."""

    def __init__(
        self,
        *,
        conversations: ConversationStore | None = None,
        last_turns: LastTurnStore | None = None,
        log: AnswerLog | None = None,
    ) -> None:
        self.conversations = conversations
        self.last_turns = last_turns
        self.log = log

    def previous(self, conversation_id: str | None) -> PreviousTurn | None:
        """The last turn of the conversation, when there is one to lean on."""
        if self.conversations is None or conversation_id is None or self.last_turns is None:
            return None
        return self.last_turns.get(conversation_id)

    def conversation(self, conversation_id: str | None) -> str | None:
        """The conversation's id (a new one when ``conversation_id`` is None), or None
        without a history store."""
        if self.conversations is None:
            return conversation_id
        return self.conversations.ensure(conversation_id)

    def record(
        self,
        understanding: Understanding,
        answer: Answer,
        *,
        channel: str,
        user_id: str | None,
    ) -> None:
        """Store the turn and its context, and log the answer (sets ``answer.log_id``)."""
        conversation_id = answer.conversation_id
        if self.conversations is not None and conversation_id is not None:
            self.conversations.append(
                conversation_id,
                Turn(understanding.question.text, understanding.text, answer.text, answer.route),
                channel=channel,
                user_id=user_id,
            )
            if self.last_turns is not None:
                self.last_turns.put(conversation_id, remembered(understanding, answer))
        if self.log is not None:
            answer.log_id = self.log.record(
                understanding.question.text, answer, channel=channel, user_id=user_id
            )


def remembered(understanding: Understanding, answer: Answer) -> PreviousTurn:
    """What a follow-up to ``answer`` may lean on. An answer about one item of a list keeps
    the list («dame un ejemplo del segundo» → «¿y cuántos son en total?») and adds the item
    to its topic («¿y cuál es su producto final?» is about that item)."""
    resolution = understanding.resolution
    previous = understanding.previous
    sections = tuple(dict.fromkeys(c.section for c in answer.citations))
    if resolution.item is not None and not answer.items and previous is not None:
        topic = previous.question
        for item in previous.items:
            topic = topic.removesuffix(f" {item}")
        return PreviousTurn(
            question=f"{topic} {resolution.item}",
            answer=answer.text,
            sections=sections,
            items=previous.items,
        )
    return PreviousTurn(
        question=resolution.text,
        answer=answer.text,
        sections=sections,
        items=tuple(answer.items),
    )
