"""Adapter from the knowledge package's grounded generator to the answering path."""

from __future__ import annotations

from assistant.answering.answer import Citation
from knowledge import SearchHit
from knowledge.generation import GroundedGenerator


class GeneratedWriter:
    """`AnswerWriter` backed by an LLM; `GenerationError` makes the caller fall back."""

    def __init__(self, generator: GroundedGenerator) -> None:
        self.generator = generator

    def write(self, question: str, hits: list[SearchHit]) -> tuple[str, list[Citation]] | None:
        """Generated text and one citation per cited passage."""
        generated = self.generator.generate(question, hits)
        citations = [
            Citation(source_id=chunk.source_id, section=chunk.breadcrumb, quote=quote)
            for chunk, quote in generated.cited
        ]
        return generated.text, citations
