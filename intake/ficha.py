"""The ficha de pre-diseño de productos o servicios de ATT (Lineamiento 2, 2.2.3, Etapa 1).

The model is deliberately permissive: every field may be missing or blank so that a DRAFT can
be stored while the guided intake fills it answer by answer. What is *required* is decided by
the rules engine (``REQ-*`` rules in the rules file), never by pydantic. Pydantic only refuses
what cannot be a ficha at all (an unknown key, a list where a text goes, a year that is not a
number), and `intake.serialization` turns those refusals into a Spanish `FichaFormatError`.

Each leaf field carries its Spanish ``title`` and ``description`` (shown by the intake and in the
JSON Schema) and, in ``json_schema_extra``, the Paso of Etapa 1 it belongs to. Field ids and the
canonical order come from this model (see `intake.fields`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

FICHA_SCHEMA_ID = "ficha-prediseno-att/v1"
"""Identifier of this ficha format, written in exported JSON."""

_PLAIN = ConfigDict(
    extra="forbid",
    str_strip_whitespace=True,
    coerce_numbers_to_str=True,
    validate_assignment=True,
)


def _as_list(value: Any) -> Any:
    """Accept a single text where a list is expected (convenient when writing YAML by hand)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    return value


def _step(step: int | None, *, stage: int = 1, items: str | None = None) -> dict[str, Any]:
    """Schema extras of a field: its Paso, its Etapa and, for lists, how a typed answer is cut
    into items (``items``: «etiquetas» also cuts on commas and a last «y»; «nombres» on commas
    only, because names such as «… Descentralización y Fortalecimiento Fiscal» carry an «y»;
    without it, only lines and «;» cut, so sentences keep their commas)."""
    extra: dict[str, Any] = {"paso": step, "etapa": stage}
    if items is not None:
        extra["elementos"] = items
    return extra


class _Section(BaseModel):
    """Base de las secciones de la ficha: admite borradores (campos vacíos)."""

    model_config = _PLAIN


class LiderTecnico(_Section):
    """Quien define los objetivos y metas del producto o servicio (Lineamiento 1, 1.2)."""

    model_config = ConfigDict(title="Líder técnico")

    nombre: str | None = Field(
        default=None,
        title="Nombre del líder técnico",
        description=(
            "Persona que define los objetivos y metas del producto o servicio (Lineamiento 1, 1.2)."
        ),
        json_schema_extra=_step(None),
    )
    correo: str | None = Field(
        default=None,
        title="Correo electrónico del líder técnico",
        description="Correo institucional de contacto, por ejemplo nombre@dnp.gov.co.",
        json_schema_extra=_step(None),
    )


class Problema(_Section):
    """Paso 2: problema o necesidad de capacidad que se quiere atender."""

    model_config = ConfigDict(title="Problema o necesidad")

    enunciado: str | None = Field(
        default=None,
        title="Enunciado del problema",
        description=(
            "Situación negativa existente que afecta la gestión de las entidades territoriales. "
            "Un problema no es la ausencia de su solución: escriba «Baja ejecución de…», no "
            "«Falta de una herramienta…»."
        ),
        json_schema_extra=_step(2),
    )
    evidencia: str | None = Field(
        default=None,
        title="Datos y evidencia",
        description=(
            "Datos disponibles que sustentan el problema: cifras, porcentajes, índices y su fuente."
        ),
        json_schema_extra=_step(2),
    )
    tecnica_analisis: str | None = Field(
        default=None,
        title="Técnica de análisis",
        description="Técnica usada para delimitar el problema: árbol de problemas, Matriz Vester u otra.",
        json_schema_extra=_step(2),
    )


class Alineacion(_Section):
    """Paso 3: alineación con las áreas temáticas y el plan de acción del DNP."""

    model_config = ConfigDict(title="Alineación estratégica")

    areas_tematicas: list[str] = Field(
        default_factory=list,
        title="Áreas temáticas",
        description="Una o más de las siete áreas temáticas de la ATT del DNP (Lineamiento 2, 2.1).",
        json_schema_extra=_step(3, items="etiquetas"),
    )
    metas_dnp: list[str] = Field(
        default_factory=list,
        title="Metas y líneas del plan de acción del DNP",
        description="Metas del DNP o líneas del plan de acción de la vigencia a las que aporta.",
        json_schema_extra=_step(3),
    )
    contribucion: str | None = Field(
        default=None,
        title="Contribución",
        description="Cómo aporta el producto o servicio a esas metas y a las líneas temáticas.",
        json_schema_extra=_step(3),
    )

    _lists = field_validator("areas_tematicas", "metas_dnp", mode="before")(_as_list)


