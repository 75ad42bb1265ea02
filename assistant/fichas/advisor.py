"""The intake's `PolicyAdvisor` port, implemented with the assistant's answering service.

A policy question asked in the middle of a ficha is answered by the same `Answerer` (same
routes and citations) but shown short (`short_reply`): the direct answer (the lead and the
list asked for) and at most `FORM_SOURCES` sources, renumbered — the unit is filling a form,
and the full answer stays one question away after it. "¿Por qué me pregunta esto?" is answered
from the index: the chunks whose breadcrumb matches the field's policy reference
("Lineamiento 2 > 2.2.3 > Etapa 1 > Paso 2" matches "Lineamiento 2 > 2.2 Lógica… > 2.2.3 Paso a
paso… > Etapa 1: Pre-diseño > Paso 2: Delimitar…").
"""

from __future__ import annotations

import re
from typing import Protocol

from assistant.answering.answer import Answer
from assistant.errors import USER_ERRORS, user_message
from intake import AdvisorReply, PolicyPassage
from knowledge import Chunk, KnowledgeError, fold

MAX_PASSAGE = 1500
"""Longest passage quoted for "why do you ask this?" (characters)."""
FORM_SOURCES = 2
"""Sources shown with a policy answer in the middle of a ficha."""
_CITED = re.compile(r"\s*\[(\d+)\]")
_GROUP = re.compile(r".*?\[(\d+)\]", re.DOTALL)


def short_reply(answer: Answer) -> AdvisorReply:
    """``answer`` as shown in the middle of a ficha: its lead (cut after the sentences of the
    first `FORM_SOURCES` sources it cites) and list items, numbered [1]… again, and those
    sources only. FAQ answers and abstentions are shown whole (an FAQ's curated answer is
    already short), and a generated answer without a lead keeps its text with its first
    sources."""
    if answer.abstained or not answer.citations:
        return AdvisorReply(answer.text, abstained=answer.abstained)
    if answer.route == "faq":
        section = answer.citations[0].section
        return AdvisorReply(f"{answer.text}\n\nFuente: {section}", sources=(section,))
    if not answer.lead:  # a generated answer: its own text, its first sources
        sections = tuple(c.section for c in answer.citations[:FORM_SOURCES])
        return AdvisorReply(f"{answer.text}\n\nFuentes:\n{_listed(sections)}", sources=sections)
    numbers: list[int] = []
    for found in _CITED.finditer(answer.lead):
        number = int(found.group(1))
        if number not in numbers and 1 <= number <= len(answer.citations):
            numbers.append(number)
    keep = numbers[:FORM_SOURCES] or [1]
    # The lead groups its sentences by source, each group ending in its number.
    groups = [g.group(0) for g in _GROUP.finditer(answer.lead)]
    lead = "".join(g for g in groups if int(_CITED.findall(g)[-1]) in keep).strip()
    if groups and int(_CITED.findall(groups[-1])[-1]) in keep:
        # What follows the last source's number is said of it (a definition's origin).
        lead += answer.lead[sum(len(g) for g in groups) :].rstrip()
    lead = lead or answer.lead
    renumber = {old: new for new, old in enumerate(keep, start=1)}

    def cite(found: re.Match[str]) -> str:
        new = renumber.get(int(found.group(1)))
        return f" [{new}]" if new else ""

    text = _CITED.sub(cite, lead)
    if answer.items:
        text += "\n\n" + "\n".join(f"- {item}" for item in answer.items)
    sections = tuple(answer.citations[old - 1].section for old in keep)
    return AdvisorReply(f"{text}\n\nFuentes:\n{_listed(sections)}", sources=sections)


def _listed(sections: tuple[str, ...]) -> str:
    return "\n".join(f"  [{n}] {s}" for n, s in enumerate(sections, start=1))


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
        """The assistant's answer, short (`short_reply`), with its sources listed."""
        try:
            answer = self._answerer.answer(
                question, conversation_id=conversation_id, channel="ficha", user_id=user_id
            )
        except USER_ERRORS as exc:
            return AdvisorReply(user_message(exc), abstained=True)
        return short_reply(answer)

    def passage(self, reference: str) -> PolicyPassage | None:
        """The policy passage behind ``reference`` (``None`` when the index has none)."""
        try:
            chunks = self._knowledge.chunks()
        except KnowledgeError:
            return None
        found = section_for(reference, chunks)
        return PolicyPassage(section=found[0], text=found[1]) if found else None


__all__ = ["FORM_SOURCES", "AnswererAdvisor", "breadcrumb_matches", "section_for", "short_reply"]
