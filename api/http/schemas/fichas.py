"""Request and response models of the fichas and DER endpoints (Spanish field names)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from api.http.schemas import DB_INT_MAX
from assistant.fichas.disclosure import Counterpart, DisclosedReport
from intake import (
    Ficha,
    FichaVersion,
    FieldChange,
    FieldQuestion,
    Finding,
    ReviewComment,
    StoredFicha,
    Transition,
)

MAX_TEXT = 4000
ID_LENGTH = 64


# -- requests -----------------------------------------------------------------------------
class ConversationIn(BaseModel):
    """One message of the guided intake."""

    mensaje: str = Field(
        min_length=1, max_length=MAX_TEXT, description="Lo que escribe la persona."
    )
    sesion_id: str | None = Field(
        default=None, max_length=ID_LENGTH, description="Id de la conversación (opcional)."
    )


class DraftIn(BaseModel):
    """A new draft with optional initial content."""

    ficha: Ficha = Field(default_factory=Ficha, description="Contenido inicial del borrador.")


class DraftUpdateIn(BaseModel):
    """The whole draft, with the lock counter read with it."""

    ficha: Ficha = Field(description="Contenido completo del borrador.")
    version_bloqueo: int = Field(
        ge=0, le=DB_INT_MAX, description="El «version_bloqueo» leído con la ficha."
    )


class FichaCheckIn(BaseModel):
    """A ficha to validate without storing it."""

    ficha: Ficha


class SubmitIn(BaseModel):
    """Send the draft to DER."""

    advertencias_aceptadas: list[str] = Field(
        default_factory=list,
        max_length=200,
        description="Claves de las advertencias que la dependencia acepta.",
    )
    version_bloqueo: int | None = Field(
        default=None, ge=0, le=DB_INT_MAX, description="El «version_bloqueo» leído (opcional)."
    )


class CommentIn(BaseModel):
    """A DER comment, optionally about one field."""

    texto: str = Field(min_length=1, max_length=MAX_TEXT)
    campo: str | None = Field(
        default=None, max_length=200, description="Campo de la ficha, p. ej. problema.enunciado."
    )


class ReturnIn(BaseModel):
    """DER returns the ficha to its unit."""

    motivo: str = Field(min_length=1, max_length=MAX_TEXT)
    comentarios: list[CommentIn] = Field(default_factory=list, max_length=100)


class ApproveIn(BaseModel):
    """DER approves the ficha."""

    motivo: str | None = Field(default=None, max_length=MAX_TEXT)


# -- responses ----------------------------------------------------------------------------
class DuplicateOut(BaseModel):
    """The other ficha or product a near-duplicate finding points to."""

    id: str
    nombre: str
    similitud: float
    tipo: str
    unidad: str | None = Field(
        default=None, description="Dependencia dueña de la ficha (fichas enviadas o aprobadas)."
    )
    contacto: str | None = Field(default=None, description="Líder técnico de esa ficha.")


class FindingOut(BaseModel):
    """One validation finding, with the policy reference it enforces."""

    regla: str
    severidad: str
    campo: str
    etiqueta_campo: str
    mensaje: str
    referencia: str = Field(description="Cita de la política que sustenta la regla.")
    clave: str
    elemento: int | None = None
    duplicado_de: DuplicateOut | None = None

    @classmethod
    def of(cls, finding: Finding, counterpart: Counterpart | None = None) -> FindingOut:
        """The view of a finding (with the other ficha's unit and contact, when shown)."""
        view = cls.model_validate(finding.to_dict())
        if view.duplicado_de is not None and counterpart is not None:
            view.duplicado_de.unidad = counterpart.unit
            view.duplicado_de.contacto = counterpart.contact
        return view

    @classmethod
    def disclosed(cls, disclosed: DisclosedReport) -> list[FindingOut]:
        """The findings of a report that its reader may see."""
        return [cls.of(d.finding, d.counterpart) for d in disclosed.findings]


class ValidationOut(BaseModel):
    """The validation report of a ficha (validation never fails: problems are findings)."""

    ok: bool = True
    puede_enviarse: bool
    resumen: str
    errores: int
    advertencias: int
    hallazgos: list[FindingOut]
    reglas_omitidas: list[str]

    @classmethod
    def of(cls, disclosed: DisclosedReport) -> ValidationOut:
        """The view of a report, as its reader may see it (`DuplicateDisclosure`)."""
        report = disclosed.report
        return cls(
            puede_enviarse=report.ok,
            resumen=report.summary,
            errores=len(report.errors),
            advertencias=len(report.warnings),
            hallazgos=FindingOut.disclosed(disclosed),
            reglas_omitidas=[f"{s.rule_id}: {s.reason}" for s in report.skipped],
        )


class FichaSummaryOut(BaseModel):
    """A stored ficha in lists."""

    id: str
    estado: str
    estado_etiqueta: str
    nombre: str
    dependencia: str
    creada_por: str
    version_enviada: int
    version_bloqueo: int
    actualizada: datetime

    @classmethod
    def of(cls, stored: StoredFicha) -> FichaSummaryOut:
        """The view of a stored ficha."""
        return cls(
            id=stored.id,
            estado=stored.status.value,
            estado_etiqueta=stored.status.label,
            nombre=stored.name,
            dependencia=stored.unit,
            creada_por=stored.owner_id,
            version_enviada=stored.current_version,
            version_bloqueo=stored.lock_version,
            actualizada=stored.updated_at,
        )


class FichaListOut(BaseModel):
    """Stored fichas."""

    ok: bool = True
    fichas: list[FichaSummaryOut]


class CommentOut(BaseModel):
    """A DER comment."""

    version: int
    campo: str | None
    etiqueta_campo: str
    texto: str
    autor: str
    fecha: datetime

    @classmethod
    def of(cls, comment: ReviewComment) -> CommentOut:
        """The view of a comment."""
        return cls(
            version=comment.version,
            campo=comment.field,
            etiqueta_campo=comment.field_label,
            texto=comment.text,
            autor=comment.author_id,
            fecha=comment.at,
        )


class CommentResultOut(BaseModel):
    """The comment just added."""

    ok: bool = True
    comentario: CommentOut


class FichaOut(BaseModel):
    """A stored ficha: its place in the workflow, its draft and DER's comments."""

    ok: bool = True
    resumen: FichaSummaryOut
    ficha: Ficha
    puede_editarse: bool
    comentarios: list[CommentOut]


class QuestionOut(BaseModel):
    """The field the intake asks for."""

    campo: str = Field(description="Id del campo (p. ej. «problema.enunciado»).")
    etiqueta: str
    tipo: str = Field(description="«texto», «lista» o «numero».")
    obligatorio: bool
    posicion: int
    total: int

    @classmethod
    def of(cls, question: FieldQuestion) -> QuestionOut:
        """From the intake's question."""
        return cls(
            campo=question.field_id,
            etiqueta=question.label,
            tipo=question.kind.value,
            obligatorio=question.required,
            posicion=question.position,
            total=question.total,
        )


class ChoiceOut(BaseModel):
    """A one-click answer: send ``valor`` as the next message."""

    valor: str
    etiqueta: str
    tipo: str = Field(
        description="«opcion», «confirmar», «declinar», «terminar», «mantener», «omitir» o «enviar»."
    )


class NoticeOut(BaseModel):
    """Something the intake tells before its reply."""

    tipo: str = Field(description="«devuelta», «borrador_en_curso» o «cambio_concurrente».")
    texto: str


class PartOut(BaseModel):
    """One paragraph of the reply."""

    tipo: str = Field(description="«mensaje», «pregunta», «resumen» o «validacion».")
    texto: str


class ConversationOut(BaseModel):
    """The assistant's reply to one message of the guided intake."""

    ok: bool = True
    sesion_id: str
    respuesta: str = Field(description="La respuesta completa como texto.")
    partes: list[PartOut] = Field(description="La respuesta por partes (la pregunta, al final).")
    avisos: list[NoticeOut]
    pregunta: QuestionOut | None = Field(description="El dato que el registro pide ahora.")
    opciones: list[ChoiceOut] = Field(description="Respuestas de un clic.")
    activa: bool = Field(description="True mientras el registro espera otro mensaje.")
    ficha_id: str | None
    estado: str | None
    version_enviada: int | None = Field(description="Número de versión si este turno la envió.")
    borrador: FichaSummaryOut | None
    hallazgos: list[FindingOut]
    puede_enviarse: bool


class SubmitOut(BaseModel):
    """The version just sent to DER."""

    ok: bool = True
    ficha_id: str
    version: int
    estado: str
    enviada_por: str
    fecha: datetime


class TransitionOut(BaseModel):
    """One status change."""

    desde: str | None
    hacia: str
    version: int | None
    actor: str
    dependencia_actor: str
    motivo: str
    fecha: datetime

    @classmethod
    def of(cls, transition: Transition) -> TransitionOut:
        """The view of a transition."""
        return cls(
            desde=transition.from_status.value if transition.from_status else None,
            hacia=transition.to_status.value,
            version=transition.version,
            actor=transition.actor_id,
            dependencia_actor=transition.actor_unit,
            motivo=transition.reason,
            fecha=transition.at,
        )


class VersionOut(BaseModel):
    """An immutable version sent to DER."""

    numero: int
    enviada_por: str
    fecha: datetime
    advertencias_aceptadas: list[str]
    ficha: Ficha

    @classmethod
    def of(cls, version: FichaVersion) -> VersionOut:
        """The view of a version."""
        return cls(
            numero=version.number,
            enviada_por=version.submitted_by,
            fecha=version.submitted_at,
            advertencias_aceptadas=list(version.acknowledged),
            ficha=version.ficha,
        )


class HistoryOut(BaseModel):
    """Who changed the ficha, when and why; its versions and DER's comments."""

    ok: bool = True
    ficha_id: str
    transiciones: list[TransitionOut]
    versiones: list[VersionOut]
    comentarios: list[CommentOut]


class ReviewOut(BaseModel):
    """A ficha taken into review: the version sent, its validation and comments."""

    ok: bool = True
    resumen: FichaSummaryOut
    version: VersionOut
    validacion: ValidationOut
    comentarios: list[CommentOut]


class ChangeOut(BaseModel):
    """One field that changed between two versions."""

    campo: str
    etiqueta: str
    antes: Any
    despues: Any
    agregados: list[str]
    quitados: list[str]

    @classmethod
    def of(cls, change: FieldChange) -> ChangeOut:
        """The view of a change."""
        return cls(
            campo=change.field,
            etiqueta=change.label,
            antes=change.before,
            despues=change.after,
            agregados=[str(a) for a in change.added],
            quitados=[str(r) for r in change.removed],
        )


class DiffOut(BaseModel):
    """Changes from one version to another (or to the current draft)."""

    ok: bool = True
    ficha_id: str
    desde: int
    hasta: int | None = Field(description="Versión comparada; null: el borrador actual.")
    cambios: list[ChangeOut]


class FichaResultOut(BaseModel):
    """A ficha after a decision."""

    ok: bool = True
    resumen: FichaSummaryOut