class CadenaValor(_Section):
    """Paso 4: cadena de valor (lógica de intervención) del producto o servicio."""

    model_config = ConfigDict(title="Cadena de valor")

    insumos: list[str] = Field(
        default_factory=list,
        title="Insumos",
        description="Recursos necesarios: equipo humano, información, recursos financieros.",
        json_schema_extra=_step(4),
    )
    actividades: list[str] = Field(
        default_factory=list,
        title="Actividades (procesos)",
        description="Acciones que transforman los insumos; cada una empieza con un verbo en infinitivo.",
        json_schema_extra=_step(4),
    )
    productos: list[str] = Field(
        default_factory=list,
        title="Productos",
        description="Bienes o servicios que se entregan, nombrados como sustantivos («Servicio de…», «Documento de…»).",
        json_schema_extra=_step(4),
    )
    resultados_intermedios: list[str] = Field(
        default_factory=list,
        title="Resultados intermedios",
        description="Cambios en las entidades territoriales que siguen al uso de los productos.",
        json_schema_extra=_step(4),
    )
    resultados_finales: list[str] = Field(
        default_factory=list,
        title="Resultados finales",
        description="Cambios en las capacidades de gestión que se esperan al cierre de la intervención.",
        json_schema_extra=_step(4),
    )
    impactos: list[str] = Field(
        default_factory=list,
        title="Impactos",
        description="Efectos de largo plazo en la generación de valor público territorial.",
        json_schema_extra=_step(4),
    )

    _lists = field_validator(
        "insumos",
        "actividades",
        "productos",
        "resultados_intermedios",
        "resultados_finales",
        "impactos",
        mode="before",
    )(_as_list)


class CicloValorPublico(_Section):
    """Paso 5: ubicación en el ciclo de generación de valor público."""

    model_config = ConfigDict(title="Ciclo de generación de valor público")

    momentos: list[str] = Field(
        default_factory=list,
        title="Momentos del ciclo",
        description=(
            "Momento o momentos del ciclo de generación de valor público en los que aporta "
            "(planificación, ejecución, seguimiento, evaluación, control, rendición de cuentas)."
        ),
        json_schema_extra=_step(5, items="etiquetas"),
    )

    _lists = field_validator("momentos", mode="before")(_as_list)


class Contexto(_Section):
    """Paso 6: antecedentes y justificación."""

    model_config = ConfigDict(title="Antecedentes y justificación")

    antecedentes: str | None = Field(
        default=None,
        title="Antecedentes",
        description="Breve descripción de los antecedentes del producto o servicio.",
        json_schema_extra=_step(6),
    )
    justificacion: str | None = Field(
        default=None,
        title="Justificación",
        description="Por qué se debe diseñar el producto o servicio y por qué ahora.",
        json_schema_extra=_step(6),
    )


class AvanceDiseno(_Section):
    """Adelanto opcional de la Etapa 2 (diseño): tipos de capacidad y modalidades."""

    model_config = ConfigDict(title="Avance de diseño (opcional)")

    tipos_capacidad: list[str] = Field(
        default_factory=list,
        title="Tipos de capacidad",
        description="Capacidades que espera fortalecer: administrativas, políticas, institucionales (Etapa 2, Paso 1).",
        json_schema_extra=_step(1, stage=2, items="etiquetas"),
    )
    modalidades: list[str] = Field(
        default_factory=list,
        title="Modalidades de asistencia técnica",
        description=(
            "Capacitación, asesoría, asistencia técnica en sitio, asistencia técnica remota, "
            "intercambio de experiencias (Etapa 2, Paso 5)."
        ),
        json_schema_extra=_step(5, stage=2, items="etiquetas"),
    )

    _lists = field_validator("tipos_capacidad", "modalidades", mode="before")(_as_list)


class Justificacion(BaseModel):
    """Por qué la unidad mantiene un dato que una regla justificable marca como error.

    La DER la ve junto al hallazgo y decide; si el dato cambia, deja de aplicar.
    """

    model_config = ConfigDict(extra="forbid", title="Justificación de la unidad")

    regla: str = Field(title="Regla", description="Identificador de la regla (PROB-NEGATIVE).")
    campo: str = Field(title="Campo", description="Campo al que se refiere (problema.enunciado).")
    valor: str = Field(title="Valor justificado", description="El texto que se mantiene.")
    texto: str = Field(title="Justificación", description="La explicación de la unidad.")


def _section(value: Any) -> Any:
    """A missing or null section reads as an empty one (drafts)."""
    return {} if value is None else value


