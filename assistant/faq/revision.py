"""What an entry says (`FaqContent`), its revisions, and the diff between two of them."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime

from assistant.faq.matcher import FaqEntry

MAX_PHRASING = 500
MAX_ANSWER = 8000
MAX_ALTERNATIVES = 30


def _clean_list(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        text = str(value).strip()
        if text:
            seen.setdefault(text, None)
    return tuple(seen)


@dataclass(frozen=True)
class FaqContent:
    """The editable part of an entry: question, phrasings, Markdown answer, links, tags."""

    question: str
    answer: str = ""
    alternatives: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def normalized(self) -> FaqContent:
        """Ends stripped, empty and repeated list items dropped (the answer's inside is kept)."""
        question = self.question.strip()
        return FaqContent(
            question=question,
            answer=self.answer.strip(),
            alternatives=tuple(a for a in _clean_list(self.alternatives) if a != question),
            sections=_clean_list(self.sections),
            tags=_clean_list(self.tags),
        )

    def problems(self, *, for_review: bool = False) -> list[str]:
        """Spanish descriptions of what is wrong (a draft may still lack its answer)."""
        found = []
        if not self.question:
            found.append("la pregunta está vacía")
        if for_review and not self.answer:
            found.append("la respuesta está vacía")
        if len(self.answer) > MAX_ANSWER:
            found.append(f"la respuesta supera {MAX_ANSWER} caracteres")
        if len(self.alternatives) > MAX_ALTERNATIVES:
            found.append(f"hay más de {MAX_ALTERNATIVES} formulaciones alternativas")
        for phrasing in (self.question, *self.alternatives):
            if "\n" in phrasing:
                found.append(f"una formulación ocupa varias líneas: «{phrasing[:60]}»")
            if len(phrasing) > MAX_PHRASING:
                found.append(f"una formulación supera {MAX_PHRASING} caracteres")
        for values, label in ((self.sections, "sección"), (self.tags, "etiqueta")):
            found += [f"una {label} ocupa varias líneas" for v in values if "\n" in v]
        return found

    def as_entry(self, entry_id: str, revision: int) -> FaqEntry:
        """The entry as the matcher and the answering see it."""
        return FaqEntry(
            entry_id=entry_id,
            question=self.question,
            answer=self.answer,
            alternatives=self.alternatives,
            sections=self.sections,
            tags=self.tags,
            revision=revision,
        )

    @classmethod
    def from_entry(cls, entry: FaqEntry) -> FaqContent:
        """The content of a seed entry."""
        return cls(entry.question, entry.answer, entry.alternatives, entry.sections, entry.tags)


@dataclass(frozen=True)
class RevisionView:
    """One immutable revision of an entry."""

    entry_id: str
    number: int
    content: FaqContent
    author: str
    created_at: datetime
    note: str | None = None
    approved_by: str | None = None
    approved_at: datetime | None = None


@dataclass(frozen=True)
class EventView:
    """One step of an entry's history (creation, edits, transitions, imports)."""

    entry_id: str
    revision: int
    action: str
    actor: str
    at: datetime
    reason: str | None = None


def _lines(content: FaqContent, field: str) -> list[str]:
    value = getattr(content, field)
    return list(value) if isinstance(value, tuple) else value.splitlines()


FIELD_LABELS = {
    "question": "pregunta",
    "alternatives": "alternativas",
    "answer": "respuesta",
    "sections": "secciones",
    "tags": "etiquetas",
}


def diff_revisions(old: RevisionView, new: RevisionView) -> list[str]:
    """A unified diff per changed field (empty when both say the same)."""
    out: list[str] = []
    for field, label in FIELD_LABELS.items():
        before, after = _lines(old.content, field), _lines(new.content, field)
        if before == after:
            continue
        out += difflib.unified_diff(
            before,
            after,
            fromfile=f"{label} (revisión {old.number})",
            tofile=f"{label} (revisión {new.number})",
            lineterm="",
        )
    return out


__all__ = ["EventView", "FaqContent", "RevisionView", "diff_revisions"]
