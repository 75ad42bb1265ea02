"""Request and response models of the FAQ bank endpoints (Spanish field names)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from api.http.schemas import DB_INT_MAX
from assistant.faq.backlog import UnresolvedGroup
from assistant.faq.matcher import FaqEntry
from assistant.faq.revision import (
    MAX_ALTERNATIVES,
    MAX_ANSWER,
    MAX_PHRASING,
    EventView,
    FaqContent,
    RevisionView,
)
from assistant.faq.store import FaqRecord
from assistant.faq.usage_report import AskedRow, UsageReport, WeekRow
from assistant.usage.feedback import Feedback

MAX_NOTE = 500


# -- requests -----------------------------------------------------------------------------
class FaqIn(BaseModel):
    """A new draft entry."""

    pregunta: str = Field(min_length=1, max_length=MAX_PHRASING)
    alternativas: list[str] = Field(default_factory=list, max_length=MAX_ALTERNATIVES)
    respuesta: str = Field(default="", max_length=MAX_ANSWER, description="En Markdown.")
    secciones: list[str] = Field(
        default_factory=list, max_length=20, description="Secciones de la política enlazadas."
    )
    etiquetas: list[str] = Field(default_factory=list, max_length=20)
    id: str | None = Field(default=None, max_length=64, description="Por defecto faq-NNN.")
    nota: str | None = Field(default=None, max_length=MAX_NOTE)

    def content(self) -> FaqContent:
        """The content of the draft."""
        return FaqContent(
            question=self.pregunta,
            answer=self.respuesta,
            alternatives=tuple(self.alternativas),
            sections=tuple(self.secciones),
            tags=tuple(self.etiquetas),
        )


class FaqEditIn(BaseModel):
    """A new revision; fields left out keep their value."""

    pregunta: str | None = Field(default=None, min_length=1, max_length=MAX_PHRASING)
    alternativas: list[str] | None = Field(default=None, max_length=MAX_ALTERNATIVES)
    respuesta: str | None = Field(default=None, max_length=MAX_ANSWER)
    secciones: list[str] | None = Field(default=None, max_length=20)
    etiquetas: list[str] | None = Field(default=None, max_length=20)
    revision_base: int | None = Field(
        default=None,
        ge=0,
        le=DB_INT_MAX,
        description="Revisión sobre la que se editó (409 si cambió).",
    )
    nota: str | None = Field(default=None, max_length=MAX_NOTE)

    def content(self, base: FaqContent) -> FaqContent:
        """``base`` with the fields given replaced."""
        return FaqContent(
            question=self.pregunta if self.pregunta is not None else base.question,
            answer=self.respuesta if self.respuesta is not None else base.answer,
            alternatives=tuple(self.alternativas)
            if self.alternativas is not None
            else base.alternatives,
            sections=tuple(self.secciones) if self.secciones is not None else base.sections,
            tags=tuple(self.etiquetas) if self.etiquetas is not None else base.tags,
        )


class ReasonIn(BaseModel):
    """An optional reason for a workflow action."""

    motivo: str | None = Field(default=None, max_length=MAX_NOTE)


class PublishIn(BaseModel):
    """Publish the approved revision."""

    ignorar_conflictos: str | None = Field(
        default=None,
        max_length=MAX_NOTE,
        description="Motivo para publicar pese a conflictos de coincidencia.",
    )


class RestoreIn(BaseModel):
    """Restore an earlier revision as a new draft."""

    revision: int = Field(ge=0, le=DB_INT_MAX)


class GroupDraftIn(BaseModel):
    """A draft from a group of unresolved questions (question and phrasings pre-filled)."""

    respuesta: str = Field(default="", max_length=MAX_ANSWER)
    secciones: list[str] = Field(default_factory=list, max_length=20)
    etiquetas: list[str] = Field(default_factory=list, max_length=20)


# -- responses ----------------------------------------------------------------------------
class FaqOut(BaseModel):
    """An entry with its latest revision."""

    id: str
    estado: str
    revision: int
    revision_publicada: int | None
    pregunta: str
    alternativas: list[str]
    respuesta: str
    secciones: list[str]
    etiquetas: list[str]
    autor: str
    revisor: str | None
    aprobada_por: str | None
    por_revisar: bool
    motivo_revision: str | None
    actualizada: datetime

    @classmethod
    def of(cls, record: FaqRecord) -> FaqOut:
        """The view of a record."""
        return cls.model_validate(record.to_json() | {"actualizada": record.updated_at})


class FaqListOut(BaseModel):
    """Entries of the bank."""

    ok: bool = True
    total: int
    entradas: list[FaqOut]


class ContentOut(BaseModel):
    """What an entry says."""

    pregunta: str
    alternativas: list[str]
    respuesta: str
    secciones: list[str]
    etiquetas: list[str]


def content_fields(content: FaqContent) -> dict[str, object]:
    """The `ContentOut` fields of ``content``."""
    return {
        "pregunta": content.question,
        "alternativas": list(content.alternatives),
        "respuesta": content.answer,
        "secciones": list(content.sections),
        "etiquetas": list(content.tags),
    }


class PublishedOut(ContentOut):
    """A published entry as it is served."""

    id: str
    revision: int

    @classmethod
    def of(cls, entry: FaqEntry) -> PublishedOut:
        """The view of a served entry."""
        return cls.model_validate(
            {"id": entry.entry_id, "revision": entry.revision}
            | content_fields(FaqContent.from_entry(entry))
        )


class PublishedListOut(BaseModel):
    """The published entries."""

    ok: bool = True
    total: int
    entradas: list[PublishedOut]


class RevisionOut(ContentOut):
    """One immutable revision."""

    numero: int
    autor: str
    fecha: datetime
    nota: str | None
    aprobada_por: str | None
    aprobada_en: datetime | None

    @classmethod
    def of(cls, revision: RevisionView) -> RevisionOut:
        """The view of a revision."""
        return cls.model_validate(
            {
                "numero": revision.number,
                "autor": revision.author,
                "fecha": revision.created_at,
                "nota": revision.note,
                "aprobada_por": revision.approved_by,
                "aprobada_en": revision.approved_at,
            }
            | content_fields(revision.content)
        )


class EventOut(BaseModel):
    """One step of an entry's history."""

    revision: int
    accion: str
    actor: str
    fecha: datetime
    motivo: str | None

    @classmethod
    def of(cls, event: EventView) -> EventOut:
        """The view of an event."""
        return cls(
            revision=event.revision,
            accion=event.action,
            actor=event.actor,
            fecha=event.at,
            motivo=event.reason,
        )


