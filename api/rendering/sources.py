"""What every format shows of an answer besides its text: its numbered sources and where it
came from, chosen once so Slack, the web and the terminal list the same sources."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answering.answer import Answer

ROUTE_LABELS = {
    "faq": "Pregunta frecuente",
    "glosario": "Glosario",
    "politica": "Texto de la política",
    "ninguna": "Sin respuesta en la política",
}
"""Where an answer came from, as people read it."""


@dataclass(frozen=True)
class Source:
    """One numbered source of an answer: the section and the quote shown for it."""

    number: int
    section: str
    quote: str
    excerpt: str = ""
    """The sentences the answer used from the quote (the quote itself when none are
    marked): what a format with room for a line shows."""

    @property
    def short(self) -> str:
        """The excerpt, or the quote when there is no excerpt."""
        return self.excerpt or self.quote


def route_label(answer: Answer) -> str:
    """Where ``answer`` came from, in Spanish (an unknown route reads as «sin respuesta»)."""
    return ROUTE_LABELS.get(answer.route, ROUTE_LABELS["ninguna"])


def answer_sources(answer: Answer, limit: int | None = None) -> list[Source]:
    """The answer's citations, numbered as its text cites them ([1], [2]…); an abstention,
    which cites nothing, lists the nearest sections found instead (each once, with the text
    of its best passage)."""
    chosen: list[tuple[str, str, str]] = []
    if answer.citations:
        chosen = [(c.section, c.quote, " ".join(c.sentences)) for c in answer.citations]
    elif answer.abstained:
        nearest: dict[str, str] = {}
        for passage in answer.passages:
            nearest.setdefault(passage.section, passage.text)
        chosen = [(section, text, "") for section, text in nearest.items()]
    return [
        Source(number=n, section=section, quote=quote, excerpt=excerpt)
        for n, (section, quote, excerpt) in enumerate(chosen[:limit], start=1)
    ]


def sources_title(answer: Answer) -> str:
    """The heading of the sources: the nearest sections when the answer abstained."""
    return "Secciones más cercanas" if answer.abstained else "Fuentes"


__all__ = ["ROUTE_LABELS", "Source", "answer_sources", "route_label", "sources_title"]
