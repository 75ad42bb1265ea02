"""The terminal renderer (the CLI) of an `Answer`: plain text, numbered sources, its origin.

The answer's Markdown is written without marks (a terminal shows ``**`` as typed), its lists
and paragraphs kept. Fields of `Answer` this renderer does not know are ignored.
"""

from __future__ import annotations

from api.rendering.markdown_text import to_plain_text
from api.rendering.sources import answer_sources, route_label, sources_title
from assistant.answering.answer import Answer


def answer_text(answer: Answer) -> str:
    """Readable Spanish answer: notice, text, numbered sources, origin and confidence."""
    lines = []
    if answer.notice:
        lines.append(f"({answer.notice})\n")
    lines.append(to_plain_text(answer.text))
    sources = answer_sources(answer)
    if sources:
        lines.append(f"\n{sources_title(answer)}:")
        lines += [f"  [{s.number}] {s.section}" for s in sources]
    lines.append(f"\n[{route_label(answer)} · confianza {answer.confidence:.2f}]")
    return "\n".join(lines)


__all__ = ["answer_text"]
