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


def short_section(section: str, limit: int) -> str:
    """A breadcrumb within ``limit`` characters that keeps its first level and its last
    ones (the section itself): «Lineamiento 2 > … > Etapa 3: Operación > Paso 3: Activar…»;
    cutting its end would drop the very section the quote comes from."""
    if len(section) <= limit:
        return section
    levels = section.split(" > ")
    kept: list[str] = []
    for level in reversed(levels[1:]):
        candidate = " > ".join([levels[0], "…", level, *kept])
        if len(candidate) > limit:
            break
        kept.insert(0, level)
    if not kept:
        last = levels[-1]
        return last if len(last) <= limit else last[: limit - 1].rstrip() + "…"
    return " > ".join([levels[0], "…", *kept])


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
