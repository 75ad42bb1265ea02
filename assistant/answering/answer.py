"""What an answer is: text, route, citations, passages, confidence, abstention."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Route = Literal["faq", "glosario", "politica", "ninguna"]


class Citation(BaseModel):
    """An exact quote from a source, with the section it comes from."""

    source_id: str
    section: str
    quote: str
    """The passage's sentences shown as the source (exact text, never a whole chunk)."""
    sentences: list[str] = Field(default_factory=list)
    """The exact sentences the answer's text uses from this source (empty when the whole
    quote is used, e.g. a glossary definition)."""


class PassageView(BaseModel):
    """A retrieved passage as shown to users and in JSON output."""

    source_id: str
    section: str
    text: str
    score: float


class Answer(BaseModel):
    """The assistant's answer to one question."""

    text: str
    route: Route
    citations: list[Citation] = Field(default_factory=list)
    passages: list[PassageView] = Field(default_factory=list)
    confidence: float = 0.0
    abstained: bool = False
    conversation_id: str | None = None
    faq_id: str | None = None
    notice: str | None = None
    """A note shown before the answer (e.g. the question was in English)."""
    log_id: int | None = None
    """The answer's row in the usage log (feedback refers to it); None when not logged."""
    lead: str = ""
    """The direct answer (one to three sentences with citation numbers); ``text`` starts
    with it. Empty for abstentions and greetings."""
    items: list[str] = Field(default_factory=list)
    """The list the question asked for (stages, areas, steps…), in the policy's order;
    ``text`` shows them as bullets after the lead."""

    def to_public_json(self) -> dict[str, object]:
        """The documented JSON shape of ``asistente preguntar --json``."""
        return {
            "answer": self.text,
            "abstained": self.abstained,
            "route": self.route,
            "citations": [
                c.model_dump(include={"source_id", "section", "quote"}) for c in self.citations
            ],
            "passages": [p.model_dump() for p in self.passages[:5]],
        }