class Ficha(_Section):
    """Ficha de pre-diseño de productos o servicios de ATT (Lineamiento 2, 2.2.3, Etapa 1).

    Puede ser un borrador incompleto: la obligatoriedad la deciden las reglas de validación.
    """

    model_config = ConfigDict(
        title="Ficha de pre-diseño de productos o servicios de ATT",
        json_schema_extra={"$id": FICHA_SCHEMA_ID},
    )

    id: str | None = Field(
        default=None,
        title="Identificador",
        description="Identificador estable de la ficha (lo asigna el sistema).",
        json_schema_extra={"metadato": True},
    )
    version: int = Field(
        default=1,
        ge=1,
        title="Versión",
        description="Número de versión de la ficha; cada reenvío a la DER crea una versión nueva.",
        json_schema_extra={"metadato": True},
    )
    fecha_creacion: datetime | None = Field(
        default=None,
        title="Fecha de creación",
        description="Fecha y hora en que se creó la ficha.",
        json_schema_extra={"metadato": True},
    )
    fecha_actualizacion: datetime | None = Field(
        default=None,
        title="Última actualización",
        description="Fecha y hora de la última modificación de esta versión.",
        json_schema_extra={"metadato": True},
    )

    nombre: str | None = Field(
        default=None,
        title="Nombre del producto o servicio de ATT",
        description=(
            "Un nombre lo suficientemente claro y establecido en términos de sus posibilidades "
            "de comunicación efectiva en terreno."
        ),
        json_schema_extra=_step(1),
    )
    dependencia: str | None = Field(
        default=None,
        title="Dependencia responsable",
        description="Dirección técnica o grupo responsable, p. ej. «Dirección de Descentralización y Fortalecimiento Fiscal».",
        json_schema_extra=_step(None),
    )
    subdireccion_general: str | None = Field(
        default=None,
        title="Subdirección general",
        description="Sigla de la subdirección general: SGPDN, SGSGR, SGISE o SGDDT (Lineamiento 4, 4.2).",
        json_schema_extra=_step(None),
    )
    lider_tecnico: LiderTecnico = Field(
        default_factory=LiderTecnico,
        title="Líder técnico",
        description="Nombre y correo de quien define objetivos y metas (Lineamiento 1, 1.2).",
    )
    dependencias_corresponsables: list[str] = Field(
        default_factory=list,
        title="Dependencias corresponsables",
        description="Otras dependencias del DNP que participan (opcional; Lineamiento 1).",
        json_schema_extra=_step(None, items="nombres"),
    )
    vigencia: int | None = Field(
        default=None,
        title="Vigencia",
        description="Año del plan de acción en el que se enmarca el producto o servicio (Paso 3).",
        json_schema_extra=_step(3),
    )
    problema: Problema = Field(
        default_factory=Problema,
        title="Problema o necesidad",
        description="Paso 2: problema o necesidad de capacidad que se espera atender.",
    )
    alineacion: Alineacion = Field(
        default_factory=Alineacion,
        title="Alineación estratégica",
        description="Paso 3: coherencia con las líneas temáticas y las metas del DNP.",
    )
    cadena_valor: CadenaValor = Field(
        default_factory=CadenaValor,
        title="Cadena de valor",
        description="Paso 4: insumos, actividades, productos, resultados e impactos.",
    )
    ciclo_valor_publico: CicloValorPublico = Field(
        default_factory=CicloValorPublico,
        title="Ciclo de generación de valor público",
        description="Paso 5: momentos del ciclo en los que aporta el producto o servicio.",
    )
    contexto: Contexto = Field(
        default_factory=Contexto,
        title="Antecedentes y justificación",
        description="Paso 6: antecedentes y justificación del producto o servicio.",
    )
    avance_diseno: AvanceDiseno = Field(
        default_factory=AvanceDiseno,
        title="Avance de diseño (opcional)",
        description="Adelanto opcional de la Etapa 2: tipos de capacidad y modalidades.",
    )

    justificaciones: list[Justificacion] = Field(
        default_factory=list,
        title="Justificaciones de la unidad",
        description="Datos que la unidad mantiene pese a una regla justificable, con su porqué.",
        json_schema_extra={"metadato": True},
    )

    _lists = field_validator("dependencias_corresponsables", mode="before")(_as_list)
    _sections = field_validator(
        "lider_tecnico",
        "problema",
        "alineacion",
        "cadena_valor",
        "ciclo_valor_publico",
        "contexto",
        "avance_diseno",
        mode="before",
    )(_section)


__all__ = [
    "FICHA_SCHEMA_ID",
    "Alineacion",
    "AvanceDiseno",
    "CadenaValor",
    "CicloValorPublico",
    "Contexto",
    "Ficha",
    "Justificacion",
    "LiderTecnico",
    "Problema",
]
