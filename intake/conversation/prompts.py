"""How the guided intake asks each field: the question, an example and the words that name it.

The explanation of what the policy asks comes from the ficha model (`FieldSpec.help`); this
module adds the conversational question, a short example in the style of the policy, the
aliases a user may type to correct a field ("cambiar el problema") and, where no rule names
one, the policy reference behind the field. Field order follows the six Pasos of Etapa 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intake.fields import FIELDS, FieldSpec
from intake.normalization import NormalizedText, normalize


@dataclass(frozen=True)
class FieldPrompt:
    """The conversational wording of one field.

    Attributes:
        question: The question, in Spanish.
        example: A short example answer.
        aliases: Words a user may use to name the field (besides its label).
        reference: Policy reference when no rule gives one.
        recipe: How to build the answer step by step (said after repeated failures, so the
            help changes instead of repeating the question's text).
        configured: What the product or DER adds to the policy for this field (shown apart
            from «Lo que pide la política», so nobody takes it for policy).
    """

    question: str
    example: str
    aliases: tuple[str, ...] = ()
    reference: str | None = None
    recipe: str = ""
    configured: str = ""


PROMPTS: dict[str, FieldPrompt] = {
    "nombre": FieldPrompt(
        "¿Cómo se llama el producto o servicio de ATT?",
        "Acompañamiento a la estructuración de proyectos de inversión del SGR",
        ("nombre", "nombre del producto", "nombre del servicio", "titulo"),
        configured=(
            "El número mínimo y máximo de palabras y que no sea solo una sigla son reglas de la "
            "DER (configurables), no de la política."
        ),
        recipe=(
            "Diga qué se entrega y sobre qué tema o para quién: «<tipo de servicio> a/para <tema> "
            "(<población>)», en palabras que entienda un alcalde, no solo una sigla."
        ),
    ),
    "dependencia": FieldPrompt(
        "¿Qué dependencia (dirección técnica o grupo) es responsable del producto o servicio?",
        "Dirección de Descentralización y Fortalecimiento Fiscal",
        ("dependencia", "dependencia responsable", "direccion responsable", "direccion tecnica"),
    ),
    "subdireccion_general": FieldPrompt(
        "¿A qué subdirección general pertenece la dependencia?",
        "SGDDT",
        ("subdireccion", "subdireccion general"),
    ),
    "lider_tecnico.nombre": FieldPrompt(
        "¿Quién es el líder técnico (quien define los objetivos y las metas)?",
        "Carolina Méndez Arango",
        ("lider", "lider tecnico", "nombre del lider", "nombre del lider tecnico"),
    ),
    "lider_tecnico.correo": FieldPrompt(
        "¿Cuál es el correo electrónico del líder técnico?",
        "cmendez@dnp.gov.co",
        ("correo", "email", "e-mail", "correo del lider", "correo electronico"),
    ),
    "dependencias_corresponsables": FieldPrompt(
        "¿Qué otras dependencias del DNP participan como corresponsables?",
        "Dirección de Programación de Inversiones Públicas",
        ("corresponsables", "dependencias corresponsables", "otras dependencias"),
        reference="Lineamiento 1",
    ),
    "vigencia": FieldPrompt(
        "¿En qué vigencia (año del plan de acción) se enmarca?",
        "2026",
        ("vigencia", "ano", "año"),
    ),
    "problema.enunciado": FieldPrompt(
        "¿Cuál es el problema o la necesidad de capacidad que quiere atender?",
        "Los municipios de categorías 5 y 6 presentan baja calidad técnica en los proyectos que "
        "presentan al SGR, lo que retrasa su aprobación.",
        ("problema", "enunciado", "enunciado del problema", "necesidad"),
        recipe=(
            "Empiece por quién sufre la situación (p. ej. «Los municipios de categoría 6»), siga con lo que "
            "hoy les pasa en su gestión («presentan baja ejecución de…», «no reportan a tiempo…») y, si "
            "quiere, su efecto («lo que retrasa…»). No nombre lo que usted va a ofrecer: eso es la "
            "solución y va en la cadena de valor."
        ),
    ),
    "problema.evidencia": FieldPrompt(
        "¿Qué datos o evidencia sustentan ese problema?",
        "Según la plataforma del SGR (corte 2025), el 43 % de los proyectos de municipios de "
        "categorías 5 y 6 fue devuelto al menos una vez.",
        ("evidencia", "datos", "datos y evidencia", "cifras"),
        recipe="Copie una cifra que ya tenga y diga de dónde sale: «Según <fuente> (<año>), <cifra o porcentaje> de <quién>…».",
    ),
    "problema.tecnica_analisis": FieldPrompt(
        "¿Qué técnica usó para delimitar el problema?",
        "Árbol de problemas construido con 12 municipios piloto",
        ("tecnica", "tecnica de analisis", "analisis"),
    ),
    "alineacion.areas_tematicas": FieldPrompt(
        "¿En qué áreas temáticas de la ATT del DNP se ubica?",
        "Gestión de la inversión pública",
        ("areas", "areas tematicas", "area tematica", "area"),
    ),
    "alineacion.metas_dnp": FieldPrompt(
        "¿A qué metas del DNP o líneas del plan de acción aporta?",
        "Plan de acción 2026: fortalecimiento de capacidades para la gestión de proyectos",
        ("metas", "metas del dnp", "plan de accion", "lineas del plan de accion"),
    ),
    "alineacion.contribucion": FieldPrompt(
        "¿Cómo contribuye el producto o servicio a esas metas?",
        "Reduce las devoluciones de proyectos y el tiempo de aprobación en los municipios con "
        "menores capacidades.",
        ("contribucion", "aporte"),
    ),
    "cadena_valor.insumos": FieldPrompt(
        "¿Qué insumos necesita (equipo humano, información, recursos)?",
        "Equipo de ocho profesionales en estructuración de proyectos",
        ("insumos",),
    ),
    "cadena_valor.actividades": FieldPrompt(
        "¿Qué actividades (procesos) transforman esos insumos?",
        "Realizar mesas técnicas de revisión de proyectos antes de su radicación",
        ("actividades", "procesos"),
        recipe="Cada actividad empieza con un verbo terminado en -ar, -er o -ir: «Realizar…», «Diseñar…», «Acompañar…»; una por línea.",
    ),
    "cadena_valor.productos": FieldPrompt(
        "¿Qué productos (bienes o servicios) entrega?",
        "Servicio de asistencia técnica para la estructuración de proyectos de inversión",
        ("productos",),
        recipe="Nombre lo que se entrega como una cosa, no como una acción: «Servicio de…», «Documento de…», «Guía de…»; una por línea.",
    ),
    "cadena_valor.resultados_intermedios": FieldPrompt(
        "¿Qué resultados intermedios espera en las entidades territoriales?",
        "Proyectos que cumplen los requisitos de viabilidad en la primera revisión",
        ("resultados intermedios",),
    ),
    "cadena_valor.resultados_finales": FieldPrompt(
        "¿Qué resultados finales espera al cierre de la intervención?",
        "Mayor aprobación y ejecución oportuna de proyectos del SGR en municipios de categorías "
        "5 y 6",
        ("resultados finales", "resultados"),
    ),
    "cadena_valor.impactos": FieldPrompt(
        "¿Qué impactos de largo plazo espera?",
        "Mejor aprovechamiento de los recursos de regalías para cerrar brechas territoriales",
        ("impactos", "impacto"),
    ),
    "ciclo_valor_publico.momentos": FieldPrompt(
        "¿En qué momentos del ciclo de generación de valor público aporta?",
        "Planificación; Ejecución",
        ("momentos", "ciclo", "momentos del ciclo", "ciclo de valor publico"),
        configured=(
            "La política muestra el ciclo de generación de valor público solo en un gráfico y "
            "remite a un Anexo 1 que no está en el documento; estos momentos son los del «Ciclo "
            "de Gestión Pública» del glosario (Cuadro No 2), la lista que usa la DER."
        ),
    ),
    "contexto.antecedentes": FieldPrompt(
        "¿Cuáles son los antecedentes del producto o servicio?",
        "Desde 2022 la dirección atiende solicitudes puntuales de revisión de proyectos a través "
        "de la mesa de ayuda, sin una ruta común ni registro homogéneo…",
        ("antecedentes",),
    ),
    "contexto.justificacion": FieldPrompt(
        "¿Por qué se debe diseñar este producto o servicio, y por qué ahora?",
        "La Ley 2056 de 2020 asigna a los municipios de menores capacidades una parte importante "
        "de los recursos del SGR; un acompañamiento ordenado permite que se ejecuten a tiempo…",
        ("justificacion",),
    ),
    "avance_diseno.tipos_capacidad": FieldPrompt(
        "Si ya lo sabe: ¿qué tipos de capacidad espera fortalecer?",
        "Administrativas",
        ("capacidades", "tipos de capacidad", "capacidad"),
    ),
    "avance_diseno.modalidades": FieldPrompt(
        "Si ya lo sabe: ¿en qué modalidades de asistencia técnica se prestaría?",
        "Asistencia técnica en sitio; Capacitación",
        ("modalidades", "modalidad"),
    ),
}
"""The wording of every field, by field id."""


def conversation_order() -> tuple[str, ...]:
    """Field ids in the order the intake asks them: Paso 1 (with the identification data),
    Pasos 2 to 6, then the optional Etapa 2 preview."""
    return tuple(
        sorted(FIELDS, key=lambda f: (FIELDS[f].stage, FIELDS[f].step or 1, FIELDS[f].position))
    )


def step_of(spec: FieldSpec) -> tuple[int, int]:
    """(stage, Paso) under which the intake asks a field; the Etapa 2 preview is one group."""
    return (1, spec.step or 1) if spec.stage == 1 else (spec.stage, 0)


def _alias_table() -> list[tuple[re.Pattern[str], str]]:
    pairs: dict[str, str] = {}
    for field_id, prompt in PROMPTS.items():
        spec = FIELDS[field_id]
        for alias in (*prompt.aliases, spec.label):
            pairs.setdefault(normalize(alias), field_id)
    ordered = sorted(pairs.items(), key=lambda pair: -len(pair[0]))
    return [
        (re.compile(r"^\s*" + r"\s+".join(map(re.escape, alias.split())) + r"(?=$|[\s:,.;=])"), f)
        for alias, f in ordered
    ]


_ALIASES = _alias_table()


def field_named(text: str) -> tuple[str, str] | None:
    """The field a text starts by naming, and the rest of the text (as written).

    The longest alias wins ("resultados finales" over "resultados"); the text is compared
    without accents or case. Returns ``None`` when no field is named.
    """
    folded = NormalizedText.of(text).folded
    for pattern, field_id in _ALIASES:
        match = pattern.match(folded)
        if match:
            return field_id, text[match.end() :]
    return None


__all__ = ["PROMPTS", "FieldPrompt", "conversation_order", "field_named", "step_of"]
