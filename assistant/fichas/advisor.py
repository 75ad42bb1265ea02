"""The intake's `PolicyAdvisor` port, implemented with the assistant's answering service.

A policy question asked in the middle of a ficha gets exactly the answer it would get anywhere
else (same `Answerer`, same routes and citations). "¿Por qué me pregunta esto?" is answered
from the index: the chunks whose breadcrumb matches the field's policy reference
("Lineamiento 2 > 2.2.3 > Etapa 1 > Paso 2" matches "Lineamiento 2 > 2.2 Lógica… > 2.2.3 Paso a
paso… > Etapa 1: Pre-diseño > Paso 2: Delimitar…").
"""

from __future__ import annotations

from typing import Protocol

from assistant.answering.answer import Answer
from assistant.errors import USER_ERRORS, user_message
from intake import AdvisorReply, PolicyPassage
from knowledge import Chunk, KnowledgeError, fold

MAX_PASSAGE = 1500
"""Longest passage quoted for "why do you ask this?" (characters)."""


class _Answering(Protocol):
    def answer(
        self,
        question: str,
        *,
        conversation_id: str | None = None,
        channel: str = "cli",
        user_id: str | None = None,
    ) -> Answer: ...


class _Chunks(Protocol):
    def chunks(self) -> list[Chunk]: ...


def _segment_matches(wanted: str, crumb: str) -> bool:
    return crumb == wanted or crumb.startswith((wanted + " ", wanted + ":", wanted + "."))


def breadcrumb_matches(reference: str, breadcrumb: str) -> bool:
    """True when every part of ``reference`` names, in order, a part of ``breadcrumb``."""
    wanted = [fold(part.strip()) for part in reference.split(">") if part.strip()]
    crumbs = [fold(part.strip()) for part in breadcrumb.split(">")]
    position = 0
    for part in wanted:
        while position < len(crumbs) and not _segment_matches(part, crumbs[position]):
            position += 1
        if position == len(crumbs):
            return False
        position += 1
    return bool(wanted)


def section_for(reference: str, chunks: list[Chunk]) -> tuple[str, str] | None:
    """The closest section of ``reference`` and its text (chunks joined, footnotes left out)."""
    matching = [
        c for c in chunks if c.kind != "nota" and breadcrumb_matches(reference, c.breadcrumb)
    ]
    if not matching:
        return None
    depth = min(len(c.breadcrumb.split(">")) for c in matching)
    section = next(c.breadcrumb for c in matching if len(c.breadcrumb.split(">")) == depth)
    text = "\n".join(c.text.strip() for c in matching if c.breadcrumb == section)
    if len(text) > MAX_PASSAGE:
        text = text[: MAX_PASSAGE - 1].rstrip() + "…"
    return section, text


class AnswererAdvisor:
    """`intake.PolicyAdvisor` backed by the `Answerer` and the knowledge index.

    Args:
        answerer: The answering service (``Services.answerer``).
        knowledge: The knowledge base whose chunks hold the policy passages.
    """

    def __init__(self, *, answerer: _Answering, knowledge: _Chunks) -> None:
        self._answerer = answerer
        self._knowledge = knowledge

    def answer(
        self, question: str, *, user_id: str | None = None, conversation_id: str | None = None
    ) -> AdvisorReply:
        """The assistant's normal answer, with its sources listed."""
        try:
            answer = self._answerer.answer(
                question, conversation_id=conversation_id, channel="ficha", user_id=user_id
            )
        except USER_ERRORS as exc:
            return AdvisorReply(user_message(exc), abstained=True)
        text = answer.text
        sections = tuple(c.section for c in answer.citations)
        if sections and answer.route != "faq":
            listed = "\n".join(f"  [{n}] {s}" for n, s in enumerate(sections, start=1))
            text += f"\n\nFuentes:\n{listed}"
        return AdvisorReply(text, sources=sections, abstained=answer.abstained)

    def passage(self, reference: str) -> PolicyPassage | None:
        """The policy passage behind ``reference`` (``None`` when the index has none)."""
        try:
            chunks = self._knowledge.chunks()
        except KnowledgeError:
            return None
        found = section_for(reference, chunks)
        return PolicyPassage(section=found[0], text=found[1]) if found else None


__all__ = ["AnswererAdvisor", "breadcrumb_matches", "section_for"]