class FaqDetailOut(BaseModel):
    """An entry, its revisions and its history."""

    ok: bool = True
    entrada: FaqOut
    revisiones: list[RevisionOut]
    eventos: list[EventOut]


class FaqResultOut(BaseModel):
    """An entry after an action, and the routing conflicts to know about."""

    ok: bool = True
    entrada: FaqOut
    conflictos: list[str] = Field(
        default_factory=list, description="Conflictos de coincidencia que publicarla crearía."
    )


class FaqDiffOut(BaseModel):
    """Unified diff, field by field, between two revisions."""

    ok: bool = True
    id: str
    desde: int
    hasta: int
    diferencias: list[str]


class UnresolvedQuestionOut(BaseModel):
    """One unresolved question."""

    id: int
    pregunta: str
    fecha: datetime
    abstencion: bool
    no_util: bool
    motivo: str | None


class UnresolvedGroupOut(BaseModel):
    """Similar unresolved questions."""

    grupo: int
    pregunta: str
    veces: int
    no_util: int
    ultima_vez: datetime
    preguntas: list[UnresolvedQuestionOut]

    @classmethod
    def of(cls, group: UnresolvedGroup) -> UnresolvedGroupOut:
        """The view of a group."""
        return cls(
            grupo=group.key,
            pregunta=group.representative,
            veces=group.count,
            no_util=group.negative_feedback,
            ultima_vez=group.newest,
            preguntas=[
                UnresolvedQuestionOut(
                    id=q.log_id,
                    pregunta=q.question,
                    fecha=q.created_at,
                    abstencion=q.abstained,
                    no_util=q.feedback is Feedback.NO_UTIL,
                    motivo=q.feedback_reason,
                )
                for q in group.questions
            ],
        )


class UnresolvedListOut(BaseModel):
    """The queue of unresolved questions, grouped."""

    ok: bool = True
    grupos: list[UnresolvedGroupOut]


class WeekOut(BaseModel):
    """Usage in one ISO week (or the total)."""

    semana: str
    preguntas: int
    respuestas_faq: int
    tasa_faq: float
    abstenciones: int
    tasa_abstencion: float
    no_util: int

    @classmethod
    def of(cls, row: WeekRow) -> WeekOut:
        """The view of a week row."""
        return cls(
            semana=row.week,
            preguntas=row.questions,
            respuestas_faq=row.faq_hits,
            tasa_faq=round(row.hit_rate, 4),
            abstenciones=row.abstentions,
            tasa_abstencion=round(row.abstention_rate, 4),
            no_util=row.not_useful,
        )


class AskedOut(BaseModel):
    """A question asked often (repeats counted together)."""

    pregunta: str
    veces: int
    ruta: str
    faq_id: str | None

    @classmethod
    def of(cls, row: AskedRow) -> AskedOut:
        """The view of an asked row."""
        return cls(pregunta=row.question, veces=row.count, ruta=row.route, faq_id=row.faq_id)


class ReportOut(BaseModel):
    """The usage report, ready to chart."""

    ok: bool = True
    semanas: list[WeekOut]
    total: WeekOut
    mas_preguntadas: list[AskedOut]
    sin_resolver: list[UnresolvedGroupOut]

    @classmethod
    def of(cls, report: UsageReport) -> ReportOut:
        """The view of a report."""
        return cls(
            semanas=[WeekOut.of(w) for w in report.weeks],
            total=WeekOut.of(report.total),
            mas_preguntadas=[AskedOut.of(a) for a in report.most_asked],
            sin_resolver=[UnresolvedGroupOut.of(g) for g in report.most_unresolved],
        )
